//! Pages fetched only when a member first opens them, so the phone's first download is the
//! shell, the login page and 首页.
//!
//! With the `split` feature (the release build, see `cargo xtask spa-wasm`) each page's code
//! is cut out of the main wasm into a chunk of its own that loads on first visit. Without it
//! (the wasm tests, which run the module unsplit) the same routes resolve at once, so both
//! builds share one router.

use crate::pages::{
    branch_pledges::BranchPledgesPage, branch_study::BranchStudyPage,
    branch_talks::BranchTalksPage, event_attendance::EventAttendancePage,
    event_detail::EventDetailPage, event_form::EventFormPage, events::EventsPage, me::MePage,
    pledge_detail::PledgeDetailPage, pledge_print::PledgePrintPage, pledge_sign::PledgeSignPage,
    pledges::PledgesPage, study::StudyPage, study_form::StudyFormPage, talk_detail::TalkDetailPage,
    talk_form::TalkFormPage, talks::TalksPage,
};
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A route whose view is one page component, loaded lazily in split builds.
macro_rules! lazy_page {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        pub struct $route;

        #[cfg(feature = "split")]
        #[leptos_router::lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }

        #[cfg(not(feature = "split"))]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    StudyRoute => StudyPage,
    StudyFormRoute => StudyFormPage,
    BranchStudyRoute => BranchStudyPage,
    PledgesRoute => PledgesPage,
    BranchPledgesRoute => BranchPledgesPage,
    PledgeSignRoute => PledgeSignPage,
    PledgeDetailRoute => PledgeDetailPage,
    PledgePrintRoute => PledgePrintPage,
    TalksRoute => TalksPage,
    TalkFormRoute => TalkFormPage,
    BranchTalksRoute => BranchTalksPage,
    TalkDetailRoute => TalkDetailPage,
    EventsRoute => EventsPage,
    EventFormRoute => EventFormPage,
    EventDetailRoute => EventDetailPage,
    EventAttendanceRoute => EventAttendancePage,
    MeRoute => MePage,
}
