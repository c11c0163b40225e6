//! The app's addresses: every path the SPA answers, parsed once into a [`Route`] that pages
//! read their record's id from. The server's SPA fallback serves index.html for any of
//! these; anything else is [`Route::NotFound`].

use crate::lazy_pages::Lazy;
use zhibu_model::Uuid;

/// A page and the record it shows. Ids that are not UUIDs are not addresses of ours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Login,
    Activate,
    Home,
    Study,
    StudyNew,
    BranchStudy,
    StudyEdit(Uuid),
    Pledges,
    BranchPledges,
    PledgeSign,
    PledgeDetail(Uuid),
    PledgePrint(Uuid),
    Talks,
    TalkNew,
    BranchTalks,
    TalkDetail(Uuid),
    TalkEdit(Uuid),
    Events,
    EventNew,
    EventDetail(Uuid),
    EventEdit(Uuid),
    EventAttendance(Uuid),
    BranchSettings,
    Me,
    Feedback,
    OrgHome,
    OrgBranch(Uuid),
    OrgMembers,
    OrgMemberNew,
    OrgMember(Uuid),
    OrgImport,
    OrgAudit,
    OrgFeedback,
    NotFound,
}

/// What is drawn around a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// The header, sync line and navigation of [`crate::components::shell::Shell`], which
    /// also keeps out whoever is not logged in.
    Shell,
    /// The page alone: the login page, a pledge's sheet of paper, an unknown address.
    Bare,
}

impl Route {
    /// The route of a path (without the query). A trailing slash is the same address.
    pub fn parse(path: &str) -> Route {
        let mut segments = path.split('/').filter(|s| !s.is_empty());
        let first = segments.next();
        let second = segments.next();
        let third = segments.next();
        if segments.next().is_some() {
            return Route::NotFound;
        }
        let id = |s: &str| s.parse::<Uuid>().ok();
        let route = match (first, second, third) {
            (None, _, _) => Some(Route::Home),
            (Some("login"), None, _) => Some(Route::Login),
            (Some("activate"), None, _) => Some(Route::Activate),
            (Some("me"), None, _) => Some(Route::Me),
            (Some("me"), Some("feedback"), None) => Some(Route::Feedback),
            (Some("study"), None, _) => Some(Route::Study),
            (Some("study"), Some("new"), None) => Some(Route::StudyNew),
            (Some("study"), Some("branch"), None) => Some(Route::BranchStudy),
            (Some("study"), Some(s), None) => id(s).map(Route::StudyEdit),
            (Some("pledges"), None, _) => Some(Route::Pledges),
            (Some("pledges"), Some("branch"), None) => Some(Route::BranchPledges),
            (Some("pledges"), Some("sign"), None) => Some(Route::PledgeSign),
            (Some("pledges"), Some(s), None) => id(s).map(Route::PledgeDetail),
            (Some("pledges"), Some(s), Some("print")) => id(s).map(Route::PledgePrint),
            (Some("talks"), None, _) => Some(Route::Talks),
            (Some("talks"), Some("new"), None) => Some(Route::TalkNew),
            (Some("talks"), Some("branch"), None) => Some(Route::BranchTalks),
            (Some("talks"), Some(s), None) => id(s).map(Route::TalkDetail),
            (Some("talks"), Some(s), Some("edit")) => id(s).map(Route::TalkEdit),
            (Some("events"), None, _) => Some(Route::Events),
            (Some("events"), Some("new"), None) => Some(Route::EventNew),
            (Some("events"), Some("settings"), None) => Some(Route::BranchSettings),
            (Some("events"), Some(s), None) => id(s).map(Route::EventDetail),
            (Some("events"), Some(s), Some("edit")) => id(s).map(Route::EventEdit),
            (Some("events"), Some(s), Some("attendance")) => id(s).map(Route::EventAttendance),
            (Some("org"), None, _) => Some(Route::OrgHome),
            (Some("org"), Some("members"), None) => Some(Route::OrgMembers),
            (Some("org"), Some("members"), Some("new")) => Some(Route::OrgMemberNew),
            (Some("org"), Some("members"), Some(s)) => id(s).map(Route::OrgMember),
            (Some("org"), Some("branches"), Some(s)) => id(s).map(Route::OrgBranch),
            (Some("org"), Some("import"), None) => Some(Route::OrgImport),
            (Some("org"), Some("audit"), None) => Some(Route::OrgAudit),
            (Some("org"), Some("feedback"), None) => Some(Route::OrgFeedback),
            _ => None,
        };
        route.unwrap_or(Route::NotFound)
    }

    /// The record the address names, for the pages that show or edit one.
    pub fn id(self) -> Option<Uuid> {
        match self {
            Route::StudyEdit(id)
            | Route::PledgeDetail(id)
            | Route::PledgePrint(id)
            | Route::TalkDetail(id)
            | Route::TalkEdit(id)
            | Route::EventDetail(id)
            | Route::EventEdit(id)
            | Route::EventAttendance(id)
            | Route::OrgBranch(id)
            | Route::OrgMember(id) => Some(id),
            _ => None,
        }
    }

    pub fn frame(self) -> Frame {
        match self {
            Route::Login | Route::Activate | Route::PledgePrint(_) | Route::NotFound => Frame::Bare,
            _ => Frame::Shell,
        }
    }

    /// The lazily loaded code that draws the page; `None` for the pages in the main module.
    pub fn lazy(self) -> Option<Lazy> {
        Some(match self {
            Route::Login | Route::NotFound => return None,
            Route::Home => Lazy::Home,
            Route::Activate => Lazy::Activate,
            Route::Study => Lazy::Study,
            Route::StudyNew | Route::StudyEdit(_) => Lazy::StudyForm,
            Route::BranchStudy => Lazy::BranchStudy,
            Route::Pledges => Lazy::Pledges,
            Route::BranchPledges => Lazy::BranchPledges,
            Route::PledgeSign => Lazy::PledgeSign,
            Route::PledgeDetail(_) => Lazy::PledgeDetail,
            Route::PledgePrint(_) => Lazy::PledgePrint,
            Route::Talks => Lazy::Talks,
            Route::TalkNew | Route::TalkEdit(_) => Lazy::TalkForm,
            Route::BranchTalks => Lazy::BranchTalks,
            Route::TalkDetail(_) => Lazy::TalkDetail,
            Route::Events => Lazy::Events,
            Route::EventNew | Route::EventEdit(_) => Lazy::EventForm,
            Route::EventDetail(_) => Lazy::EventDetail,
            Route::EventAttendance(_) => Lazy::EventAttendance,
            Route::BranchSettings => Lazy::BranchSettings,
            Route::Me => Lazy::Me,
            Route::Feedback => Lazy::Feedback,
            Route::OrgHome => Lazy::OrgHome,
            Route::OrgBranch(_) => Lazy::OrgBranch,
            Route::OrgMembers => Lazy::OrgMembers,
            Route::OrgMemberNew => Lazy::OrgMemberNew,
            Route::OrgMember(_) => Lazy::OrgMember,
            Route::OrgImport => Lazy::OrgImport,
            Route::OrgAudit => Lazy::OrgAudit,
            Route::OrgFeedback => Lazy::OrgFeedback,
        })
    }

    /// The address of the page, the one [`Route::parse`] reads back.
    pub fn href(self) -> String {
        let fixed = match self {
            Route::Login => "/login",
            Route::Activate => "/activate",
            Route::Home => "/",
            Route::Study => "/study",
            Route::StudyNew => "/study/new",
            Route::BranchStudy => "/study/branch",
            Route::Pledges => "/pledges",
            Route::BranchPledges => "/pledges/branch",
            Route::PledgeSign => "/pledges/sign",
            Route::Talks => "/talks",
            Route::TalkNew => "/talks/new",
            Route::BranchTalks => "/talks/branch",
            Route::Events => "/events",
            Route::EventNew => "/events/new",
            Route::BranchSettings => "/events/settings",
            Route::Me => "/me",
            Route::Feedback => "/me/feedback",
            Route::OrgHome => "/org",
            Route::OrgMembers => "/org/members",
            Route::OrgMemberNew => "/org/members/new",
            Route::OrgImport => "/org/import",
            Route::OrgAudit => "/org/audit",
            Route::OrgFeedback => "/org/feedback",
            Route::NotFound => "/not-found",
            Route::StudyEdit(id) => return format!("/study/{id}"),
            Route::PledgeDetail(id) => return format!("/pledges/{id}"),
            Route::PledgePrint(id) => return format!("/pledges/{id}/print"),
            Route::TalkDetail(id) => return format!("/talks/{id}"),
            Route::TalkEdit(id) => return format!("/talks/{id}/edit"),
            Route::EventDetail(id) => return format!("/events/{id}"),
            Route::EventEdit(id) => return format!("/events/{id}/edit"),
            Route::EventAttendance(id) => return format!("/events/{id}/attendance"),
            Route::OrgBranch(id) => return format!("/org/branches/{id}"),
            Route::OrgMember(id) => return format!("/org/members/{id}"),
        };
        fixed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "01890f4e-5b7a-7cc2-9a4e-2f6d1b3c4d5e";

    fn id() -> Uuid {
        ID.parse().unwrap()
    }

    #[test]
    fn every_page_has_its_address() {
        let cases = [
            ("/", Route::Home),
            ("", Route::Home),
            ("/login", Route::Login),
            ("/activate", Route::Activate),
            ("/me", Route::Me),
            ("/me/feedback", Route::Feedback),
            ("/study", Route::Study),
            ("/study/", Route::Study),
            ("/study/new", Route::StudyNew),
            ("/study/branch", Route::BranchStudy),
            (&format!("/study/{ID}"), Route::StudyEdit(id())),
            ("/pledges", Route::Pledges),
            ("/pledges/branch", Route::BranchPledges),
            ("/pledges/sign", Route::PledgeSign),
            (&format!("/pledges/{ID}"), Route::PledgeDetail(id())),
            (&format!("/pledges/{ID}/print"), Route::PledgePrint(id())),
            ("/talks", Route::Talks),
            ("/talks/new", Route::TalkNew),
            ("/talks/branch", Route::BranchTalks),
            (&format!("/talks/{ID}"), Route::TalkDetail(id())),
            (&format!("/talks/{ID}/edit"), Route::TalkEdit(id())),
            ("/events", Route::Events),
            ("/events/new", Route::EventNew),
            ("/events/settings", Route::BranchSettings),
            (&format!("/events/{ID}"), Route::EventDetail(id())),
            (&format!("/events/{ID}/edit"), Route::EventEdit(id())),
            (
                &format!("/events/{ID}/attendance"),
                Route::EventAttendance(id()),
            ),
            ("/org", Route::OrgHome),
            ("/org/members", Route::OrgMembers),
            ("/org/members/new", Route::OrgMemberNew),
            (&format!("/org/members/{ID}"), Route::OrgMember(id())),
            (&format!("/org/branches/{ID}"), Route::OrgBranch(id())),
            ("/org/import", Route::OrgImport),
            ("/org/audit", Route::OrgAudit),
            ("/org/feedback", Route::OrgFeedback),
        ];
        for (path, route) in &cases {
            assert_eq!(Route::parse(&route.href()), *route, "{path}");
        }
        for (path, route) in cases {
            assert_eq!(Route::parse(path), route, "{path}");
        }
    }

    #[test]
    fn unknown_addresses_and_bad_ids_are_not_found() {
        for path in [
            "/nowhere",
            "/study/42",
            "/study/new/x",
            "/login/x",
            "/me/x",
            &format!("/pledges/{ID}/edit"),
            &format!("/events/{ID}/attendance/x"),
            "/talks/not-an-id/edit",
            "/org/branches",
            "/org/branches/42",
            "/org/x",
        ] {
            assert_eq!(Route::parse(path), Route::NotFound, "{path}");
        }
    }

    #[test]
    fn the_shell_frames_member_pages_only() {
        assert_eq!(Route::Home.frame(), Frame::Shell);
        assert_eq!(Route::StudyEdit(id()).frame(), Frame::Shell);
        for bare in [
            Route::Login,
            Route::Activate,
            Route::PledgePrint(id()),
            Route::NotFound,
        ] {
            assert_eq!(bare.frame(), Frame::Bare);
        }
        assert_eq!(Route::Login.lazy(), None);
        assert_eq!(Route::PledgePrint(id()).lazy(), Some(Lazy::PledgePrint));
        assert_eq!(Route::TalkEdit(id()).id(), Some(id()));
        assert_eq!(Route::Talks.id(), None);
    }
}
