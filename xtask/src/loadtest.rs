//! `cargo xtask fault` and `cargo xtask bench`: the release server driven by the
//! crates/loadtest binaries (see their docs). Extra arguments go to the binary.

use crate::bundle::target_dir;
use crate::proc::{self, Result, cargo, cmd, exec};

/// Builds the server and the load-test binaries in one release build (shared features,
/// so the common dependencies compile once).
fn build() -> Result {
    let t = proc::step("release build: zhibu-server, zhibu-loadtest");
    exec(cargo().args([
        "build",
        "--locked",
        "--release",
        "-p",
        "zhibu-server",
        "-p",
        "zhibu-loadtest",
    ]))?;
    proc::done("release build", t);
    Ok(())
}

pub fn run(binary: &str, extra: &[String]) -> Result {
    build()?;
    let release = target_dir().join("release");
    let t = proc::step(binary);
    exec(
        cmd(&release.join(binary).to_string_lossy())
            .arg("--server")
            .arg(release.join("zhibu-server"))
            .args(extra),
    )?;
    proc::done(binary, t);
    Ok(())
}
