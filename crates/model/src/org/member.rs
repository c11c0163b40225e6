//! A member's roster entry: what the portal keeps of a person, and nothing more (个人信息
//! 保护法, minimum necessary: no ID-card number, no address). The same rules read the
//! member form and every row of an imported roster.
//!
//! Decisions:
//! - Dates are `YYYY-MM-DD`, none in the future (China's today); a birth no earlier than
//!   1900, joining the Party (入党) no earlier than 1921-07-01 and at 18 or older (党章
//!   第一条), full membership (转正) no earlier than joining.
//! - 预备党员 have no 转正日期; a 转正日期 makes the member 正式党员 when no category is
//!   given.
//! - A mobile number is China's eleven digits starting with 1 (spaces, hyphens and a
//!   `+86` are dropped); it is optional.

use crate::account::LoginName;
use crate::error::{ErrorCode, FieldError};
use crate::{Lang, ymd};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The founding of the Party: no Party date lies before it.
pub const PARTY_FOUNDED: (i32, u32, u32) = (1921, 7, 1);

/// 性别
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    /// From the API's value or a roster's 男/女.
    pub fn parse(s: &str) -> Option<Gender> {
        Some(match s.trim() {
            "male" | "男" | "M" | "m" => Gender::Male,
            "female" | "女" | "F" | "f" => Gender::Female,
            _ => return None,
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Gender::Male, Lang::ZhCn) => "男",
            (Gender::Female, Lang::ZhCn) => "女",
            (Gender::Male, Lang::En) => "Male",
            (Gender::Female, Lang::En) => "Female",
        }
    }
}

/// 人员类别: 正式党员 or 预备党员.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    #[default]
    Full,
    Probationary,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Full => "full",
            Category::Probationary => "probationary",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Some(match s.trim() {
            "full" | "正式党员" | "正式" => Category::Full,
            "probationary" | "预备党员" | "预备" => Category::Probationary,
            _ => return None,
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Category::Full, Lang::ZhCn) => "正式党员",
            (Category::Probationary, Lang::ZhCn) => "预备党员",
            (Category::Full, Lang::En) => "Full member",
            (Category::Probationary, Lang::En) => "Probationary member",
        }
    }
}

/// Whether a member is still in the organisation, and if not, why they left.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    #[default]
    Active,
    /// 转出: transferred outside the organisation.
    TransferredOut,
    /// 停止党籍
    Stopped,
    /// 去世
    Deceased,
}

impl MemberStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Active => "active",
            MemberStatus::TransferredOut => "transferred_out",
            MemberStatus::Stopped => "stopped",
            MemberStatus::Deceased => "deceased",
        }
    }

    pub fn parse(s: &str) -> Option<MemberStatus> {
        Some(match s {
            "active" => MemberStatus::Active,
            "transferred_out" => MemberStatus::TransferredOut,
            "stopped" => MemberStatus::Stopped,
            "deceased" => MemberStatus::Deceased,
            _ => return None,
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MemberStatus::Active, Lang::ZhCn) => "在册",
            (MemberStatus::TransferredOut, Lang::ZhCn) => "转出",
            (MemberStatus::Stopped, Lang::ZhCn) => "停止党籍",
            (MemberStatus::Deceased, Lang::ZhCn) => "去世",
            (MemberStatus::Active, Lang::En) => "Active",
            (MemberStatus::TransferredOut, Lang::En) => "Transferred out",
            (MemberStatus::Stopped, Lang::En) => "Membership stopped",
            (MemberStatus::Deceased, Lang::En) => "Deceased",
        }
    }
}

/// A person's name (姓名): trimmed, one line, at most [`PersonName::MAX`] characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub const MAX: u32 = 30;

    pub fn parse_field(field: &str, raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(FieldError::new(field, ErrorCode::Required));
        }
        if name.chars().count() > Self::MAX as usize {
            return Err(FieldError::with_limit(field, ErrorCode::TooLong, Self::MAX));
        }
        crate::text::refuse_controls(field, name, crate::text::Lines::One)?;
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PersonName {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, FieldError> {
        Self::parse_field("display_name", &raw)
    }
}

impl From<PersonName> for String {
    fn from(n: PersonName) -> String {
        n.0
    }
}

/// A mainland mobile number: 11 digits starting with 1.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Mobile(String);

impl Mobile {
    pub fn parse(field: &str, raw: &str) -> Result<Option<Self>, FieldError> {
        let raw = raw.trim();
        let raw = raw
            .strip_prefix("+86")
            .or_else(|| raw.strip_prefix("0086"))
            .unwrap_or(raw);
        let digits: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .collect();
        if digits.is_empty() {
            return Ok(None);
        }
        if digits.len() != 11
            || !digits.starts_with('1')
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(FieldError::new(field, ErrorCode::InvalidFormat));
        }
        Ok(Some(Self(digits)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A date field of the roster: empty is none; otherwise `YYYY-MM-DD` from `earliest` to
/// `today`.
pub fn parse_date(
    field: &str,
    raw: &str,
    earliest: NaiveDate,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let date = ymd::parse(raw).ok_or_else(|| FieldError::new(field, ErrorCode::InvalidFormat))?;
    if date > today {
        return Err(FieldError::new(field, ErrorCode::InFuture));
    }
    if date < earliest {
        return Err(FieldError::new(field, ErrorCode::OutOfRange));
    }
    Ok(Some(date))
}

pub fn party_founded() -> NaiveDate {
    let (y, m, d) = PARTY_FOUNDED;
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn earliest_birth() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date")
}

/// The person's fields of the member form (`POST /api/v1/org/members`, `PUT
/// /api/v1/org/members/{id}`). Strings, so any JSON of this shape reaches validation and
/// each problem is named by its field; empty means "not given".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonInput {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub mobile: String,
    /// `male`, `female` (or 男, 女), empty.
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub born_on: String,
    #[serde(default)]
    pub joined_party_on: String,
    #[serde(default)]
    pub full_member_on: String,
    /// `full`, `probationary` (or 正式党员, 预备党员); empty: full.
    #[serde(default)]
    pub category: String,
}

/// A person's fields, valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub display_name: PersonName,
    pub mobile: Option<Mobile>,
    pub gender: Option<Gender>,
    pub born_on: Option<NaiveDate>,
    pub joined_party_on: Option<NaiveDate>,
    pub full_member_on: Option<NaiveDate>,
    pub category: Category,
}

impl PersonInput {
    /// Every field's rule, then the rules between them; the first problem is named.
    pub fn parse(&self, today: NaiveDate) -> Result<Person, FieldError> {
        self.parse_all(today).map_err(|mut all| all.swap_remove(0))
    }

    /// Every problem, in the form's order (a roster row names them all at once).
    pub fn parse_all(&self, today: NaiveDate) -> Result<Person, Vec<FieldError>> {
        let mut problems = Vec::new();
        macro_rules! keep {
            ($e:expr) => {
                match $e {
                    Ok(v) => Some(v),
                    Err(e) => {
                        problems.push(e);
                        None
                    }
                }
            };
        }
        let display_name = keep!(PersonName::parse_field("display_name", &self.display_name));
        let mobile = keep!(Mobile::parse("mobile", &self.mobile));
        let gender = keep!(match self.gender.trim() {
            "" => Ok(None),
            g => Gender::parse(g)
                .map(Some)
                .ok_or_else(|| FieldError::new("gender", ErrorCode::InvalidFormat)),
        });
        let born_on = keep!(parse_date(
            "born_on",
            &self.born_on,
            earliest_birth(),
            today
        ));
        let joined = keep!(parse_date(
            "joined_party_on",
            &self.joined_party_on,
            party_founded(),
            today,
        ));
        let full = keep!(parse_date(
            "full_member_on",
            &self.full_member_on,
            party_founded(),
            today,
        ));
        let category = keep!(match self.category.trim() {
            "" => Ok(None),
            c => Category::parse(c)
                .map(Some)
                .ok_or_else(|| FieldError::new("category", ErrorCode::InvalidFormat)),
        });
        if let (Some(Some(born)), Some(Some(joined))) = (born_on, joined)
            && joined < adult_on(born)
        {
            problems.push(FieldError::new("joined_party_on", ErrorCode::OutOfRange));
        }
        if let (Some(Some(joined)), Some(Some(full))) = (joined, full)
            && full < joined
        {
            problems.push(FieldError::new("full_member_on", ErrorCode::OutOfRange));
        }
        if let (Some(Some(Category::Probationary)), Some(Some(_))) = (category, full) {
            problems.push(FieldError::new("full_member_on", ErrorCode::Conflict));
        }
        match (
            display_name,
            mobile,
            gender,
            born_on,
            joined,
            full,
            category,
        ) {
            (
                Some(display_name),
                Some(mobile),
                Some(gender),
                Some(born_on),
                Some(joined_party_on),
                Some(full_member_on),
                Some(category),
            ) if problems.is_empty() => Ok(Person {
                display_name,
                mobile,
                gender,
                born_on,
                joined_party_on,
                full_member_on,
                category: category.unwrap_or_default(),
            }),
            _ => Err(problems),
        }
    }
}

/// The 18th birthday (29 February falls on 1 March in common years).
fn adult_on(born: NaiveDate) -> NaiveDate {
    born.with_year(born.year() + 18)
        .or_else(|| NaiveDate::from_ymd_opt(born.year() + 18, 3, 1))
        .unwrap_or(born)
}

/// `POST /api/v1/org/members`: a new member of a branch. An activation code is issued
/// with it and returned once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMemberInput {
    #[serde(flatten)]
    pub person: PersonInput,
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub branch_id: String,
    /// Empty: no group.
    #[serde(default)]
    pub party_group_id: String,
}

/// `PUT /api/v1/org/members/{id}`: the person's fields and their party group in their
/// branch. The branch changes only by a transfer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditMemberInput {
    #[serde(flatten)]
    pub person: PersonInput,
    #[serde(default)]
    pub party_group_id: String,
}

impl NewMemberInput {
    pub fn login(&self) -> Result<LoginName, FieldError> {
        LoginName::parse(&self.login)
    }
}

/// An id field: empty is none; otherwise a UUID, or not found (an id nobody has).
pub fn parse_id<T: std::str::FromStr>(field: &str, raw: &str) -> Result<Option<T>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse()
        .map(Some)
        .map_err(|_| FieldError::new(field, ErrorCode::NotFound))
}

/// Why a member leaves the organisation's roll (`POST /api/v1/org/members/{id}/deactivate`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeactivateInput {
    /// `transferred_out`, `stopped` or `deceased`.
    #[serde(default)]
    pub leave_reason: String,
    /// The first day they no longer count (`YYYY-MM-DD`, not in the future).
    #[serde(default)]
    pub date: String,
}

impl DeactivateInput {
    pub fn parse(&self, today: NaiveDate) -> Result<(MemberStatus, NaiveDate), FieldError> {
        let reason = match MemberStatus::parse(self.leave_reason.trim()) {
            Some(MemberStatus::Active) | None if self.leave_reason.trim().is_empty() => {
                return Err(FieldError::new("leave_reason", ErrorCode::Required));
            }
            Some(MemberStatus::Active) | None => {
                return Err(FieldError::new("leave_reason", ErrorCode::InvalidFormat));
            }
            Some(s) => s,
        };
        let date = required_date("date", &self.date, today)?;
        Ok((reason, date))
    }
}

/// `POST /api/v1/org/members/{id}/transfer`: 组织关系转接 inside the organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferInput {
    #[serde(default)]
    pub branch_id: String,
    /// The first day in the new branch (`YYYY-MM-DD`, not in the future).
    #[serde(default)]
    pub date: String,
    /// Empty: no group in the new branch.
    #[serde(default)]
    pub party_group_id: String,
}

impl TransferInput {
    pub fn parse(
        &self,
        today: NaiveDate,
    ) -> Result<(crate::BranchId, NaiveDate, Option<crate::ids::PartyGroupId>), FieldError> {
        let branch = parse_id("branch_id", &self.branch_id)?
            .ok_or_else(|| FieldError::new("branch_id", ErrorCode::Required))?;
        let date = required_date("date", &self.date, today)?;
        let group = parse_id("party_group_id", &self.party_group_id)?;
        Ok((branch, date, group))
    }
}

/// A date that must be given: from the Party's founding to `today`.
pub fn required_date(field: &str, raw: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    parse_date(field, raw, party_founded(), today)?
        .ok_or_else(|| FieldError::new(field, ErrorCode::Required))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    fn person() -> PersonInput {
        PersonInput {
            display_name: " 王建国 ".into(),
            mobile: "+86 138-0013-8000".into(),
            gender: "男".into(),
            born_on: "1970-05-01".into(),
            joined_party_on: "1995-07-01".into(),
            full_member_on: "1996-07-01".into(),
            category: String::new(),
        }
    }

    #[test]
    fn a_full_roster_entry_parses() {
        let p = person().parse(today()).unwrap();
        assert_eq!(p.display_name.as_str(), "王建国");
        assert_eq!(p.mobile.unwrap().as_str(), "13800138000");
        assert_eq!(p.gender, Some(Gender::Male));
        assert_eq!(p.category, Category::Full);
    }

    #[test]
    fn each_bad_field_is_named() {
        type Case = (fn(&mut PersonInput), &'static str, ErrorCode);
        let cases: [Case; 10] = [
            (
                |p| p.display_name = "  ".into(),
                "display_name",
                ErrorCode::Required,
            ),
            (
                |p| p.display_name = "名".repeat(31),
                "display_name",
                ErrorCode::TooLong,
            ),
            (
                |p| p.mobile = "12345".into(),
                "mobile",
                ErrorCode::InvalidFormat,
            ),
            (
                |p| p.gender = "x".into(),
                "gender",
                ErrorCode::InvalidFormat,
            ),
            (
                |p| p.born_on = "1970/05/01".into(),
                "born_on",
                ErrorCode::InvalidFormat,
            ),
            (
                |p| p.born_on = "2027-01-01".into(),
                "born_on",
                ErrorCode::InFuture,
            ),
            (
                |p| p.joined_party_on = "1920-01-01".into(),
                "joined_party_on",
                ErrorCode::OutOfRange,
            ),
            (
                |p| p.joined_party_on = "1980-01-01".into(),
                "joined_party_on",
                ErrorCode::OutOfRange,
            ),
            (
                |p| p.full_member_on = "1990-01-01".into(),
                "full_member_on",
                ErrorCode::OutOfRange,
            ),
            (
                |p| p.category = "预备党员".into(),
                "full_member_on",
                ErrorCode::Conflict,
            ),
        ];
        for (change, field, code) in cases {
            let mut p = person();
            change(&mut p);
            let e = p.parse(today()).unwrap_err();
            assert_eq!((e.field.as_str(), e.code), (field, code), "{p:?}");
        }
    }

    #[test]
    fn all_problems_are_listed_for_a_roster_row() {
        let p = PersonInput {
            display_name: String::new(),
            born_on: "bad".into(),
            ..PersonInput::default()
        };
        let all = p.parse_all(today()).unwrap_err();
        let fields: Vec<&str> = all.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["display_name", "born_on"]);
    }

    #[test]
    fn joining_at_eighteen_counts_from_the_birthday() {
        let mut p = person();
        p.born_on = "2000-02-29".into();
        p.joined_party_on = "2018-03-01".into();
        p.full_member_on = String::new();
        assert!(p.parse(today()).is_ok());
        p.joined_party_on = "2018-02-28".into();
        assert!(p.parse(today()).is_err());
    }

    #[test]
    fn deactivation_and_transfer_need_a_reason_and_a_date() {
        let input = DeactivateInput {
            leave_reason: "deceased".into(),
            date: "2026-11-30".into(),
        };
        assert_eq!(
            input.parse(today()).unwrap(),
            (MemberStatus::Deceased, "2026-11-30".parse().unwrap())
        );
        for (reason, date, field, code) in [
            ("", "2026-11-30", "leave_reason", ErrorCode::Required),
            (
                "active",
                "2026-11-30",
                "leave_reason",
                ErrorCode::InvalidFormat,
            ),
            ("stopped", "", "date", ErrorCode::Required),
            ("stopped", "2026-12-04", "date", ErrorCode::InFuture),
        ] {
            let e = DeactivateInput {
                leave_reason: reason.into(),
                date: date.into(),
            }
            .parse(today())
            .unwrap_err();
            assert_eq!((e.field.as_str(), e.code), (field, code));
        }
        let e = TransferInput {
            branch_id: "nope".into(),
            date: "2026-11-30".into(),
            party_group_id: String::new(),
        }
        .parse(today())
        .unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("branch_id", ErrorCode::NotFound)
        );
    }
}
