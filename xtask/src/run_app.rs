//! `cargo xtask run`: the one command that brings the app up on a fresh machine.

use crate::bundle;
use crate::proc::{Result, cmd, exec};
use crate::setup;

pub fn run(extra: &[String]) -> Result {
    setup::run()?;
    bundle::spa_release()?;
    let server = bundle::server(true)?;
    std::fs::create_dir_all(crate::proc::root().join("data"))
        .map_err(|e| format!("cannot create ./data: {e}"))?;
    // The server prints the URL and the demo logins once it listens.
    exec(
        cmd(&server.to_string_lossy())
            .args(["--demo", "--bind", "127.0.0.1:8080", "--dist", "dist"])
            .args(["--database-url", "sqlite://data/zhibu.db"])
            .args(extra),
    )
}
