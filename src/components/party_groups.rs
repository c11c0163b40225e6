//! 党小组 for the branch's secretary and committee: every member with their group, each
//! editable (empty: no group). Online only, as the other branch settings: the server
//! audits every change. The saved group goes into the phone's roster copy at once, so the
//! event form offers it offline too.

use crate::api;
use crate::i18n::{EvKey, PgKey, use_i18n};
use crate::records;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::MemberId;
use zhibu_model::account::RosterMember;
use zhibu_model::error::field_label;
use zhibu_model::party_group::{PartyGroup, PartyGroupInput, groups_in_use};

#[component]
pub fn PartyGroups(me: MemberId) -> impl IntoView {
    let i18n = use_i18n();
    let roster = records::roster(me, i18n.lang_untracked());
    let groups = Memo::new(move |_| {
        roster.with(|r| groups_in_use(r.iter().map(|m| m.party_group.as_deref())))
    });
    view! {
        <section class="card" data-testid="party-groups">
            <h2>{i18n.tr(EvKey::PartyGroups)}</h2>
            <p class="muted">{i18n.tr(EvKey::PartyGroupsAbout)}</p>
            <datalist id="party-group-names">
                {move || groups.get().into_iter().map(|g| view! { <option value=g></option> }).collect_view()}
            </datalist>
            <ul class="party-groups">
                <For
                    each=move || roster.get()
                    key=|m| (m.id, m.party_group.clone())
                    children=move |m| view! { <GroupLine me member=m roster /> }
                />
            </ul>
        </section>
    }
}

/// One member: name, current group, and a field to change it.
#[component]
fn GroupLine(
    me: MemberId,
    member: RosterMember,
    roster: RwSignal<Vec<RosterMember>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = member.id;
    let draft = RwSignal::new(member.party_group.clone().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let input_id = format!("party-group-{id}");
    let error_id = format!("party-group-{id}-error");
    let current = member.party_group.clone();
    let name = member.display_name.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang_untracked();
        let input = PartyGroupInput {
            party_group: draft.get_untracked(),
        };
        // The model's rule first: a bad name is shown without a round trip.
        if let Err(e) = input.parse() {
            error.set(Some(e.message(lang)));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::put_party_group(id, &input, lang).await {
                Ok(saved) => {
                    error.set(None);
                    roster.update(|r| {
                        if let Some(m) = r.iter_mut().find(|m| m.id == id) {
                            m.party_group = saved.party_group;
                        }
                    });
                    records::store_roster(me, &roster.get_untracked());
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
            busy.set(false);
        });
    };
    let shown = current.unwrap_or_else(|| i18n.t(EvKey::NoPartyGroup).to_owned());
    view! {
        <li class="party-group-line">
            <form class="form" novalidate on:submit=save>
                <label class="sheet-name" for=input_id.clone()>
                    {member.display_name.clone()}
                    <span class="sheet-note">" · "{shown}</span>
                </label>
                <div class="party-group-edit">
                    <input
                        id=input_id
                        name="party_group"
                        type="text"
                        list="party-group-names"
                        maxlength=PartyGroup::MAX.to_string()
                        placeholder=move || i18n.t(EvKey::NoPartyGroup)
                        aria-label=move || format!("{name} {}", field_label("party_group", i18n.lang()))
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby=error_id.clone()
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))
                    />
                    <button class="button secondary" type="submit" disabled=move || busy.get()>
                        {i18n.tr(PgKey::Save)}
                    </button>
                </div>
                <p class="field-error" role="alert" id=error_id hidden=move || error.with(Option::is_none)>
                    {move || error.get()}
                </p>
            </form>
        </li>
    }
}
