//! The branch study plan: required topics with due dates. Members tick them off (offline
//! too); the secretary and committee publish them here. Both are synced records.

use crate::components::field::InputField;
use crate::components::form::FormErrors;
use crate::i18n::{PgKey, date, use_i18n};
use crate::records::{self, today};
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::Uuid;
use zhibu_model::error::field_label;
use zhibu_model::plan::{PlanItemInput, PlanTickInput};
use zhibu_model::sync::{Change, RecordKind};

#[component]
pub fn StudyPlan() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let session = use_session();
    let manages = move || session.with_member(|m| m.is_some_and(|m| m.role.manages_branch()));
    let items = Memo::new(move |_| records::plan_items(engine));
    let ticks = Memo::new(move |_| records::plan_ticks(engine));
    let tick_of = move |item: Uuid| {
        ticks.with(|t| t.iter().find(|t| t.data.plan_item_id == item).map(|t| t.id))
    };

    let toggle = move |item: Uuid| {
        let tick = tick_of(item);
        spawn_local(async move {
            let result = match tick {
                Some(id) => {
                    engine
                        .save(RecordKind::PlanTick, id, Change::PlanTickDelete)
                        .await
                }
                None => {
                    let input = PlanTickInput {
                        plan_item_id: Some(item),
                        done_on: today().to_string(),
                        study_id: None,
                    };
                    engine
                        .save(
                            RecordKind::PlanTick,
                            Uuid::now_v7(),
                            Change::PlanTickPut(input),
                        )
                        .await
                }
            };
            if let Err(e) = result {
                leptos::logging::warn!("plan tick: {e}");
            }
        });
    };

    view! {
        <section class="card">
            <h2>{i18n.tr(PgKey::StudyPlan)}</h2>
            <p class="muted" hidden=move || items.with(|i| !i.is_empty())>{i18n.tr(PgKey::NoPlanItems)}</p>
            <ul class="plan">
                {move || items.get().into_iter().map(|item| {
                    let id = item.id;
                    let done = move || tick_of(id).is_some();
                    let due = move || format!("{} {}", i18n.t(PgKey::Due), date(i18n.lang(), item.data.due));
                    view! {
                        <li class="plan-item">
                            <div>
                                <p class="record-topic">{item.data.title.clone()}</p>
                                <p class="record-meta">{due}</p>
                                <p class="record-meta" hidden=item.data.description.is_empty()>
                                    {item.data.description.clone()}
                                </p>
                            </div>
                            <button
                                class="button secondary tick"
                                type="button"
                                aria-pressed=move || if done() { "true" } else { "false" }
                                on:click=move |_| toggle(id)
                            >
                                {move || i18n.t(if done() { PgKey::Studied } else { PgKey::MarkDone })}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=manages>
                <PublishPlanItem />
            </Show>
        </section>
    }
}

#[component]
fn PublishPlanItem() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let title = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let publish = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = PlanItemInput {
            title: title.get_untracked(),
            due: due.get_untracked(),
            description: description.get_untracked(),
        };
        if errors.check(input.parse()).is_none() {
            return;
        }
        spawn_local(async move {
            if engine
                .save(
                    RecordKind::PlanItem,
                    Uuid::now_v7(),
                    Change::PlanItemPut(input),
                )
                .await
                .is_ok()
            {
                title.set(String::new());
                due.set(String::new());
                description.set(String::new());
            }
        });
    };
    let label = move |f: &'static str| move || field_label(f, i18n.lang()).to_owned();
    view! {
        <form class="form publish" novalidate on:submit=publish>
            <h3>{i18n.tr(PgKey::PublishPlanItem)}</h3>
            <InputField id="title" kind="text" label=label("title") value=title error=errors.for_field("title") />
            <InputField id="due" kind="date" label=label("due") value=due error=errors.for_field("due") />
            <InputField
                id="description"
                kind="text"
                label=label("description")
                value=description
                error=errors.for_field("description")
            />
            <button class="button primary" type="submit">{i18n.tr(PgKey::Publish)}</button>
        </form>
    }
}
