//! An address inside the app, as the router keeps it: the path and the query, the way a
//! link or `location` gives them. Pure, so it is tested natively.

/// A path and its query (without the `?`); a `#fragment` is dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    pub path: String,
    pub query: String,
}

impl Address {
    /// Parses an app-local href such as `/study?saved=1`.
    pub fn parse(href: &str) -> Address {
        let href = href.split('#').next().unwrap_or_default();
        let (path, query) = href.split_once('?').unwrap_or((href, ""));
        Address {
            path: if path.is_empty() {
                "/".into()
            } else {
                path.into()
            },
            query: query.into(),
        }
    }

    /// The address as a link: `/path` or `/path?query`.
    pub fn href(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    /// The first value of a query parameter, decoded; `Some("")` for a bare `?key`.
    pub fn query_value(&self, key: &str) -> Option<String> {
        self.query
            .split('&')
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
            .find(|(k, _)| decode(k) == key)
            .map(|(_, v)| decode(v))
    }
}

/// Percent-encodes all but the unreserved characters of RFC 3986.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte. A broken
/// escape is kept as written rather than failing the whole address.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_split_into_path_and_query() {
        let a = Address::parse("/study?saved=1#top");
        assert_eq!((a.path.as_str(), a.query.as_str()), ("/study", "saved=1"));
        assert_eq!(a.href(), "/study?saved=1");
        assert_eq!(Address::parse("/me").href(), "/me");
        assert_eq!(Address::parse("").path, "/");
        assert_eq!(Address::parse("?m=2026-11").href(), "/?m=2026-11");
    }

    #[test]
    fn query_values_are_decoded() {
        let a = Address::parse("/login?next=%2Fme%3Fa%3Db%20c&x=%E6%94%AF+%E9%83%A8&saved");
        assert_eq!(a.query_value("next").as_deref(), Some("/me?a=b c"));
        assert_eq!(a.query_value("x").as_deref(), Some("支 部"));
        assert_eq!(a.query_value("saved").as_deref(), Some(""));
        assert_eq!(a.query_value("missing"), None);
        let back = format!("/login?next={}", encode("/me?a=b c&d=支部"));
        assert_eq!(
            Address::parse(&back).query_value("next").as_deref(),
            Some("/me?a=b c&d=支部")
        );
        assert_eq!(
            Address::parse("/?q=100%&r=%zz").query_value("q").as_deref(),
            Some("100%")
        );
        assert_eq!(
            Address::parse("/?q=100%&r=%zz").query_value("r").as_deref(),
            Some("%zz")
        );
    }
}
