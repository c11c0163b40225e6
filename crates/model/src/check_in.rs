//! Self check-in codes (自助签到码): a 6-digit code that changes every minute, derived from
//! the event's secret and the minute (HMAC-SHA256 with dynamic truncation, as RFC 4226 /
//! RFC 6238 do it). The secretary's phone shows it offline; a member's phone queues the
//! code with its own clock's time, and the server checks both on sync: the time must lie
//! in the event's window and the code must be that time's (one step either way for clock
//! drift and the minute that just turned).
//!
//! Only on the day, only when the branch turned self check-in on, never a daily check-in
//! (国办函〔2026〕12号 forbids 打卡签到 as a forced-use feature).

use crate::error::{ErrorCode, FieldError};
use crate::event::EventRecord;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A code is valid for one minute.
pub const STEP_SECONDS: i64 = 60;
/// Codes of this many steps either side of the device time's are accepted.
pub const STEP_TOLERANCE: i64 = 1;
/// Check-in opens this long before the event starts (members arrive early) and closes
/// at its end.
pub const OPENS_BEFORE: Duration = Duration::minutes(30);
/// A device clock this far ahead of the server is not believed.
pub const CLOCK_AHEAD_MAX: Duration = Duration::minutes(5);
/// How far from the device time a reused code is still recognised as one (rather than
/// as a wrong code).
const REUSE_SEARCH_STEPS: i64 = 12 * 60;

/// 32 random bytes per event, made on the secretary's phone.
#[derive(Clone, PartialEq, Eq)]
pub struct CheckInSecret([u8; 32]);

impl std::fmt::Debug for CheckInSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CheckInSecret(…)")
    }
}

impl CheckInSecret {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// 64 hex digits (either case).
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let bad = || FieldError::new("check_in_secret", ErrorCode::InvalidFormat);
        let raw = raw.trim().as_bytes();
        if raw.len() != 64 {
            return Err(bad());
        }
        let mut out = [0u8; 32];
        for (i, pair) in raw.chunks(2).enumerate() {
            let hex = std::str::from_utf8(pair).map_err(|_| bad())?;
            out[i] = u8::from_str_radix(hex, 16).map_err(|_| bad())?;
        }
        Ok(Self(out))
    }

    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The code for a time step (`unix seconds / STEP_SECONDS`), "000000"–"999999".
    pub fn code_at_step(&self, step: i64) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(&step.to_be_bytes());
        let digest = mac.finalize().into_bytes();
        let offset = usize::from(digest[digest.len() - 1] & 0x0f);
        let bin = u32::from_be_bytes([
            digest[offset] & 0x7f,
            digest[offset + 1],
            digest[offset + 2],
            digest[offset + 3],
        ]);
        format!("{:06}", bin % 1_000_000)
    }

    /// The code the secretary's phone shows at `at`.
    pub fn code_at(&self, at: DateTime<Utc>) -> String {
        self.code_at_step(step_of(at))
    }
}

pub fn step_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(STEP_SECONDS)
}

/// Seconds until the code shown at `at` changes (for the secretary's countdown).
pub fn seconds_left(at: DateTime<Utc>) -> i64 {
    STEP_SECONDS - at.timestamp().rem_euclid(STEP_SECONDS)
}

/// When check-in is open for an event: from `OPENS_BEFORE` its start to its end.
pub fn window(event: &EventRecord) -> (DateTime<Utc>, DateTime<Utc>) {
    (event.starts_at - OPENS_BEFORE, event.ends_at)
}

/// Why a check-in is refused. Each is a distinct error on the field `code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not the code of this event at that time.
    Wrong,
    /// The device time is outside the event's check-in window (or the event is
    /// cancelled).
    Expired,
    /// A real code of this event used at a time outside its step, or the member already
    /// checked in.
    Replayed,
}

impl Refusal {
    pub fn to_field_error(self) -> FieldError {
        let code = match self {
            Refusal::Wrong => ErrorCode::InvalidCredentials,
            Refusal::Expired => ErrorCode::Expired,
            Refusal::Replayed => ErrorCode::Replayed,
        };
        FieldError::new("code", code)
    }
}

/// Checks a member's check-in (the code and the device time it was typed at) against the
/// event; `now` is the server's clock. Whether the member already checked in is the
/// caller's to know (`Refusal::Replayed` too).
pub fn verify(
    event: &EventRecord,
    secret: &CheckInSecret,
    code: &str,
    device_time: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let (opens, closes) = window(event);
    if event.is_cancelled()
        || device_time < opens
        || device_time > closes
        || device_time > now + CLOCK_AHEAD_MAX
    {
        return Err(Refusal::Expired);
    }
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::Wrong);
    }
    let step = step_of(device_time);
    if (step - STEP_TOLERANCE..=step + STEP_TOLERANCE).any(|s| secret.code_at_step(s) == code) {
        return Ok(());
    }
    // A code this event really showed, but at another time: copied from someone, or
    // typed in again later.
    let first = step_of(opens).max(step - REUSE_SEARCH_STEPS);
    let last = step_of(closes).min(step + REUSE_SEARCH_STEPS);
    if (first..=last).any(|s| secret.code_at_step(s) == code) {
        return Err(Refusal::Replayed);
    }
    Err(Refusal::Wrong)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn secret() -> CheckInSecret {
        CheckInSecret::from_bytes(*b"12345678901234567890123456789012")
    }

    fn event() -> EventRecord {
        // 14:30–16:30 Beijing = 06:30–08:30 UTC.
        crate::event::tests::input().parse().unwrap()
    }

    #[test]
    fn codes_match_the_rfc_6238_sha256_vectors() {
        // RFC 6238 appendix B, SHA-256, 8 digits: 46119246 at T=59 s, 68084774 at
        // 1111111109 s; the last six digits are ours.
        assert_eq!(secret().code_at_step(59 / 30), "119246");
        assert_eq!(secret().code_at_step(1_111_111_109 / 30), "084774");
    }

    #[test]
    fn hex_round_trips_and_bad_hex_is_a_field_error() {
        let s = secret();
        assert_eq!(CheckInSecret::parse(&s.to_hex()).unwrap(), s);
        assert_eq!(
            CheckInSecret::parse(&"zz".repeat(32)).unwrap_err().field,
            "check_in_secret"
        );
        assert!(format!("{s:?}").contains('…'), "never printed");
    }

    #[test]
    fn a_code_is_good_for_its_minute_and_one_either_side() {
        let (s, e) = (secret(), event());
        let t = at("2026-11-05T07:00:10Z");
        let now = at("2026-11-05T09:00:00Z");
        assert_eq!(verify(&e, &s, &s.code_at(t), t, now), Ok(()));
        for drift in [-60, 60] {
            let shown = s.code_at(t + Duration::seconds(drift));
            assert_eq!(verify(&e, &s, &shown, t, now), Ok(()), "{drift}");
        }
        let stale = s.code_at(t - Duration::minutes(5));
        assert_eq!(verify(&e, &s, &stale, t, now), Err(Refusal::Replayed));
        let wrong = if s.code_at(t) == "000000" {
            "000001"
        } else {
            "000000"
        };
        assert_eq!(verify(&e, &s, wrong, t, now), Err(Refusal::Wrong));
        assert_eq!(verify(&e, &s, "12ab56", t, now), Err(Refusal::Wrong));
        let other = CheckInSecret::from_bytes([7; 32]);
        assert_eq!(
            verify(&e, &s, &other.code_at(t), t, now),
            Err(Refusal::Wrong)
        );
    }

    #[test]
    fn the_window_opens_half_an_hour_early_and_closes_at_the_end() {
        let (s, e) = (secret(), event());
        let now = at("2026-11-06T00:00:00Z");
        let early = at("2026-11-05T06:00:00Z");
        assert_eq!(verify(&e, &s, &s.code_at(early), early, now), Ok(()));
        let too_early = at("2026-11-05T05:59:59Z");
        assert_eq!(
            verify(&e, &s, &s.code_at(too_early), too_early, now),
            Err(Refusal::Expired)
        );
        let end = at("2026-11-05T08:30:00Z");
        assert_eq!(verify(&e, &s, &s.code_at(end), end, now), Ok(()));
        let late = at("2026-11-05T08:30:01Z");
        assert_eq!(
            verify(&e, &s, &s.code_at(late), late, now),
            Err(Refusal::Expired)
        );
        // A device clock far ahead of the server's is not believed.
        let ahead = at("2026-11-05T07:00:00Z");
        assert_eq!(
            verify(&e, &s, &s.code_at(ahead), ahead, at("2026-11-05T06:40:00Z")),
            Err(Refusal::Expired)
        );
    }

    #[test]
    fn refusals_are_distinct_errors_on_code() {
        let errors: Vec<FieldError> = [Refusal::Wrong, Refusal::Expired, Refusal::Replayed]
            .into_iter()
            .map(Refusal::to_field_error)
            .collect();
        assert!(errors.iter().all(|e| e.field == "code"));
        assert_ne!(errors[0].code, errors[1].code);
        assert_ne!(errors[1].code, errors[2].code);
        assert_eq!(errors[0].message(crate::Lang::ZhCn), "签到码不正确");
    }

    #[test]
    fn the_countdown_reaches_the_next_minute() {
        assert_eq!(seconds_left(at("2026-11-05T07:00:10Z")), 50);
        assert_eq!(seconds_left(at("2026-11-05T07:00:00Z")), 60);
    }
}
