//! 党小组: the party groups of a branch. The secretary puts each member in one group (or
//! none); an event whose audience is "one party group" expects exactly its members. The
//! name is the group's only identity, so the same rule reads it on a member and on an
//! event's audience, or the two would never match.

use crate::error::{ErrorCode, FieldError};
use crate::ids::MemberId;
use serde::{Deserialize, Serialize};

/// A party group's name: trimmed, one line, at most `MAX` characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct PartyGroup(String);

impl PartyGroup {
    pub const MAX: u32 = 50;

    /// The name in `raw` for the form field `field`; empty is `Required`.
    pub fn parse_field(field: &str, raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(FieldError::new(field, ErrorCode::Required));
        }
        if name.chars().count() > Self::MAX as usize {
            return Err(FieldError::with_limit(field, ErrorCode::TooLong, Self::MAX));
        }
        // A line break or a control character would make two names that read the same.
        crate::text::refuse_controls(field, name, crate::text::Lines::One)?;
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PartyGroup {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, FieldError> {
        Self::parse_field(PartyGroupInput::FIELD, &raw)
    }
}

impl From<PartyGroup> for String {
    fn from(g: PartyGroup) -> String {
        g.0
    }
}

/// `PUT /api/v1/branch/members/{id}/party-group` (the branch's secretary and committee).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyGroupInput {
    /// Empty: the member is in no group.
    #[serde(default)]
    pub party_group: String,
}

impl PartyGroupInput {
    const FIELD: &'static str = "party_group";

    /// `None`: no group.
    pub fn parse(&self) -> Result<Option<PartyGroup>, FieldError> {
        if self.party_group.trim().is_empty() {
            return Ok(None);
        }
        PartyGroup::parse_field(Self::FIELD, &self.party_group).map(Some)
    }
}

/// The answer to the `PUT`: the member and the group they are now in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyGroupAssigned {
    pub member_id: MemberId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_group: Option<String>,
}

/// The groups in use on a roster, each once and sorted, for the pickers.
pub fn groups_in_use<'a>(names: impl IntoIterator<Item = Option<&'a str>>) -> Vec<String> {
    let mut out: Vec<String> = names.into_iter().flatten().map(str::to_owned).collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(s: &str) -> PartyGroupInput {
        PartyGroupInput {
            party_group: s.into(),
        }
    }

    #[test]
    fn a_name_is_trimmed_and_empty_is_no_group() {
        let g = input("  第一党小组 ").parse().unwrap().unwrap();
        assert_eq!(g.as_str(), "第一党小组");
        assert_eq!(input("   ").parse().unwrap(), None);
    }

    #[test]
    fn long_or_multi_line_names_are_refused_on_the_field() {
        let long = "组".repeat(PartyGroup::MAX as usize + 1);
        let e = input(&long).parse().unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("party_group", ErrorCode::TooLong)
        );
        assert_eq!(e.limit, Some(PartyGroup::MAX));
        let ok = "组".repeat(PartyGroup::MAX as usize);
        assert!(input(&ok).parse().is_ok());
        let e = input("第一\n党小组").parse().unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("party_group", ErrorCode::ControlCharacter)
        );
    }

    #[test]
    fn groups_in_use_are_listed_once_in_order() {
        let got = groups_in_use([
            Some("第二党小组"),
            None,
            Some("第一党小组"),
            Some("第二党小组"),
        ]);
        assert_eq!(got, vec!["第一党小组".to_owned(), "第二党小组".to_owned()]);
    }

    #[test]
    fn the_field_has_a_label_of_its_own() {
        use crate::Lang;
        use crate::error::field_label;
        assert_eq!(field_label("party_group", Lang::ZhCn), "所在党小组");
        assert_eq!(
            field_label("party_group", Lang::En),
            "Party group of the member"
        );
    }
}
