//! The pledge hash in wasm: the phone must compute, byte for byte, the hash the server
//! recomputes natively (the same vector as `crates/model/src/pledge/test_vector.rs`,
//! whose hash was computed independently with `sha256sum`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use zhibu_model::pledge::{PledgeKind, PledgeText, canonical_field};

wasm_bindgen_test_configure!(run_in_browser);

fn known_text() -> PledgeText {
    PledgeText {
        kind: PledgeKind::Commitment,
        year: 2026,
        title: "2026年度党员承诺书".into(),
        body: "我是中国共产党党员，\n我承诺：".into(),
        items: vec!["每月参加主题党日".into(), "完成32学时学习".into()],
    }
}

const KNOWN_HASH: &str = "11705baea4a1932477d355c699cc193316d62bbe590f3d1d1dc2a3b5c54c5915";

#[wasm_bindgen_test]
fn the_known_pledge_hashes_as_on_the_server() {
    assert_eq!(known_text().hash(), KNOWN_HASH);
}

#[wasm_bindgen_test]
fn whitespace_and_nfd_input_hash_the_same_in_wasm() {
    let mut messy = known_text();
    messy.body = "我是中国共产党党员，  \r\n我承诺：\r\n\r\n".into();
    messy.title = "2026年度党员承诺书\u{3000}".into();
    assert_eq!(messy.hash(), KNOWN_HASH);
    assert_eq!(canonical_field("Cafe\u{301}"), "Caf\u{e9}");
    let mut swapped = known_text();
    swapped.items.reverse();
    assert_ne!(swapped.hash(), KNOWN_HASH);
}
