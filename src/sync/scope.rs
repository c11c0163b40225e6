//! What the phone does when what its member may see has changed (a transfer to another
//! branch, a post that changes their role). Pure, so it is tested natively.
//!
//! The server answers every pull with the member's scope version. Rows that became
//! visible keep the revisions they were written at, below the phone's cursor, and rows
//! no longer visible never come back as tombstones; so when the version differs from the
//! one the phone holds, the phone drops its rows (never its outbox: unsent changes stay
//! and are sent as before) and pulls again from 0. A phone that holds no version yet
//! (a new store, or one filled before versions existed) starts over the same way, unless
//! it is pulling from 0 already.

use zhibu_model::sync::Revision;

/// What to do with a pulled page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PullStep {
    /// Store the page's rows and cursor (and its version).
    Apply,
    /// Drop every row, set the cursor to 0 and hold the page's version; then pull again.
    StartOver,
}

/// `held`: the version the phone holds; `since`: the cursor the page was pulled from;
/// `page`: the page's version.
pub fn on_page(held: Option<i64>, since: Revision, page: i64) -> PullStep {
    match held {
        Some(v) if v == page => PullStep::Apply,
        None if since == 0 => PullStep::Apply,
        _ => PullStep::StartOver,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_version_applies() {
        assert_eq!(on_page(Some(3), 120, 3), PullStep::Apply);
        assert_eq!(on_page(Some(0), 0, 0), PullStep::Apply);
    }

    #[test]
    fn another_version_starts_over_from_any_cursor() {
        assert_eq!(on_page(Some(3), 120, 4), PullStep::StartOver);
        // Even from 0: rows held from the old scope must go.
        assert_eq!(on_page(Some(3), 0, 4), PullStep::StartOver);
    }

    #[test]
    fn a_store_without_a_version_starts_over_unless_it_starts_now() {
        assert_eq!(on_page(None, 0, 7), PullStep::Apply);
        assert_eq!(on_page(None, 55, 0), PullStep::StartOver);
    }

    #[test]
    fn after_starting_over_the_next_page_applies() {
        // The engine holds the page's version and pulls from 0.
        let page = 9;
        assert_eq!(on_page(Some(4), 300, page), PullStep::StartOver);
        assert_eq!(on_page(Some(page), 0, page), PullStep::Apply);
    }
}
