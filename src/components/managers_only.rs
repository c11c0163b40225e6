//! The secretary's and committee's pages (branch overviews, new event, edit, attendance
//! sheet): anyone else who opens one reads why there is nothing for them, rather than a
//! form the server would refuse or an overview it would not give.

use crate::i18n::{Label, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;

#[component]
pub fn ManagersOnly(
    /// What the page is for, and that it is not for this member.
    #[prop(into)]
    message: Label,
    /// Where to go instead (address and label), if anywhere.
    #[prop(optional)]
    back: Option<(&'static str, Label)>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manages = move || session.with_member(|m| m.is_some_and(|m| m.role.manages_branch()));
    view! {
        <Show
            when=manages
            fallback=move || view! {
                <section class="card" data-testid="managers-only">
                    <p>{i18n.tr(message)}</p>
                    {back.map(|(href, label)| view! {
                        <div class="actions">
                            <a class="button secondary" href=href>{i18n.tr(label)}</a>
                        </div>
                    })}
                </section>
            }
        >
            {children()}
        </Show>
    }
}
