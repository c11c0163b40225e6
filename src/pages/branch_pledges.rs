//! 支部承诺践诺 (`/pledges/branch`): for the secretary and committee. Templates are
//! published, edited and deleted on the phone through the sync engine, so offline too;
//! a signed version keeps its own full text, so an edit only reaches later signatures.
//! First the year's signing and follow-through per member, by name and never ranked, as
//! the server compiles it (it needs the network, and offline says so with a retry): those
//! with a pledge still to sign first, the others folded. The templates and their form
//! follow, the form folded until the secretary opens it or edits a template.

use crate::api;
use crate::components::field::{InputField, SelectField, TextAreaField};
use crate::components::form::{Alert, FormErrors};
use crate::components::managers_only::ManagersOnly;
use crate::components::saved_notice::SavedNotice;
use crate::components::year_overview::{LoadStatus, YearChoice, YearOverview};
use crate::i18n::{PgKey, PlKey, date, use_i18n};
use crate::pages::branch_study::this_year;
use crate::records::{self, Entry};
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use zhibu_model::Lang;
use zhibu_model::chrono::DateTime;
use zhibu_model::error::field_label;
use zhibu_model::event::to_china_local;
use zhibu_model::pledge::{
    BranchPledges, FollowStatus, MemberPledgeStatus, MemberPledges, PledgeKind, PledgeTemplate,
    PledgeTemplateInput, TemplateListed,
};
use zhibu_model::sync::{Change, RecordKind};
use zhibu_model::{Uuid, chrono::NaiveDate};

#[component]
pub fn BranchPledgesPage() -> impl IntoView {
    view! {
        <ManagersOnly message=PlKey::BranchPledgesOnly>
            <Overview />
            <Templates />
        </ManagersOnly>
    }
}

/// The template being typed: a new one, or the one being edited.
#[derive(Clone, Copy)]
struct Draft {
    editing: RwSignal<Option<Uuid>>,
    kind: RwSignal<String>,
    year: RwSignal<String>,
    title: RwSignal<String>,
    body: RwSignal<String>,
}

impl Draft {
    fn new(year: i32) -> Self {
        Draft {
            editing: RwSignal::new(None),
            kind: RwSignal::new(PledgeKind::Commitment.as_str().to_owned()),
            year: RwSignal::new(year.to_string()),
            title: RwSignal::new(String::new()),
            body: RwSignal::new(String::new()),
        }
    }

    fn reset(self, year: i32) {
        self.editing.set(None);
        self.kind.set(PledgeKind::Commitment.as_str().to_owned());
        self.year.set(year.to_string());
        self.title.set(String::new());
        self.body.set(String::new());
    }

    fn load(self, id: Uuid, template: &PledgeTemplate) {
        self.editing.set(Some(id));
        self.kind.set(template.kind.as_str().to_owned());
        self.year.set(template.year.to_string());
        self.title.set(template.title.clone());
        self.body.set(template.body.clone());
    }

    fn input(self) -> PledgeTemplateInput {
        PledgeTemplateInput {
            kind: self.kind.get_untracked(),
            year: year_number(&self.year.get_untracked()),
            title: self.title.get_untracked(),
            body: self.body.get_untracked(),
        }
    }
}

/// Empty is "required" (0) and anything not a number is out of range (-1), as the model
/// words them.
fn year_number(raw: &str) -> i64 {
    let raw = raw.trim();
    if raw.is_empty() {
        0
    } else {
        raw.parse().unwrap_or(-1)
    }
}

#[component]
fn Templates() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let this_year = this_year();
    let draft = Draft::new(this_year);
    let errors = FormErrors::new();
    let failed = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let templates = Memo::new(move |_| records::pledge_templates(engine));

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let input = draft.input();
        if errors.check(input.parse()).is_none() {
            return;
        }
        let id = draft.editing.get_untracked().unwrap_or_else(Uuid::now_v7);
        spawn_local(async move {
            match engine
                .save(
                    RecordKind::PledgeTemplate,
                    id,
                    Change::PledgeTemplatePut(input),
                )
                .await
            {
                Ok(()) => {
                    failed.set(None);
                    draft.reset(this_year);
                    saved.set(true);
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let edit = move |id: Uuid, template: &PledgeTemplate| {
        errors.check(Ok(()));
        saved.set(false);
        draft.load(id, template);
        if let Some(title) = document()
            .get_element_by_id("title")
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = title.focus();
        }
    };
    let delete = move |id: Uuid| {
        spawn_local(async move {
            match engine
                .save(RecordKind::PledgeTemplate, id, Change::PledgeTemplateDelete)
                .await
            {
                Ok(()) => {
                    if draft.editing.get_untracked() == Some(id) {
                        draft.reset(this_year);
                    }
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };

    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    let editing = move || draft.editing.with(Option::is_some);
    view! {
        <section class="card" aria-labelledby="template-form-heading">
            <Alert message=failed.into() />
            <SavedNotice shown=saved />
            <details class="fold" prop:open=editing>
            <summary>
                <h2 id="template-form-heading">
                    {move || i18n.t(if editing() { PlKey::EditTemplate } else { PlKey::PublishTemplate })}
                </h2>
            </summary>
            <form class="form pledge-template-form" novalidate on:submit=save>
                <SelectField
                    id="kind"
                    label=move || i18n.t(PlKey::TemplateKind).to_owned()
                    value=draft.kind
                    error=errors.for_field("kind")
                >
                    {PledgeKind::ALL
                        .into_iter()
                        .map(|k| {
                            view! {
                                <option value=k.as_str() selected=move || draft.kind.get() == k.as_str()>
                                    {move || k.label(i18n.lang())}
                                </option>
                            }
                        })
                        .collect_view()}
                </SelectField>
                <InputField id="year" kind="number" label=label("year") value=draft.year error=errors.for_field("year") />
                <InputField id="title" kind="text" label=label("title") value=draft.title error=errors.for_field("title") />
                <TextAreaField
                    id="body"
                    label=label("body")
                    value=draft.body
                    error=errors.for_field("body")
                    rows=12
                    hint=Signal::derive(move || i18n.t(PlKey::TemplateBodyHint).to_owned())
                />
                <p class="field-hint signed-keep">{i18n.tr(PlKey::SignedKeepTheirText)}</p>
                <div class="form-actions">
                    <button class="button primary" type="submit">{i18n.tr(PgKey::Save)}</button>
                    <button
                        class="button secondary"
                        type="button"
                        hidden=move || !editing()
                        on:click=move |_| {
                            errors.check(Ok(()));
                            draft.reset(this_year);
                        }
                    >
                        {i18n.tr(PgKey::Cancel)}
                    </button>
                </div>
            </form>
            </details>
        </section>
        <section class="card" aria-labelledby="templates-heading">
            <h2 id="templates-heading">{i18n.tr(PlKey::PublishedTemplates)}</h2>
            <p class="muted" hidden=move || !templates.with(Vec::is_empty)>{i18n.tr(PlKey::NoBranchTemplates)}</p>
            <ul class="records pledge-templates" data-testid="templates">
                {move || {
                    templates
                        .get()
                        .into_iter()
                        .map(|entry| view! { <TemplateItem entry edit delete /> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

#[component]
fn TemplateItem(
    entry: Entry<PledgeTemplate>,
    edit: impl Fn(Uuid, &PledgeTemplate) + Copy + Send + Sync + 'static,
    delete: impl Fn(Uuid) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let id = entry.id;
    let t = entry.data;
    let (year, kind) = (t.year, t.kind);
    let meta = move || format!("{year} · {}", kind.label(i18n.lang()));
    let refusal = entry.refused.map(|e| e.message);
    let title = t.title.clone();
    view! {
        <li class="record pledge-template">
            <span class="record-topic">{title}</span>
            <span class="record-meta">{meta}</span>
            {entry.pending.then(|| view! { <span class="badge">{i18n.tr(PgKey::PendingBadge)}</span> })}
            {refusal.map(|m| view! {
                <span class="badge refused-badge">{i18n.tr(PlKey::TemplateRefused)}</span>
                <p class="form-error" role="alert">{m}</p>
            })}
            <div class="actions">
                <button class="button secondary" type="button" hidden=confirming on:click=move |_| edit(id, &t)>
                    {i18n.tr(PgKey::Edit)}
                </button>
                <button class="button danger" type="button" hidden=confirming on:click=move |_| confirming.set(true)>
                    {i18n.tr(PgKey::Delete)}
                </button>
                <button class="button danger" type="button" hidden=move || !confirming.get() on:click=move |_| delete(id)>
                    {i18n.tr(PlKey::ConfirmDelete)}
                </button>
                <button class="button secondary" type="button" hidden=move || !confirming.get() on:click=move |_| confirming.set(false)>
                    {i18n.tr(PgKey::Cancel)}
                </button>
            </div>
        </li>
    }
}

#[component]
fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let overview = YearOverview::new(api::branch_pledges);
    let reload = Callback::new(move |()| overview.reload());
    // A template published or changed here reaches the overview once the server has it.
    let engine = expect_context::<SyncEngine>();
    let synced = Memo::new(move |_| {
        records::pledge_templates(engine)
            .into_iter()
            .filter(|e| !e.pending)
            .map(|e| (e.id, e.data))
            .collect::<Vec<_>>()
    });
    Effect::new(move |seen: Option<()>| {
        // Read, not only tracked: a memo subscribes to the view when it computes.
        synced.with(|_| ());
        if seen.is_some() {
            overview.refresh();
        }
    });
    view! {
        <section class="card" aria-labelledby="pledge-overview-heading">
            <h2 id="pledge-overview-heading">{i18n.tr(PlKey::SignedOverview)}</h2>
            <YearChoice year=overview.year pick=reload />
            <LoadStatus
                loading=Signal::derive(move || overview.loading())
                failed=Signal::derive(move || overview.failed())
                failure=overview.failure(false)
                retry=reload
            >
                <p class="notice warn" data-testid="overview-offline" hidden=move || !overview.offline()>
                    {i18n.tr(PlKey::OverviewNeedsConnection)}
                </p>
            </LoadStatus>
            {move || overview.ready().map(|o| view! { <Members overview=o /> })}
        </section>
    }
}

#[component]
fn Members(overview: BranchPledges) -> impl IntoView {
    let i18n = use_i18n();
    let BranchPledges {
        templates, members, ..
    } = overview;
    if templates.is_empty() {
        return view! { <p class="muted">{i18n.tr(PlKey::YearNoTemplates)}</p> }.into_any();
    }
    let total = members.len();
    let summary = templates
        .iter()
        .map(|t| {
            let signed = members
                .iter()
                .filter(|m| status_of(m, t.id).is_some_and(MemberPledgeStatus::is_signed))
                .count();
            let (title, kind) = (t.title.clone(), t.kind);
            view! {
                <li>
                    <span class="pledge-summary-title">{title}</span>
                    <span class="muted">{move || kind.label(i18n.lang())}</span>
                    <span class="figure-line">{move || signed_count(i18n.lang(), signed, total)}</span>
                </li>
            }
        })
        .collect_view();
    let (all_signed, to_sign): (Vec<_>, Vec<_>) = members.into_iter().partition(|m| {
        templates
            .iter()
            .all(|t| status_of(m, t.id).is_some_and(MemberPledgeStatus::is_signed))
    });
    let cards = |list: Vec<MemberPledges>| {
        list.into_iter()
            .map(|m| view! { <MemberCard member=m templates=templates.clone() /> })
            .collect_view()
    };
    let (none_to_sign, signed_count_all) = (to_sign.is_empty(), all_signed.len());
    view! {
        <ul class="pledge-summary" data-testid="pledge-summary">{summary}</ul>
        <h3 hidden=none_to_sign>{i18n.tr(PlKey::StillToSign)}</h3>
        <ul class="member-pledges" data-testid="member-pledges">{cards(to_sign)}</ul>
        <details class="fold" hidden=signed_count_all == 0>
            <summary>{move || all_signed_summary(i18n.lang(), signed_count_all)}</summary>
            <ul class="member-pledges" data-testid="member-pledges-signed">{cards(all_signed)}</ul>
        </details>
    }
    .into_any()
}

fn status_of(member: &MemberPledges, template: Uuid) -> Option<&MemberPledgeStatus> {
    member.pledges.iter().find(|s| s.template_id == template)
}

fn signed_count(lang: Lang, signed: usize, total: usize) -> String {
    match lang {
        Lang::ZhCn => format!("已签署 {signed} / {total} 人"),
        Lang::En => format!("{signed} of {total} signed"),
    }
}

fn all_signed_summary(lang: Lang, n: usize) -> String {
    match lang {
        Lang::ZhCn => format!("已全部签署的 {n} 人"),
        Lang::En => format!("The {n} who signed everything"),
    }
}

fn items_count(lang: Lang, items: u32) -> String {
    match lang {
        Lang::ZhCn => format!("承诺 {items} 项"),
        Lang::En if items == 1 => "1 commitment".to_owned(),
        Lang::En => format!("{items} commitments"),
    }
}

/// The day on China's calendar of a unix-millisecond time.
fn day_of(millis: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp_millis(millis).map(|t| to_china_local(t).date())
}

#[component]
fn MemberCard(member: MemberPledges, templates: Vec<TemplateListed>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = templates
        .into_iter()
        .map(|t| {
            let status = status_of(&member, t.id).cloned();
            let signed = status.as_ref().is_some_and(MemberPledgeStatus::is_signed);
            let class = if signed {
                "pledge-status signed"
            } else {
                "pledge-status unsigned"
            };
            let day = status
                .as_ref()
                .and_then(|s| s.signed_at.or(s.received_at))
                .and_then(day_of);
            let amended = status.as_ref().is_some_and(|s| s.versions > 1);
            let follow = status
                .filter(|_| signed && t.kind.has_items())
                .map(|s| {
                    move || {
                        let lang = i18n.lang();
                        let f = s.follow;
                        format!(
                            "{} · {} {} · {} {} · {} {}",
                            items_count(lang, s.items),
                            FollowStatus::InProgress.label(lang),
                            f.in_progress,
                            FollowStatus::Done.label(lang),
                            f.done,
                            FollowStatus::NotDone.label(lang),
                            f.not_done,
                        )
                    }
                });
            let state = move || {
                let word = i18n.t(if signed {
                    PlKey::Signed
                } else {
                    PlKey::NotSigned
                });
                match day {
                    Some(d) => format!("{word} {}", date(i18n.lang(), d)),
                    None => word.to_owned(),
                }
            };
            view! {
                <li class=class>
                    <span class="pledge-status-title">{t.title}</span>
                    <span class="pledge-status-state">
                        {state}
                        {amended.then(|| view! { <span class="badge">{i18n.tr(PlKey::Amended)}</span> })}
                    </span>
                    {follow.map(|f| view! { <span class="pledge-status-follow">{f}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="member-pledge">
            <h3>{member.name}</h3>
            <ul class="pledge-statuses">{rows}</ul>
        </li>
    }
}
