//! `/org/members/{id}`: one member's entry — the person, where they belonged when, their
//! posts — and what their secretary or the administrator does over a member's life: edit
//! the entry, issue a new activation code (a forgotten password: every session of theirs
//! ends), transfer them to another branch from a date (组织关系转接: their records follow
//! them, the old branch's past figures stay), and deactivate them when they leave.

use super::api;
use super::codes::CodeCard;
use super::member_new::{PersonFields, PersonSignals, group_options};
use super::strings::OrgKey;
use super::{Loaded, RecordPage, fill, send, today_value, use_scope};
use crate::components::field::{InputField, SelectField};
use crate::components::form::{FormAlert, FormErrors, SubmitButton};
use crate::i18n::{date, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::error::field_label;
use zhibu_model::org::MemberStatus;
use zhibu_model::org::activation::IssuedCode;
use zhibu_model::org::member::{DeactivateInput, EditMemberInput, TransferInput};
use zhibu_model::org::views::{BranchDetail, MemberDetail, OrgTree};
use zhibu_model::{BranchId, MemberId};

#[component]
pub fn OrgMemberPage() -> impl IntoView {
    view! {
        <RecordPage
            fetch=|id, lang| api::member(MemberId(id), lang)
            name=|d: &MemberDetail| d.summary.display_name.clone()
            untitled=OrgKey::Member
            draw=|detail, reload| view! { <Member detail reload=move || reload.run(()) /> }.into_any()
        />
    }
}

#[component]
fn Member(detail: MemberDetail, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let branch = detail.summary.branch_id;
    let active = detail.summary.status == MemberStatus::Active;
    let manages = move || active && scope.get().manages(branch);
    let code = RwSignal::new(None::<IssuedCode>);
    view! {
        <Facts detail=detail.clone() />
        {move || code.get().map(|code| view! { <CodeCard code /> })}
        <Show when=manages>
            <section class="card" aria-labelledby="actions-heading">
                <h2 id="actions-heading">{i18n.tr(OrgKey::Actions)}</h2>
                <IssueCode id=detail.summary.id activated=detail.summary.activated code />
                <Edit detail=detail.clone() reload />
                <Transfer detail=detail.clone() reload />
                <Deactivate id=detail.summary.id reload />
            </section>
        </Show>
    }
}

#[component]
fn Facts(detail: MemberDetail) -> impl IntoView {
    let i18n = use_i18n();
    let MemberDetail {
        summary,
        mobile,
        gender,
        born_on,
        joined_party_on,
        full_member_on,
        category,
        left_on,
        memberships,
        posts,
        ..
    } = detail;
    let day = move |d: Option<zhibu_model::chrono::NaiveDate>| {
        move || {
            d.map(|d| date(i18n.lang(), d))
                .unwrap_or_else(|| "—".to_owned())
        }
    };
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    let status = summary.status;
    let account = move || {
        if status != MemberStatus::Active {
            status.label(i18n.lang())
        } else if summary.activated {
            i18n.t(OrgKey::Activated)
        } else {
            i18n.t(OrgKey::NotActivated)
        }
    };
    view! {
        <section class="card" aria-labelledby="entry-heading">
            <h2 id="entry-heading">{i18n.tr(OrgKey::Entry)}</h2>
            <dl class="account-facts" data-testid="member-facts">
                <div><dt>{label("login")}</dt><dd>{summary.login.clone()}</dd></div>
                <div><dt>{i18n.tr(OrgKey::Branch)}</dt><dd data-testid="member-branch">{summary.branch_name.clone().unwrap_or_else(|| "—".to_owned())}</dd></div>
                <div><dt>{i18n.tr(OrgKey::Group)}</dt><dd>{summary.party_group.clone().unwrap_or_else(|| "—".to_owned())}</dd></div>
                <div><dt>{i18n.tr(OrgKey::Role)}</dt><dd>{move || summary.role.label(i18n.lang())}</dd></div>
                <div><dt>{i18n.tr(OrgKey::Account)}</dt><dd data-testid="member-status">{account}</dd></div>
                {left_on.map(|d| view! { <div><dt>{i18n.tr(OrgKey::LeftOn)}</dt><dd>{day(Some(d))}</dd></div> })}
                <div><dt>{label("gender")}</dt><dd>{move || gender.map(|g| g.label(i18n.lang())).unwrap_or("—")}</dd></div>
                <div><dt>{label("born_on")}</dt><dd>{day(born_on)}</dd></div>
                <div><dt>{label("joined_party_on")}</dt><dd>{day(joined_party_on)}</dd></div>
                <div><dt>{label("category")}</dt><dd>{move || category.label(i18n.lang())}</dd></div>
                <div><dt>{label("full_member_on")}</dt><dd>{day(full_member_on)}</dd></div>
                <div><dt>{label("mobile")}</dt><dd>{mobile.unwrap_or_else(|| "—".to_owned())}</dd></div>
            </dl>
            <h3>{i18n.tr(OrgKey::Memberships)}</h3>
            <ul class="records" data-testid="memberships">
                {memberships.into_iter().map(|m| view! {
                    <li class="record-line">
                        <span>{m.branch_name}</span>
                        <span class="muted">{move || {
                            let lang = i18n.lang();
                            let from = m.from.map(|d| date(lang, d)).unwrap_or_default();
                            let until = m.until.map(|d| date(lang, d)).unwrap_or_else(|| i18n.t(OrgKey::Now).to_owned());
                            format!("{from} – {until}")
                        }}</span>
                    </li>
                }).collect_view()}
            </ul>
            <h3 hidden=posts.is_empty()>{i18n.tr(OrgKey::Posts)}</h3>
            <ul class="records">
                {posts.into_iter().map(|p| view! {
                    <li class="record-line">
                        <span>{move || p.post.label(i18n.lang())}</span>
                        <span class="muted">{move || {
                            let lang = i18n.lang();
                            let from = p.from.map(|d| date(lang, d)).unwrap_or_default();
                            let until = p.until.map(|d| date(lang, d)).unwrap_or_else(|| i18n.t(OrgKey::Now).to_owned());
                            format!("{from} – {until}")
                        }}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A new code: for a member who never activated, or who forgot their password (the old
/// password and every session end, so the button asks first).
#[component]
fn IssueCode(id: MemberId, activated: bool, code: RwSignal<Option<IssuedCode>>) -> impl IntoView {
    let i18n = use_i18n();
    let failed = RwSignal::new(None::<String>);
    let asking = RwSignal::new(false);
    let issue = move || {
        asking.set(false);
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::issue_code(id, lang).await {
                Ok(c) => {
                    failed.set(None);
                    code.set(Some(c));
                }
                Err(e) => failed.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <div class="org-action">
            <p class="form-error" role="alert" hidden=move || failed.with(Option::is_none)>{move || failed.get()}</p>
            <Show
                when=move || asking.get()
                fallback=move || view! {
                    <button class="button secondary" type="button" on:click=move |_| if activated { asking.set(true) } else { issue() }>
                        {i18n.tr(OrgKey::IssueCode)}
                    </button>
                }
            >
                <p role="alert">{i18n.tr(OrgKey::ResetWarning)}</p>
                <div class="actions">
                    <button class="button danger" type="button" on:click=move |_| issue()>{i18n.tr(OrgKey::ResetPassword)}</button>
                    <button class="button secondary" type="button" on:click=move |_| asking.set(false)>{i18n.tr(OrgKey::Cancel)}</button>
                </div>
            </Show>
        </div>
    }
}

#[component]
fn Edit(detail: MemberDetail, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let id = detail.summary.id;
    let person = PersonSignals::new(Some(&detail));
    let group = RwSignal::new(
        detail
            .party_group_id
            .map(|g| g.to_string())
            .unwrap_or_default(),
    );
    let branch: Loaded<BranchDetail> = RwSignal::new(None);
    if let Some(b) = detail.summary.branch_id {
        let lang = i18n.lang_untracked();
        fill(branch, lang, api::branch(b, lang));
    }
    let errors = FormErrors::new();
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = EditMemberInput {
            person: person.input(),
            party_group_id: group.get_untracked(),
        };
        if errors
            .check(input.person.parse(crate::records::today()))
            .is_none()
        {
            return;
        }
        let lang = i18n.lang_untracked();
        send(
            errors,
            pending,
            async move { api::edit_member(id, &input, lang).await },
            move |_| reload(),
        );
    };
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    view! {
        <details class="fold">
            <summary>{i18n.tr(OrgKey::EditEntry)}</summary>
            <FormAlert errors />
            <form class="form" novalidate on:submit=submit>
                <PersonFields person errors />
                <SelectField id="party_group_id" label=label("party_group_id") value=group error=errors.for_field("party_group_id")>
                    <option value="">{i18n.tr(OrgKey::NoGroup)}</option>
                    {group_options(branch)}
                </SelectField>
                <div class="form-actions">
                    <SubmitButton pending class="button primary" idle=OrgKey::Save busy=OrgKey::Saving />
                </div>
            </form>
        </details>
    }
}

/// 组织关系转接 inside the organisation, from a date.
#[component]
fn Transfer(
    detail: MemberDetail,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = detail.summary.id;
    let from_branch = detail.summary.branch_id;
    let tree: Loaded<OrgTree> = RwSignal::new(None);
    fill(
        tree,
        i18n.lang_untracked(),
        api::tree(i18n.lang_untracked()),
    );
    let branch = RwSignal::new(String::new());
    let on = RwSignal::new(today_value());
    let group = RwSignal::new(String::new());
    let target: Loaded<BranchDetail> = RwSignal::new(None);
    Effect::new(move |_| {
        group.set(String::new());
        if let Ok(b) = branch.get().parse::<BranchId>() {
            let lang = i18n.lang_untracked();
            fill(target, lang, api::branch(b, lang));
        }
    });
    let errors = FormErrors::new();
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TransferInput {
            branch_id: branch.get_untracked(),
            date: on.get_untracked(),
            party_group_id: group.get_untracked(),
        };
        if errors.check(input.parse(crate::records::today())).is_none() {
            return;
        }
        let lang = i18n.lang_untracked();
        send(
            errors,
            pending,
            async move { api::transfer(id, &input, lang).await },
            move |_| reload(),
        );
    };
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    let branches = move || {
        tree.with(|t| match t {
            Some(Ok(t)) => t
                .branches
                .iter()
                .filter(|b| b.closed_on.is_none() && Some(b.id) != from_branch)
                .cloned()
                .collect(),
            _ => Vec::new(),
        })
    };
    view! {
        <details class="fold">
            <summary>{i18n.tr(OrgKey::Transfer)}</summary>
            <p class="muted">{i18n.tr(OrgKey::TransferIntro)}</p>
            <FormAlert errors />
            <form class="form" novalidate on:submit=submit>
                <SelectField id="branch_id" label=move || i18n.t(OrgKey::NewBranchOf).to_owned() value=branch error=errors.for_field("branch_id")>
                    <option value="">{i18n.tr(OrgKey::Choose)}</option>
                    {move || branches().into_iter().map(|b: zhibu_model::org::views::BranchSummary| view! { <option value=b.id.to_string()>{b.name}</option> }).collect_view()}
                </SelectField>
                <InputField id="date" kind="date" label=label("date") value=on error=errors.for_field("date") />
                <SelectField id="party_group_id" label=label("party_group_id") value=group error=errors.for_field("party_group_id")>
                    <option value="">{i18n.tr(OrgKey::NoGroup)}</option>
                    {group_options(target)}
                </SelectField>
                <div class="form-actions">
                    <SubmitButton pending class="button primary" idle=OrgKey::Transfer busy=OrgKey::Saving />
                </div>
            </form>
        </details>
    }
}

/// 转出 outside the organisation, 停止党籍, 去世: no more login; the records stay in
/// the branch's past figures.
#[component]
fn Deactivate(id: MemberId, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let on = RwSignal::new(today_value());
    let errors = FormErrors::new();
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = DeactivateInput {
            leave_reason: reason.get_untracked(),
            date: on.get_untracked(),
        };
        if errors.check(input.parse(crate::records::today())).is_none() {
            return;
        }
        let lang = i18n.lang_untracked();
        send(
            errors,
            pending,
            async move { api::deactivate(id, &input, lang).await },
            move |_| reload(),
        );
    };
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    view! {
        <details class="fold">
            <summary>{i18n.tr(OrgKey::Deactivate)}</summary>
            <p class="muted">{i18n.tr(OrgKey::DeactivateIntro)}</p>
            <FormAlert errors />
            <form class="form" novalidate on:submit=submit>
                <SelectField id="leave_reason" label=label("leave_reason") value=reason error=errors.for_field("leave_reason")>
                    <option value="">{i18n.tr(OrgKey::Choose)}</option>
                    {[MemberStatus::TransferredOut, MemberStatus::Stopped, MemberStatus::Deceased].into_iter().map(|s| view! {
                        <option value=s.as_str()>{move || s.label(i18n.lang())}</option>
                    }).collect_view()}
                </SelectField>
                <InputField id="date" kind="date" label=label("date") value=on error=errors.for_field("date") />
                <div class="form-actions">
                    <SubmitButton pending class="button danger" idle=OrgKey::Deactivate busy=OrgKey::Saving />
                </div>
            </form>
        </details>
    }
}
