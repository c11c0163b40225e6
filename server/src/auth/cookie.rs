//! The session cookie: HttpOnly (scripts cannot read it), SameSite=Strict (no other site
//! can make the browser send it), and over HTTPS `Secure` with the `__Host-` prefix, so a
//! neighbouring subdomain or a plain-HTTP page cannot set or shadow it (RFC 6265bis
//! cookie prefixes).

use crate::config::Config;
use axum::http::{HeaderMap, HeaderValue, header};

pub const SESSION_COOKIE: &str = "zhibu_session";
/// The name when cookies are secure: browsers accept it only with `Secure`, `Path=/`
/// and no `Domain`.
pub const SECURE_SESSION_COOKIE: &str = "__Host-zhibu_session";

/// Longer values are not ours; refusing them early keeps junk out of the hash lookup.
const MAX_TOKEN_LEN: usize = 128;

pub fn cookie_name(config: &Config) -> &'static str {
    if config.secure_cookies {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The session token the request carries, if any. Only the configured name is read: over
/// HTTPS an unprefixed cookie may have been planted by another host.
pub fn session_token(config: &Config, headers: &HeaderMap) -> Option<String> {
    token_named(headers, cookie_name(config))
}

/// Whether the request carries a session cookie of either name, for hints that do not
/// act on it (the first screen's preload).
pub fn has_session_cookie(headers: &HeaderMap) -> bool {
    token_named(headers, SESSION_COOKIE).is_some()
        || token_named(headers, SECURE_SESSION_COOKIE).is_some()
}

fn token_named(headers: &HeaderMap, cookie: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie)
        .map(|(_, value)| value.trim().trim_matches('"'))
        .filter(|v| !v.is_empty() && v.len() <= MAX_TOKEN_LEN)
        .map(str::to_owned)
}

/// `Set-Cookie` for a new session. The cookie lives as long as the session's absolute
/// cap; the idle expiry is enforced by the server, which extends it on each use.
pub fn set_session(config: &Config, token: &str) -> HeaderValue {
    let max_age = config.session_max().as_secs();
    let name = cookie_name(config);
    header_value(config, &format!("{name}={token}; Max-Age={max_age}"))
}

/// `Set-Cookie` that makes the browser forget the session.
pub fn clear_session(config: &Config) -> HeaderValue {
    let name = cookie_name(config);
    header_value(config, &format!("{name}=; Max-Age=0"))
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
        let config = Config::parse_from(["zhibu-server"]);
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            "a=1; zhibu_session=tok; b=2".parse().unwrap(),
        );
        assert_eq!(session_token(&config, &h).as_deref(), Some("tok"));
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "zhibu_session=".parse().unwrap());
        assert_eq!(session_token(&config, &h), None);
    }

    #[test]
    fn secure_cookies_read_only_the_prefixed_name() {
        let mut config = Config::parse_from(["zhibu-server"]);
        config.secure_cookies = true;
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "zhibu_session=planted".parse().unwrap());
        assert_eq!(session_token(&config, &h), None);
        assert!(has_session_cookie(&h));
        h.append(header::COOKIE, "__Host-zhibu_session=tok".parse().unwrap());
        assert_eq!(session_token(&config, &h).as_deref(), Some("tok"));
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
        assert_eq!(
            set_session(&config, "tok"),
            "__Host-zhibu_session=tok; Max-Age=15552000; Path=/; HttpOnly; SameSite=Strict; Secure"
        );
        assert!(
            clear_session(&config)
                .to_str()
                .unwrap()
                .starts_with("__Host-zhibu_session=; Max-Age=0")
        );
    }
}
