//! `YYYY-MM-DD` for an optional date in JSON, read and written without chrono's general
//! format parser: the SPA's main module reads the member's 入党日期 with the session, and
//! that parser alone costs the first download of every phone several kilobytes.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serializer, de::Error};

/// The date of `YYYY-MM-DD`, or `None` if the text is not one.
pub fn parse(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |r: std::ops::Range<usize>| -> Option<u32> {
        let digits = &s[r];
        digits
            .bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

pub fn format(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.serialize_str(&format(*d)),
        None => s.serialize_none(),
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<std::borrow::Cow<'de, str>>::deserialize(d)? {
        Some(text) => parse(&text)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format_args!("not a YYYY-MM-DD date: {text}"))),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_what_chrono_does() {
        for text in ["2001-07-01", "1921-07-23", "2024-02-29", "0999-12-31"] {
            let ours = parse(text).unwrap();
            assert_eq!(ours, text.parse::<NaiveDate>().unwrap(), "{text}");
            assert_eq!(format(ours), ours.to_string(), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for bad in [
            "2023-02-29",
            "2001-7-01",
            "2001/07/01",
            "20010701",
            "",
            "2001-13-01",
            "+001-01-01",
            "2001-0a-01",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn optional_dates_round_trip_as_json() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct T {
            #[serde(with = "super", default)]
            on: Option<NaiveDate>,
        }
        let some = T {
            on: NaiveDate::from_ymd_opt(2001, 7, 1),
        };
        let json = serde_json::to_string(&some).unwrap();
        assert_eq!(json, r#"{"on":"2001-07-01"}"#);
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), some);
        assert_eq!(
            serde_json::from_str::<T>(r#"{"on":null}"#).unwrap(),
            T { on: None }
        );
        assert_eq!(serde_json::from_str::<T>("{}").unwrap(), T { on: None });
        assert!(serde_json::from_str::<T>(r#"{"on":"1 July"}"#).is_err());
    }
}
