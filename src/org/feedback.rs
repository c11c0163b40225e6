//! `/org/feedback`: the members' 意见建议, for the organisation's administrators — open
//! ones first by default, each with the member, their branch and what was answered. An
//! answer reaches the member's phone through sync; closing ends the thread.

use super::api;
use super::strings::OrgKey;
use super::{Loaded, OrgPage, Waiting, fill, send};
use crate::components::form::{FormAlert, FormErrors, SubmitButton};
use crate::i18n::{date_time, use_i18n};
use leptos::prelude::*;
use zhibu_model::error::field_label;
use zhibu_model::feedback::{FeedbackItem, FeedbackPage, FeedbackReplyInput, FeedbackStatus};

#[component]
pub fn OrgFeedbackPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new("sent".to_owned());
    let page: Loaded<FeedbackPage> = RwSignal::new(None);
    let load = move || {
        let lang = i18n.lang_untracked();
        let s = status.get_untracked();
        fill(page, lang, async move { api::feedback(&s, 1, lang).await });
    };
    load();
    view! {
        <OrgPage title=Signal::derive(move || i18n.t(OrgKey::FeedbackInbox).to_owned())>
            <section class="card">
                <div class="field">
                    <label for="status">{i18n.tr(OrgKey::Status)}</label>
                    <select id="status" prop:value=move || status.get() on:change=move |ev| { status.set(event_target_value(&ev)); load(); }>
                        {[FeedbackStatus::Sent, FeedbackStatus::Answered, FeedbackStatus::Closed].into_iter().map(|s| {
                            let value = match s {
                                FeedbackStatus::Sent => "sent",
                                FeedbackStatus::Answered => "answered",
                                FeedbackStatus::Closed => "closed",
                            };
                            view! { <option value=value selected=s == FeedbackStatus::Sent>{move || s.label(i18n.lang())}</option> }
                        }).collect_view()}
                        <option value="">{i18n.tr(OrgKey::AnyStatus)}</option>
                    </select>
                </div>
                <Waiting state=page retry=load />
                {move || page.get().and_then(Result::ok).map(|p| {
                    let empty = p.items.is_empty();
                    view! {
                        <p class="muted" hidden=!empty>{i18n.tr(OrgKey::NoFeedback)}</p>
                        <ul class="records" data-testid="feedback-inbox">
                            {p.items.into_iter().map(|item| view! { <Item item reload=load /> }).collect_view()}
                        </ul>
                    }
                })}
            </section>
        </OrgPage>
    }
}

#[component]
fn Item(item: FeedbackItem, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let FeedbackItem {
        id,
        display_name,
        branch_name,
        feedback,
        received_at,
        status,
        replies,
        ..
    } = item;
    let answer = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let pending = RwSignal::new(false);
    let send = move |close: bool| {
        let input = FeedbackReplyInput {
            feedback_id: Some(id),
            answer: answer.get_untracked(),
            close,
        };
        if errors.check(input.parse()).is_none() {
            return;
        }
        let lang = i18n.lang_untracked();
        send(
            errors,
            pending,
            async move { api::reply(id, &input, lang).await },
            move |_| reload(),
        );
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(false);
    };
    let open = status != FeedbackStatus::Closed;
    // One answer field per thread, so each has an id of its own.
    let field_id = format!("answer-{id}");
    let error_id = format!("answer-{id}-error");
    let error = errors.for_field("answer");
    view! {
        <li class="record feedback-item" data-testid="feedback-thread">
            <span class="record-meta">
                {display_name}{branch_name.map(|b| format!(" · {b}"))}" · "
                {move || date_time(i18n.lang(), received_at)}" · "
                {move || feedback.feedback_kind.label(i18n.lang())}" · "
                <span class="badge">{move || status.label(i18n.lang())}</span>
            </span>
            <p class="prewrap">{feedback.text}</p>
            {replies.into_iter().filter(|r| !r.answer.is_empty()).map(|r| view! {
                <div class="feedback-reply"><p class="prewrap">{r.answer}</p></div>
            }).collect_view()}
            {open.then(|| view! {
                <FormAlert errors />
                <form class="form" novalidate on:submit=submit>
                    <div class="field">
                        <label for=field_id.clone()>{move || field_label("answer", i18n.lang())}</label>
                        <textarea id=field_id.clone() rows=3 aria-describedby=error_id.clone()
                            prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
                        <p class="field-error" id=error_id.clone() hidden=move || error.with(Option::is_none)>{move || error.get().unwrap_or_default()}</p>
                    </div>
                    <div class="form-actions">
                        <SubmitButton pending class="button primary" idle=OrgKey::SendAnswer busy=OrgKey::Saving />
                        <button class="button secondary" type="button" disabled=move || pending.get() on:click=move |_| send(true)>{i18n.tr(OrgKey::CloseThread)}</button>
                    </div>
                </form>
            })}
        </li>
    }
}
