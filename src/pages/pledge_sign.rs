//! 签署承诺 (`/pledges/sign?template=…`, `?amend=…` or `?id=…`): the full text the member
//! signs — the branch's template, and for 承诺践诺 the member's own commitment items —
//! then the handwritten signature. Signing computes the text's hash on the phone (the
//! model's canonical form, the same the server checks) and saves the signed version
//! through the sync engine, so it works offline. A draft can be kept before signing.
//! `amend` starts a new version that replaces a signed one (which stays readable);
//! `id` reopens a draft, or a version the server refused, to fix it.

use crate::components::form::{Alert, FormErrors};
use crate::components::signature_pad::SignaturePad;
use crate::i18n::{PgKey, PlKey, local_storage, use_i18n};
use crate::pages::pledges::NotOnPhone;
use crate::records::{self, Entry};
use crate::router::use_routing;
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::Uuid;
use zhibu_model::error::field_label;
use zhibu_model::pledge::{Pledge, PledgeInput, PledgeTemplate, PledgeText, Signature};
use zhibu_model::sync::{Change, RecordKind};

/// What the address asks for.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Ask {
    Template(Uuid),
    Amend(Uuid),
    Version(Uuid),
}

/// The version being written: its record id, template, and what it replaces.
#[derive(Clone, Debug, PartialEq)]
struct Target {
    id: Uuid,
    template: Entry<PledgeTemplate>,
    replaces: Option<Uuid>,
    /// The items to start from: the kept draft's, or the amended version's.
    items: Vec<String>,
    refusal: Option<String>,
}

fn resolve(
    ask: Ask,
    templates: &[Entry<PledgeTemplate>],
    mine: &[Entry<Pledge>],
    fresh: Uuid,
) -> Option<Target> {
    let template_of = |id: Uuid| templates.iter().find(|t| t.id == id).cloned();
    let from = |e: &Entry<Pledge>| {
        Some(Target {
            id: e.id,
            template: template_of(e.data.template_id)?,
            replaces: e.data.replaces,
            items: e.data.text.items.clone(),
            refusal: e.refused.as_ref().map(|r| r.message.clone()),
        })
    };
    // A kept draft under the same template and amending the same version is continued,
    // not doubled.
    let draft = |template: Uuid, replaces: Option<Uuid>| {
        mine.iter().find(|e| {
            !e.data.is_signed() && e.data.template_id == template && e.data.replaces == replaces
        })
    };
    match ask {
        Ask::Version(id) => mine.iter().find(|e| e.id == id).and_then(from),
        Ask::Template(t) => match draft(t, None) {
            Some(d) => from(d),
            None => Some(Target {
                id: fresh,
                template: template_of(t)?,
                replaces: None,
                items: Vec::new(),
                refusal: None,
            }),
        },
        Ask::Amend(old_id) => {
            let old = mine.iter().find(|e| e.id == old_id && e.data.is_signed())?;
            match draft(old.data.template_id, Some(old_id)) {
                Some(d) => from(d),
                None => Some(Target {
                    id: fresh,
                    template: template_of(old.data.template_id)?,
                    replaces: Some(old_id),
                    items: old.data.text.items.clone(),
                    refusal: None,
                }),
            }
        }
    }
}

#[component]
pub fn PledgeSignPage() -> impl IntoView {
    let engine = expect_context::<SyncEngine>();
    let routing = use_routing();
    let ask = {
        let id = |k: &str| {
            routing
                .query_untracked(k)
                .and_then(|s| s.parse::<Uuid>().ok())
        };
        id("id")
            .map(Ask::Version)
            .or_else(|| id("amend").map(Ask::Amend))
            .or_else(|| id("template").map(Ask::Template))
    };
    let fresh = Uuid::now_v7();
    // Resolved once the local store has opened; fixed after that, so a sync that lands
    // while the member writes does not swap the form under them.
    let target = RwSignal::new(None::<Target>);
    Effect::new(move |_| {
        if target.with_untracked(Option::is_some) {
            return;
        }
        let Some(ask) = ask else { return };
        let templates = records::pledge_templates(engine);
        let mine = records::pledges(engine);
        if let Some(t) = resolve(ask, &templates, &mine, fresh) {
            target.set(Some(t));
        }
    });
    view! {
        {move || match target.get() {
            Some(t) => view! { <SignForm target=t /> }.into_any(),
            None => view! { <NotOnPhone /> }.into_any(),
        }}
    }
}

#[component]
fn SignForm(target: Target) -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let routing = use_routing();
    let template = target.template.data.clone();
    let has_items = template.kind.has_items();
    // What is typed is kept on the phone as it is typed (a draft is kept only on
    // request), so a closed tab or a dead battery loses nothing.
    let typing = Typing::new(target.template.id, target.replaces);
    let typed = typing.load().filter(|_| has_items);
    let start: Vec<String> = match typed {
        Some(items) => items,
        None if has_items && target.items.is_empty() => vec![String::new()],
        None => target.items.clone(),
    };
    // Each item with a stable key, so removing one does not move the others' text.
    let items = RwSignal::new(
        start
            .into_iter()
            .map(|s| (Uuid::now_v7(), RwSignal::new(s)))
            .collect::<Vec<_>>(),
    );
    if has_items {
        Effect::new(move |_| {
            typing.store(&items.with(|l| l.iter().map(|(_, s)| s.get()).collect::<Vec<_>>()));
        });
    }
    let signature = RwSignal::new(Signature::default());
    let errors = FormErrors::new();
    let failed = RwSignal::new(None::<String>);
    let refusal = RwSignal::new(target.refusal.clone());
    let id = target.id;

    let input = {
        let template = template.clone();
        let template_id = target.template.id;
        let replaces = target.replaces;
        move || PledgeInput {
            replaces,
            items: items.with_untracked(|l| {
                l.iter()
                    .map(|(_, s)| s.get_untracked())
                    .filter(|s| !s.trim().is_empty())
                    .collect()
            }),
            ..PledgeInput::from_template(template_id, &template)
        }
    };
    let save = {
        move |input: PledgeInput, to: String| {
            spawn_local(async move {
                match engine
                    .save(RecordKind::Pledge, id, Change::PledgePut(Box::new(input)))
                    .await
                {
                    Ok(()) => {
                        typing.forget();
                        routing.go(&to);
                    }
                    Err(e) => failed.set(Some(e)),
                }
            });
        }
    };
    let keep_draft = {
        let input = input.clone();
        move |_| {
            let input = input();
            if errors.check(input.parse()).is_some() {
                save(input, "/pledges?saved=1".to_owned());
            }
        }
    };
    let sign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut input = input();
        let now = js_sys::Date::now() as i64;
        if errors
            .check(input.sign(signature.get_untracked(), now))
            .is_some()
        {
            refusal.set(None);
            save(input, format!("/pledges/{id}?saved=1"));
        }
    };
    let add_item = move |_| {
        items.update(|l| l.push((Uuid::now_v7(), RwSignal::new(String::new()))));
    };
    let items_error = errors.for_field("items");
    let signature_error = errors.for_field("signature");
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    let kind = template.kind;
    let year = template.year;
    let heading = if target.replaces.is_some() {
        PlKey::AmendTitle
    } else {
        PlKey::SignTitle
    };
    view! {
        <section class="card pledge-sign">
            <h2>{i18n.tr(heading)}</h2>
            <Alert message=refusal.into() />
            <Alert message=failed.into() />
            <form class="form" novalidate on:submit=sign>
                <article class="pledge-text" aria-labelledby="pledge-title">
                    <p class="muted">{move || format!("{} · {year}", kind.label(i18n.lang()))}</p>
                    <h3 id="pledge-title">{template.title.clone()}</h3>
                    <p class="pledge-body">{template.body.clone()}</p>
                </article>
                <fieldset
                    class="field pledge-items"
                    id="items"
                    tabindex="-1"
                    hidden=!has_items
                    aria-invalid=move || items_error.with(Option::is_some).then_some("true")
                    aria-describedby="items-error"
                >
                    <legend>{label("items")}</legend>
                    <p class="field-hint">{move || items_hint(i18n.lang())}</p>
                    <ol class="item-list">
                        <For each=move || items.get() key=|(k, _)| *k let:item>
                            <ItemEditor
                                key=item.0
                                value=item.1
                                number=Signal::derive(move || items.with(|l| l.iter().position(|(k, _)| *k == item.0).map_or(0, |p| p + 1)))
                                remove=Callback::new(move |k: Uuid| items.update(|l| l.retain(|(x, _)| *x != k)))
                            />
                        </For>
                    </ol>
                    <button
                        class="button secondary"
                        type="button"
                        on:click=add_item
                        disabled=move || items.with(|l| l.len() >= PledgeText::ITEMS_MAX as usize)
                    >
                        {i18n.tr(PlKey::AddItem)}
                    </button>
                    <p class="field-error" id="items-error" hidden=move || items_error.with(Option::is_none)>
                        {move || items_error.get().unwrap_or_default()}
                    </p>
                </fieldset>
                <div
                    class="field"
                    id="signature"
                    tabindex="-1"
                    aria-invalid=move || signature_error.with(Option::is_some).then_some("true")
                >
                    <p class="field-label">{label("signature")}</p>
                    <p class="field-hint">{i18n.tr(PlKey::SignatureBinds)}</p>
                    <SignaturePad signature />
                    <p class="field-error" id="signature-error" role="alert" hidden=move || signature_error.with(Option::is_none)>
                        {move || signature_error.get().unwrap_or_default()}
                    </p>
                </div>
                <div class="form-actions">
                    <button class="button primary" type="submit">{i18n.tr(PlKey::SignNow)}</button>
                    <button class="button secondary" type="button" on:click=keep_draft>
                        {i18n.tr(PlKey::KeepDraft)}
                    </button>
                    <a class="button secondary" href="/pledges">{i18n.tr(PgKey::Cancel)}</a>
                </div>
            </form>
        </section>
    }
}

/// The commitment items as typed, kept in localStorage per member, template and amended
/// version until they are saved through the engine.
#[derive(Clone, Copy)]
struct Typing {
    key: StoredValue<String>,
}

impl Typing {
    fn new(template: Uuid, replaces: Option<Uuid>) -> Self {
        let member = use_session()
            .with_member(|m| m.map(|m| m.id.to_string()))
            .unwrap_or_default();
        let amends = replaces.map_or_else(|| "new".to_owned(), |r| r.to_string());
        Typing {
            key: StoredValue::new(format!("zhibu.pledge.typing.{member}.{template}.{amends}")),
        }
    }

    fn load(self) -> Option<Vec<String>> {
        let raw = local_storage()?.get_item(&self.key.get_value()).ok()??;
        serde_json::from_str(&raw).ok()
    }

    fn store(self, items: &[String]) {
        if let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(items)) {
            let _ = storage.set_item(&self.key.get_value(), &json);
        }
    }

    fn forget(self) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(&self.key.get_value());
        }
    }
}

#[component]
fn ItemEditor(
    key: Uuid,
    value: RwSignal<String>,
    /// Its place in the list, from 1: the label numbers the items as the signed text does.
    number: Signal<usize>,
    remove: Callback<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("item-{key}");
    let label = move || item_label(i18n.lang(), number.get());
    view! {
        <li class="item-editor">
            <label class="item-label" for=id.clone()>{label}</label>
            <textarea
                id=id
                class="item-text"
                rows="2"
                maxlength=PledgeText::ITEM_MAX.to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <button class="button secondary item-remove" type="button" on:click=move |_| remove.run(key)>
                {i18n.tr(PlKey::RemoveItem)}
            </button>
        </li>
    }
}

fn item_label(lang: zhibu_model::Lang, n: usize) -> String {
    match lang {
        zhibu_model::Lang::ZhCn => format!("承诺事项 {n}"),
        zhibu_model::Lang::En => format!("Commitment {n}"),
    }
}

fn items_hint(lang: zhibu_model::Lang) -> String {
    let max = PledgeText::ITEMS_MAX;
    match lang {
        zhibu_model::Lang::ZhCn => format!("每条写一项承诺，最多 {max} 条"),
        zhibu_model::Lang::En => format!("One commitment each, up to {max}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhibu_model::pledge::PledgeKind;

    fn entry<T>(id: Uuid, data: T) -> Entry<T> {
        Entry {
            id,
            data,
            pending: false,
            refused: None,
        }
    }

    fn template() -> PledgeTemplate {
        PledgeTemplate {
            kind: PledgeKind::Commitment,
            year: 2026,
            title: "2026年度党员承诺践诺".into(),
            body: "我承诺：".into(),
        }
    }

    fn signed(template_id: Uuid, items: &[&str]) -> Pledge {
        let mut input = PledgeInput::from_template(template_id, &template());
        input.items = items.iter().map(|s| (*s).to_owned()).collect();
        let sig = Signature {
            width: 300,
            height: 100,
            strokes: vec![vec![[10, 10], [200, 80], [280, 20]]],
        };
        input.sign(sig, 1_795_000_000_000).unwrap();
        input.parse().unwrap()
    }

    #[test]
    fn a_template_opens_a_fresh_version_or_the_kept_draft() {
        let (t, fresh, d) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let templates = [entry(t, template())];
        let got = resolve(Ask::Template(t), &templates, &[], fresh).unwrap();
        assert_eq!((got.id, got.replaces), (fresh, None));
        let mut draft = PledgeInput::from_template(t, &template());
        draft.items = vec!["多读书".into()];
        let mine = [entry(d, draft.parse().unwrap())];
        let got = resolve(Ask::Template(t), &templates, &mine, fresh).unwrap();
        assert_eq!((got.id, got.items), (d, vec!["多读书".to_owned()]));
        assert!(resolve(Ask::Template(Uuid::now_v7()), &templates, &mine, fresh).is_none());
    }

    #[test]
    fn an_amendment_starts_from_the_signed_items_and_points_at_them() {
        let (t, old, fresh) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let templates = [entry(t, template())];
        let mine = [entry(old, signed(t, &["一", "二"]))];
        let got = resolve(Ask::Amend(old), &templates, &mine, fresh).unwrap();
        assert_eq!(got.id, fresh);
        assert_eq!(got.replaces, Some(old));
        assert_eq!(got.items, ["一", "二"]);
        // Only a signed version can be amended.
        let draft = PledgeInput::from_template(t, &template()).parse().unwrap();
        let mine = [entry(old, draft)];
        assert!(resolve(Ask::Amend(old), &templates, &mine, fresh).is_none());
    }
}
