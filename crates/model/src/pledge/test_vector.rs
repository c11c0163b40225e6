//! A pledge text with its canonical form and hash, computed independently (`sha256sum`).
//! The SPA's wasm test (`tests/pledge_hash.rs`) asserts the same hash.

use super::{PledgeKind, PledgeText};

pub fn known_text() -> PledgeText {
    PledgeText {
        kind: PledgeKind::Commitment,
        year: 2026,
        title: "2026年度党员承诺书".into(),
        body: "我是中国共产党党员，\n我承诺：".into(),
        items: vec!["每月参加主题党日".into(), "完成32学时学习".into()],
    }
}

pub const KNOWN_CANONICAL: &str = "zhibu-pledge-v1\nkind:commitment\nyear:2026\ntitle:25\n2026年度党员承诺书\nbody:43\n我是中国共产党党员，\n我承诺：\nitems:2\nitem:24\n每月参加主题党日\nitem:20\n完成32学时学习\n";

pub const KNOWN_HASH: &str = "11705baea4a1932477d355c699cc193316d62bbe590f3d1d1dc2a3b5c54c5915";
