//! Accounts, roles and the login forms, parsed into types that can only hold valid values.

use crate::Lang;
use crate::error::{ErrorCode, FieldError};
use crate::ids::{BranchId, MemberId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What an account may do. Committee members (支委) share the secretary's branch tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 党员
    Member,
    /// 支委 (branch committee member)
    Committee,
    /// 支部书记 (branch secretary)
    Secretary,
    /// 机关党委 / 管理员 (organisation admin)
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Committee => "committee",
            Role::Secretary => "secretary",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "member" => Role::Member,
            "committee" => Role::Committee,
            "secretary" => Role::Secretary,
            "admin" => Role::Admin,
            _ => return None,
        })
    }

    /// The role's name as a member reads it (the SPA's profile, the server's exports).
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Role::Member => ("党员", "Party member"),
            Role::Committee => ("支委", "Branch committee member"),
            Role::Secretary => ("支部书记", "Branch secretary"),
            Role::Admin => ("管理员", "Administrator"),
        };
        match lang {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }

    /// Publishes calendars, templates and plans and sees the branch's obligations.
    pub fn manages_branch(self) -> bool {
        matches!(self, Role::Committee | Role::Secretary)
    }
}

/// A member of the caller's own branch (`GET /api/v1/branch/roster`): whom a talk
/// record can name, and the party groups an event's audience picks from. Nothing beyond
/// what a member sees of a colleague.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterMember {
    pub id: MemberId,
    pub display_name: String,
    pub role: Role,
    /// Their 党小组 (`party_group.rs`); absent on copies cached before groups existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_group: Option<String>,
}

/// A login name: trimmed, lower-cased ASCII letters, digits and `.` `_` `-`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct LoginName(String);

impl LoginName {
    pub const MAX: u32 = 64;
    const FIELD: &'static str = "login";

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(FieldError::new(Self::FIELD, ErrorCode::Required));
        }
        if name.chars().count() > Self::MAX as usize {
            return Err(FieldError::with_limit(
                Self::FIELD,
                ErrorCode::TooLong,
                Self::MAX,
            ));
        }
        let ok = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !ok {
            return Err(FieldError::new(Self::FIELD, ErrorCode::InvalidFormat));
        }
        Ok(Self(name.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LoginName {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<LoginName> for String {
    fn from(value: LoginName) -> Self {
        value.0
    }
}

/// Upper bound for any password, so hashing cost cannot be driven up by a huge input.
pub const PASSWORD_MAX: u32 = 128;

/// A password as typed at login: only checked for presence and size.
fn parse_login_password(field: &str, raw: &str) -> Result<(), FieldError> {
    if raw.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    if raw.chars().count() > PASSWORD_MAX as usize {
        return Err(FieldError::with_limit(
            field,
            ErrorCode::TooLong,
            PASSWORD_MAX,
        ));
    }
    Ok(())
}

/// A new password: long enough to resist guessing, bounded so hashing stays cheap.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN: u32 = 10;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        if raw.is_empty() {
            return Err(FieldError::new(field, ErrorCode::Required));
        }
        let n = raw.chars().count();
        if n < Self::MIN as usize {
            return Err(FieldError::with_limit(
                field,
                ErrorCode::TooShort,
                Self::MIN,
            ));
        }
        if n > PASSWORD_MAX as usize {
            return Err(FieldError::with_limit(
                field,
                ErrorCode::TooLong,
                PASSWORD_MAX,
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// `POST /api/v1/auth/login`. Fields are plain strings so that any JSON of this shape
/// reaches validation and gets a field error rather than a generic parse failure.
#[derive(Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub password: String,
}

impl LoginRequest {
    pub fn parse(&self) -> Result<LoginName, FieldError> {
        let login = LoginName::parse(&self.login)?;
        parse_login_password("password", &self.password)?;
        Ok(login)
    }
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("login", &self.login)
            .finish_non_exhaustive()
    }
}

/// `POST /api/v1/auth/password`.
#[derive(Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    #[serde(default)]
    pub current_password: String,
    #[serde(default)]
    pub new_password: String,
}

impl ChangePasswordRequest {
    pub fn parse(&self) -> Result<NewPassword, FieldError> {
        parse_login_password("current_password", &self.current_password)?;
        NewPassword::parse("new_password", &self.new_password)
    }
}

/// `GET /api/v1/me`: who is logged in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: MemberId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub branch_id: Option<BranchId>,
    pub branch_name: Option<String>,
    /// 入党日期
    #[serde(with = "crate::ymd", default)]
    pub joined_party_on: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_name_is_trimmed_and_lowercased() {
        assert_eq!(
            LoginName::parse("  Wang.Ming ").unwrap().as_str(),
            "wang.ming"
        );
    }

    #[test]
    fn login_name_errors_name_the_field() {
        let e = LoginName::parse("   ").unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("login", ErrorCode::Required));
        let e = LoginName::parse(&"a".repeat(65)).unwrap_err();
        assert_eq!((e.code, e.limit), (ErrorCode::TooLong, Some(64)));
        let e = LoginName::parse("王明").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidFormat);
    }

    #[test]
    fn login_request_checks_password_presence_and_size() {
        let req = LoginRequest {
            login: "a".into(),
            password: String::new(),
        };
        assert_eq!(req.parse().unwrap_err().field, "password");
        let req = LoginRequest {
            login: "a".into(),
            password: "x".repeat(129),
        };
        assert_eq!(req.parse().unwrap_err().code, ErrorCode::TooLong);
        let req = LoginRequest {
            login: "a".into(),
            password: "x".into(),
        };
        assert!(req.parse().is_ok());
    }

    #[test]
    fn new_password_bounds() {
        assert_eq!(
            NewPassword::parse("new_password", "short")
                .unwrap_err()
                .code,
            ErrorCode::TooShort
        );
        assert!(NewPassword::parse("new_password", "long enough pw").is_ok());
        // Counted in characters, not bytes: ten CJK characters are enough.
        assert!(NewPassword::parse("new_password", "一二三四五六七八九十").is_ok());
    }

    #[test]
    fn role_round_trips_and_powers() {
        for r in [Role::Member, Role::Committee, Role::Secretary, Role::Admin] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert!(Role::Secretary.manages_branch());
        assert!(!Role::Member.manages_branch());
        assert!(!Role::Admin.manages_branch());
    }

    #[test]
    fn role_labels_in_both_languages() {
        assert_eq!(Role::Secretary.label(Lang::ZhCn), "支部书记");
        assert_eq!(Role::Committee.label(Lang::ZhCn), "支委");
        assert_eq!(Role::Member.label(Lang::En), "Party member");
    }
}
