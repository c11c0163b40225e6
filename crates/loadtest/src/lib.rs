//! Drives the real release server over HTTP, as phones would: the sync fault harness
//! (`sync-fault`: kill -9 in the middle of batches, retries, duplicates; nothing may be
//! lost or applied twice) and the push benchmark (`sync-bench`, optionally with phones
//! pulling meanwhile). Run both through `cargo xtask fault` and `cargo xtask bench`,
//! which build everything in release first.

pub mod args;
pub mod client;
pub mod ops;
pub mod server;

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T = ()> = std::result::Result<T, Error>;

/// Demo accounts that belong to a branch (the admin has none), in roster order.
pub const MEMBERS: [&str; 14] = [
    "linxiaolan",
    "chenzhiyuan",
    "zhouyutong",
    "wangjianguo",
    "lixiuying",
    "zhanghaifeng",
    "liusiyuan",
    "zhaomingxuan",
    "sunlihua",
    "wuzeyu",
    "zhengyaqin",
    "hezhendong",
    "xuting",
    "gaoyuan",
];

/// The demo accounts' password (zhibu_server::demo::DEMO_PASSWORD; this crate does not
/// link the server, it only talks to it).
pub const DEMO_PASSWORD: &str = "zhibu-demo-2026";
