//! 记一次谈话 / 修改谈话记录 (`/talks/new`, `/talks/:id/edit`): counterparts chosen from
//! the branch roster (the phone's copy, so it works offline) or named from outside, checked
//! with the model's rules, saved on the phone and sent in the background. A field error
//! is shown under its field and nothing typed is lost.

use crate::components::field::{InputField, SelectField, TextAreaField};
use crate::components::form::{Alert, FormErrors};
use crate::i18n::{PgKey, use_i18n};
use crate::records::{self, today};
use crate::router::use_routing;
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::error::field_label;
use zhibu_model::sync::{Change, RecordKind};
use zhibu_model::talk::{TalkInput, TalkKind};
use zhibu_model::{MemberId, Uuid};

#[component]
pub fn TalkFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let session = use_session();
    let routing = use_routing();
    let editing: Option<Uuid> = use_routing().route_untracked().id();
    let me = session
        .with_member(|m| m.map(|m| m.id))
        .unwrap_or(MemberId(Uuid::nil()));
    let roster = records::roster(me, i18n.lang_untracked());

    let date = RwSignal::new(today().to_string());
    let kind = RwSignal::new(TalkKind::HeartToHeart.as_str().to_owned());
    let members = RwSignal::new(Vec::<MemberId>::new());
    let outside = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let topics = RwSignal::new(String::new());
    let issues = RwSignal::new(String::new());
    let follow_up = RwSignal::new(String::new());
    let follow_up_due = RwSignal::new(String::new());
    // Kept as it was: the form does not offer the mark (the detail page does).
    let follow_up_done = RwSignal::new(String::new());
    // Member counterparts already saved: the server never lets them go (readers stay).
    let kept = RwSignal::new(Vec::<MemberId>::new());
    let errors = FormErrors::new();
    let failed = RwSignal::new(None::<String>);

    let existing = Memo::new(move |_| {
        editing.and_then(|id| records::talks(engine, me).into_iter().find(|t| t.id == id))
    });
    let loaded = RwSignal::new(false);
    Effect::new(move |_| {
        if loaded.get_untracked() {
            return;
        }
        if let Some(t) = existing.get() {
            let input = t.record.to_input();
            date.set(input.date);
            kind.set(input.kind);
            if t.on_server {
                kept.set(input.members.clone());
            }
            members.set(input.members);
            outside.set(input.outside.join("\n"));
            place.set(input.place);
            topics.set(input.topics);
            issues.set(input.issues);
            follow_up.set(input.follow_up);
            follow_up_due.set(input.follow_up_due);
            follow_up_done.set(input.follow_up_done);
            loaded.set(true);
        }
    });
    let refusal = Signal::derive(move || {
        existing.with(|e| {
            e.as_ref()
                .and_then(|e| e.refused.as_ref().map(|r| r.message.clone()))
        })
    });
    let fixed = move || existing.with(|e| e.as_ref().is_some_and(|e| e.fixed()));

    let input = move || TalkInput {
        date: date.get_untracked(),
        kind: kind.get_untracked(),
        members: members.get_untracked(),
        outside: outside
            .get_untracked()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
        place: place.get_untracked(),
        topics: topics.get_untracked(),
        issues: issues.get_untracked(),
        follow_up: follow_up.get_untracked(),
        follow_up_due: follow_up_due.get_untracked(),
        follow_up_done: follow_up_done.get_untracked(),
    };
    let go = move |to: String| routing.go(&to);
    let save = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let input = input();
            if errors.check(input.parse(today(), me)).is_none() {
                return;
            }
            let id = editing.unwrap_or_else(Uuid::now_v7);
            spawn_local(async move {
                match engine
                    .save(RecordKind::Talk, id, Change::TalkPut(input))
                    .await
                {
                    Ok(()) => go("/talks?saved=1".to_owned()),
                    Err(e) => failed.set(Some(e)),
                }
            });
        }
    };
    let delete = move |_| {
        let Some(id) = editing else { return };
        spawn_local(async move {
            match engine.save(RecordKind::Talk, id, Change::TalkDelete).await {
                Ok(()) => go("/talks?saved=1".to_owned()),
                Err(e) => failed.set(Some(e)),
            }
        });
    };

    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    let counterparts_error = errors.for_field("counterparts");
    let others =
        move || roster.with(|r| r.iter().filter(|m| m.id != me).cloned().collect::<Vec<_>>());
    let cancel = editing.map_or_else(|| "/talks".to_owned(), |id| format!("/talks/{id}"));
    view! {
        <section class="card">
            <h2>{move || i18n.t(if editing.is_some() { PgKey::EditTalk } else { PgKey::NewTalk })}</h2>
            <Alert message=refusal />
            <Alert message=failed.into() />
            <p class="notice warn" hidden=move || !fixed()>{i18n.tr(PgKey::FixedByConfirmation)}</p>
            <form class="form talk-form" novalidate on:submit=save>
                <InputField id="date" kind="date" label=label("date") value=date error=errors.for_field("date") />
                <SelectField id="talk_kind" label=label("talk_kind") value=kind error=errors.for_field("talk_kind")>
                    {TalkKind::ALL
                        .into_iter()
                        .map(|k| {
                            view! {
                                <option value=k.as_str() selected=move || kind.get() == k.as_str()>
                                    {move || k.label(i18n.lang())}
                                </option>
                            }
                        })
                        .collect_view()}
                </SelectField>
                <fieldset
                    class="field counterparts"
                    id="counterparts"
                    tabindex="-1"
                    aria-invalid=move || counterparts_error.with(Option::is_some).then_some("true")
                    aria-describedby="counterparts-error"
                >
                    <legend>{label("counterparts")}</legend>
                    <p class="field-hint" hidden=move || !roster.with(Vec::is_empty)>{i18n.tr(PgKey::RosterEmpty)}</p>
                    <p class="field-hint" hidden=move || kept.with(Vec::is_empty)>{i18n.tr(PgKey::KeepsCounterparts)}</p>
                    <ul class="pick-list">
                        {move || others().into_iter().map(|m| {
                            let id = m.id;
                            let input_id = format!("with-{id}");
                            let checked = move || members.with(|l| l.contains(&id));
                            let locked = move || kept.with(|k| k.contains(&id));
                            view! {
                                <li>
                                    <label class="pick">
                                        <input
                                            type="checkbox"
                                            id=input_id
                                            prop:checked=checked
                                            disabled=locked
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                members.update(|l| {
                                                    l.retain(|x| *x != id);
                                                    if on {
                                                        l.push(id);
                                                    }
                                                });
                                            }
                                        />
                                        <span>{m.display_name}</span>
                                        <span class="muted">{move || m.role.label(i18n.lang())}</span>
                                    </label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p class="field-error" id="counterparts-error" hidden=move || counterparts_error.with(Option::is_none)>
                        {move || counterparts_error.get().unwrap_or_default()}
                    </p>
                </fieldset>
                <TextAreaField
                    id="outside"
                    label=move || i18n.t(PgKey::OutsidePeople).to_owned()
                    value=outside
                    error=Signal::derive(|| None)
                    rows=2
                    hint=Signal::derive(move || i18n.t(PgKey::OutsideHint).to_owned())
                />
                <InputField id="place" kind="text" label=label("place") value=place error=errors.for_field("place") />
                <TextAreaField id="topics" label=label("topics") value=topics error=errors.for_field("topics") />
                <TextAreaField id="issues" label=label("issues") value=issues error=errors.for_field("issues") rows=3 />
                <TextAreaField id="follow_up" label=label("follow_up") value=follow_up error=errors.for_field("follow_up") rows=3 />
                <InputField
                    id="follow_up_due"
                    kind="date"
                    label=label("follow_up_due")
                    value=follow_up_due
                    error=errors.for_field("follow_up_due")
                />
                <div class="form-actions">
                    <button class="button primary" type="submit">{i18n.tr(PgKey::Save)}</button>
                    <a class="button secondary" href=cancel>{i18n.tr(PgKey::Cancel)}</a>
                    <button class="button danger" type="button" hidden=editing.is_none() on:click=delete>
                        {i18n.tr(PgKey::Delete)}
                    </button>
                </div>
            </form>
        </section>
    }
}
