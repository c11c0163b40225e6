//! The branch calendar as iCalendar (RFC 5545), for the private feed a member subscribes
//! to in their phone's calendar app: CRLF line ends, content lines folded at 75 octets
//! (never inside a UTF-8 character), TEXT values escaped, times in UTC.

use crate::event::EventRecord;
use crate::lang::Lang;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// One event of the feed: its record id, its revision (a later revision is a later
/// `SEQUENCE`, so calendar apps take the change) and the event as the member may see it.
pub struct FeedEvent<'a> {
    pub id: Uuid,
    pub revision: i64,
    pub event: &'a EventRecord,
}

/// The whole calendar. `stamp` is when the feed was made (`DTSTAMP`).
pub fn calendar(name: &str, events: &[FeedEvent<'_>], stamp: DateTime<Utc>, lang: Lang) -> String {
    let mut out = String::new();
    let mut line = |s: &str| push_folded(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//zhibu//branch calendar//ZH");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(name)));
    line("X-WR-TIMEZONE:Asia/Shanghai");
    for f in events {
        let e = f.event;
        line("BEGIN:VEVENT");
        line(&format!("UID:{}@zhibu", f.id));
        line(&format!("DTSTAMP:{}", utc(stamp)));
        line(&format!("DTSTART:{}", utc(e.starts_at)));
        line(&format!("DTEND:{}", utc(e.ends_at)));
        line(&format!("SEQUENCE:{}", f.revision.max(0)));
        line(&format!("SUMMARY:{}", escape(&e.title)));
        if !e.venue.is_empty() {
            line(&format!("LOCATION:{}", escape(&e.venue)));
        }
        let description = description(e, lang);
        if !description.is_empty() {
            line(&format!("DESCRIPTION:{}", escape(&description)));
        }
        let kinds: Vec<String> = e.kinds.iter().map(|k| escape(k.label(lang))).collect();
        line(&format!("CATEGORIES:{}", kinds.join(",")));
        line(if e.is_cancelled() {
            "STATUS:CANCELLED"
        } else {
            "STATUS:CONFIRMED"
        });
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

fn description(e: &EventRecord, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(c) = &e.cancelled {
        parts.push(match lang {
            Lang::ZhCn => format!("已取消：{}", c.reason),
            Lang::En => format!("Cancelled: {}", c.reason),
        });
    }
    if !e.agenda.is_empty() {
        parts.push(e.agenda.clone());
    }
    if let Some(s) = &e.study {
        let hours = crate::progress::format_tenths(s.hours_tenths);
        parts.push(match lang {
            Lang::ZhCn => format!("学习：{}（{hours} 学时）", s.topic),
            Lang::En => format!("Study: {} ({hours} study hours)", s.topic),
        });
    }
    parts.join("\n")
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so no physical line exceeds 75 octets (a fold is CRLF
/// and one space, which counts toward the next line), ending in CRLF.
fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_crlf_folded_at_75_octets_and_text_is_escaped() {
        let mut e = crate::event::tests::input();
        e.title = "主题党日,学习; 讨论\\".into();
        e.agenda = "一、学习全会精神\n二、".to_owned() + &"讨论".repeat(60);
        let e = e.parse().unwrap();
        let id = Uuid::now_v7();
        let stamp = DateTime::parse_from_rfc3339("2026-11-28T04:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let text = calendar(
            "党支部",
            &[FeedEvent {
                id,
                revision: 3,
                event: &e,
            }],
            stamp,
            Lang::ZhCn,
        );
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for physical in text.split("\r\n") {
            assert!(
                physical.len() <= 75,
                "{physical:?} is {} octets",
                physical.len()
            );
            assert!(!physical.contains('\n') && !physical.contains('\r'));
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:主题党日\\,学习\\; 讨论\\\\"));
        assert!(unfolded.contains("DESCRIPTION:一、学习全会精神\\n二、讨论"));
        assert!(unfolded.contains(&format!("UID:{id}@zhibu")));
        assert!(unfolded.contains("DTSTART:20261105T063000Z"));
        assert!(unfolded.contains("DTSTAMP:20261128T040000Z"));
        assert!(unfolded.contains("STATUS:CONFIRMED"));
    }
}
