//! The organisation (机关党委) and its members over their life: the tree (organisation →
//! optional 党总支 → 党支部 → 党小组), posts with dates, the roster entry of a member,
//! activation codes, and the JSON the organisation endpoints answer.
//!
//! Who may do what (checked by the server, `server/src/org_access.rs`): the
//! organisation's administrators everything; a branch's secretary (书记, 副书记) their
//! own branch's members (add, edit, codes, transfer out, deactivate) and its party
//! groups and group leaders; its committee members read; a member themself.

pub mod activation;
pub mod member;
pub mod post;
pub mod roster;
pub mod tree;
pub mod views;

pub use activation::{ActivateRequest, ActivationCode, IssuedCode};
pub use member::{Category, Gender, MemberStatus, Person, PersonInput};
pub use post::{Post, role_from_posts};
