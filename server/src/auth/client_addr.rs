//! The client's IP address, for the per-address login limit and the audit log.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        let forwarded = state
            .config
            .trust_proxy
            .then(|| forwarded_for(&parts.headers, state.config.trusted_proxies))
            .flatten();
        Ok(ClientAddr(forwarded.unwrap_or(peer)))
    }
}

/// The client's address in `X-Forwarded-For`, counted from the right: each proxy appends
/// the address it received the request from, so the rightmost `trusted` entries were
/// written by our own proxies and the one before them is the client as the outermost of
/// them saw it. Everything further left is whatever the client chose to send. `None`
/// when the header has no such entry or it does not parse (the peer is used then).
fn forwarded_for(headers: &HeaderMap, trusted: u32) -> Option<IpAddr> {
    // Several header lines are one list, in order.
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| v.to_str())
        .collect::<Result<Vec<_>, _>>()
        .ok()?
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    // The nearest proxy added the last entry, so with one trusted proxy the client is the
    // last entry; with two, the one before it; and so on.
    let skip = usize::try_from(trusted.max(1)).ok()? - 1;
    let entry = entries.iter().rev().nth(skip)?;
    entry.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_counted_from_the_right_past_the_trusted_proxies() {
        // (header lines, trusted proxies, expected client)
        let cases: &[(&[&str], u32, Option<&str>)] = &[
            // The proxy appended the real client after whatever the client sent.
            (&["203.0.113.7"], 1, Some("203.0.113.7")),
            (&["6.6.6.6, 203.0.113.7"], 1, Some("203.0.113.7")),
            (&["6.6.6.6", "203.0.113.7"], 1, Some("203.0.113.7")),
            // Two proxies: a CDN appended the client, our balancer appended the CDN.
            (&["6.6.6.6, 203.0.113.7, 10.0.0.2"], 2, Some("203.0.113.7")),
            (&["203.0.113.7, 10.0.0.2"], 2, Some("203.0.113.7")),
            // Fewer entries than proxies: not enough to know, so the peer is used.
            (&["10.0.0.2"], 2, None),
            (&["2001:db8::1"], 1, Some("2001:db8::1")),
            (&["garbage"], 1, None),
            (&["6.6.6.6, garbage"], 1, None),
            (&[], 1, None),
            // Zero is read as one: the proxy we trust is always there.
            (&["6.6.6.6, 203.0.113.7"], 0, Some("203.0.113.7")),
        ];
        for (lines, trusted, expected) in cases {
            let mut h = HeaderMap::new();
            for line in *lines {
                h.append("x-forwarded-for", line.parse().unwrap());
            }
            let expected = expected.map(|e| e.parse::<IpAddr>().unwrap());
            assert_eq!(forwarded_for(&h, *trusted), expected, "{lines:?} {trusted}");
        }
    }
}
