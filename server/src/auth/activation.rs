//! Making activation codes (model: `org/activation.rs` states the format and why its
//! hash is a plain SHA-256).

use crate::auth::token::token_hash;
use zhibu_model::org::ActivationCode;
use zhibu_model::org::activation::VALID_DAYS;

/// A fresh code from the OS generator, and the hash to store.
pub fn new_code() -> (ActivationCode, String) {
    let mut bytes = [0u8; 8];
    // The OS generator failing means the machine cannot do cryptography at all.
    getrandom::fill(&mut bytes).expect("the OS random number generator failed");
    let code = ActivationCode::from_random(bytes);
    let hash = code_hash(&code);
    (code, hash)
}

/// The stored form of a code: lower-case hex SHA-256 of its canonical symbols.
pub fn code_hash(code: &ActivationCode) -> String {
    token_hash(code.as_str())
}

/// When a code issued at `now` (unix ms) stops working.
pub fn expires_at(now: i64) -> i64 {
    now + VALID_DAYS * 24 * 3600 * 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_differ_and_hash_as_typed_or_grouped() {
        let (a, hash) = new_code();
        let (b, _) = new_code();
        assert_ne!(a, b);
        let typed = ActivationCode::parse(&a.grouped().to_lowercase()).unwrap();
        assert_eq!(code_hash(&typed), hash);
        assert_eq!(expires_at(0), 604_800_000);
    }
}
