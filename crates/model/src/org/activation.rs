//! One-time activation codes: how a member gets their first password, and a new one when
//! they forgot it. Never a default password.
//!
//! Decisions:
//! - 12 symbols of Crockford's base32 (`0-9`, `A-Z` without `I L O U`): 60 bits, shown
//!   as three groups of four (`K7QM-3XPA-9RTD`) so it can be read aloud or copied from
//!   paper. Reading forgives what people do: lower case, spaces and hyphens anywhere,
//!   `O` for `0`, `I` and `L` for `1`.
//! - Valid [`VALID_DAYS`] days, used once; the server keeps only its SHA-256 and counts
//!   wrong attempts like wrong passwords. 60 random bits against a handful of attempts
//!   per window cannot be guessed online, and a stolen hash expires within the week, so
//!   a slow password hash would buy nothing and would make issuing codes for a whole
//!   branch slow.

use crate::account::{LoginName, NewPassword};
use crate::error::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};

/// Crockford's base32 alphabet: no `I`, `L`, `O` or `U`, so nothing reads as another.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A code is valid this many days after it was issued.
pub const VALID_DAYS: i64 = 7;

/// An activation code in its canonical form (12 symbols, no separators).
#[derive(Clone, PartialEq, Eq)]
pub struct ActivationCode(String);

impl ActivationCode {
    /// Symbols in a code: 12 × 5 bits = 60 bits.
    pub const SYMBOLS: usize = 12;
    pub const FIELD: &'static str = "activation_code";

    /// The code made of the first 60 bits of `random` (from the OS generator).
    pub fn from_random(random: [u8; 8]) -> Self {
        let bits = u64::from_be_bytes(random);
        let code = (0..Self::SYMBOLS)
            .map(|i| {
                let symbol = (bits >> (59 - 5 * i)) & 0x1f;
                char::from(ALPHABET[symbol as usize])
            })
            .collect();
        Self(code)
    }

    /// Reads a code as typed: case, spaces and hyphens do not matter, and `O`, `I`, `L`
    /// are read as the digits they look like.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let mut code = String::with_capacity(Self::SYMBOLS);
        for c in raw.chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' | '\u{3000}' | '\t' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return Err(FieldError::new(Self::FIELD, ErrorCode::InvalidFormat));
            }
            code.push(c);
        }
        match code.len() {
            0 => Err(FieldError::new(Self::FIELD, ErrorCode::Required)),
            n if n == Self::SYMBOLS => Ok(Self(code)),
            _ => Err(FieldError::new(Self::FIELD, ErrorCode::InvalidFormat)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As shown and printed: `XXXX-XXXX-XXXX`.
    pub fn grouped(&self) -> String {
        let s = &self.0;
        format!("{}-{}-{}", &s[0..4], &s[4..8], &s[8..12])
    }
}

impl std::fmt::Debug for ActivationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ActivationCode(***)")
    }
}

/// `POST /api/v1/auth/activate`: the login, the code handed over, and the new password
/// (the same rules as a password change). The code is `activation_code`, not `code`,
/// which names an event's check-in code in errors.
#[derive(Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivateRequest {
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub activation_code: String,
    #[serde(default)]
    pub password: String,
}

impl ActivateRequest {
    pub fn parse(&self) -> Result<(LoginName, ActivationCode, NewPassword), FieldError> {
        let login = LoginName::parse(&self.login)?;
        let code = ActivationCode::parse(&self.activation_code)?;
        let password = NewPassword::parse("password", &self.password)?;
        Ok((login, code, password))
    }
}

impl std::fmt::Debug for ActivateRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActivateRequest")
            .field("login", &self.login)
            .finish_non_exhaustive()
    }
}

/// A code just issued (`POST …/activation-code`, `zhibu-server admin issue-code`): shown
/// once, never stored in this form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedCode {
    pub member_id: crate::MemberId,
    pub login: String,
    pub display_name: String,
    /// Grouped for reading: `XXXX-XXXX-XXXX`.
    pub code: String,
    /// Unix milliseconds.
    pub expires_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_twelve_symbols_of_sixty_random_bits() {
        let a = ActivationCode::from_random([0xff; 8]);
        assert_eq!(a.as_str(), "ZZZZZZZZZZZZ");
        let b = ActivationCode::from_random([0; 8]);
        assert_eq!(b.as_str(), "000000000000");
        // The four bits below the sixty never show.
        let c = ActivationCode::from_random([0, 0, 0, 0, 0, 0, 0, 0x0f]);
        assert_eq!(c.as_str(), "000000000000");
        let d = ActivationCode::from_random([0, 0, 0, 0, 0, 0, 0, 0x10]);
        assert_eq!(d.as_str(), "000000000001");
        assert_eq!(
            ActivationCode::SYMBOLS * 5,
            60,
            "at least 60 bits, the issue's floor"
        );
    }

    #[test]
    fn codes_read_as_people_type_them() {
        let code = ActivationCode::from_random(*b"zhibu-19");
        let grouped = code.grouped();
        assert_eq!(grouped.len(), 14);
        assert_eq!(ActivationCode::parse(&grouped).unwrap(), code);
        let sloppy = format!(" {} ", grouped.to_lowercase().replace('-', " "));
        assert_eq!(ActivationCode::parse(&sloppy).unwrap(), code);
        assert_eq!(
            ActivationCode::parse("oil0-1111-2222").unwrap().as_str(),
            "011011112222"
        );
    }

    #[test]
    fn bad_codes_are_refused_on_the_field() {
        for (raw, code) in [
            ("", ErrorCode::Required),
            (" - ", ErrorCode::Required),
            ("ABCD-EFGH-JKM", ErrorCode::InvalidFormat),
            ("ABCD-EFGH-JKMNP", ErrorCode::InvalidFormat),
            ("ABCD-EFGH-JKMU", ErrorCode::InvalidFormat),
            ("激活码激活码激活码激活码", ErrorCode::InvalidFormat),
        ] {
            let e = ActivationCode::parse(raw).unwrap_err();
            assert_eq!(
                (e.field.as_str(), e.code),
                ("activation_code", code),
                "{raw}"
            );
        }
    }

    #[test]
    fn the_request_checks_login_code_and_password_rules() {
        let req = ActivateRequest {
            login: "wang".into(),
            activation_code: "0000-0000-0000".into(),
            password: "short".into(),
        };
        let e = req.parse().unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("password", ErrorCode::TooShort)
        );
        let req = ActivateRequest {
            password: "long enough password".into(),
            ..req
        };
        assert!(req.parse().is_ok());
        assert!(!format!("{req:?}").contains("0000"));
    }
}
