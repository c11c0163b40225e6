//! 意见建议 (`/me/feedback`): a member's suggestion or complaint to the organisation's
//! administrators (the channel the 2026 rules on government apps require), written on the
//! phone and sent by the sync engine like every other entry, so offline too; below, what
//! the member sent, each with its status and the administrators' answers as they arrive.
//! Nobody else in the branch reads them, the secretary included.

use crate::components::field::{SelectField, TextAreaField};
use crate::components::form::{Alert, FormErrors};
use crate::components::saved_notice::SavedNotice;
use crate::i18n::{PgKey, use_i18n};
use crate::records::{self, Entry};
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::Uuid;
use zhibu_model::error::field_label;
use zhibu_model::feedback::{Feedback, FeedbackInput, FeedbackKind, FeedbackReply, status};
use zhibu_model::sync::{Change, RecordKind};

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let kind = RwSignal::new("suggestion".to_owned());
    let text = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let failed = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let sent = Memo::new(move |_| records::feedback(engine));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let input = FeedbackInput {
            feedback_kind: kind.get_untracked(),
            text: text.get_untracked(),
        };
        if errors.check(input.parse()).is_none() {
            return;
        }
        spawn_local(async move {
            match engine
                .save(
                    RecordKind::Feedback,
                    Uuid::now_v7(),
                    Change::FeedbackPut(input),
                )
                .await
            {
                Ok(()) => {
                    failed.set(None);
                    text.set(String::new());
                    saved.set(true);
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    view! {
        <section class="card" aria-labelledby="feedback-heading">
            <h2 id="feedback-heading">{i18n.tr(PgKey::Feedback)}</h2>
            <p class="muted">{i18n.tr(PgKey::FeedbackIntro)}</p>
            <Alert message=failed.into() />
            <SavedNotice shown=saved />
            <form class="form" novalidate on:submit=submit>
                <SelectField id="feedback_kind" label=label("feedback_kind") value=kind error=errors.for_field("feedback_kind")>
                    {[FeedbackKind::Suggestion, FeedbackKind::Complaint].into_iter().map(|k| {
                        let value = match k {
                            FeedbackKind::Suggestion => "suggestion",
                            FeedbackKind::Complaint => "complaint",
                        };
                        view! { <option value=value selected=move || kind.get() == value>{move || k.label(i18n.lang())}</option> }
                    }).collect_view()}
                </SelectField>
                <TextAreaField id="text" label=label("text") value=text error=errors.for_field("text") rows=5 />
                <div class="form-actions">
                    <button class="button primary" type="submit">{i18n.tr(PgKey::SendFeedback)}</button>
                </div>
            </form>
        </section>
        <section class="card" aria-labelledby="sent-heading">
            <h2 id="sent-heading">{i18n.tr(PgKey::FeedbackSent)}</h2>
            <p class="muted" hidden=move || sent.with(|s| !s.is_empty())>{i18n.tr(PgKey::NoFeedback)}</p>
            <ul class="records feedback-list" data-testid="feedback-list">
                {move || sent.get().into_iter().map(|(entry, replies)| view! { <FeedbackItem entry replies /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn FeedbackItem(entry: Entry<Feedback>, replies: Vec<FeedbackReply>) -> impl IntoView {
    let i18n = use_i18n();
    let state = status(&replies);
    let Feedback {
        feedback_kind,
        text,
    } = entry.data;
    view! {
        <li class="record feedback-item" data-testid="feedback-item">
            <span class="record-meta">
                {move || feedback_kind.label(i18n.lang())}" · "
                <span class="badge" data-testid="feedback-status">{move || state.label(i18n.lang())}</span>
                {entry.pending.then(|| view! { " " <span class="badge">{i18n.tr(PgKey::PendingBadge)}</span> })}
            </span>
            <p class="prewrap">{text}</p>
            {entry.refused.map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
            {replies.into_iter().filter(|r| !r.answer.is_empty()).map(|r| view! {
                <div class="feedback-reply" data-testid="feedback-reply">
                    <p class="record-meta">{i18n.tr(PgKey::AdminAnswer)}</p>
                    <p class="prewrap">{r.answer}</p>
                </div>
            }).collect_view()}
        </li>
    }
}
