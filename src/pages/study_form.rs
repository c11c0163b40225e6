//! 记一笔学习 / 修改学习记录 (`/study/new`, `/study/:id`): the record is checked with the
//! model's rules, saved on the phone (outbox) and only then shown as saved; sending
//! happens in the background. Defaults make adding one quick: today, and the form and
//! duration used last time.

use crate::components::field::{InputField, SelectField, TextAreaField};
use crate::components::form::{Alert, FormErrors};
use crate::i18n::{PgKey, local_storage, use_i18n};
use crate::records::{self, today};
use crate::router::use_routing;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::error::field_label;
use zhibu_model::plan::PlanTickInput;
use zhibu_model::study::{StudyForm, StudyInput, StudyRecord};
use zhibu_model::sync::{Change, RecordKind};
use zhibu_model::{Lang, Uuid};

/// The last form and duration used, so the next record starts from them.
const LAST_USED: &str = "zhibu.study.last";

fn last_used() -> (String, String) {
    local_storage()
        .and_then(|s| s.get_item(LAST_USED).ok().flatten())
        .and_then(|v| v.split_once('|').map(|(f, m)| (f.to_owned(), m.to_owned())))
        .unwrap_or_else(|| (StudyForm::GroupStudy.as_str().to_owned(), "45".to_owned()))
}

fn remember(form: &str, minutes: i64) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(LAST_USED, &format!("{form}|{minutes}"));
    }
}

#[component]
pub fn StudyFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let routing = use_routing();
    let editing: Option<Uuid> = use_routing().route_untracked().id();

    let (last_form, last_minutes) = last_used();
    let date = RwSignal::new(today().to_string());
    let minutes = RwSignal::new(last_minutes);
    let form = RwSignal::new(last_form);
    let topic = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let plan_item = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let failed = RwSignal::new(None::<String>);

    // Editing: fill the fields once the record is in the local store (it may still be
    // opening right after a reload), and show why the server refused it, if it did.
    let existing = Memo::new(move |_| {
        editing.and_then(|id| records::study(engine).into_iter().find(|e| e.id == id))
    });
    let loaded = RwSignal::new(false);
    Effect::new(move |_| {
        if loaded.get_untracked() {
            return;
        }
        if let Some(entry) = existing.get() {
            let input = entry.data.to_input();
            date.set(input.date);
            minutes.set(input.minutes.to_string());
            form.set(input.form);
            topic.set(input.topic);
            notes.set(input.notes);
            plan_item.set(
                input
                    .plan_item_id
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
            );
            loaded.set(true);
        }
    });
    let refusal = Signal::derive(move || {
        existing.with(|e| {
            e.as_ref()
                .and_then(|e| e.refused.as_ref().map(|r| r.message.clone()))
        })
    });

    let input = move || StudyInput {
        date: date.get_untracked(),
        minutes: minutes.get_untracked().trim().parse().unwrap_or(0),
        form: form.get_untracked(),
        topic: topic.get_untracked(),
        notes: notes.get_untracked(),
        plan_item_id: plan_item.get_untracked().parse().ok(),
    };
    let go_back = move |saved: bool| routing.go(if saved { "/study?saved=1" } else { "/study" });
    let save = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let input = input();
            if errors.check(input.parse(today())).is_none() {
                return;
            }
            let id = editing.unwrap_or_else(Uuid::now_v7);
            spawn_local(async move {
                remember(&input.form, input.minutes);
                let covers = input.plan_item_id;
                let done_on = input.date.clone();
                let mut saved = engine
                    .save(RecordKind::Study, id, Change::StudyPut(input))
                    .await;
                // Studying a plan item's topic ticks it off, linked to this record, unless
                // the member already had.
                if let (Ok(()), Some(item)) = (&saved, covers) {
                    let ticked = records::plan_ticks(engine)
                        .iter()
                        .any(|t| t.data.plan_item_id == item);
                    if !ticked {
                        let tick = PlanTickInput {
                            plan_item_id: Some(item),
                            done_on,
                            study_id: Some(id),
                        };
                        saved = engine
                            .save(
                                RecordKind::PlanTick,
                                Uuid::now_v7(),
                                Change::PlanTickPut(tick),
                            )
                            .await;
                    }
                }
                match saved {
                    Ok(()) => go_back(true),
                    Err(e) => failed.set(Some(e)),
                }
            });
        }
    };
    let delete = move |_| {
        let Some(id) = editing else { return };
        spawn_local(async move {
            match engine
                .save(RecordKind::Study, id, Change::StudyDelete)
                .await
            {
                Ok(()) => go_back(true),
                Err(e) => failed.set(Some(e)),
            }
        });
    };

    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    let plan_items = move || records::plan_items(engine);
    view! {
        <section class="card">
            <h2>{move || i18n.t(if editing.is_some() { PgKey::EditStudy } else { PgKey::NewStudy })}</h2>
            <Alert message=refusal />
            <Alert message=failed.into() />
            <form class="form" novalidate on:submit=save>
                <InputField id="date" kind="date" label=label("date") value=date error=errors.for_field("date") />
                <InputField
                    id="minutes"
                    kind="number"
                    label=label("minutes")
                    value=minutes
                    error=errors.for_field("minutes")
                />
                <SelectField id="form" label=label("form") value=form error=errors.for_field("form")>
                    {StudyForm::ALL
                        .into_iter()
                        .map(|f| {
                            view! {
                                <option value=f.as_str() selected=move || form.get() == f.as_str()>
                                    {move || f.label(i18n.lang())}
                                </option>
                            }
                        })
                        .collect_view()}
                </SelectField>
                <InputField id="topic" kind="text" label=label("topic") value=topic error=errors.for_field("topic") />
                <TextAreaField id="notes" label=label("notes") value=notes error=errors.for_field("notes") />
                <div class="field" hidden=move || plan_items().is_empty()>
                    <label for="plan_item_id">{label("plan_item_id")}</label>
                    <select
                        id="plan_item_id"
                        name="plan_item_id"
                        prop:value=move || plan_item.get()
                        on:change=move |ev| plan_item.set(event_target_value(&ev))
                    >
                        <option value="">{i18n.tr(PgKey::NoPlanLink)}</option>
                        {move || {
                            plan_items()
                                .into_iter()
                                .map(|p| {
                                    let id = p.id.to_string();
                                    view! { <option value=id>{p.data.title}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="form-actions">
                    <button class="button primary" type="submit">{i18n.tr(PgKey::Save)}</button>
                    <a class="button secondary" href="/study">{i18n.tr(PgKey::Cancel)}</a>
                    <button class="button danger" type="button" hidden=editing.is_none() on:click=delete>
                        {i18n.tr(PgKey::Delete)}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// "90 分钟" / "90 min".
pub fn minutes_text(lang: Lang, r: &StudyRecord) -> String {
    format!("{} {}", r.minutes, crate::i18n::t(lang, PgKey::MinutesUnit))
}
