//! A member's signed-in devices (我的 → 登录设备): one per live session, so a member can
//! see where they are signed in and end any of them (a lost phone, a shared computer).

use serde::{Deserialize, Serialize};

/// One live session of the member, as `GET /api/v1/me/sessions` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceSession {
    /// Stands for the session in `DELETE /api/v1/me/sessions/{id}`; not its token, and
    /// useless for anything else.
    pub id: String,
    /// Unix milliseconds of the login.
    pub created_at: i64,
    /// Unix milliseconds of the last use (updated at most once a minute).
    pub last_seen_at: i64,
    /// The browser and system it logged in with, e.g. `Chrome · Android`; empty when
    /// unknown.
    pub user_agent: String,
    /// Whether this is the session of the request that listed it.
    pub current: bool,
}

/// The longest summary kept.
pub const SUMMARY_MAX: usize = 60;

/// `Browser · System` from a `User-Agent` header, for a member to recognise their
/// devices. Only the two names are kept: the full header is a fingerprint, and the
/// member needs no more to tell a phone from a computer.
pub fn user_agent_summary(user_agent: &str) -> String {
    // Order matters: Chromium browsers say "Chrome" and "Safari" too, WeChat says both.
    const BROWSERS: [(&str, &str); 9] = [
        ("MicroMessenger", "微信"),
        ("DingTalk", "钉钉"),
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("HuaweiBrowser", "华为浏览器"),
        ("UCBrowser", "UC"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    const SYSTEMS: [(&str, &str); 7] = [
        ("HarmonyOS", "HarmonyOS"),
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    let find = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(marker, _)| user_agent.contains(marker))
            .map(|(_, name)| *name)
    };
    let summary = match (find(&BROWSERS), find(&SYSTEMS)) {
        (Some(b), Some(s)) => format!("{b} · {s}"),
        (Some(one), None) | (None, Some(one)) => one.to_owned(),
        (None, None) => String::new(),
    };
    summary.chars().take(SUMMARY_MAX).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_browsers_are_named_with_their_system() {
        let cases = [
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                "Chrome · Android",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
                "Safari · iPhone",
            ),
            (
                "Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.49",
                "微信 · Android",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge · Windows",
            ),
            ("curl/8.5.0", ""),
            ("", ""),
        ];
        for (ua, summary) in cases {
            assert_eq!(user_agent_summary(ua), summary, "{ua}");
        }
    }
}
