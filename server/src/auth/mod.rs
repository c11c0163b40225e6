//! Who is asking: password hashing, session tokens and cookies, the current-member
//! extractor, the client address, and the failed-login limits.

pub mod activation;
pub mod client_addr;
pub mod cookie;
pub mod current;
pub mod password;
pub mod rate_limit;
pub mod session;
pub mod token;

pub use client_addr::ClientAddr;
pub use current::CurrentSession;
pub use password::Passwords;
