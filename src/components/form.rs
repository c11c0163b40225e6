//! What the forms share: their errors and their submit button. A form's errors are either
//! its own check's finding (the model's `parse`, in the server's words, before anything
//! is sent) or the server's refusal.

use crate::api;
use crate::i18n::{Label, use_i18n};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use zhibu_model::{FieldError, Lang};

#[derive(Clone, Copy)]
pub struct FormErrors {
    invalid: RwSignal<Option<FieldError>>,
    refused: RwSignal<Option<api::Error>>,
    words: fn(&FieldError, Lang) -> String,
}

impl FormErrors {
    pub fn new() -> Self {
        Self::worded(FieldError::message)
    }

    /// For the login and password forms: their own findings are worded from the account
    /// fields' labels alone (`FieldError::account_message`), which keeps every other
    /// field's words out of the first download, where the login page is.
    pub fn for_account() -> Self {
        Self::worded(FieldError::account_message)
    }

    fn worded(words: fn(&FieldError, Lang) -> String) -> Self {
        Self {
            invalid: RwSignal::new(None),
            refused: RwSignal::new(None),
            words,
        }
    }

    /// Takes a parse result: a field error is shown and its input (whose id is the
    /// field's name) gets the focus, so a screen reader reads the message at once.
    pub fn check<T>(self, parsed: Result<T, FieldError>) -> Option<T> {
        self.refused.set(None);
        match parsed {
            Ok(value) => {
                self.invalid.set(None);
                Some(value)
            }
            Err(e) => {
                let input = document()
                    .get_element_by_id(&e.field)
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
                self.invalid.set(Some(e));
                if let Some(input) = input {
                    let _ = input.focus();
                }
                None
            }
        }
    }

    pub fn refuse(self, error: api::Error) {
        self.refused.set(Some(error));
    }

    /// The message under one field: our own check first, then the server's.
    pub fn for_field(self, field: &'static str) -> Signal<Option<String>> {
        let lang = use_i18n();
        Signal::derive(move || {
            let own = self.invalid.with(|e| {
                e.as_ref()
                    .filter(|e| e.field == field)
                    .map(|e| (self.words)(e, lang.lang()))
            });
            own.or_else(|| {
                self.refused.with(|e| {
                    e.as_ref()
                        .filter(|e| e.field() == Some(field))
                        .map(|e| e.message(lang.lang()))
                })
            })
        })
    }
}

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}

/// The form's error that belongs to no field (wrong credentials, offline, rate limit),
/// announced as an alert.
#[component]
pub fn FormAlert(errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let message = Signal::derive(move || {
        errors.refused.with(|e| {
            e.as_ref()
                .filter(|e| e.field().is_none())
                .map(|e| e.message(i18n.lang()))
        })
    });
    view! { <Alert message /> }
}

/// An alert that is in the page from the start and hidden while it has nothing to say.
#[component]
pub fn Alert(message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="form-error" role="alert" hidden=move || message.with(Option::is_none)>
            {move || message.get().unwrap_or_default()}
        </p>
    }
}

/// A submit button that is disabled, and says so, while its request is under way.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] idle: Label,
    #[prop(into)] busy: Label,
    #[prop(default = "button")] class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button class=class type="submit" disabled=move || pending.get()>
            {move || i18n.t(if pending.get() { busy } else { idle })}
        </button>
    }
}
