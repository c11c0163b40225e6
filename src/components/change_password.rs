//! The change-password form. Checked with the model's `ChangePasswordRequest::parse`
//! first; the server's field errors (a wrong current password) show under the field.

use crate::api;
use crate::components::field::TextField;
use crate::components::form::{FormAlert, FormErrors, SubmitButton};
use crate::i18n::{PgKey, new_password_hint, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;
use zhibu_model::ChangePasswordRequest;

#[component]
pub fn ChangePassword() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = FormErrors::for_account();
    let done = RwSignal::new(false);

    let save = Action::new_local(move |request: &ChangePasswordRequest| {
        let request = request.clone();
        async move {
            match api::change_password(&request, i18n.lang_untracked()).await {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    done.set(true);
                }
                // The session ended elsewhere: the shell takes the member to log in.
                Err(e) if e.is_unauthenticated() => session.clear(),
                Err(e) => errors.refuse(e),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let request = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        if errors.check(request.parse()).is_some() {
            save.dispatch(request);
        }
    };
    let login = move || session.with_member(|m| m.map(|m| m.login.clone()).unwrap_or_default());

    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{i18n.tr(PgKey::ChangePassword)}</h2>
            <form novalidate on:submit=on_submit>
                // Lets password managers file the new password under the right account.
                <input
                    type="text"
                    class="visually-hidden"
                    autocomplete="username"
                    tabindex="-1"
                    aria-hidden="true"
                    readonly
                    prop:value=login
                />
                <TextField
                    id="current_password"
                    label=PgKey::CurrentPassword
                    kind="password"
                    autocomplete="current-password"
                    value=current
                    error=errors.for_field("current_password")
                />
                <TextField
                    id="new_password"
                    label=PgKey::NewPassword
                    kind="password"
                    autocomplete="new-password"
                    value=new
                    error=errors.for_field("new_password")
                    hint=Signal::derive(move || new_password_hint(i18n.lang()))
                />
                <FormAlert errors />
                <p class="form-ok" role="status" hidden=move || !done.get()>
                    {i18n.tr(PgKey::PasswordChanged)}
                </p>
                <SubmitButton pending=save.pending() idle=PgKey::SavePassword busy=PgKey::Saving />
            </form>
        </section>
    }
}
