//! 首页: a greeting. Study progress and the calendar come in later versions; until then
//! the page says so rather than showing figures that are not real.

use crate::i18n::{Key, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let name = move || session.with_member(|m| m.map(|m| m.display_name.clone()));
    let branch = move || session.with_member(|m| m.and_then(|m| m.branch_name.clone()));
    view! {
        <section class="card welcome">
            <h2>{i18n.tr(Key::Hello)}{name}</h2>
            <p class="muted" hidden=move || branch().is_none()>{branch}</p>
            <p>{i18n.tr(Key::HomeIntro)}</p>
        </section>
        <section class="card">
            <p>{i18n.tr(Key::HomeComing)}</p>
        </section>
    }
}
