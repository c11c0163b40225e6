//! 新建活动 / 修改活动 (`/events/new`, `/events/:id/edit`, the secretary and committee):
//! kinds (one event may count for several), title, start and end in China time, place,
//! agenda, audience (a party group picked from the groups members are in), an optional
//! study element (topic and 学时 credited to attendees),
//! and for a new event a repeat rule that the model expands into separate events of one
//! series. Checked by the model, saved on the phone, sent in the background.

use crate::components::field::InputField;
use crate::components::form::{Alert, FormErrors};
use crate::components::managers_only::ManagersOnly;
use crate::event_records;
use crate::i18n::{EvKey, PgKey, use_i18n};
use crate::records::{self, today};
use crate::router::use_routing;
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::Uuid;
use zhibu_model::check_in::CheckInSecret;
use zhibu_model::chrono::{Datelike, NaiveDate};
use zhibu_model::error::field_label;
use zhibu_model::event::{EVENT_KINDS, EventInput, event_kind_str, parse_local_datetime};
use zhibu_model::event_series::{Repeat, SeriesInput};
use zhibu_model::party_group::groups_in_use;
use zhibu_model::sync::{Change, RecordKind};

/// A new event's check-in secret, made on this phone from the browser's CSPRNG.
fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if filled {
        CheckInSecret::from_bytes(bytes).to_hex()
    } else {
        // Without a CSPRNG the event simply has no self check-in.
        String::new()
    }
}

#[component]
pub fn EventFormPage() -> impl IntoView {
    view! {
        <ManagersOnly message=EvKey::ManagersOnly back=("/events", EvKey::AllEvents.into())>
            <EventForm />
        </ManagersOnly>
    }
}

#[component]
fn EventForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let engine = expect_context::<SyncEngine>();
    let routing = use_routing();
    let editing: Option<Uuid> = use_routing().route_untracked().id();
    let day = today();
    let kinds = RwSignal::new(vec![event_kind_str(EVENT_KINDS[0]).to_owned()]);
    let title = RwSignal::new(String::new());
    let start = RwSignal::new(format!("{day}T14:30"));
    let end = RwSignal::new(format!("{day}T16:30"));
    let venue = RwSignal::new(String::new());
    let agenda = RwSignal::new(String::new());
    let audience = RwSignal::new("branch".to_owned());
    let group = RwSignal::new(String::new());
    let study_topic = RwSignal::new(String::new());
    let study_hours = RwSignal::new(String::new());
    let repeat = RwSignal::new("none".to_owned());
    let until = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let failed = RwSignal::new(None::<String>);
    let base = RwSignal::new(None::<EventInput>);
    // Minutes belong to an event that has started: moving such an event to a later date
    // means dropping them, which the secretary chooses here rather than being refused.
    let clear_minutes = RwSignal::new(false);
    let has_minutes =
        move || base.with(|b| b.as_ref().is_some_and(|b| !b.meeting_minutes.is_empty()));
    // The groups members are in (from the phone's roster copy), and the event's own
    // when editing, even if nobody is in it any more.
    let roster = untrack(|| session.with_member(|m| m.map(|m| m.id)))
        .map(|me| records::roster(me, i18n.lang_untracked()));
    let groups = Memo::new(move |_| {
        let mut names = roster.map_or_else(Vec::new, |r| {
            r.with(|r| groups_in_use(r.iter().map(|m| m.party_group.as_deref())))
        });
        let own = base.with(|b| b.as_ref().map(|b| b.group.clone()));
        if let Some(own) = own.filter(|g| !g.is_empty() && !names.contains(g)) {
            names.push(own);
        }
        names
    });

    let existing = Memo::new(move |_| editing.and_then(|id| event_records::event(engine, id)));
    Effect::new(move |_| {
        if base.with_untracked(Option::is_some) {
            return;
        }
        if let Some(e) = existing.get() {
            let i = e.data.to_input();
            kinds.set(i.kinds.clone());
            title.set(i.title.clone());
            start.set(i.start.clone());
            end.set(i.end.clone());
            venue.set(i.venue.clone());
            agenda.set(i.agenda.clone());
            audience.set(i.audience.clone());
            group.set(i.group.clone());
            study_topic.set(i.study_topic.clone());
            study_hours.set(i.study_hours.clone());
            base.set(Some(i));
        }
    });

    let input = move || {
        let kept = base.get_untracked().unwrap_or_default();
        EventInput {
            kinds: kinds.get_untracked(),
            title: title.get_untracked(),
            start: start.get_untracked(),
            end: end.get_untracked(),
            venue: venue.get_untracked(),
            agenda: agenda.get_untracked(),
            audience: audience.get_untracked(),
            group: group.get_untracked(),
            study_topic: study_topic.get_untracked(),
            study_hours: study_hours.get_untracked(),
            lecture_by_secretary: kept.lecture_by_secretary,
            cancelled: kept.cancelled,
            cancel_reason: kept.cancel_reason,
            series_id: kept.series_id,
            meeting_minutes: if clear_minutes.get_untracked() {
                String::new()
            } else {
                kept.meeting_minutes
            },
            check_in_secret: if kept.check_in_secret.is_empty() {
                new_secret()
            } else {
                kept.check_in_secret
            },
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = input();
        let checked = input
            .parse()
            .and_then(|e| e.check_minutes(event_records::now()));
        if errors.check(checked).is_none() {
            return;
        }
        let many = match repeat_rule(&repeat.get_untracked(), &input) {
            None => vec![input],
            Some(rule) => {
                let series = SeriesInput {
                    repeat: rule,
                    from: input.start.get(..10).unwrap_or_default().to_owned(),
                    until: until.get_untracked(),
                    template: input,
                };
                match errors.check(series.expand(Uuid::now_v7())) {
                    Some(list) => list
                        .into_iter()
                        .map(|mut e| {
                            e.check_in_secret = new_secret();
                            e
                        })
                        .collect(),
                    None => return,
                }
            }
        };
        spawn_local(async move {
            let mut first = None;
            for e in many {
                let id = editing.unwrap_or_else(Uuid::now_v7);
                first.get_or_insert(id);
                if let Err(e) = engine
                    .save(RecordKind::Event, id, Change::EventPut(e))
                    .await
                {
                    failed.set(Some(e));
                    return;
                }
            }
            if let Some(id) = first {
                routing.go(&format!("/events/{id}"));
            }
        });
    };

    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    let area = move |id: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label(id)}</label>
                <textarea id=id name=id rows="4"
                    aria-invalid=move || errors.for_field(id).with(Option::is_some).then_some("true")
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                ></textarea>
                <p class="field-error" hidden=move || errors.for_field(id).with(Option::is_none)>
                    {move || errors.for_field(id).get().unwrap_or_default()}
                </p>
            </div>
        }
    };
    let back = editing.map_or_else(|| "/events".to_owned(), |id| format!("/events/{id}"));
    view! {
        <section class="card">
            <h2>{move || i18n.t(if editing.is_some() { EvKey::EditEvent } else { EvKey::NewEvent })}</h2>
            <Alert message=failed.into() />
            <form class="form" novalidate on:submit=save>
                <fieldset class="field kinds" id="kinds" tabindex="-1"
                    aria-invalid=move || errors.for_field("kinds").with(Option::is_some).then_some("true")>
                    <legend>{label("kinds")}</legend>
                    <div class="check-grid">
                    {EVENT_KINDS.into_iter().map(|k| {
                        let name = event_kind_str(k);
                        let id = format!("kind-{name}");
                        view! {
                            <label class="check">
                                <input type="checkbox" id=id value=name
                                    prop:checked=move || kinds.with(|ks| ks.iter().any(|x| x == name))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        kinds.update(|ks| {
                                            ks.retain(|x| x != name);
                                            if on { ks.push(name.to_owned()); }
                                        });
                                    }
                                />
                                <span>{move || k.label(i18n.lang())}</span>
                            </label>
                        }
                    }).collect_view()}
                    </div>
                    <p class="field-error" hidden=move || errors.for_field("kinds").with(Option::is_none)>
                        {move || errors.for_field("kinds").get().unwrap_or_default()}
                    </p>
                </fieldset>
                <InputField id="title" kind="text" label=label("title") value=title error=errors.for_field("title") />
                <InputField id="start" kind="datetime-local" label=label("start") value=start error=errors.for_field("start") />
                <InputField id="end" kind="datetime-local" label=label("end") value=end error=errors.for_field("end") />
                <p class="field-hint">{i18n.tr(EvKey::ChinaTimeHint)}</p>
                <InputField id="venue" kind="text" label=label("venue") value=venue error=errors.for_field("venue") />
                {area("agenda", agenda)}
                <div class="field">
                    <label for="audience">{label("audience")}</label>
                    <select id="audience" name="audience" prop:value=move || audience.get()
                        on:change=move |ev| audience.set(event_target_value(&ev))>
                        <option value="branch">{move || zhibu_model::event::Audience::Branch.label(i18n.lang())}</option>
                        <option value="committee">{move || zhibu_model::event::Audience::Committee.label(i18n.lang())}</option>
                        <option value="group">{label("group")}</option>
                    </select>
                </div>
                <div class="field" hidden=move || audience.get() != "group">
                    <label for="group">{label("group")}</label>
                    <select id="group" name="group"
                        aria-invalid=move || errors.for_field("group").with(Option::is_some).then_some("true")
                        prop:value=move || group.get()
                        on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || groups.get().into_iter().map(|g| {
                            let selected = group.get_untracked() == g;
                            view! { <option value=g.clone() selected=selected>{g.clone()}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-hint" hidden=move || groups.with(|g| !g.is_empty())>
                        {i18n.tr(EvKey::NoPartyGroupsYet)}
                    </p>
                    <p class="field-error" hidden=move || errors.for_field("group").with(Option::is_none)>
                        {move || errors.for_field("group").get().unwrap_or_default()}
                    </p>
                </div>
                <InputField id="study_topic" kind="text" label=label("study_topic") value=study_topic error=errors.for_field("study_topic") />
                <InputField id="study_hours" kind="text" label=label("study_hours") value=study_hours error=errors.for_field("study_hours") />
                <div class="field" hidden=move || !has_minutes()>
                    <label class="check">
                        <input type="checkbox" id="meeting_minutes" aria-describedby="meeting_minutes-error"
                            aria-invalid=move || errors.for_field("meeting_minutes").with(Option::is_some).then_some("true")
                            prop:checked=move || clear_minutes.get()
                            on:change=move |ev| clear_minutes.set(event_target_checked(&ev)) />
                        {i18n.tr(EvKey::ClearMinutes)}
                    </label>
                    <p class="field-hint">{i18n.tr(EvKey::ClearMinutesHint)}</p>
                    <p class="field-error" id="meeting_minutes-error" hidden=move || errors.for_field("meeting_minutes").with(Option::is_none)>
                        {move || errors.for_field("meeting_minutes").get().unwrap_or_default()}
                    </p>
                </div>
                <div class="field" hidden=editing.is_some()>
                    <label for="repeat">{label("repeat")}</label>
                    <select id="repeat" name="repeat" prop:value=move || repeat.get()
                        on:change=move |ev| repeat.set(event_target_value(&ev))>
                        <option value="none">{i18n.tr(EvKey::RepeatNone)}</option>
                        <option value="weekly">{i18n.tr(EvKey::RepeatWeekly)}</option>
                        <option value="monthly">{i18n.tr(EvKey::RepeatMonthly)}</option>
                    </select>
                </div>
                <div hidden=move || repeat.get() == "none">
                    <InputField id="until" kind="date" label=label("until") value=until error=errors.for_field("until") />
                </div>
                <div class="form-actions">
                    <button class="button primary" type="submit">{i18n.tr(PgKey::Save)}</button>
                    <a class="button secondary" href=back>{i18n.tr(PgKey::Cancel)}</a>
                </div>
            </form>
        </section>
    }
}

/// The repeat rule chosen, taken from the start's weekday or day of the month.
fn repeat_rule(choice: &str, input: &EventInput) -> Option<Repeat> {
    let start: NaiveDate = parse_local_datetime("start", &input.start).ok()?.date();
    match choice {
        "weekly" => Some(Repeat::Weekly {
            weekday: start.weekday(),
        }),
        "monthly" => Some(Repeat::MonthlyOnDay { day: start.day() }),
        _ => None,
    }
}
