//! The login page. The form is checked with the model's `LoginRequest::parse` first, so
//! an empty field is reported at once (and offline) in the server's own words.

use crate::api;
use crate::app::safe_next;
use crate::components::field::TextField;
use crate::components::form::{FormAlert, FormErrors, SubmitButton};
use crate::components::lang_switch::LangSwitch;
use crate::i18n::{Key, set_document_title, use_i18n};
use crate::router::use_routing;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::LoginRequest;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let routing = use_routing();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::for_account();

    // Logged in (now, or already from an earlier visit): on to where the member was going.
    Effect::new(move || {
        if session.with_member(|m| m.is_some()) {
            let next = routing.query_untracked("next");
            routing.replace(safe_next(next.as_deref()));
        }
    });
    Effect::new(move || set_document_title(i18n.t(Key::LogIn), i18n.lang()));

    // A plain task rather than an `Action`: this page is in the first download, and
    // an action's machinery is not needed for one request at a time.
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = LoginRequest {
            login: login.get_untracked(),
            password: password.get_untracked(),
        };
        if pending.get_untracked() || errors.check(request.parse()).is_none() {
            return;
        }
        pending.set(true);
        spawn_local(async move {
            match api::login(&request, i18n.lang_untracked()).await {
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
                <h1>{i18n.tr(Key::AppName)}</h1>
                <p class="muted">{i18n.tr(Key::Tagline)}</p>
                <p>{i18n.tr(Key::LoginIntro)}</p>
                <form novalidate on:submit=on_submit>
                    <TextField
                        id="login"
                        label=Key::LoginName
                        autocomplete="username"
                        value=login
                        error=errors.for_field("login")
                    />
                    <TextField
                        id="password"
                        label=Key::Password
                        kind="password"
                        autocomplete="current-password"
                        value=password
                        error=errors.for_field("password")
                    />
                    <FormAlert errors />
                    <SubmitButton
                        pending=pending
                        idle=Key::LogIn
                        busy=Key::LoggingIn
                        class="button primary"
                    />
                </form>
                <p class="login-alt"><a href="/activate">{i18n.tr(Key::FirstUse)}</a></p>
            </section>
        </main>
    }
}
