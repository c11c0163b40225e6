//! 首次使用 (`/activate`): a new member enters the login and the one-time activation code
//! their secretary handed over, and sets their own password; the server then opens a
//! session, as a login would. Checked with the model's `ActivateRequest::parse` first,
//! so an empty or malformed field is named at once. Its code loads only on this page.

use crate::api;
use crate::components::field::TextField;
use crate::components::form::{FormAlert, FormErrors, SubmitButton};
use crate::components::lang_switch::LangSwitch;
use crate::i18n::{Key, PgKey, set_document_title, use_i18n};
use crate::router::use_routing;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::org::ActivateRequest;

#[component]
pub fn ActivatePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let routing = use_routing();
    let login = RwSignal::new(routing.query_untracked("login").unwrap_or_default());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let pending = RwSignal::new(false);

    Effect::new(move || {
        if session.with_member(|m| m.is_some()) {
            routing.replace("/");
        }
    });
    Effect::new(move || set_document_title(i18n.t(PgKey::ActivateTitle), i18n.lang()));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = ActivateRequest {
            login: login.get_untracked(),
            activation_code: code.get_untracked(),
            password: password.get_untracked(),
        };
        if pending.get_untracked() || errors.check(request.parse()).is_none() {
            return;
        }
        pending.set(true);
        spawn_local(async move {
            match api::activate(&request, i18n.lang_untracked()).await {
                Ok(me) => session.signed_in(me),
                Err(e) => errors.refuse(e),
            }
            pending.set(false);
        });
    };

    view! {
        <main class="center-page login-page">
            <div class="login-lang">
                <LangSwitch />
            </div>
            <section class="card login-card">
                <span class="app-mark login-mark" aria-hidden="true"></span>
                <h1>{i18n.tr(PgKey::ActivateTitle)}</h1>
                <p>{i18n.tr(PgKey::ActivateIntro)}</p>
                <form novalidate on:submit=on_submit>
                    <TextField id="login" label=Key::LoginName autocomplete="username" value=login error=errors.for_field("login") />
                    <TextField
                        id="activation_code"
                        label=PgKey::ActivationCode
                        autocomplete="one-time-code"
                        value=code
                        error=errors.for_field("activation_code")
                        hint=Signal::derive(move || i18n.t(PgKey::ActivationCodeHint).to_owned())
                    />
                    <TextField
                        id="password"
                        label=Key::Password
                        kind="password"
                        autocomplete="new-password"
                        value=password
                        error=errors.for_field("password")
                        hint=Signal::derive(move || i18n.t(PgKey::NewPasswordHint).to_owned())
                    />
                    <FormAlert errors />
                    <SubmitButton pending=pending idle=PgKey::Activate busy=PgKey::Activating class="button primary" />
                </form>
                <p class="login-alt"><a href="/login">{i18n.tr(PgKey::HaveAPassword)}</a></p>
            </section>
        </main>
    }
}
