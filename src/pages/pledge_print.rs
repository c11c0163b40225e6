//! 打印承诺书 (`/pledges/:id/print`): a signed version on an A4 sheet — the text, the
//! member's name, the handwritten signature, the dates and the hash — with no app chrome
//! (the route is outside the shell; style/pages/print.css sets the page). The sheet is read
//! from the phone's store, so it prints offline too.

use crate::app::login_href;
use crate::components::signature_view::SignatureView;
use crate::i18n::{PgKey, PlKey, date_time, use_i18n};
use crate::records;
use crate::router::use_routing;
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use zhibu_model::Uuid;

#[component]
pub fn PledgePrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let session = use_session();
    let routing = use_routing();
    let id: Option<Uuid> = routing.route_untracked().id();
    Effect::new(move || {
        if session.signed_out() {
            let here = id.map_or_else(
                || "/pledges".to_owned(),
                |id| format!("/pledges/{id}/print"),
            );
            routing.replace(&login_href(&here));
        }
    });
    let entry = Memo::new(move |_| {
        id.and_then(|id| {
            records::pledges(engine)
                .into_iter()
                .find(|e| e.id == id && e.data.is_signed())
        })
    });
    let name =
        move || session.with_member(|m| m.map(|m| m.display_name.clone()).unwrap_or_default());
    let branch =
        move || session.with_member(|m| m.and_then(|m| m.branch_name.clone()).unwrap_or_default());
    let back = id.map_or_else(|| "/pledges".to_owned(), |id| format!("/pledges/{id}"));
    Effect::new(move || {
        let title = entry.with(|e| e.as_ref().map(|e| e.data.text.title.clone()));
        crate::i18n::set_document_title(
            &title.unwrap_or_else(|| i18n.t(PlKey::Print).to_owned()),
            i18n.lang(),
        );
    });
    view! {
        <main class="print-page">
            <div class="print-actions">
                <button class="button primary" type="button" on:click=|_| { let _ = window().print(); }>
                    {i18n.tr(PlKey::PrintNow)}
                </button>
                <a class="button secondary" href=back>{i18n.tr(PgKey::Back)}</a>
            </div>
            {move || match entry.get() {
                None => view! { <p class="print-missing">{i18n.tr(PlKey::NotHere)}</p> }.into_any(),
                Some(e) => {
                    let t = e.data.text;
                    let s = e.data.signed.expect("signed");
                    let (kind, year) = (t.kind, t.year);
                    let (signed_at, received) = (s.signed_at, s.received_at);
                    view! {
                        <article class="print-sheet" aria-labelledby="print-title">
                            <h1 id="print-title">{t.title}</h1>
                            <p class="print-meta">
                                {move || format!("{} · {year} · {}", kind.label(i18n.lang()), branch())}
                            </p>
                            <p class="print-body">{t.body}</p>
                            {(!t.items.is_empty()).then(|| view! {
                                <h2>{i18n.tr(PlKey::MyCommitments)}</h2>
                                <ol class="print-items">
                                    {t.items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}
                                </ol>
                            })}
                            <div class="print-signing">
                                <p>{i18n.tr(PlKey::Signer)} {name}</p>
                                <div class="print-signature">
                                    <SignatureView signature=s.signature />
                                </div>
                                <p>{i18n.tr(PlKey::SignedAt)} " " {move || date_time(i18n.lang(), signed_at)}</p>
                                {received.map(|ms| view! {
                                    <p>{i18n.tr(PlKey::ReceivedAt)} " " {move || date_time(i18n.lang(), ms)}</p>
                                })}
                            </div>
                            <p class="print-hash">
                                {i18n.tr(PlKey::HashLine)}
                                <code>{s.hash}</code>
                            </p>
                        </article>
                    }
                    .into_any()
                }
            }}
        </main>
    }
}
