//! An address with no page.

use crate::i18n::{Key, use_i18n};
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main class="center-page">
            <section class="card">
                <h1>{i18n.tr(Key::NotFound)}</h1>
                <p>{i18n.tr(Key::NotFoundText)}</p>
                <p>
                    <a href="/">{i18n.tr(Key::BackHome)}</a>
                </p>
            </section>
        </main>
    }
}
