//! Cross-cutting request handling: error rendering, the CSRF guard, response headers.

pub mod csrf;
pub mod json_errors;
pub mod security_headers;
