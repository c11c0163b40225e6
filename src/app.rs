//! The app: providers, the router and the page-level redirects.

use crate::components::shell::Shell;
use crate::i18n::provide_i18n;
use crate::lazy_pages::{Draw, Lazy, PageNotLoaded};
use crate::pages::{login::LoginPage, not_found::NotFoundPage};
use crate::router::{Frame, Route, Router, use_routing};
use crate::session::{Session, provide_session};
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    let session = provide_session(i18n);
    provide_sync(session, i18n);
    view! {
        <Router>
            <Framed />
        </Router>
    }
}

/// Every page but the login page, a pledge's sheet of paper and an unknown address is a
/// member's page: the shell sends others to the login page and draws the header and the
/// navigation. It stays while the member moves between its pages.
#[component]
fn Framed() -> impl IntoView {
    let routing = use_routing();
    let frame = Memo::new(move |_| routing.route().frame());
    move || match frame.get() {
        Frame::Shell => view! { <Shell /> }.into_any(),
        Frame::Bare => view! { <RoutedPage /> }.into_any(),
    }
}

/// The page of the current address. A new address makes a new page (a new record's id
/// too); a new query alone keeps it. While a lazy page's code arrives, the page before
/// stays; a page whose code is here is drawn at once.
#[component]
pub fn RoutedPage() -> impl IntoView {
    let routing = use_routing();
    let shown = RwSignal::new(None::<(Route, Page)>);
    let show = move |route: Route| {
        if shown.with_untracked(|s| s.is_some_and(|(r, _)| r == route)) {
            return;
        }
        let Some(lazy) = route.lazy() else {
            let page = if route == Route::Login {
                Page::Login
            } else {
                Page::NotFound
            };
            shown.set(Some((route, page)));
            return;
        };
        let mut loading = Box::pin(lazy.load());
        let loaded = move |draw: Result<Draw, _>| {
            shown.set(Some((route, Page::Lazy(lazy, draw.map_err(|_| ())))));
        };
        match poll_once(loading.as_mut()) {
            Poll::Ready(draw) => loaded(draw),
            Poll::Pending => spawn_local(async move {
                let draw = loading.await;
                // The member may have gone on meanwhile.
                if routing.route_untracked() == route {
                    loaded(draw);
                }
            }),
        }
    };
    show(routing.route_untracked());
    Effect::new(move || show(routing.route()));
    move || shown.get().map(|(_, page)| page.view())
}

/// What [`RoutedPage`] draws.
#[derive(Clone, Copy)]
enum Page {
    Login,
    NotFound,
    Lazy(Lazy, Result<Draw, ()>),
}

impl Page {
    fn view(self) -> AnyView {
        match self {
            Page::Login => view! { <LoginPage /> }.into_any(),
            Page::NotFound => view! { <NotFoundPage /> }.into_any(),
            Page::Lazy(lazy, Ok(draw)) => draw(lazy),
            Page::Lazy(_, Err(())) => view! { <PageNotLoaded /> }.into_any(),
        }
    }
}

/// Polls once, without a waker: a part whose code is already here is ready at once.
fn poll_once<F: Future>(future: Pin<&mut F>) -> Poll<F::Output> {
    future.poll(&mut Context::from_waker(Waker::noop()))
}

/// The sync engine follows the session: it opens the member's local store when a member
/// is known (from the cache too, so it works offline) and closes it at logout, keeping
/// it if changes still wait to be sent. A 401 during sync asks the session to re-check.
fn provide_sync(session: Session, i18n: crate::i18n::I18n) -> SyncEngine {
    let engine = SyncEngine::new();
    provide_context(engine);
    // Each run of the effect below is a new wish; a start still retrying for an older one
    // (another member, or after logout) gives up.
    let wish = StoredValue::new(0_u32);
    Effect::new(move |_| {
        let member = session.with_member(|m| m.map(|m| m.id));
        // Runs again when the session finds the server again: a started engine syncs.
        session.is_offline();
        let lang = i18n.lang_untracked();
        let this = wish.get_value().wrapping_add(1);
        wish.set_value(this);
        spawn_local(async move {
            match member {
                Some(id) => {
                    let wanted = move || wish.try_get_value() == Some(this);
                    crate::sync::lazy_start::start(engine, id, lang, wanted).await;
                }
                None => crate::sync::lazy_start::stop(engine).await,
            }
        });
    });
    Effect::new(move |_| engine.set_lang(i18n.lang()));
    Effect::new(move |_| {
        if engine.status.with(|s| s.signed_out) {
            session.check();
        }
    });
    engine
}

/// Where to go after logging in: only a local path, so a crafted link cannot send a
/// member to another site (`//host` and `/\host` are other sites to a browser), and
/// never back to the login page itself.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.starts_with("/login") =>
        {
            path
        }
        _ => "/",
    }
}

/// The login page's address that comes back to `here` afterwards.
pub fn login_href(here: &str) -> String {
    match safe_next(Some(here)) {
        "/" => "/login".to_owned(),
        next => format!("/login?next={}", crate::router::encode(next)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_accepts_only_local_paths() {
        assert_eq!(safe_next(Some("/study")), "/study");
        assert_eq!(safe_next(Some("/me?tab=1")), "/me?tab=1");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "study",
            "/login",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn login_href_encodes_where_to_return() {
        assert_eq!(login_href("/study"), "/login?next=%2Fstudy");
        assert_eq!(login_href("/"), "/login");
        assert_eq!(login_href("/login?next=%2Fme"), "/login");
        assert_eq!(login_href("/me?a=b c"), "/login?next=%2Fme%3Fa%3Db%20c");
    }
}
