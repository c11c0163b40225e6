//! The frame of every member page: header (page title, branch), offline note, the page,
//! and the navigation. It also keeps out whoever is not logged in.

use crate::app::RoutedPage;
use crate::app::login_href;
use crate::components::nav::{Nav, tab_for};
use crate::components::sync_status::SyncStatusLine;
use crate::i18n::{Key, use_i18n};
use crate::router::use_routing;
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;

#[component]
pub fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let engine = expect_context::<SyncEngine>();
    let routing = use_routing();

    // Not logged in: to the login page, which comes back here afterwards. Replacing the
    // entry keeps Back from returning to a page that would only redirect again.
    Effect::new(move || {
        if session.signed_out() {
            routing.replace(&login_href(&routing.here_untracked()));
        }
    });

    let title = move || {
        let key = tab_for(&routing.path()).map_or(Key::AppName, |tab| tab.label);
        i18n.t(key)
    };
    Effect::new(move || crate::i18n::set_document_title(title(), i18n.lang()));
    let branch = move || {
        session
            .with_member(|m| m.and_then(|m| m.branch_name.clone()))
            .unwrap_or_else(|| i18n.t(Key::NoBranch).to_owned())
    };

    view! {
        <Show
            when=move || session.with_member(|m| m.is_some())
            fallback=move || view! { <p class="splash" role="status">{i18n.tr(Key::Loading)}</p> }
        >
            <div class="shell">
                <header class="app-header">
                    <h1 class="app-title">{title}</h1>
                    <p class="app-branch">{branch}</p>
                </header>
                <p class="offline-note" role="status" hidden=move || !session.is_offline()>
                    {i18n.tr(Key::OfflineNote)}
                </p>
                <SyncStatusLine />
                <main class="app-main">
                    // Pages show the phone's store: until it is open they would show
                    // nothing, and a form filled in meanwhile would be overwritten when
                    // the record arrives.
                    <Show
                        when=move || engine.status.with(|s| s.ready || s.store_failed)
                        fallback=move || view! { <p class="splash" role="status">{i18n.tr(Key::Loading)}</p> }
                    >
                        <RoutedPage />
                    </Show>
                </main>
                <Nav />
            </div>
        </Show>
    }
}
