//! The zhibu SPA.
pub mod sync;
