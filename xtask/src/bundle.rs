//! Builds: the SPA with Trunk (small-wasm profile, pinned wasm-opt) and the server.

use crate::proc::{self, Result, cargo, cmd, exec, root};
use std::path::PathBuf;

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// `trunk build --release` into dist/. Trunk.toml keeps it offline and names the tools.
pub fn spa_release() -> Result {
    let t = proc::step("SPA release build (Trunk)");
    exec(cmd("trunk").args(["build", "--release"]))?;
    proc::done("SPA release build (Trunk)", t);
    Ok(())
}

pub fn server(release: bool) -> Result<PathBuf> {
    let mut c = cargo();
    c.args(["build", "--locked", "-p", "zhibu-server"]);
    if release {
        c.arg("--release");
    }
    exec(&mut c)?;
    let profile = if release { "release" } else { "debug" };
    Ok(target_dir().join(profile).join("zhibu-server"))
}

pub fn release_all() -> Result {
    spa_release()?;
    server(true).map(|_| ())
}
