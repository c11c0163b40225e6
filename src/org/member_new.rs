//! `/org/members/new`: one new member of a branch. The server issues their first
//! activation code with the account and shows it here once; there is never a password
//! to hand over. The person's fields are the ones the portal uses, no more (no ID-card
//! number).

use super::api;
use super::codes::CodeCard;
use super::strings::OrgKey;
use super::{Loaded, OrgPage, Scope, fill, send, use_scope};
use crate::components::field::{InputField, SelectField};
use crate::components::form::{FormAlert, FormErrors, SubmitButton};
use crate::i18n::use_i18n;
use crate::router::{Route, use_routing};
use leptos::prelude::*;
use zhibu_model::error::field_label;
use zhibu_model::org::member::NewMemberInput;
use zhibu_model::org::views::{BranchDetail, MemberCreated, MemberDetail, OrgTree};
use zhibu_model::org::{Category, Gender, PersonInput};
use zhibu_model::{BranchId, ErrorCode, FieldError};

/// The person's fields of the member form, as typed.
#[derive(Clone, Copy)]
pub struct PersonSignals {
    display_name: RwSignal<String>,
    mobile: RwSignal<String>,
    gender: RwSignal<String>,
    born_on: RwSignal<String>,
    joined_party_on: RwSignal<String>,
    full_member_on: RwSignal<String>,
    category: RwSignal<String>,
}

impl PersonSignals {
    pub fn new(detail: Option<&MemberDetail>) -> Self {
        let date = |d: Option<zhibu_model::chrono::NaiveDate>| {
            RwSignal::new(d.map(|d| d.to_string()).unwrap_or_default())
        };
        Self {
            display_name: RwSignal::new(
                detail
                    .map(|d| d.summary.display_name.clone())
                    .unwrap_or_default(),
            ),
            mobile: RwSignal::new(detail.and_then(|d| d.mobile.clone()).unwrap_or_default()),
            gender: RwSignal::new(
                detail
                    .and_then(|d| d.gender)
                    .map(|g| g.as_str().to_owned())
                    .unwrap_or_default(),
            ),
            born_on: date(detail.and_then(|d| d.born_on)),
            joined_party_on: date(detail.and_then(|d| d.joined_party_on)),
            full_member_on: date(detail.and_then(|d| d.full_member_on)),
            category: RwSignal::new(
                detail
                    .map_or(Category::Full, |d| d.category)
                    .as_str()
                    .to_owned(),
            ),
        }
    }

    pub fn input(self) -> PersonInput {
        PersonInput {
            display_name: self.display_name.get_untracked(),
            mobile: self.mobile.get_untracked(),
            gender: self.gender.get_untracked(),
            born_on: self.born_on.get_untracked(),
            joined_party_on: self.joined_party_on.get_untracked(),
            full_member_on: self.full_member_on.get_untracked(),
            category: self.category.get_untracked(),
        }
    }
}

/// 姓名 … 人员类别, labelled in the model's words.
#[component]
pub fn PersonFields(person: PersonSignals, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    view! {
        <InputField id="display_name" kind="text" label=label("display_name") value=person.display_name error=errors.for_field("display_name") />
        <SelectField id="gender" label=label("gender") value=person.gender error=errors.for_field("gender")>
            <option value="">{i18n.tr(OrgKey::NotGiven)}</option>
            {[Gender::Male, Gender::Female].into_iter().map(|g| view! {
                <option value=g.as_str() selected=move || person.gender.get() == g.as_str()>{move || g.label(i18n.lang())}</option>
            }).collect_view()}
        </SelectField>
        <InputField id="born_on" kind="date" label=label("born_on") value=person.born_on error=errors.for_field("born_on") />
        <InputField id="joined_party_on" kind="date" label=label("joined_party_on") value=person.joined_party_on error=errors.for_field("joined_party_on") />
        <SelectField id="category" label=label("category") value=person.category error=errors.for_field("category")>
            {[Category::Full, Category::Probationary].into_iter().map(|c| view! {
                <option value=c.as_str() selected=move || person.category.get() == c.as_str()>{move || c.label(i18n.lang())}</option>
            }).collect_view()}
        </SelectField>
        <InputField id="full_member_on" kind="date" label=label("full_member_on") value=person.full_member_on error=errors.for_field("full_member_on") />
        <InputField id="mobile" kind="tel" label=label("mobile") value=person.mobile error=errors.for_field("mobile") />
    }
}

/// The 党小组 of a branch, for a choice (empty: none).
pub fn group_options(branch: Loaded<BranchDetail>) -> impl IntoView {
    move || {
        branch.get().and_then(Result::ok).map(|b| {
            b.groups
                .into_iter()
                .filter(|g| !g.closed)
                .map(|g| view! { <option value=g.id.to_string()>{g.name}</option> })
                .collect_view()
        })
    }
}

#[component]
pub fn OrgMemberNewPage() -> impl IntoView {
    let i18n = use_i18n();
    let routing = use_routing();
    let scope = use_scope();
    let person = PersonSignals::new(None);
    let login = RwSignal::new(String::new());
    let own = match scope.get_untracked() {
        Scope::Branch { branch, .. } => Some(branch.to_string()),
        _ => None,
    };
    let branch = RwSignal::new(
        own.or_else(|| routing.query_untracked("branch"))
            .unwrap_or_default(),
    );
    let group = RwSignal::new(String::new());
    let tree: Loaded<OrgTree> = RwSignal::new(None);
    fill(
        tree,
        i18n.lang_untracked(),
        api::tree(i18n.lang_untracked()),
    );
    let detail: Loaded<BranchDetail> = RwSignal::new(None);
    Effect::new(move |_| {
        group.set(String::new());
        if let Ok(id) = branch.get().parse::<BranchId>() {
            let lang = i18n.lang_untracked();
            fill(detail, lang, api::branch(id, lang));
        }
    });
    let errors = FormErrors::new();
    let pending = RwSignal::new(false);
    let created = RwSignal::new(None::<MemberCreated>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = NewMemberInput {
            person: person.input(),
            login: login.get_untracked(),
            branch_id: branch.get_untracked(),
            party_group_id: group.get_untracked(),
        };
        let checked = input
            .person
            .parse(crate::records::today())
            .and_then(|_| input.login())
            .and_then(|_| match input.branch_id.trim() {
                "" => Err(FieldError::new("branch_id", ErrorCode::Required)),
                _ => Ok(()),
            });
        if errors.check(checked).is_none() {
            return;
        }
        let lang = i18n.lang_untracked();
        send(
            errors,
            pending,
            async move { api::add_member(&input, lang).await },
            move |made| created.set(Some(made)),
        );
    };
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    let branches = move || {
        tree.with(|t| match t {
            Some(Ok(t)) => t
                .branches
                .iter()
                .filter(|b| b.closed_on.is_none())
                .cloned()
                .collect(),
            _ => Vec::new(),
        })
    };
    view! {
        <OrgPage title=Signal::derive(move || i18n.t(OrgKey::AddMember).to_owned())>
            {move || match created.get() {
                Some(made) => {
                    let href = Route::OrgMember(made.member.summary.id.0).href();
                    view! {
                        <CodeCard code=made.activation />
                        <div class="actions">
                            <a class="button primary" href=href>{i18n.tr(OrgKey::OpenMember)}</a>
                            <a class="button secondary" href=Route::OrgMembers.href()>{i18n.tr(OrgKey::Members)}</a>
                        </div>
                    }.into_any()
                }
                None => view! {
                    <section class="card">
                        <FormAlert errors />
                        <form class="form" novalidate on:submit=submit>
                            <PersonFields person errors />
                            <InputField id="login" kind="text" label=label("login") value=login error=errors.for_field("login") />
                            <SelectField id="branch_id" label=label("branch_id") value=branch error=errors.for_field("branch_id")>
                                <option value="">{i18n.tr(OrgKey::Choose)}</option>
                                {move || branches().into_iter().map(|b: zhibu_model::org::views::BranchSummary| {
                                    let id = b.id.to_string();
                                    let selected = branch.get_untracked() == id;
                                    view! { <option value=id selected=selected>{b.name}</option> }
                                }).collect_view()}
                            </SelectField>
                            <SelectField id="party_group_id" label=label("party_group_id") value=group error=errors.for_field("party_group_id")>
                                <option value="">{i18n.tr(OrgKey::NoGroup)}</option>
                                {group_options(detail)}
                            </SelectField>
                            <div class="form-actions">
                                <SubmitButton pending class="button primary" idle=OrgKey::AddMember busy=OrgKey::Saving />
                            </div>
                        </form>
                    </section>
                }.into_any(),
            }}
        </OrgPage>
    }
}
