//! The one canonical form of a pledge's text, and its SHA-256. The phone computes the hash
//! when the member signs; the server recomputes it on push and on verification. Both run
//! this code, so they agree by construction (the SPA's `tests/pledge_hash.rs` checks the
//! known vector below in wasm).
//!
//! Decisions, so that the same visible text always gives the same hash:
//! - **Unicode NFC.** Phones' input methods and pasted text can produce the same glyph as
//!   precomposed or combining sequences (e.g. `é` vs `e` + U+0301); NFC is the W3C's
//!   recommended form for text on the web and keeps CJK ideographs unchanged (NFKC would
//!   fold full-width punctuation such as `，` into ASCII, changing what the member read).
//! - **Line endings** CR LF and lone CR become LF.
//! - **Trailing whitespace** (Unicode White_Space, including the ideographic space U+3000)
//!   is removed from every line; leading indentation is kept (it is visible). Blank lines
//!   at the start and the end of a field are removed; blank lines inside are kept.
//! - **Joining**: a version line, then each field as `name:<UTF-8 byte length>` on its own
//!   line followed by the text and a newline. Lengths make the form unambiguous (no text
//!   can pass for a field boundary), items keep their order, and the version line lets a
//!   later form coexist with hashes made under this one.
//!
//! ```text
//! zhibu-pledge-v1
//! kind:commitment
//! year:2026
//! title:<n>
//! <title>
//! body:<n>
//! <body>
//! items:<count>
//! item:<n>
//! <item 1>
//! …
//! ```

use super::PledgeText;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// The first line of every canonical text.
pub const CANONICAL_VERSION: &str = "zhibu-pledge-v1";

/// One field's canonical form: NFC, LF line endings, no trailing whitespace on any line,
/// no blank lines before or after the text.
pub fn canonical_field(raw: &str) -> String {
    let nfc: String = raw.nfc().collect();
    let unified = nfc.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified.split('\n').map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// The canonical text of a pledge (every field canonicalised again, so it holds for any
/// `PledgeText`, parsed or not).
pub fn canonical_text(text: &PledgeText) -> String {
    let mut out = String::with_capacity(
        64 + text.title.len() + text.body.len() + text.items.iter().map(String::len).sum::<usize>(),
    );
    out.push_str(CANONICAL_VERSION);
    out.push('\n');
    out.push_str("kind:");
    out.push_str(text.kind.as_str());
    out.push('\n');
    out.push_str(&format!("year:{}\n", text.year));
    let mut field = |name: &str, raw: &str| {
        let value = canonical_field(raw);
        out.push_str(&format!("{name}:{}\n", value.len()));
        out.push_str(&value);
        out.push('\n');
    };
    field("title", &text.title);
    field("body", &text.body);
    out.push_str(&format!("items:{}\n", text.items.len()));
    for item in &text.items {
        out.push_str(&format!("item:{}\n", canonical_field(item).len()));
        out.push_str(&canonical_field(item));
        out.push('\n');
    }
    out
}

/// SHA-256 of the canonical text, as 64 lowercase hex digits.
pub fn pledge_hash(text: &PledgeText) -> String {
    sha256_hex(canonical_text(text).as_bytes())
}

/// SHA-256 as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pledge::PledgeKind;
    use crate::pledge::test_vector::{KNOWN_CANONICAL, KNOWN_HASH, known_text};

    #[test]
    fn sha256_of_a_published_vector() {
        // FIPS 180-2, appendix B.1.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_known_pledge_has_the_known_canonical_text_and_hash() {
        let text = known_text();
        assert_eq!(canonical_text(&text), KNOWN_CANONICAL);
        // Computed independently from KNOWN_CANONICAL with `sha256sum`.
        assert_eq!(pledge_hash(&text), KNOWN_HASH);
    }

    #[test]
    fn whitespace_and_line_endings_do_not_change_the_hash() {
        let text = known_text();
        let mut messy = text.clone();
        messy.title = format!("{}\u{3000} \t", text.title);
        messy.body = format!("\r\n\n{}  \r\n\r\n", text.body.replace('\n', " \r\n"));
        messy.items = text.items.iter().map(|i| format!("{i}\t\n\n")).collect();
        assert_eq!(pledge_hash(&messy), KNOWN_HASH);
        let mut cr = text.clone();
        cr.body = text.body.replace('\n', "\r");
        assert_eq!(pledge_hash(&cr), KNOWN_HASH);
    }

    #[test]
    fn visible_changes_change_the_hash() {
        let text = known_text();
        let changed = |f: fn(&mut PledgeText)| {
            let mut t = text.clone();
            f(&mut t);
            pledge_hash(&t)
        };
        // Leading indentation and inner blank lines are visible: kept.
        assert_ne!(changed(|t| t.body = format!("  {}", t.body)), KNOWN_HASH);
        assert_ne!(
            changed(|t| t.body = t.body.replace('\n', "\n\n")),
            KNOWN_HASH
        );
        assert_ne!(changed(|t| t.title.push('。')), KNOWN_HASH);
        assert_ne!(changed(|t| t.year += 1), KNOWN_HASH);
        assert_ne!(changed(|t| t.kind = PledgeKind::Integrity), KNOWN_HASH);
        // Full-width punctuation is not folded (no NFKC).
        assert_ne!(changed(|t| t.body = t.body.replace('，', ",")), KNOWN_HASH);
    }

    #[test]
    fn item_order_and_boundaries_matter() {
        let text = known_text();
        let mut swapped = text.clone();
        swapped.items.reverse();
        assert_ne!(pledge_hash(&swapped), KNOWN_HASH);
        // Moving text across a field boundary is not the same text.
        let mut joined = text.clone();
        joined.items = vec![text.items.join("\n")];
        assert_ne!(pledge_hash(&joined), KNOWN_HASH);
        let mut moved = text.clone();
        moved.body = format!("{}\n{}", text.body, text.items[0]);
        moved.items.remove(0);
        assert_ne!(pledge_hash(&moved), KNOWN_HASH);
    }

    #[test]
    fn nfc_and_nfd_hash_the_same() {
        let mut composed = known_text();
        composed.items.push("Café 学习".into());
        let mut decomposed = composed.clone();
        decomposed.items[2] = "Cafe\u{301} 学习".into();
        assert_ne!(composed.items[2], decomposed.items[2]);
        assert_eq!(pledge_hash(&composed), pledge_hash(&decomposed));
        assert_eq!(canonical_field("e\u{301}"), "\u{e9}");
        // Compatibility characters stay themselves.
        assert_eq!(canonical_field("ﬁ①"), "ﬁ①");
    }

    #[test]
    fn a_field_of_only_whitespace_is_empty() {
        assert_eq!(canonical_field(" \r\n\u{3000}\n\t"), "");
        assert_eq!(canonical_field("a \n\n b "), "a\n\n b");
    }
}
