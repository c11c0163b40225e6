//! 活动: not built yet; the page says what it will do.

use crate::components::not_yet_built::NotYetBuilt;
use crate::i18n::Key;
use leptos::prelude::*;

#[component]
pub fn EventsPage() -> impl IntoView {
    view! { <NotYetBuilt about=Key::EventsAbout /> }
}
