//! The app's own router: the address in a signal, parsed into a [`Route`], links followed
//! without reloading, Back and Forward through the browser's history.
//!
//! Why not leptos_router: the app has one flat table of twenty-odd addresses and needs
//! none of nested routes, loaders or forms, while leptos_router's code for them is in the
//! main wasm that every phone fetches before the login page (about a quarter of it,
//! measured). This module is the part the app uses.

mod address;
mod route;

pub use address::{Address, encode};
pub use route::{Frame, Route};

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The current address and its route, provided by [`Router`].
#[derive(Clone, Copy)]
pub struct Routing {
    address: RwSignal<Address>,
    route: Memo<Route>,
}

impl Routing {
    fn at(address: Address) -> Routing {
        let address = RwSignal::new(address);
        let route = Memo::new(move |_| address.with(|a| Route::parse(&a.path)));
        Routing { address, route }
    }

    /// The current route; a change of query alone keeps it (the page stays, its query
    /// signals change).
    pub fn route(self) -> Route {
        self.route.get()
    }

    pub fn route_untracked(self) -> Route {
        self.route.get_untracked()
    }

    /// The current path, tracked.
    pub fn path(self) -> String {
        self.address.with(|a| a.path.clone())
    }

    /// A query parameter of the current address, decoded; tracked.
    pub fn query(self, key: &str) -> Option<String> {
        self.address.with(|a| a.query_value(key))
    }

    pub fn query_untracked(self, key: &str) -> Option<String> {
        self.address.with_untracked(|a| a.query_value(key))
    }

    /// Where the member is, as a link back here (for the login page's `next`).
    pub fn here_untracked(self) -> String {
        self.address.with_untracked(Address::href)
    }

    /// Opens an address of the app as a new history entry, at the top of the page.
    pub fn go(self, href: &str) {
        self.visit(href, false);
    }

    /// Opens an address of the app in place of the current entry, so that Back skips the
    /// page that only sent the member on (a redirect).
    pub fn replace(self, href: &str) {
        self.visit(href, true);
    }

    fn visit(self, href: &str, replace: bool) {
        let address = Address::parse(href);
        let url = address.href();
        let same = self.address.with_untracked(|a| *a == address);
        if let Ok(history) = window().history() {
            let _ = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
            } else if same {
                Ok(())
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(&url))
            };
        }
        if !same {
            self.address.set(address);
        }
        if !replace {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

/// The router for the rest of the app: it follows `location`, Back and Forward, and
/// clicks on links to the app's own addresses.
pub fn provide_router() -> Routing {
    let routing = Routing::at(location_address());
    provide_context(routing);
    let clicks = window_event_listener(ev::click, move |e| follow_link(routing, &e));
    let history = window_event_listener(ev::popstate, move |_| {
        routing.address.set(location_address());
    });
    on_cleanup(move || {
        clicks.remove();
        history.remove();
    });
    routing
}

/// Provides the router to its children: the app, or a page a test mounts.
#[component]
pub fn Router(children: Children) -> impl IntoView {
    provide_router();
    children()
}

pub fn use_routing() -> Routing {
    expect_context::<Routing>()
}

fn location_address() -> Address {
    let location = window().location();
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    let search = location.search().unwrap_or_default();
    Address::parse(&format!("{path}{search}"))
}

/// A plain left click on a link to one of the app's own addresses opens it in the app.
/// Everything else is the browser's: new tabs, downloads, other sites, `/api` files.
fn follow_link(routing: Routing, e: &web_sys::MouseEvent) {
    if e.default_prevented()
        || e.button() != 0
        || e.meta_key()
        || e.ctrl_key()
        || e.shift_key()
        || e.alt_key()
    {
        return;
    }
    let Some(link) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
    else {
        return;
    };
    if link.has_attribute("download") || link.get_attribute("target").is_some_and(|t| t != "_self")
    {
        return;
    }
    if let Some(href) = link.get_attribute("href")
        && is_app_href(&href)
    {
        e.prevent_default();
        routing.go(&href);
    }
}

/// A link the app itself answers: a local path of one of its routes.
pub fn is_app_href(href: &str) -> bool {
    href.starts_with('/')
        && !href.starts_with("//")
        && Route::parse(&Address::parse(href).path) != Route::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_addresses_are_followed_in_the_app() {
        assert!(is_app_href("/"));
        assert!(is_app_href("/study?saved=1"));
        assert!(is_app_href("/events/new"));
        for elsewhere in [
            "/api/v1/me/calendar.ics",
            "/icons/icon.svg",
            "//evil.example/study",
            "https://example.org/",
            "study",
            "/nowhere",
        ] {
            assert!(!is_app_href(elsewhere), "{elsewhere}");
        }
    }
}
