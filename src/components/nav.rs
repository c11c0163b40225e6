//! The destinations: a bottom tab bar on phones, a side navigation on wide screens (one
//! component; style/layout.css switches by media query). Six for every member, and 管理
//! for the organisation's administrators and the branch committees.

use crate::components::icons::{self, Icon};
use crate::i18n::{Key, use_i18n};
use crate::router::use_routing;
use leptos::prelude::*;
use zhibu_model::Role;

/// A destination of the main navigation.
pub struct Tab {
    pub path: &'static str,
    pub label: Key,
    pub icon: &'static str,
    /// Shown to administrators, secretaries and committee members only.
    pub managers: bool,
}

pub const TABS: [Tab; 7] = [
    Tab {
        path: "/",
        label: Key::TabHome,
        icon: icons::HOME,
        managers: false,
    },
    Tab {
        path: "/study",
        label: Key::TabStudy,
        icon: icons::STUDY,
        managers: false,
    },
    Tab {
        path: "/pledges",
        label: Key::TabPledges,
        icon: icons::PLEDGES,
        managers: false,
    },
    Tab {
        path: "/talks",
        label: Key::TabTalks,
        icon: icons::TALKS,
        managers: false,
    },
    Tab {
        path: "/events",
        label: Key::TabEvents,
        icon: icons::EVENTS,
        managers: false,
    },
    Tab {
        path: "/me",
        label: Key::TabMe,
        icon: icons::ME,
        managers: false,
    },
    Tab {
        path: "/org",
        label: Key::TabOrg,
        icon: icons::ORG,
        managers: true,
    },
];

/// The tab a path belongs to (its first segment), for the page title.
pub fn tab_for(path: &str) -> Option<&'static Tab> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    TABS.iter()
        .find(|tab| tab.path.trim_start_matches('/') == first)
}

#[component]
pub fn Nav() -> impl IntoView {
    let i18n = use_i18n();
    let routing = use_routing();
    let session = crate::session::use_session();
    let runs_org = move || {
        session.with_member(|m| m.is_some_and(|m| m.role == Role::Admin || m.role.manages_branch()))
    };
    let tab = move |tab: &'static Tab| {
        let current = move || {
            let here = tab_for(&routing.path()).map(|t| t.path);
            (here == Some(tab.path)).then_some("page")
        };
        view! {
            <li hidden=move || tab.managers && !runs_org()>
                <a href=tab.path aria-current=current>
                    <Icon d=tab.icon />
                    <span class="tab-label">{i18n.tr(tab.label)}</span>
                </a>
            </li>
        }
    };
    view! {
        <nav class="tabs" aria-label=i18n.tr(Key::MainNav)>
            // The app's name heads the side bar on wide screens (hidden on phones).
            <p class="tabs-brand">
                // The mark is the stylesheet's, which the build can point at its hashed name.
                <span class="app-mark" aria-hidden="true"></span>
                {i18n.tr(Key::AppName)}
            </p>
            <ul>
                {TABS.iter().map(tab).collect_view()}
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_their_tab() {
        assert_eq!(tab_for("/").map(|t| t.label), Some(Key::TabHome));
        assert_eq!(tab_for("/study").map(|t| t.label), Some(Key::TabStudy));
        assert_eq!(tab_for("/me/x").map(|t| t.label), Some(Key::TabMe));
        assert_eq!(tab_for("/org/members").map(|t| t.label), Some(Key::TabOrg));
        assert!(tab_for("/nowhere").is_none());
    }
}
