//! 谈话记录 (`/talks/:id`): the record as its writer and member counterparts read it, the
//! counterparts' answers, and what the reader may do: a member counterpart confirms it or
//! disputes it with a note; the writer edits it (until a counterpart confirmed it) and
//! marks the agreed follow-up done. Every action is saved through the sync engine.

use crate::components::form::{Alert, FormErrors};
use crate::components::talk_status::TalkStatusBadge;
use crate::i18n::{PgKey, date, use_i18n};
use crate::pages::talks::participants_text;
use crate::records::{self, TalkEntry, name_of, today};
use crate::router::use_routing;
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::account::RosterMember;
use zhibu_model::error::field_label;
use zhibu_model::sync::{Change, RecordKind};
use zhibu_model::talk::{TalkConfirmationInput, Verdict};
use zhibu_model::{MemberId, Uuid};

#[component]
pub fn TalkDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let session = use_session();
    let id: Option<Uuid> = use_routing().route_untracked().id();
    let me = session
        .with_member(|m| m.map(|m| m.id))
        .unwrap_or(MemberId(Uuid::nil()));
    let roster = records::roster(me, i18n.lang_untracked());
    let entry = Memo::new(move |_| {
        id.and_then(|id| records::talks(engine, me).into_iter().find(|t| t.id == id))
    });
    view! {
        {move || match entry.get() {
            Some(t) => view! { <TalkView entry=t roster me /> }.into_any(),
            None => view! {
                <section class="card">
                    <p>{i18n.tr(PgKey::TalkNotHere)}</p>
                    <a class="button secondary" href="/talks">{i18n.tr(PgKey::Back)}</a>
                </section>
            }
            .into_any(),
        }}
    }
}

#[component]
fn TalkView(entry: TalkEntry, roster: RwSignal<Vec<RosterMember>>, me: MemberId) -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let failed = RwSignal::new(None::<String>);
    let r = entry.record.clone();
    let is_writer = entry.writer == me;
    let is_counterpart = r.members.contains(&me);
    let e = entry.clone();
    let with = move || roster.with(|ro| participants_text(i18n.lang(), ro, &e));
    let writer = entry.writer;
    let writer_name = move || roster.with(|ro| name_of(ro, writer));
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    let text_row = |field: &'static str, value: String| {
        (!value.is_empty()).then(|| {
            view! {
                <dt>{label(field)}</dt>
                <dd class="talk-text">{value}</dd>
            }
        })
    };
    let (day, kind) = (r.date, r.kind);
    let due = r.follow_up_due;
    let done_on = r.follow_up_done;
    let open_follow_up = r.open_follow_up().is_some();

    let mark_done = {
        let record = r.clone();
        let id = entry.id;
        move |_| {
            let mut input = record.to_input();
            input.follow_up_done = today().to_string();
            spawn_local(async move {
                if let Err(e) = engine
                    .save(RecordKind::Talk, id, Change::TalkPut(input))
                    .await
                {
                    failed.set(Some(e));
                }
            });
        }
    };
    let answers = entry.answers.clone();
    // A counterpart receives only their own answer: the others' would read as unanswered.
    let members: Vec<MemberId> = if is_writer {
        r.members.clone()
    } else {
        vec![me]
    };
    let answer_rows = move || {
        roster.with(|ro| {
            members
                .iter()
                .map(|m| {
                    let answer = answers
                        .iter()
                        .find(|(by, _)| by == m)
                        .map(|(_, c)| c.verdict.clone());
                    let (class, text) = match answer {
                        Some(Verdict::Confirmed) => {
                            ("confirmed", i18n.t(PgKey::StatusConfirmed).to_owned())
                        }
                        Some(Verdict::Disputed { note }) => (
                            "disputed",
                            format!("{}：{note}", i18n.t(PgKey::StatusDisputed)),
                        ),
                        None => ("awaiting", i18n.t(PgKey::NotAnswered).to_owned()),
                    };
                    view! {
                        <li class=format!("answer {class}")>
                            <span class="record-topic">{name_of(ro, *m)}</span>
                            <span class="record-meta">{text}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let edit_href = format!("/talks/{}/edit", entry.id);
    let fixed = entry.fixed();
    view! {
        <section class="card talk-detail">
            <h2>{move || kind.label(i18n.lang())}</h2>
            <p class="record-meta">
                {move || date(i18n.lang(), day)} " "
                <TalkStatusBadge status=entry.status(me) />
                {entry.pending.then(|| view! { <span class="badge">{i18n.tr(PgKey::PendingBadge)}</span> })}
            </p>
            <Alert message=Signal::derive({
                let refused = entry.refused.clone();
                move || refused.as_ref().map(|e| e.message.clone())
            }) />
            <Alert message=failed.into() />
            <dl class="talk-fields">
                <dt>{i18n.tr(PgKey::WrittenBy)}</dt>
                <dd>{writer_name}</dd>
                <dt>{label("counterparts")}</dt>
                <dd data-testid="talk-with">{with}</dd>
                {text_row("place", r.place.clone())}
                {text_row("topics", r.topics.clone())}
                {text_row("issues", r.issues.clone())}
                {text_row("follow_up", r.follow_up.clone())}
                {due.map(|d| view! { <dt>{label("follow_up_due")}</dt><dd>{move || date(i18n.lang(), d)}</dd> })}
                {done_on.map(|d| view! { <dt>{i18n.tr(PgKey::FollowUpDoneOn)}</dt><dd>{move || date(i18n.lang(), d)}</dd> })}
            </dl>
            <div class="actions">
                <a class="button secondary" href=edit_href hidden=!is_writer || fixed>{i18n.tr(PgKey::Edit)}</a>
                <button class="button secondary" type="button" hidden=!is_writer || !open_follow_up on:click=mark_done>
                    {i18n.tr(PgKey::MarkFollowUpDone)}
                </button>
                <a class="button secondary" href="/talks">{i18n.tr(PgKey::Back)}</a>
            </div>
            <p class="muted" hidden=!is_writer || !fixed>{i18n.tr(PgKey::FixedByConfirmation)}</p>
        </section>
        <section class="card" hidden=r.members.is_empty()>
            <h2>{i18n.tr(PgKey::Answers)}</h2>
            <ul class="records answers">{answer_rows}</ul>
        </section>
        {(is_counterpart && !is_writer).then(|| view! { <AnswerForm entry=entry.clone() /> })}
    }
}

/// A member counterpart's confirmation or dispute (with a note), saved through the
/// engine; a second answer replaces the first (one per counterpart and talk).
#[component]
fn AnswerForm(entry: TalkEntry) -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let errors = FormErrors::new();
    let failed = RwSignal::new(None::<String>);
    let note = RwSignal::new(match &entry.my_answer {
        Some((_, c)) => match &c.verdict {
            Verdict::Disputed { note } => note.clone(),
            Verdict::Confirmed => String::new(),
        },
        None => String::new(),
    });
    let record_id = entry
        .my_answer
        .as_ref()
        .map_or_else(Uuid::now_v7, |(id, _)| *id);
    let talk_id = entry.id;
    let send = move |verdict: &'static str| {
        let input = TalkConfirmationInput {
            talk_id: Some(talk_id),
            verdict: verdict.to_owned(),
            note: if verdict == "disputed" {
                note.get_untracked()
            } else {
                String::new()
            },
        };
        if errors.check(input.parse()).is_none() {
            return;
        }
        spawn_local(async move {
            if let Err(e) = engine
                .save(
                    RecordKind::TalkConfirmation,
                    record_id,
                    Change::TalkConfirmationPut(input),
                )
                .await
            {
                failed.set(Some(e));
            }
        });
    };
    let note_error = errors.for_field("note");
    // Once answered, the answer is what the counterpart sees; the form opens again only
    // when they choose to change it.
    let answered = entry.my_answer.as_ref().map(|(_, c)| c.verdict.clone());
    let changing = RwSignal::new(answered.is_none());
    let answer_text = answered.map(|v| match v {
        Verdict::Confirmed => i18n.t(PgKey::YouConfirmed).to_owned(),
        Verdict::Disputed { note } => format!("{}：{note}", i18n.t(PgKey::YouDisputed)),
    });
    view! {
        <section class="card answer-form">
            <h2>{i18n.tr(PgKey::YourAnswer)}</h2>
            <Alert message=failed.into() />
            {answer_text.map(|text| view! {
                <p class="notice" role="status" data-testid="my-answer">{text}</p>
                <div class="actions" hidden=move || changing.get()>
                    <button class="button secondary" type="button" on:click=move |_| changing.set(true)>
                        {i18n.tr(PgKey::ChangeAnswer)}
                    </button>
                </div>
            })}
            <div class="answer-choices" hidden=move || !changing.get()>
            <div class="actions">
                <button class="button primary" type="button" on:click=move |_| send("confirmed")>
                    {i18n.tr(PgKey::Confirm)}
                </button>
            </div>
            <div class="field">
                <label for="note">{move || field_label("note", i18n.lang()).to_owned()}</label>
                <textarea
                    id="note"
                    name="note"
                    rows="3"
                    aria-invalid=move || note_error.with(Option::is_some).then_some("true")
                    aria-describedby="note-error"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                ></textarea>
                <p class="field-error" id="note-error" hidden=move || note_error.with(Option::is_none)>
                    {move || note_error.get().unwrap_or_default()}
                </p>
            </div>
            <div class="actions">
                <button class="button secondary" type="button" on:click=move |_| send("disputed")>
                    {i18n.tr(PgKey::Dispute)}
                </button>
            </div>
            </div>
        </section>
    }
}
