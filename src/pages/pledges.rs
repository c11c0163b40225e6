//! 承诺 (`/pledges`): the pledges the branch asks of the member (its templates), newest
//! year first, each with where the member stands: not yet signed, a draft, or signed (and
//! when). All from the phone's local store, so it opens offline.

use crate::components::saved_notice::SavedNotice;
use crate::i18n::{PgKey, PlKey, date_time, use_i18n};
use crate::pages::study::Refused;
use crate::records::{self, Entry};
use crate::router::use_routing;
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use zhibu_model::Uuid;
use zhibu_model::pledge::{Pledge, PledgeTemplate, current_version};

#[component]
pub fn PledgesPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let session = use_session();
    let routing = use_routing();
    let saved = move || routing.query("saved").is_some();
    engine.drain();
    let templates = Memo::new(move |_| records::pledge_templates(engine));
    let mine = Memo::new(move |_| records::pledges(engine));
    let manages = move || session.with_member(|m| m.is_some_and(|m| m.role.manages_branch()));
    view! {
        <SavedNotice shown=Signal::derive(saved) />
        <section class="card">
            <h2>{i18n.tr(PlKey::Templates)}</h2>
            <div class="actions" hidden=move || !manages()>
                <a class="button secondary" href="/pledges/branch">{i18n.tr(PlKey::BranchPledges)}</a>
            </div>
            <p class="muted" hidden=move || templates.with(|t| !t.is_empty())>
                {i18n.tr(PlKey::NoTemplates)}
            </p>
            <ul class="records pledges">
                {move || {
                    let mine = mine.get();
                    templates
                        .get()
                        .into_iter()
                        .map(|t| {
                            let standing = Standing::of(t.id, &mine);
                            view! { <TemplateItem template=t standing /> }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
        <Refused />
    }
}

/// Where the member stands under one template.
#[derive(Clone, Debug, PartialEq)]
pub enum Standing {
    NotSigned,
    /// An unsigned version is kept (on the phone, maybe on the server too).
    Draft(Uuid),
    /// The version in force; `pending` while it waits to sync.
    Signed {
        id: Uuid,
        signed_at: i64,
        pending: bool,
    },
}

impl Standing {
    pub fn of(template: Uuid, mine: &[Entry<Pledge>]) -> Standing {
        let under: Vec<&Entry<Pledge>> = mine
            .iter()
            .filter(|e| e.data.template_id == template)
            .collect();
        if let Some(id) = current_version(under.iter().map(|e| (e.id, &e.data))) {
            let e = under
                .iter()
                .find(|e| e.id == id)
                .expect("chosen from these");
            let signed_at = e.data.signed.as_ref().map_or(0, |s| s.signed_at);
            return Standing::Signed {
                id,
                signed_at,
                pending: e.pending,
            };
        }
        under
            .iter()
            .find(|e| !e.data.is_signed())
            .map_or(Standing::NotSigned, |e| Standing::Draft(e.id))
    }
}

#[component]
fn TemplateItem(template: Entry<PledgeTemplate>, standing: Standing) -> impl IntoView {
    let i18n = use_i18n();
    let t = template.data;
    let kind = t.kind;
    let year = t.year;
    let meta = move || format!("{} · {year}", kind.label(i18n.lang()));
    let (href, action, state) = match &standing {
        Standing::NotSigned => (
            format!("/pledges/sign?template={}", template.id),
            PlKey::Sign,
            PlKey::NotSigned,
        ),
        Standing::Draft(id) => (
            format!("/pledges/sign?id={id}"),
            PlKey::ContinueSigning,
            PlKey::DraftKept,
        ),
        Standing::Signed { id, .. } => (format!("/pledges/{id}"), PlKey::Open, PlKey::Signed),
    };
    let signed_on = match standing {
        Standing::Signed { signed_at, .. } => Some(signed_at),
        _ => None,
    };
    let pending = matches!(standing, Standing::Signed { pending: true, .. });
    view! {
        <li class="record pledge-template">
            <a href=href>
                <span class="record-topic">{t.title}</span>
                <span class="record-meta">{meta}</span>
                <span class=move || format!("badge pledge-state {}", state_class(state))>
                    {i18n.tr(state)}
                    {signed_on.map(|ms| move || format!(" {}", date_time(i18n.lang(), ms)))}
                </span>
                {pending.then(|| view! { <span class="badge">{i18n.tr(PgKey::PendingBadge)}</span> })}
                <span class="record-action">{i18n.tr(action)}</span>
            </a>
        </li>
    }
}

fn state_class(state: PlKey) -> &'static str {
    match state {
        PlKey::Signed => "signed",
        PlKey::DraftKept => "draft",
        _ => "open",
    }
}

/// A pledge page whose record this phone does not hold (yet).
#[component]
pub fn NotOnPhone() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <p>{i18n.tr(PlKey::NotHere)}</p>
            <a class="button secondary" href="/pledges">{i18n.tr(PgKey::Back)}</a>
        </section>
    }
}
