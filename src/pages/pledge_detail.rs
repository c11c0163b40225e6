//! 我的承诺 (`/pledges/:id`): one signed version as it was signed — the text, the
//! handwritten signature, the phone's time of signing and the server's time of receipt,
//! the hash — with its place among the member's versions (what it amends, what amends
//! it), a check that asks the server to recompute the hash, the way to amend it and to
//! print it, and for 承诺践诺 how each commitment is kept (践诺).

use crate::api;
use crate::components::pledge_follow::PledgeFollow;
use crate::components::saved_notice::SavedNotice;
use crate::components::signature_view::SignatureView;
use crate::i18n::{PgKey, PlKey, date_time, use_i18n};
use crate::pages::pledges::NotOnPhone;
use crate::records::{self, Entry};
use crate::router::use_routing;
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use zhibu_model::Uuid;
use zhibu_model::pledge::{Pledge, PledgeVerification, current_version};

#[component]
pub fn PledgeDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let routing = use_routing();
    let saved = move || routing.query("saved").is_some();
    let id = Memo::new(move |_| routing.route().id());
    engine.drain();
    let mine = Memo::new(move |_| records::pledges(engine));
    // Rebuilt only when this version changes (e.g. its receipt arrives), not on every
    // change elsewhere in the store.
    let entry = Memo::new(move |_| {
        id.get()
            .and_then(|id| mine.with(|l| l.iter().find(|e| e.id == id).cloned()))
    });
    view! {
        <SavedNotice shown=Signal::derive(saved) signed=true />
        {move || match entry.get() {
            Some(e) if e.data.is_signed() => view! { <SignedView entry=e mine /> }.into_any(),
            Some(e) => view! {
                <section class="card">
                    <p>{i18n.tr(PlKey::DraftKept)}</p>
                    <a class="button primary" href=format!("/pledges/sign?id={}", e.id)>
                        {i18n.tr(PlKey::ContinueSigning)}
                    </a>
                </section>
            }
            .into_any(),
            None => view! { <NotOnPhone /> }.into_any(),
        }}
    }
}

#[component]
fn SignedView(entry: Entry<Pledge>, mine: Memo<Vec<Entry<Pledge>>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = entry.id;
    let p = entry.data.clone();
    let template_id = p.template_id;
    let signed = p.signed.clone().expect("a signed version");
    let text = p.text.clone();
    let (kind, year) = (text.kind, text.year);
    // Whether this is the version in force, and which version amends it, if any.
    let current = Memo::new(move |_| {
        mine.with(|l| {
            current_version(
                l.iter()
                    .filter(|e| e.data.template_id == template_id)
                    .map(|e| (e.id, &e.data)),
            ) == Some(id)
        })
    });
    let amended_by = Memo::new(move |_| {
        mine.with(|l| {
            l.iter()
                .find(|e| e.data.replaces == Some(id) && e.data.is_signed())
                .map(|e| e.id)
        })
    });
    let signed_at = signed.signed_at;
    let received = signed.received_at;
    let items = text.items.clone();
    view! {
        <section class="card pledge-signed" aria-labelledby="pledge-title">
            <p class="muted">{move || format!("{} · {year}", kind.label(i18n.lang()))}</p>
            <h2 id="pledge-title">{text.title.clone()}</h2>
            <p class="notice warn" hidden=move || amended_by.with(Option::is_none)>
                {i18n.tr(PlKey::AmendedNote)}
                " "
                <a href=move || amended_by.get().map(|n| format!("/pledges/{n}")).unwrap_or_default()>
                    {i18n.tr(PlKey::SeeNewVersion)}
                </a>
            </p>
            {p.replaces.map(|old| view! {
                <p class="muted">
                    {i18n.tr(PlKey::AmendsNote)}
                    " "
                    <a href=format!("/pledges/{old}")>{i18n.tr(PlKey::SeeOldVersion)}</a>
                </p>
            })}
            <p class="pledge-body">{text.body.clone()}</p>
            {(!items.is_empty()).then(|| view! {
                <h3>{i18n.tr(PlKey::MyCommitments)}</h3>
                <ol class="pledge-items-signed">
                    {items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}
                </ol>
            })}
            <div class="pledge-signature">
                <SignatureView signature=signed.signature.clone() />
            </div>
            <dl class="facts">
                <dt>{i18n.tr(PlKey::SignedAt)}</dt>
                <dd>{move || date_time(i18n.lang(), signed_at)}</dd>
                <dt>{i18n.tr(PlKey::ReceivedAt)}</dt>
                <dd>
                    {move || match received {
                        Some(ms) => date_time(i18n.lang(), ms),
                        None => i18n.t(PgKey::PendingBadge).to_owned(),
                    }}
                </dd>
                <dt>{i18n.tr(PlKey::Hash)}</dt>
                <dd class="hash" data-testid="pledge-hash">{signed.hash.clone()}</dd>
            </dl>
            <Verify id local=p.verify() />
            <div class="actions">
                <a class="button secondary" href=format!("/pledges/{id}/print")>{i18n.tr(PlKey::Print)}</a>
                <a class="button secondary" href=format!("/pledges/sign?amend={id}") hidden=move || !current.get()>
                    {i18n.tr(PlKey::Amend)}
                </a>
                <a class="button secondary" href="/pledges">{i18n.tr(PgKey::Back)}</a>
            </div>
        </section>
        {kind.has_items().then(|| view! { <PledgeFollow pledge_id=id pledge=p.clone() mine /> })}
    }
}

/// The hash check: on the phone at once (the text it holds against the hash it holds),
/// and on the server when asked — the server recomputes from the text it stored.
#[component]
fn Verify(id: Uuid, local: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let result = RwSignal::new(None::<Result<PledgeVerification, api::Error>>);
    let check = Action::new_local(move |_: &()| {
        let lang = i18n.lang_untracked();
        async move {
            let answer = api::verify_pledge(id, lang).await;
            if matches!(&answer, Err(e) if e.is_unauthenticated()) {
                session.clear();
            }
            result.set(Some(answer));
        }
    });
    let server_says = move || {
        result.with(|r| match r {
            None => None,
            Some(Ok(v)) if v.matches => Some(("ok", i18n.t(PlKey::ServerMatches).to_owned())),
            Some(Ok(v)) if v.stored_hash.is_none() => {
                Some(("bad", i18n.t(PlKey::ServerNoSigned).to_owned()))
            }
            Some(Ok(_)) => Some(("bad", i18n.t(PlKey::ServerMismatch).to_owned())),
            Some(Err(e)) => Some(("bad", e.message(i18n.lang()))),
        })
    };
    view! {
        <div class="pledge-verify">
            <p class=if local { "verify ok" } else { "verify bad" }>
                {i18n.tr(if local { PlKey::LocalMatches } else { PlKey::LocalMismatch })}
            </p>
            <button
                class="button secondary"
                type="button"
                on:click=move |_| { check.dispatch(()); }
                disabled=move || check.pending().get()
            >
                {i18n.tr(PlKey::VerifyOnServer)}
            </button>
            {move || server_says().map(|(class, text)| view! {
                <p class=format!("verify {class}") role="status" data-testid="verify-result">{text}</p>
            })}
        </div>
    }
}
