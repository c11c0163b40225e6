//! Refused requests (401, 403, 404 under `/api`, and sync operations refused on access)
//! are logged with who asked, the route and the reason, so that probing shows up in the log (ASVS 5.0 16.3.2). A flood of
//! refusals must not fill the disk, so at most [`PER_MINUTE`] lines a minute are
//! written; the next line written says how many were left out.
//!
//! The route is the matched pattern (`/api/v1/branch/members/{id}/party-group`), never
//! the path itself, which may hold a secret (the calendar feed's token).

use crate::AppState;
use crate::error::ErrorBody;
use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::{Arc, Mutex, OnceLock};
use zhibu_model::{Lang, MemberId};

/// Lines a minute at most.
pub const PER_MINUTE: u32 = 60;

/// Put in the request by [`log_refusals`]; the session extractor fills it in, so the log
/// line can name the member even though the handler, not this layer, read the session.
#[derive(Clone, Default)]
pub struct WhoAsked(Arc<OnceLock<MemberId>>);

impl WhoAsked {
    pub fn set(&self, member: MemberId) {
        // A second extraction in the same request names the same member.
        let _ = self.0.set(member);
    }
}

pub async fn log_refusals(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let who = WhoAsked::default();
    request.extensions_mut().insert(who.clone());
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status();
    if !matches!(
        status,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ) {
        return response;
    }
    let Some(left_out) = state.refusal_log.take(crate::clock::now_millis()) else {
        return response;
    };
    let reason = match response.extensions().get::<ErrorBody>() {
        Some(body) => {
            let e = body.render(Lang::En);
            match e.field {
                Some(field) => format!("{:?} on {field}", e.code),
                None => format!("{:?}", e.code),
            }
        }
        None => status.to_string(),
    };
    let member = who.0.get().map(ToString::to_string);
    tracing::warn!(
        member = member.as_deref().unwrap_or("(none)"),
        %method,
        route,
        status = status.as_u16(),
        reason,
        left_out,
        "refused a request"
    );
    response
}

/// The allowance for sync operations refused on access. One per process: the push
/// writer applies operations away from any request's state.
static SYNC_REFUSALS: Budget = Budget::new(PER_MINUTE);

/// Logs a sync operation refused on access (`forbidden`), within its own budget.
pub fn log_sync_refusal(member: MemberId, kind: &str, field: &str) {
    let Some(left_out) = SYNC_REFUSALS.take(crate::clock::now_millis()) else {
        return;
    };
    tracing::warn!(
        member = %member,
        route = "/api/v1/sync/push",
        kind,
        reason = format!("Forbidden on {field}"),
        left_out,
        "refused a sync operation"
    );
}

/// A fixed-window allowance of log lines (one per server).
pub struct Budget {
    per_minute: u32,
    /// (minute, lines written in it, lines left out since the last one written)
    state: Mutex<(i64, u32, u64)>,
}

impl Budget {
    pub const fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            state: Mutex::new((i64::MIN, 0, 0)),
        }
    }

    /// Whether a line may be written at `now` (unix ms): `Some(n)` with the number of
    /// lines left out before it, or `None` if this one is left out.
    pub fn take(&self, now: i64) -> Option<u64> {
        let minute = now.div_euclid(60_000);
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (at, used, left_out) = &mut *state;
        if *at != minute {
            (*at, *used) = (minute, 0);
        }
        if *used >= self.per_minute {
            *left_out += 1;
            return None;
        }
        *used += 1;
        Some(std::mem::take(left_out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_the_budget_a_minute_and_the_left_out_are_counted() {
        let budget = Budget::new(3);
        let t = 1_800_000_000_000;
        let taken: Vec<Option<u64>> = (0..6).map(|i| budget.take(t + i)).collect();
        assert_eq!(taken, [Some(0), Some(0), Some(0), None, None, None]);
        // The next minute writes again, and says how many were left out.
        assert_eq!(budget.take(t + 60_000), Some(3));
        assert_eq!(budget.take(t + 60_001), Some(0));
    }

    #[test]
    fn a_flood_writes_a_bounded_number_of_lines() {
        let budget = Budget::new(PER_MINUTE);
        let t = 1_800_000_000_000;
        let written = (0..100_000)
            .filter(|i| budget.take(t + i / 10).is_some())
            .count();
        // 100,000 refusals over 10 s: one minute's budget.
        assert_eq!(written, PER_MINUTE as usize);
    }
}
