//! Record ids are UUIDv7, made by whoever creates the record (often a phone, offline), so an
//! id never changes once a member has seen it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A member's account (党员).
    MemberId
);
id_type!(
    /// A party branch (党支部).
    BranchId
);
id_type!(
    /// A general branch (党总支), grouping some of the organisation's branches.
    GeneralBranchId
);
id_type!(
    /// A party group (党小组) of a branch.
    PartyGroupId
);
id_type!(
    /// One term of a post (书记, 组织委员 …) held by a member from a date.
    PostId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_and_ordered_by_creation() {
        let a = MemberId::new();
        let b = MemberId::new();
        assert_eq!(a.0.get_version_num(), 7);
        assert!(a < b);
        assert_eq!(a.to_string().parse::<MemberId>().unwrap(), a);
    }
}
