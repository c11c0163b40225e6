//! The note after a save: "saved on this phone, syncs when online" only while something
//! still waits to be sent; once the outbox is empty it says the entry reached the
//! server, so it never contradicts the sync line above it.

use crate::i18n::{PgKey, PlKey, use_i18n};
use crate::sync::SyncEngine;
use leptos::prelude::*;

#[component]
pub fn SavedNotice(
    /// Whether a save has just happened (the page's `?saved` or its own flag).
    #[prop(into)]
    shown: Signal<bool>,
    /// A signature rather than an entry: "signed" instead of "saved".
    #[prop(optional)]
    signed: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let text = move || {
        let waits = engine.status.with(|s| s.waiting > 0 || !s.ready);
        match (signed, waits) {
            (false, true) => i18n.t(PgKey::SavedOnPhone),
            (false, false) => i18n.t(PgKey::SavedAndSynced),
            (true, true) => i18n.t(PlKey::SignedOnPhone),
            (true, false) => i18n.t(PlKey::SignedAndSynced),
        }
    };
    view! {
        <p class="notice" role="status" data-testid="saved-notice" hidden=move || !shown.get()>{text}</p>
    }
}
