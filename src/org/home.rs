//! `/org`: the organisation's tree. The administrator sees every 党总支 and 党支部 with
//! its members, opens one, and adds new ones; a secretary or committee member sees their
//! own branch. The roster's export is here too (XLSX and CSV, as the administrator's
//! office keeps it).

use super::api;
use super::strings::OrgKey;
use super::{Loaded, OrgPage, Scope, Waiting, fill, send, use_scope};
use crate::components::field::{InputField, SelectField};
use crate::components::form::{FormAlert, FormErrors, SubmitButton};
use crate::i18n::use_i18n;
use crate::router::{Route, use_routing};
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::error::field_label;
use zhibu_model::org::tree::{BranchInput, GeneralBranchInput};
use zhibu_model::org::views::{BranchSummary, OrgTree};

#[component]
pub fn OrgHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let tree: Loaded<OrgTree> = RwSignal::new(None);
    let load = move || {
        fill(
            tree,
            i18n.lang_untracked(),
            api::tree(i18n.lang_untracked()),
        )
    };
    load();
    let title = Signal::derive(move || {
        tree.with(|t| match t {
            Some(Ok(OrgTree {
                organisation: Some(name),
                ..
            })) => name.clone(),
            _ => i18n.t(OrgKey::Organisation).to_owned(),
        })
    });
    view! {
        <OrgPage title>
            <Waiting state=tree retry=load />
            {move || tree.get().and_then(Result::ok).map(|t| view! { <Branches tree=t scope=scope.get() /> })}
            <Show when=move || scope.get().is_admin()>
                {move || tree.get().and_then(Result::ok).filter(|t| !t.general_branches.is_empty()).map(|t| view! {
                    <section class="card" aria-labelledby="generals-heading">
                        <h2 id="generals-heading">{i18n.tr(OrgKey::GeneralBranches)}</h2>
                        <ul class="records">
                            {t.general_branches.into_iter().map(|g| view! { <GeneralBranch general=g reload=load /> }).collect_view()}
                        </ul>
                    </section>
                })}
                <NewBranch tree reload=load />
                <section class="card" aria-labelledby="export-heading">
                    <h2 id="export-heading">{i18n.tr(OrgKey::ExportRoster)}</h2>
                    <p class="muted">{i18n.tr(OrgKey::ExportIntro)}</p>
                    <div class="actions">
                        <a class="button secondary" href="/api/v1/org/roster.xlsx" download="roster.xlsx" rel="external">"XLSX"</a>
                        <a class="button secondary" href="/api/v1/org/roster.csv" download="roster.csv" rel="external">"CSV"</a>
                    </div>
                </section>
            </Show>
        </OrgPage>
    }
}

/// The branches, under their 党总支 where they have one; closed ones last.
#[component]
fn Branches(tree: OrgTree, scope: Scope) -> impl IntoView {
    let i18n = use_i18n();
    let visible = |b: &BranchSummary| match scope {
        Scope::Admin => true,
        Scope::Branch { branch, .. } => b.id == branch,
        Scope::None => false,
    };
    let mut branches: Vec<BranchSummary> = tree.branches.into_iter().filter(visible).collect();
    branches.sort_by_key(|b| b.closed_on.is_some());
    let general = tree.general_branches;
    let general_name = move |b: &BranchSummary| {
        b.general_branch_id
            .and_then(|id| general.iter().find(|g| g.id == id))
            .map(|g| g.name.clone())
    };
    let empty = branches.is_empty();
    view! {
        <section class="card" aria-labelledby="branches-heading">
            <h2 id="branches-heading">{i18n.tr(OrgKey::Branches)}</h2>
            <p class="muted" hidden=!empty>{i18n.tr(OrgKey::NoBranches)}</p>
            <table class="org-table" data-testid="branches" hidden=empty>
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(OrgKey::BranchName)}</th>
                        <th scope="col">{i18n.tr(OrgKey::GeneralBranch)}</th>
                        <th scope="col" class="num">{i18n.tr(OrgKey::ActiveMembers)}</th>
                    </tr>
                </thead>
                <tbody>
                    {branches.into_iter().map(|b| {
                        let general = general_name(&b);
                        view! {
                            <tr data-testid="branch-row">
                                <th scope="row">
                                    <a href=Route::OrgBranch(b.id.0).href()>{b.name}</a>
                                    {b.closed_on.map(|_| view! { " " <span class="badge">{i18n.tr(OrgKey::Closed)}</span> })}
                                </th>
                                <td data-label=i18n.tr(OrgKey::GeneralBranch)>{general.unwrap_or_else(|| "—".to_owned())}</td>
                                <td class="num" data-label=i18n.tr(OrgKey::ActiveMembers)>{b.members}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// A new 党支部 (under a 党总支 or directly under the organisation), and a new 党总支.
#[component]
fn NewBranch(
    tree: Loaded<OrgTree>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let routing = use_routing();
    let name = RwSignal::new(String::new());
    let general = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = BranchInput {
            name: name.get_untracked(),
            general_branch_id: general.get_untracked(),
        };
        if errors.check(input.parse()).is_none() {
            return;
        }
        let lang = i18n.lang_untracked();
        send(
            errors,
            pending,
            async move { api::create_branch(&input, lang).await },
            move |made| routing.go(&Route::OrgBranch(made.id).href()),
        );
    };
    let general_name = RwSignal::new(String::new());
    let general_errors = FormErrors::new();
    let general_pending = RwSignal::new(false);
    let submit_general = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = GeneralBranchInput {
            name: general_name.get_untracked(),
        };
        if general_errors.check(input.parse()).is_none() {
            return;
        }
        let lang = i18n.lang_untracked();
        let request = async move { api::create_general_branch(&input, lang).await };
        send(general_errors, general_pending, request, move |_| {
            general_name.set(String::new());
            reload();
        });
    };
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    let generals = move || {
        tree.with(|t| match t {
            Some(Ok(t)) => t.general_branches.clone(),
            _ => Vec::new(),
        })
    };
    view! {
        <section class="card" aria-labelledby="new-branch-heading">
            <h2 id="new-branch-heading">{i18n.tr(OrgKey::NewBranch)}</h2>
            <FormAlert errors />
            <form class="form" novalidate on:submit=submit>
                <InputField id="name" kind="text" label=move || i18n.t(OrgKey::BranchName).to_owned() value=name error=errors.for_field("name") />
                <SelectField id="general_branch_id" label=label("general_branch_id") value=general error=errors.for_field("general_branch_id")>
                    <option value="">{i18n.tr(OrgKey::NoGeneralBranch)}</option>
                    {move || generals().into_iter().map(|g| {
                        let id = g.id.to_string();
                        view! { <option value=id>{g.name}</option> }
                    }).collect_view()}
                </SelectField>
                <div class="form-actions">
                    <SubmitButton pending class="button primary" idle=OrgKey::CreateBranch busy=OrgKey::Saving />
                </div>
            </form>
            <details class="fold">
                <summary>{i18n.tr(OrgKey::NewGeneralBranch)}</summary>
                <FormAlert errors=general_errors />
                <form class="form" novalidate on:submit=submit_general>
                    <InputField id="general_name" kind="text" label=move || i18n.t(OrgKey::GeneralBranchName).to_owned() value=general_name error=general_errors.for_field("name") />
                    <div class="form-actions">
                        <SubmitButton pending=general_pending class="button secondary" idle=OrgKey::CreateGeneralBranch busy=OrgKey::Saving />
                    </div>
                </form>
            </details>
        </section>
    }
}

/// A 党总支, renamed in place.
#[component]
fn GeneralBranch(
    general: zhibu_model::org::views::GeneralBranchView,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = general.id;
    let field_id = format!("general-{id}");
    let name = RwSignal::new(general.name.clone());
    let errors = FormErrors::new();
    let error = errors.for_field("name");
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = GeneralBranchInput {
            name: name.get_untracked(),
        };
        if errors.check(input.parse()).is_none() {
            return;
        }
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::rename_general_branch(id, &input, lang).await {
                Ok(()) => reload(),
                Err(e) => errors.refuse(e),
            }
        });
    };
    view! {
        <li class="record-line">
            <span>{general.name}</span>
            <details class="fold">
                <summary>{i18n.tr(OrgKey::Rename)}</summary>
                <FormAlert errors />
                <form class="form" novalidate on:submit=rename>
                    <div class="field">
                        <label for=field_id.clone()>{i18n.tr(OrgKey::GeneralBranchName)}</label>
                        <input id=field_id.clone() type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                        <p class="field-error" hidden=move || error.with(Option::is_none)>{move || error.get().unwrap_or_default()}</p>
                    </div>
                    <div class="form-actions">
                        <button class="button secondary" type="submit">{i18n.tr(OrgKey::Rename)}</button>
                    </div>
                </form>
            </details>
        </li>
    }
}
