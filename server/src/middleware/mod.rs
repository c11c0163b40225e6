//! Cross-cutting request handling: error rendering, the CSRF guard, response headers, the
//! log of refusals.

pub mod csrf;
pub mod json_errors;
pub mod refusals;
pub mod security_headers;
