//! 支部活动设置 (`/events/settings`): what a secretary changes once a year or so — self
//! check-in, the 三会一课 rules the compliance view counts, and the branch's 党小组 — on a
//! page of its own, so the calendar is not pushed below a long form.

use crate::components::activity_settings::ActivitySettings;
use crate::components::managers_only::ManagersOnly;
use crate::components::party_groups::PartyGroups;
use crate::i18n::{EvKey, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;

#[component]
pub fn BranchSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = move || session.with_member(|m| m.map(|m| m.id));
    view! {
        <ManagersOnly message=EvKey::ManagersOnly back=("/events", EvKey::BackToEvents.into())>
            <ActivitySettings />
            {move || me().map(|me| view! { <PartyGroups me /> })}
            <div class="actions">
                <a class="button secondary" href="/events">{i18n.tr(EvKey::BackToEvents)}</a>
            </div>
        </ManagersOnly>
    }
}
