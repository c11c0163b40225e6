//! The `zhibu_session` cookie: HttpOnly (scripts cannot read it), SameSite=Strict (no
//! other site can make the browser send it), Secure when served over HTTPS.

use crate::config::Config;
use axum::http::{HeaderMap, HeaderValue, header};

pub const SESSION_COOKIE: &str = "zhibu_session";

/// Longer values are not ours; refusing them early keeps junk out of the hash lookup.
const MAX_TOKEN_LEN: usize = 128;

/// The session token the request carries, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim().trim_matches('"'))
        .filter(|v| !v.is_empty() && v.len() <= MAX_TOKEN_LEN)
        .map(str::to_owned)
}

/// `Set-Cookie` for a new session. The cookie lives as long as the session's absolute
/// cap; the idle expiry is enforced by the server, which extends it on each use.
pub fn set_session(config: &Config, token: &str) -> HeaderValue {
    let max_age = config.session_max().as_secs();
    header_value(
        config,
        &format!("{SESSION_COOKIE}={token}; Max-Age={max_age}"),
    )
}

/// `Set-Cookie` that makes the browser forget the session.
pub fn clear_session(config: &Config) -> HeaderValue {
    header_value(config, &format!("{SESSION_COOKIE}=; Max-Age=0"))
}

fn header_value(config: &Config, start: &str) -> HeaderValue {
    let secure = if config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!("{start}; Path=/; HttpOnly; SameSite=Strict{secure}");
    // Built only from the token's base64url alphabet and fixed text.
    HeaderValue::from_str(&cookie).expect("a cookie of header-safe characters")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn finds_our_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            "a=1; zhibu_session=tok; b=2".parse().unwrap(),
        );
        assert_eq!(session_token(&h).as_deref(), Some("tok"));
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "zhibu_session=".parse().unwrap());
        assert_eq!(session_token(&h), None);
    }

    #[test]
    fn cookie_attributes() {
        let mut config = Config::parse_from(["zhibu-server"]);
        let v = set_session(&config, "tok");
        assert_eq!(
            v,
            "zhibu_session=tok; Max-Age=15552000; Path=/; HttpOnly; SameSite=Strict"
        );
        config.secure_cookies = true;
        assert!(
            clear_session(&config)
                .to_str()
                .unwrap()
                .ends_with("; Secure")
        );
    }
}
