//! The secretary's and committee's pages (new event, edit, attendance sheet): anyone
//! else who opens one reads why there is nothing for them, rather than a form the
//! server would refuse.

use crate::i18n::{EvKey, Key, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;

#[component]
pub fn ManagersOnly(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manages = move || session.with_member(|m| m.is_some_and(|m| m.role.manages_branch()));
    view! {
        <Show
            when=manages
            fallback=move || view! {
                <section class="card" data-testid="managers-only">
                    <p>{i18n.tr(Key::Ev(EvKey::ManagersOnly))}</p>
                    <div class="actions">
                        <a class="button secondary" href="/events">{i18n.tr(Key::Ev(EvKey::AllEvents))}</a>
                    </div>
                </section>
            }
        >
            {children()}
        </Show>
    }
}
