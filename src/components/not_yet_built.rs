//! What a page that is not built yet says: what it will do, and plainly that it does
//! not do it yet (no placeholder figures that could be mistaken for real ones).

use crate::i18n::{Key, use_i18n};
use leptos::prelude::*;

#[component]
pub fn NotYetBuilt(
    /// The page's own sentence about what it will do.
    about: Key,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <p>{i18n.tr(about)}</p>
            <p class="muted">{i18n.tr(Key::NotYetBuilt)}</p>
        </section>
    }
}
