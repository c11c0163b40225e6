//! `YYYY-MM-DD` for an optional date in JSON, read and written without chrono's general
//! format parser: the SPA's main module reads the member's 入党日期 with the session, and
//! that parser alone costs the first download of every phone several kilobytes.

use crate::error::{ErrorCode, FieldError};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serializer, de::Error};

/// The earliest date the portal accepts anywhere: the Party's founding (建党, 1 July 1921,
/// the date as commemorated). Nothing a member records can be earlier. The one exception
/// is a date of birth in the roster (`org::member`, from 1900, today at the latest): a
/// member may be older than the Party.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1921, 7, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// The latest date the portal accepts anywhere. A due date or an event may lie ahead,
/// but not absurdly far: year 99999 is a typing slip, and beyond it dates stop fitting
/// the four-digit `YYYY-MM-DD` every view, export and feed writes.
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// Whether `date` is within [`EARLIEST`] and [`LATEST`].
pub fn in_bounds(date: NaiveDate) -> bool {
    (EARLIEST..=LATEST).contains(&date)
}

/// `date` for `field`, or `out_of_range` when it is outside the portal's bounds. Every
/// date parser of the model ends here.
pub fn bounded(field: &str, date: NaiveDate) -> Result<NaiveDate, FieldError> {
    if in_bounds(date) {
        Ok(date)
    } else {
        Err(FieldError::new(field, ErrorCode::OutOfRange))
    }
}

/// A `YYYY-MM-DD` field: `required` when empty, `invalid_format` when not a date,
/// `out_of_range` outside the bounds.
pub fn parse_field(field: &str, raw: &str) -> Result<NaiveDate, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    let date = parse(raw).ok_or_else(|| FieldError::new(field, ErrorCode::InvalidFormat))?;
    bounded(field, date)
}

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
            .filter(|d| in_bounds(*d))
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
    fn dates_are_bounded_from_the_founding_to_2100() {
        for (raw, ok) in [
            ("1921-06-30", false),
            ("1921-07-01", true),
            ("0001-01-01", false),
            ("2100-12-31", true),
            ("2101-01-01", false),
            ("9999-12-31", false),
        ] {
            let parsed = parse_field("due", raw);
            if ok {
                assert!(parsed.is_ok(), "{raw}");
            } else {
                let e = parsed.unwrap_err();
                assert_eq!(
                    (e.field.as_str(), e.code),
                    ("due", ErrorCode::OutOfRange),
                    "{raw}"
                );
            }
        }
        assert_eq!(
            parse_field("due", " ").unwrap_err().code,
            ErrorCode::Required
        );
        assert_eq!(
            parse_field("due", "99999-01-01").unwrap_err().code,
            ErrorCode::InvalidFormat
        );
        #[derive(serde::Deserialize, Debug)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        struct T {
            #[allow(dead_code)]
            #[serde(with = "super", default)]
            on: Option<NaiveDate>,
        }
        assert!(serde_json::from_str::<T>(r#"{"on":"0001-01-01"}"#).is_err());
    }

    #[test]
    fn optional_dates_round_trip_as_json() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
