//! 学习: not built yet; the page says what it will do.

use crate::components::not_yet_built::NotYetBuilt;
use crate::i18n::Key;
use leptos::prelude::*;

#[component]
pub fn StudyPage() -> impl IntoView {
    view! { <NotYetBuilt about=Key::StudyAbout /> }
}
