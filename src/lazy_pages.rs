//! Pages fetched only when a member first opens them, so the phone's first download is the
//! shell and the login page.
//!
//! With the `split` feature (the release build, see `cargo xtask spa-wasm`) the code of each
//! part of the app is cut out of the main wasm into a chunk of its own that loads when one
//! of its pages is first opened. Without it
//! (the wasm tests, which run the module unsplit) the same routes resolve at once, so both
//! builds share one table of routes ([`crate::router::Route::lazy`]).

use crate::i18n::{Key, use_i18n};
use crate::org::{
    audit::OrgAuditPage, branch::OrgBranchPage, feedback::OrgFeedbackPage, home::OrgHomePage,
    import::OrgImportPage, member::OrgMemberPage, member_new::OrgMemberNewPage,
    members::OrgMembersPage,
};
use crate::pages::{
    activate::ActivatePage, branch_pledges::BranchPledgesPage, branch_settings::BranchSettingsPage,
    branch_study::BranchStudyPage, branch_talks::BranchTalksPage,
    event_attendance::EventAttendancePage, event_detail::EventDetailPage,
    event_form::EventFormPage, events::EventsPage, feedback::FeedbackPage, home::HomePage,
    me::MePage, pledge_detail::PledgeDetailPage, pledge_print::PledgePrintPage,
    pledge_sign::PledgeSignPage, pledges::PledgesPage, study::StudyPage, study_form::StudyFormPage,
    talk_detail::TalkDetailPage, talk_form::TalkFormPage, talks::TalksPage,
};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

/// The lazily loaded pages, one chunk for each part of the app in split builds: the pages
/// of a part share most of their code, and a few larger chunks compress better and take
/// fewer requests than one per page (wasm-split also cuts a chunk for each set of parts
/// that share code). Loading a part gives its drawing function, which the page switch
/// keeps and calls synchronously: a part already here draws at once, with no future in
/// the view. A chunk that cannot be fetched (no connection before the service worker has
/// cached it) shows [`PageNotLoaded`] instead of stopping the app.
macro_rules! lazy_pages {
    ($($module:ident: [$($variant:ident => $page:ident),+ $(,)?]),* $(,)?) => {
        $(
            mod $module {
                use super::*;

                #[cfg_attr(
                    feature = "split",
                    leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)
                )]
                pub fn load() -> Result<Draw, SplitLoaderError> {
                    Ok(draw)
                }

                fn draw(page: Lazy) -> AnyView {
                    match page {
                        $(Lazy::$variant => view! { <$page /> }.into_any(),)+
                        #[allow(unreachable_patterns)]
                        _ => view! { <PageNotLoaded /> }.into_any(),
                    }
                }
            }
        )*

        /// The code of a lazily loaded page.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Lazy {
            $($($variant,)+)*
        }

        impl Lazy {
            /// The drawing function of the page's part, its code fetched first if it is
            /// not here yet, and the pages' styles with it.
            pub async fn load(self) -> Result<Draw, SplitLoaderError> {
                let styles = crate::page_styles::fetch();
                let draw = match self {
                    $(
                        #[cfg(feature = "split")]
                        $(Lazy::$variant)|+ => $module::load().await,
                        #[cfg(not(feature = "split"))]
                        $(Lazy::$variant)|+ => $module::load(),
                    )*
                };
                if let Some(styles) = styles {
                    let _ = styles.await;
                }
                draw
            }
        }
    };
}

/// Draws a page of one part of the app; its code is in that part's chunk.
pub type Draw = fn(Lazy) -> AnyView;

lazy_pages! {
    home: [Home => HomePage],
    study: [
        Study => StudyPage,
        StudyForm => StudyFormPage,
        BranchStudy => BranchStudyPage,
    ],
    pledges: [
        Pledges => PledgesPage,
        BranchPledges => BranchPledgesPage,
        PledgeSign => PledgeSignPage,
        PledgeDetail => PledgeDetailPage,
        PledgePrint => PledgePrintPage,
    ],
    talks: [
        Talks => TalksPage,
        TalkForm => TalkFormPage,
        BranchTalks => BranchTalksPage,
        TalkDetail => TalkDetailPage,
    ],
    events: [
        Events => EventsPage,
        EventForm => EventFormPage,
        EventDetail => EventDetailPage,
        EventAttendance => EventAttendancePage,
        BranchSettings => BranchSettingsPage,
    ],
    me: [Me => MePage, Feedback => FeedbackPage],
    account: [Activate => ActivatePage],
    org: [
        OrgHome => OrgHomePage,
        OrgBranch => OrgBranchPage,
        OrgMembers => OrgMembersPage,
        OrgMemberNew => OrgMemberNewPage,
        OrgMember => OrgMemberPage,
        OrgImport => OrgImportPage,
        OrgAudit => OrgAuditPage,
        OrgFeedback => OrgFeedbackPage,
    ],
}

/// A page whose code is not on the phone yet and cannot be fetched now. Nothing the member
/// saved is affected: it is in the phone's store, whatever code is loaded.
#[component]
pub fn PageNotLoaded() -> impl IntoView {
    let i18n = use_i18n();
    let reload = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    view! {
        <section class="card" data-testid="page-not-loaded">
            <h1>{i18n.tr(Key::PageNotLoaded)}</h1>
            <p>{i18n.tr(Key::PageNotLoadedText)}</p>
            <p class="actions">
                <button type="button" class="button" on:click=reload>
                    {i18n.tr(Key::Retry)}
                </button>
                <a href="/">{i18n.tr(Key::BackHome)}</a>
            </p>
        </section>
    }
}
