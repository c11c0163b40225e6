//! The rule every text field follows: no control characters. NUL, ESC, DEL, the C1 range
//! and the like are never typed by a person; stored, they would come out raw in the
//! iCal feed, in exports and in logs (a terminal obeys ESC sequences). Bidirectional
//! overrides are refused too: they make text read differently from what it is. A
//! multi-line field keeps its line breaks and tabs.

use crate::error::{ErrorCode, FieldError};

/// Whether a text is one line or may have several.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// Refuses `text` for `field` when it holds a character no person types: any control
/// character (Unicode `Cc`, so C0, DEL and C1), a bidirectional override or isolate, a
/// line or paragraph separator; in a multi-line text line feeds, tabs, and a carriage
/// return before a line feed are allowed.
pub fn refuse_controls(field: &str, text: &str, lines: Lines) -> Result<(), FieldError> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let allowed = match c {
            '\n' | '\t' => lines == Lines::Many,
            '\r' => lines == Lines::Many && chars.peek() == Some(&'\n'),
            _ => !is_refused(c),
        };
        if !allowed {
            return Err(FieldError::new(field, ErrorCode::ControlCharacter));
        }
    }
    Ok(())
}

fn is_refused(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn control_characters_are_refused_by_name() {
        for bad in [
            "a\0b",
            "\u{1b}[31m红",
            "a\u{7f}",
            "a\u{85}b",
            "a\u{9b}b",
            "\u{202e}txt.exe",
            "a\rb",
            "a\u{2028}b",
        ] {
            for lines in [Lines::One, Lines::Many] {
                let e = refuse_controls("title", bad, lines).unwrap_err();
                assert_eq!(e.code, ErrorCode::ControlCharacter, "{bad:?}");
            }
        }
        let e = refuse_controls("title", "\u{0}", Lines::One).unwrap_err();
        assert_eq!(e.message(Lang::ZhCn), "标题不能包含控制字符");
        assert_eq!(
            e.message(Lang::En),
            "Title must not contain control characters"
        );
    }

    #[test]
    fn multi_line_texts_keep_line_breaks_and_tabs() {
        for good in ["第一行\n第二行", "a\tb", "a\r\nb", "全角　空格", "emoji 🚩"] {
            assert!(
                refuse_controls("notes", good, Lines::Many).is_ok(),
                "{good:?}"
            );
        }
        for one_line_only_bad in ["a\nb", "a\tb", "a\r\nb"] {
            assert!(refuse_controls("title", one_line_only_bad, Lines::One).is_err());
        }
        assert!(refuse_controls("title", "全角　空格 and ZWJ 👨‍👩‍👧", Lines::One).is_ok());
    }
}
