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
    // The page's code is fetched as soon as a member is known, beside the engine's, not
    // once the engine has opened the store.
    Effect::new(move || {
        let lazy = routing.route().lazy();
        if let (Some(lazy), true) = (lazy, session.with_member(|m| m.is_some())) {
            leptos::task::spawn_local(async move {
                let _ = lazy.load().await;
            });
        }
    });

    // On a phone that has never synced, pages wait for the first round (or a few seconds
    // of it) so that they are drawn once, with the member's records, instead of drawn
    // empty and then pushed about as the records arrive.
    let waited = RwSignal::new(false);
    set_timeout(move || waited.set(true), FIRST_SYNC_WAIT);
    let show_pages = move || {
        engine.status.with(|s| {
            s.store_failed || (s.ready && (s.last_synced.is_some() || s.tried || waited.get()))
        })
    };

    // Once the member's own data is on the screen, boot.js may let the service worker
    // fetch the rest of the app for offline use.
    let announced = StoredValue::new(false);
    Effect::new(move || {
        let drawn = show_pages()
            && engine
                .status
                .with(|s| s.last_synced.is_some() && !s.syncing);
        if drawn && !announced.get_value() {
            announced.set_value(true);
            announce_first_screen();
        }
    });
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
                        when=show_pages
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

/// How long a phone that has never synced waits for its first round before drawing pages.
const FIRST_SYNC_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Tells boot.js that a member's first screen is drawn.
fn announce_first_screen() {
    if let (Some(window), Ok(event)) =
        (web_sys::window(), web_sys::Event::new("zhibu:first-screen"))
    {
        let _ = window.dispatch_event(&event);
    }
}
