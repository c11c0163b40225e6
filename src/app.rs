//! The app: providers, the router and the page-level redirects.

use crate::components::shell::Shell;
use crate::i18n::provide_i18n;
use crate::pages::{
    events::EventsPage, home::HomePage, login::LoginPage, me::MePage, not_found::NotFoundPage,
    pledges::PledgesPage, study::StudyPage, talks::TalksPage,
};
use crate::session::provide_session;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    provide_session(i18n);
    view! {
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/login") view=LoginPage />
                // Every page but the login page needs a member; the shell sends others to
                // the login page and draws the header and the navigation.
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=HomePage />
                    <Route path=path!("study") view=StudyPage />
                    <Route path=path!("pledges") view=PledgesPage />
                    <Route path=path!("talks") view=TalksPage />
                    <Route path=path!("events") view=EventsPage />
                    <Route path=path!("me") view=MePage />
                </ParentRoute>
            </Routes>
        </Router>
    }
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
        next => format!("/login?next={}", encode_component(next)),
    }
}

/// Percent-encodes all but the unreserved characters of RFC 3986.
fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
