//! A labelled text input with its hint and error, wired for assistive technology:
//! `aria-invalid` while the error shows, `aria-describedby` naming hint and error. The
//! input's id is the request field's name, so a form can focus the field an error names.

use crate::i18n::{Label, use_i18n};
use leptos::prelude::*;

#[component]
pub fn TextField(
    /// The input's id and name; the hint's and error's ids derive from it.
    id: &'static str,
    #[prop(into)] label: Label,
    #[prop(default = "text")] kind: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
    /// The message to show under the field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let ids: Vec<&str> = [
                has_hint.then_some(hint_id.as_str()),
                error.with(Option::is_some).then_some(error_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id>{i18n.tr(label)}</label>
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                autocapitalize="none"
                spellcheck="false"
                required=true
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            // Always in the page and hidden while empty: cheaper than building it anew.
            <p class="field-error" id=error_id hidden=move || error.with(Option::is_none)>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// A labelled input for record fields, labelled in the model's words (`field_label`).
/// Unlike [`TextField`] (credentials), it keeps the browser's typing aids.
#[component]
pub fn InputField(
    id: &'static str,
    kind: &'static str,
    label: impl Fn() -> String + Send + Sync + 'static,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=id
                type=kind
                inputmode=(kind == "number").then_some("numeric")
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <p class="field-error" id=error_id hidden=move || error.with(Option::is_none)>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// A labelled multi-line field for record text, as [`InputField`].
#[component]
pub fn TextAreaField(
    id: &'static str,
    label: impl Fn() -> String + Send + Sync + 'static,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(default = 4)] rows: u32,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea
                id=id
                name=id
                rows=rows
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            <p class="field-error" id=error_id hidden=move || error.with(Option::is_none)>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// A labelled choice for record fields, as [`InputField`]; the caller gives the options.
#[component]
pub fn SelectField(
    id: &'static str,
    label: impl Fn() -> String + Send + Sync + 'static,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select
                id=id
                name=id
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {children()}
            </select>
            <p class="field-error" id=error_id hidden=move || error.with(Option::is_none)>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}
