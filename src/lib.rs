//! The zhibu SPA.
