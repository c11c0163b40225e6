//! zhibu's shared model: the one place where the portal's types, validation and rules live.
//!
//! Both the SPA (compiled to wasm) and the server use this crate, so a record that the
//! phone accepted is accepted by the server for the same reasons, and an error reads the
//! same on both sides. No IO here.

pub mod account;
pub mod attendance;
pub mod branch_study;
pub mod calendar;
pub mod check_in;
pub mod compliance;
pub mod coverage;
pub mod device;
pub mod error;
pub mod event;
pub mod event_series;
pub mod event_settings;
pub mod feedback;
pub mod ical;
pub mod ids;
pub mod lang;
pub mod org;
pub mod party_group;
pub mod plan;
pub mod pledge;
pub mod progress;
pub mod rules;
pub mod study;
pub mod sync;
pub mod talk;
pub mod text;
pub mod ymd;

pub use account::{ChangePasswordRequest, LoginName, LoginRequest, Me, NewPassword, Role};
pub use chrono;
pub use error::{ApiError, ErrorCode, FieldError};
pub use ids::{BranchId, MemberId};
pub use lang::Lang;
pub use uuid::Uuid;
