//! 我的: the member's account, the language switch, their calendar (feed, 政治生日), the
//! password change and logging out.

use crate::api;
use crate::components::change_password::ChangePassword;
use crate::components::devices::Devices;
use crate::components::form::Alert;
use crate::components::lang_switch::LangSwitch;
use crate::components::my_calendar::MyCalendar;
use crate::i18n::{self, I18n, Key, Label, PgKey, use_i18n};
use crate::router::use_routing;
use crate::session::{Session, use_session};
use leptos::prelude::*;
use zhibu_model::{Lang, Me};

/// One line of the account card: its label, and its value (or "not recorded").
fn fact(
    session: Session,
    i18n: I18n,
    label: Label,
    value: fn(&Me, Lang) -> Option<String>,
) -> (Label, Signal<String>) {
    let text = Signal::derive(move || {
        let lang = i18n.lang();
        session
            .with_member(|m| m.and_then(|m| value(m, lang)))
            .unwrap_or_else(|| i18n::t(lang, PgKey::NotRecorded).to_owned())
    });
    (label, text)
}

#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let facts = [
        fact(session, i18n, PgKey::DisplayName.into(), |m, _| {
            Some(m.display_name.clone())
        }),
        fact(session, i18n, Key::LoginName.into(), |m, _| {
            Some(m.login.clone())
        }),
        fact(session, i18n, PgKey::Role.into(), |m, lang| {
            Some(m.role.label(lang).to_owned())
        }),
        fact(session, i18n, PgKey::Branch.into(), |m, lang| {
            Some(
                m.branch_name
                    .clone()
                    .unwrap_or_else(|| i18n::t(lang, Key::NoBranch).to_owned()),
            )
        }),
        fact(session, i18n, PgKey::JoinedParty.into(), |m, lang| {
            m.joined_party_on.map(|d| i18n::date(lang, d))
        }),
    ];

    view! {
        <section class="card" aria-labelledby="account-heading">
            <h2 id="account-heading">{i18n.tr(PgKey::Account)}</h2>
            <dl class="account-facts">
                {facts
                    .into_iter()
                    .map(|(label, value)| {
                        view! {
                            <div>
                                <dt>{i18n.tr(label)}</dt>
                                <dd>{value}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </section>
        <section class="card" aria-labelledby="language-heading">
            <h2 id="language-heading">{i18n.tr(Key::Language)}</h2>
            <LangSwitch />
        </section>
        {move || session.with_member(|m| m.is_some_and(|m| m.branch_id.is_some())).then(|| view! { <MyCalendar /> })}
        <section class="card">
            <h2>{i18n.tr(PgKey::Feedback)}</h2>
            <div class="actions">
                <a class="button secondary" href="/me/feedback">{i18n.tr(PgKey::OpenFeedback)}</a>
            </div>
        </section>
        <ChangePassword />
        <Devices />
        <section class="card">
            <LogOut />
        </section>
    }
}

/// Ends the session on the server, then here. Offline it says so and keeps the member
/// logged in: the server's session would otherwise outlive a logout that only looked done.
#[component]
fn LogOut() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let routing = use_routing();
    let failed = RwSignal::new(None::<api::Error>);
    let log_out = Action::new_local(move |_: &()| async move {
        match api::logout(i18n.lang_untracked()).await {
            Err(e) if !e.is_unauthenticated() => failed.set(Some(e)),
            _ => {
                routing.replace("/login");
                session.clear();
            }
        }
    });
    let pending = log_out.pending();
    let message =
        Signal::derive(move || failed.with(|e| e.as_ref().map(|e| e.message(i18n.lang()))));
    view! {
        <Alert message />
        <button
            class="button danger"
            type="button"
            disabled=move || pending.get()
            on:click=move |_| {
                failed.set(None);
                log_out.dispatch(());
            }
        >
            {move || i18n.t(if pending.get() { PgKey::LoggingOut } else { PgKey::LogOut })}
        </button>
    }
}
