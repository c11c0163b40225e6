//! `/org/members`: the roll, searched by name or login (pinyin order), by branch and by
//! status, a page of 50 at a time. The administrator searches the organisation; a
//! secretary or committee member their own branch (the server scopes it either way).

use super::api;
use super::strings::OrgKey;
use super::{Loaded, OrgPage, Scope, Waiting, fill, use_scope};
use crate::i18n::use_i18n;
use crate::router::{Route, use_routing};
use leptos::prelude::*;
use zhibu_model::org::MemberStatus;
use zhibu_model::org::views::{MemberPage, MemberSummary, OrgTree};

const PER_PAGE: u32 = 50;

#[component]
pub fn OrgMembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let routing = use_routing();
    let scope = use_scope();
    let q = RwSignal::new(String::new());
    let branch = RwSignal::new(routing.query_untracked("branch").unwrap_or_default());
    let status = RwSignal::new("active".to_owned());
    let page_no = RwSignal::new(1_u32);
    let page: Loaded<MemberPage> = RwSignal::new(None);
    let search = move || {
        let lang = i18n.lang_untracked();
        let (q, b, s, n) = (
            q.get_untracked(),
            branch.get_untracked(),
            status.get_untracked(),
            page_no.get_untracked(),
        );
        fill(page, lang, async move {
            api::members(&q, &b, &s, n, PER_PAGE, lang).await
        });
    };
    search();
    let tree: Loaded<OrgTree> = RwSignal::new(None);
    fill(
        tree,
        i18n.lang_untracked(),
        api::tree(i18n.lang_untracked()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        page_no.set(1);
        search();
    };
    let turn = move |by: i32| {
        page_no.update(|n| *n = n.saturating_add_signed(by).max(1));
        search();
    };
    let branches = move || {
        tree.with(|t| match t {
            Some(Ok(t)) => t.branches.clone(),
            _ => Vec::new(),
        })
    };
    let add_href = move || match scope.get() {
        Scope::Branch { branch, .. } => format!("{}?branch={branch}", Route::OrgMemberNew.href()),
        _ if !branch.get().is_empty() => {
            format!("{}?branch={}", Route::OrgMemberNew.href(), branch.get())
        }
        _ => Route::OrgMemberNew.href(),
    };
    let may_add = move || match scope.get() {
        Scope::Admin => true,
        Scope::Branch { manages, .. } => manages,
        Scope::None => false,
    };
    view! {
        <OrgPage title=Signal::derive(move || i18n.t(OrgKey::Members).to_owned())>
            <section class="card" aria-labelledby="search-heading">
                <h2 id="search-heading" class="visually-hidden">{i18n.tr(OrgKey::Search)}</h2>
                <form class="form org-search" role="search" novalidate on:submit=submit>
                    <div class="field">
                        <label for="q">{i18n.tr(OrgKey::SearchLabel)}</label>
                        <input id="q" name="q" type="search" prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev)) />
                    </div>
                    <Show when=move || scope.get().is_admin()>
                        <div class="field">
                            <label for="branch">{i18n.tr(OrgKey::Branch)}</label>
                            <select id="branch" prop:value=move || branch.get() on:change=move |ev| { branch.set(event_target_value(&ev)); page_no.set(1); search(); }>
                                <option value="">{i18n.tr(OrgKey::AllBranches)}</option>
                                {move || branches().into_iter().map(|b| {
                                    let id = b.id.to_string();
                                    let selected = branch.get_untracked() == id;
                                    view! { <option value=id selected=selected>{b.name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    </Show>
                    <div class="field">
                        <label for="status">{i18n.tr(OrgKey::Status)}</label>
                        <select id="status" prop:value=move || status.get() on:change=move |ev| { status.set(event_target_value(&ev)); page_no.set(1); search(); }>
                            {[MemberStatus::Active, MemberStatus::TransferredOut, MemberStatus::Stopped, MemberStatus::Deceased].into_iter().map(|s| view! {
                                <option value=s.as_str() selected=s == MemberStatus::Active>{move || s.label(i18n.lang())}</option>
                            }).collect_view()}
                            <option value="all">{i18n.tr(OrgKey::AnyStatus)}</option>
                        </select>
                    </div>
                    <div class="form-actions">
                        <button class="button primary" type="submit">{i18n.tr(OrgKey::Search)}</button>
                        <Show when=may_add>
                            <a class="button secondary" href=add_href>{i18n.tr(OrgKey::AddMember)}</a>
                        </Show>
                    </div>
                </form>
            </section>
            <section class="card" aria-labelledby="results-heading">
                <h2 id="results-heading">
                    {i18n.tr(OrgKey::Results)}
                    <span class="muted" data-testid="member-total">{move || page.with(|p| match p {
                        Some(Ok(p)) => format!(" {}", p.total),
                        _ => String::new(),
                    })}</span>
                </h2>
                <Waiting state=page retry=search />
                {move || page.get().and_then(Result::ok).map(|p| view! { <Results page=p turn /> })}
            </section>
        </OrgPage>
    }
}

#[component]
fn Results(page: MemberPage, turn: impl Fn(i32) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let last = page.total.div_ceil(u64::from(page.per_page.max(1))).max(1);
    let (number, empty) = (page.page, page.members.is_empty());
    view! {
        <p class="muted" hidden=!empty>{i18n.tr(OrgKey::NoMembersFound)}</p>
        <table class="org-table" data-testid="members" hidden=empty>
            <thead>
                <tr>
                    <th scope="col">{i18n.tr(OrgKey::Name)}</th>
                    <th scope="col">{i18n.tr(OrgKey::Login)}</th>
                    <th scope="col">{i18n.tr(OrgKey::Branch)}</th>
                    <th scope="col">{i18n.tr(OrgKey::Group)}</th>
                    <th scope="col">{i18n.tr(OrgKey::Role)}</th>
                    <th scope="col">{i18n.tr(OrgKey::Account)}</th>
                </tr>
            </thead>
            <tbody>
                {page.members.into_iter().map(|m| view! { <Row m /> }).collect_view()}
            </tbody>
        </table>
        <div class="actions pager" hidden=move || last <= 1>
            <button class="button secondary" type="button" disabled=number <= 1 on:click=move |_| turn(-1)>{i18n.tr(OrgKey::Previous)}</button>
            <span class="muted">{format!("{number} / {last}")}</span>
            <button class="button secondary" type="button" disabled=u64::from(number) >= last on:click=move |_| turn(1)>{i18n.tr(OrgKey::Next)}</button>
        </div>
    }
}

#[component]
fn Row(m: MemberSummary) -> impl IntoView {
    let i18n = use_i18n();
    let MemberSummary {
        id,
        login,
        display_name,
        role,
        status,
        branch_name,
        party_group,
        activated,
        ..
    } = m;
    view! {
        <tr data-testid="member-row">
            <th scope="row"><a href=Route::OrgMember(id.0).href()>{display_name}</a></th>
            <td data-label=i18n.tr(OrgKey::Login)>{login}</td>
            <td data-label=i18n.tr(OrgKey::Branch)>{branch_name.unwrap_or_default()}</td>
            <td data-label=i18n.tr(OrgKey::Group)>{party_group.unwrap_or_default()}</td>
            <td data-label=i18n.tr(OrgKey::Role)>{move || role.label(i18n.lang())}</td>
            <td data-label=i18n.tr(OrgKey::Account)>
                {move || if status != MemberStatus::Active {
                    status.label(i18n.lang())
                } else if activated {
                    i18n.t(OrgKey::Activated)
                } else {
                    i18n.t(OrgKey::NotActivated)
                }}
            </td>
        </tr>
    }
}
