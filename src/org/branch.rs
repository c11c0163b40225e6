//! `/org/branches/{id}`: one branch — its figures for the year, its 党小组, its committee
//! with who held which post when (换届 history), and its members' activation codes. The
//! administrator also renames and closes it; a closed branch keeps its history, read only.

use super::api;
use super::codes::CodeSheet;
use super::strings::OrgKey;
use super::{Loaded, RecordPage, fill, send, today_value, use_scope};
use crate::components::field::{InputField, SelectField};
use crate::components::form::{FormAlert, FormErrors, SubmitButton};
use crate::i18n::{date, use_i18n};
use crate::router::Route;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::branch_study::BranchStudyOverview;
use zhibu_model::chrono::Datelike;
use zhibu_model::error::field_label;
use zhibu_model::org::Post;
use zhibu_model::org::activation::IssuedCode;
use zhibu_model::org::tree::{
    AppointInput, BranchInput, CloseInput, ElectedPost, ElectionInput, EndPostInput, GroupInput,
};
use zhibu_model::org::views::{BranchDetail, MemberPage, PostView};
use zhibu_model::{BranchId, Uuid};

#[component]
pub fn OrgBranchPage() -> impl IntoView {
    view! {
        <RecordPage
            fetch=|id, lang| api::branch(BranchId(id), lang)
            name=|d: &BranchDetail| d.branch.name.clone()
            untitled=OrgKey::Branch
            draw=|detail, reload| view! { <Branch detail reload=move || reload.run(()) /> }.into_any()
        />
    }
}

#[component]
fn Branch(detail: BranchDetail, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let id = detail.branch.id;
    let open = detail.branch.closed_on.is_none();
    let manages = move || open && scope.get().manages(Some(id));
    let admin = move || open && scope.get().is_admin();
    let (current, past): (Vec<PostView>, Vec<PostView>) = detail
        .posts
        .iter()
        .cloned()
        .partition(|p| p.until.is_none());
    let groups = detail.groups.clone();
    let holding = current.clone();
    let members_href = format!("{}?branch={id}", Route::OrgMembers.href());
    view! {
        <section class="card" aria-labelledby="facts-heading">
            <h2 id="facts-heading">{i18n.tr(OrgKey::Figures)}</h2>
            {detail.branch.closed_on.map(|d| view! {
                <p class="badge" data-testid="branch-closed">{i18n.tr(OrgKey::Closed)}" "{move || date(i18n.lang(), d)}</p>
            })}
            <Figures id members=detail.branch.members />
            <div class="actions">
                <a class="button secondary" href=members_href>{i18n.tr(OrgKey::Members)}</a>
            </div>
        </section>
        <Show when=manages>
            <Codes id />
        </Show>
        <Committee id current past groups=groups.clone() manages=Signal::derive(manages) reload />
        <section class="card" aria-labelledby="groups-heading">
            <h2 id="groups-heading">{i18n.tr(OrgKey::Groups)}</h2>
            <ul class="records" data-testid="groups">
                {groups.iter().filter(|g| !g.closed).cloned().map(|g| view! { <Group group=g manages=Signal::derive(manages) reload /> }).collect_view()}
            </ul>
            <Show when=manages>
                <NewGroup id reload />
            </Show>
        </section>
        <Show when=admin>
            <Election id current=holding.clone() reload />
            <Settings detail=detail.clone() reload />
        </Show>
    }
}

/// The year's figures, derived from the members' own entries: who counts for the
/// branch this year and the 学时 they recorded here.
#[component]
fn Figures(id: BranchId, members: u32) -> impl IntoView {
    let i18n = use_i18n();
    let year = crate::records::today().year();
    let study: Loaded<BranchStudyOverview> = RwSignal::new(None);
    let load = move || {
        fill(
            study,
            i18n.lang_untracked(),
            api::branch_study(id, year, i18n.lang_untracked()),
        )
    };
    load();
    view! {
        <dl class="account-facts" data-testid="branch-figures">
            <div><dt>{i18n.tr(OrgKey::ActiveMembers)}</dt><dd data-testid="figure-members">{members}</dd></div>
            {move || study.get().and_then(Result::ok).map(|s| {
                let counted = s.members.len();
                let tenths: u32 = s.members.iter().map(|m| m.tenths).sum();
                let met = s.members.iter().filter(|m| m.target_hours.is_some_and(|t| m.tenths >= t * 10)).count();
                view! {
                    <div><dt>{move || format!("{year} {}", i18n.t(OrgKey::CountedThisYear))}</dt><dd data-testid="figure-counted">{counted}</dd></div>
                    <div><dt>{i18n.tr(OrgKey::StudyHours)}</dt><dd data-testid="figure-hours">{format!("{}.{}", tenths / 10, tenths % 10)}</dd></div>
                    <div><dt>{i18n.tr(OrgKey::TargetMet)}</dt><dd data-testid="figure-met">{met}</dd></div>
                }
            })}
        </dl>
    }
}

/// New codes for every member of the branch who has not set a password yet.
#[component]
fn Codes(id: BranchId) -> impl IntoView {
    let i18n = use_i18n();
    let codes = RwSignal::new(None::<Vec<IssuedCode>>);
    let failed = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let issue = move |_| {
        pending.set(true);
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::branch_codes(id, lang).await {
                Ok(c) => {
                    failed.set(None);
                    codes.set(Some(c));
                }
                Err(e) => failed.set(Some(e.message(lang))),
            }
            pending.set(false);
        });
    };
    view! {
        <section class="card no-print-card" aria-labelledby="codes-heading">
            <h2 id="codes-heading">{i18n.tr(OrgKey::ActivationCodes)}</h2>
            <p class="muted">{i18n.tr(OrgKey::BranchCodesIntro)}</p>
            <p class="form-error" role="alert" hidden=move || failed.with(Option::is_none)>{move || failed.get()}</p>
            <div class="actions">
                <button class="button secondary" type="button" disabled=move || pending.get() on:click=issue>
                    {i18n.tr(OrgKey::IssueBranchCodes)}
                </button>
            </div>
        </section>
        {move || codes.get().map(|codes| view! { <CodeSheet codes /> })}
    }
}

/// The committee and 党小组长 now, who held which post before, and a new appointment.
#[component]
fn Committee(
    id: BranchId,
    current: Vec<PostView>,
    past: Vec<PostView>,
    groups: Vec<zhibu_model::org::views::PartyGroupView>,
    manages: Signal<bool>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let failed = RwSignal::new(None::<String>);
    let end = move |post: Uuid| {
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            let input = EndPostInput {
                until: today_value(),
            };
            match api::end_post(post, &input, lang).await {
                Ok(()) => reload(),
                Err(e) => failed.set(Some(e.message(lang))),
            }
        });
    };
    let empty = current.is_empty();
    let no_past = past.is_empty();
    view! {
        <section class="card" aria-labelledby="committee-heading">
            <h2 id="committee-heading">{i18n.tr(OrgKey::Committee)}</h2>
            <p class="form-error" role="alert" hidden=move || failed.with(Option::is_none)>{move || failed.get()}</p>
            <p class="muted" hidden=!empty>{i18n.tr(OrgKey::NoPosts)}</p>
            <ul class="records" data-testid="posts">
                {current.into_iter().map(|p| {
                    let post_id = p.id.0;
                    view! {
                        <li class="record-line" data-testid="post">
                            <span><strong>{move || p.post.label(i18n.lang())}</strong>" "
                                <a href=Route::OrgMember(p.member_id.0).href()>{p.display_name.clone()}</a>
                                <span class="muted">{p.from.map(|d| move || format!(" · {} {}", i18n.t(OrgKey::Since), date(i18n.lang(), d)))}</span>
                            </span>
                            <Show when=move || manages.get()>
                                <button class="button secondary" type="button" on:click=move |_| end(post_id)>{i18n.tr(OrgKey::EndPost)}</button>
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <details class="fold" hidden=no_past>
                <summary>{i18n.tr(OrgKey::PastPosts)}</summary>
                <ul class="records" data-testid="past-posts">
                    {past.into_iter().map(|p| view! {
                        <li class="record-line">
                            <span><strong>{move || p.post.label(i18n.lang())}</strong>" "{p.display_name.clone()}</span>
                            <span class="muted">{move || {
                                let lang = i18n.lang();
                                let from = p.from.map(|d| date(lang, d)).unwrap_or_default();
                                let until = p.until.map(|d| date(lang, d)).unwrap_or_default();
                                format!("{from} – {until}")
                            }}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </details>
            <Show when=move || manages.get()>
                <Appoint id groups=groups.clone() reload />
            </Show>
        </section>
    }
}

#[component]
fn Appoint(
    id: BranchId,
    groups: Vec<zhibu_model::org::views::PartyGroupView>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let members: Loaded<MemberPage> = RwSignal::new(None);
    let lang = i18n.lang_untracked();
    fill(members, lang, async move {
        api::members("", &id.to_string(), "active", 1, 200, lang).await
    });
    let member = RwSignal::new(String::new());
    let post = RwSignal::new(String::new());
    let from = RwSignal::new(today_value());
    let group = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = AppointInput {
            member_id: member.get_untracked(),
            post: post.get_untracked(),
            from: from.get_untracked(),
            party_group_id: group.get_untracked(),
        };
        if errors.check(input.parse(crate::records::today())).is_none() {
            return;
        }
        let lang = i18n.lang_untracked();
        send(
            errors,
            pending,
            async move { api::appoint(id, &input, lang).await },
            move |_| reload(),
        );
    };
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    let groups = StoredValue::new(groups);
    view! {
        <details class="fold">
            <summary>{i18n.tr(OrgKey::Appoint)}</summary>
            <FormAlert errors />
            <form class="form" novalidate on:submit=submit>
                <SelectField id="member_id" label=move || i18n.t(OrgKey::Name).to_owned() value=member error=errors.for_field("member_id")>
                    <option value="">{i18n.tr(OrgKey::Choose)}</option>
                    {move || members.get().and_then(Result::ok).map(|page| page.members.into_iter().map(|m| {
                        let value = m.id.to_string();
                        view! { <option value=value>{format!("{} ({})", m.display_name, m.login)}</option> }
                    }).collect_view())}
                </SelectField>
                <SelectField id="post" label=label("post") value=post error=errors.for_field("post")>
                    <option value="">{i18n.tr(OrgKey::Choose)}</option>
                    {Post::ALL.into_iter().map(|p| view! { <option value=p.as_str()>{move || p.label(i18n.lang())}</option> }).collect_view()}
                </SelectField>
                <InputField id="from" kind="date" label=label("from") value=from error=errors.for_field("from") />
                <Show when=move || post.get() == Post::GroupLeader.as_str()>
                    <SelectField id="party_group_id" label=label("party_group_id") value=group error=errors.for_field("party_group_id")>
                        <option value="">{i18n.tr(OrgKey::Choose)}</option>
                        {groups.with_value(|groups| groups.iter().filter(|g| !g.closed).map(|g| view! { <option value=g.id.to_string()>{g.name.clone()}</option> }).collect_view())}
                    </SelectField>
                </Show>
                <div class="form-actions">
                    <SubmitButton pending class="button primary" idle=OrgKey::Appoint busy=OrgKey::Saving />
                </div>
            </form>
        </details>
    }
}

#[component]
fn NewGroup(id: BranchId, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = GroupInput {
            name: name.get_untracked(),
        };
        if errors.check(input.parse()).is_none() {
            return;
        }
        let lang = i18n.lang_untracked();
        send(
            errors,
            pending,
            async move { api::create_group(id, &input, lang).await },
            move |_| reload(),
        );
    };
    view! {
        <details class="fold">
            <summary>{i18n.tr(OrgKey::NewGroup)}</summary>
            <FormAlert errors />
            <form class="form" novalidate on:submit=submit>
                <InputField id="name" kind="text" label=move || i18n.t(OrgKey::GroupName).to_owned() value=name error=errors.for_field("name") />
                <div class="form-actions">
                    <SubmitButton pending class="button secondary" idle=OrgKey::CreateGroup busy=OrgKey::Saving />
                </div>
            </form>
        </details>
    }
}

/// Rename (or move under another 党总支), and close.
#[component]
fn Settings(
    detail: BranchDetail,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = detail.branch.id;
    let name = RwSignal::new(detail.branch.name.clone());
    let general = detail
        .branch
        .general_branch_id
        .map(|g| g.to_string())
        .unwrap_or_default();
    let errors = FormErrors::new();
    let pending = RwSignal::new(false);
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = BranchInput {
            name: name.get_untracked(),
            general_branch_id: general.clone(),
        };
        if errors.check(input.parse()).is_none() {
            return;
        }
        let lang = i18n.lang_untracked();
        send(
            errors,
            pending,
            async move { api::update_branch(id, &input, lang).await },
            move |_| reload(),
        );
    };
    let close_on = RwSignal::new(today_value());
    let close_errors = FormErrors::new();
    let close = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CloseInput {
            date: close_on.get_untracked(),
        };
        if close_errors
            .check(input.parse(crate::records::today()))
            .is_none()
        {
            return;
        }
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::close_branch(id, &input, lang).await {
                Ok(()) => reload(),
                Err(e) => close_errors.refuse(e),
            }
        });
    };
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    view! {
        <section class="card" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{i18n.tr(OrgKey::BranchSettings)}</h2>
            <details class="fold">
                <summary>{i18n.tr(OrgKey::Rename)}</summary>
                <FormAlert errors />
                <form class="form" novalidate on:submit=rename>
                    <InputField id="name" kind="text" label=move || i18n.t(OrgKey::BranchName).to_owned() value=name error=errors.for_field("name") />
                    <div class="form-actions">
                        <SubmitButton pending class="button secondary" idle=OrgKey::Rename busy=OrgKey::Saving />
                    </div>
                </form>
            </details>
            <details class="fold">
                <summary>{i18n.tr(OrgKey::CloseBranch)}</summary>
                <p class="muted">{i18n.tr(OrgKey::CloseBranchIntro)}</p>
                <FormAlert errors=close_errors />
                <form class="form" novalidate on:submit=close>
                    <InputField id="date" kind="date" label=label("date") value=close_on error=close_errors.for_field("date") />
                    <div class="form-actions">
                        <button class="button danger" type="submit">{i18n.tr(OrgKey::CloseBranch)}</button>
                    </div>
                </form>
            </details>
        </section>
    }
}

/// A 党小组 with its members' count; its secretary or the administrator renames or
/// closes it.
#[component]
fn Group(
    group: zhibu_model::org::views::PartyGroupView,
    manages: Signal<bool>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = group.id;
    let field_id = format!("group-{id}");
    let name = RwSignal::new(group.name.clone());
    let errors = FormErrors::new();
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = GroupInput {
            name: name.get_untracked(),
        };
        if errors.check(input.parse()).is_none() {
            return;
        }
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::rename_group(id, &input, lang).await {
                Ok(()) => reload(),
                Err(e) => errors.refuse(e),
            }
        });
    };
    let close = move |_| {
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::close_group(id, lang).await {
                Ok(()) => reload(),
                Err(e) => errors.refuse(e),
            }
        });
    };
    let error = errors.for_field("name");
    view! {
        <li class="record-line" data-testid="group">
            <span>{group.name}<span class="muted">{format!(" · {}", group.members)}</span></span>
            <Show when=move || manages.get()>
                <details class="fold">
                    <summary>{i18n.tr(OrgKey::Change)}</summary>
                    <FormAlert errors />
                    <form class="form" novalidate on:submit=rename>
                        <div class="field">
                            <label for=field_id.clone()>{i18n.tr(OrgKey::GroupName)}</label>
                            <input id=field_id.clone() type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                            <p class="field-error" hidden=move || error.with(Option::is_none)>{move || error.get().unwrap_or_default()}</p>
                        </div>
                        <div class="form-actions">
                            <button class="button secondary" type="submit">{i18n.tr(OrgKey::Rename)}</button>
                            <button class="button danger" type="button" on:click=close>{i18n.tr(OrgKey::CloseGroup)}</button>
                        </div>
                    </form>
                </details>
            </Show>
        </li>
    }
}

/// The committee posts a 换届 fills, in the order a branch lists them; 委员 twice, as
/// most committees have more than one.
const ELECTED: [Post; 7] = [
    Post::Secretary,
    Post::DeputySecretary,
    Post::Organisation,
    Post::Propaganda,
    Post::Discipline,
    Post::CommitteeMember,
    Post::CommitteeMember,
];

/// 换届: the new committee from a date, every post at once; the terms before it end that
/// day and stay in the history.
#[component]
fn Election(
    id: BranchId,
    current: Vec<PostView>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let members: Loaded<MemberPage> = RwSignal::new(None);
    let lang = i18n.lang_untracked();
    fill(members, lang, async move {
        api::members("", &id.to_string(), "active", 1, 200, lang).await
    });
    // Each seat starts with whoever holds that post now (the n-th 委员 for the n-th seat).
    let seats: Vec<(Post, RwSignal<String>)> = ELECTED
        .iter()
        .enumerate()
        .map(|(i, post)| {
            let nth = ELECTED[..i].iter().filter(|p| *p == post).count();
            let holder = current.iter().filter(|p| p.post == *post).nth(nth);
            (
                *post,
                RwSignal::new(holder.map(|p| p.member_id.to_string()).unwrap_or_default()),
            )
        })
        .collect();
    let seats = StoredValue::new(seats);
    let on = RwSignal::new(today_value());
    let errors = FormErrors::new();
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let posts = seats.with_value(|seats| {
            seats
                .iter()
                .filter(|(_, who)| !who.get_untracked().is_empty())
                .map(|(post, who)| ElectedPost {
                    member_id: who.get_untracked(),
                    post: post.as_str().to_owned(),
                })
                .collect()
        });
        let input = ElectionInput {
            date: on.get_untracked(),
            posts,
        };
        if errors.check(input.parse(crate::records::today())).is_none() {
            return;
        }
        let lang = i18n.lang_untracked();
        send(
            errors,
            pending,
            async move { api::elect(id, &input, lang).await },
            move |_| reload(),
        );
    };
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    view! {
        <section class="card" aria-labelledby="election-heading">
            <h2 id="election-heading">{i18n.tr(OrgKey::Election)}</h2>
            <details class="fold">
                <summary>{i18n.tr(OrgKey::NewCommittee)}</summary>
                <p class="muted">{i18n.tr(OrgKey::ElectionIntro)}</p>
                <FormAlert errors />
                <form class="form" novalidate on:submit=submit>
                    <InputField id="date" kind="date" label=label("date") value=on error=errors.for_field("date") />
                    {seats.with_value(|seats| seats.iter().enumerate().map(|(i, (post, who))| {
                        let (post, who) = (*post, *who);
                        let field_id = format!("seat-{i}");
                        view! {
                            <div class="field">
                                <label for=field_id.clone()>{move || post.label(i18n.lang())}</label>
                                <select id=field_id prop:value=move || who.get() on:change=move |ev| who.set(event_target_value(&ev))>
                                    <option value="">{i18n.tr(OrgKey::Vacant)}</option>
                                    {move || members.get().and_then(Result::ok).map(|page| page.members.into_iter().map(|m| {
                                        let value = m.id.to_string();
                                        let selected = who.get_untracked() == value;
                                        view! { <option value=value selected=selected>{format!("{} ({})", m.display_name, m.login)}</option> }
                                    }).collect_view())}
                                </select>
                            </div>
                        }
                    }).collect_view())}
                    <p class="field-error" hidden=move || errors.for_field("post").with(Option::is_none)>{move || errors.for_field("post").get()}</p>
                    <p class="field-error" hidden=move || errors.for_field("member_id").with(Option::is_none)>{move || errors.for_field("member_id").get()}</p>
                    <div class="form-actions">
                        <SubmitButton pending class="button primary" idle=OrgKey::Elect busy=OrgKey::Saving />
                    </div>
                </form>
            </details>
        </section>
    }
}
