//! The tab icons: one stroked path each on a 24-unit grid, drawn inline (no icon font,
//! no extra request) and coloured by CSS through `currentColor`.

use leptos::prelude::*;

pub const HOME: &str = "M3 10.5 12 3l9 7.5M5 9v11h5v-6h4v6h5V9";
pub const STUDY: &str =
    "M12 6.5C10 5 7 4.5 3 5v13.5c4-.5 7 0 9 1.5 2-1.5 5-2 9-1.5V5c-4-.5-7 0-9 1.5zM12 6.5V20";
pub const PLEDGES: &str = "M6 3h9l4 4v14H6zM14 3v5h5M9 14l2 2 4-4";
pub const TALKS: &str = "M3 4h12v9H8l-4 3.5V13H3zM18 8h3v9h-1v3l-3.5-3H11v-2";
pub const EVENTS: &str = "M4 6h16v15H4zM4 10h16M8 3v5M16 3v5";
/// 管理: a building with columns.
pub const ORG: &str = "M3 21h18M4 10h16M12 3 4 8h16zM6 10v8M10 10v8M14 10v8M18 10v8";
pub const ME: &str = "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 3.6-6.5 8-6.5s8 2.5 8 6.5";

/// A decorative icon: hidden from assistive technology, the label beside it speaks.
#[component]
pub fn Icon(d: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=d />
        </svg>
    }
}
