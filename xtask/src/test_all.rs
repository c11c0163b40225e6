//! `cargo xtask test`: every check the project has, in the order that fails fastest.
//! `.ci/run` calls exactly this.

use crate::bundle;
use crate::proc::{self, Result, cargo, cmd, exec, root};
use crate::schemathesis;
use crate::setup;
use std::time::Instant;

pub fn run() -> Result {
    let started = Instant::now();
    let mut times = Vec::new();
    let mut timed = |name: &'static str, f: &mut dyn FnMut() -> Result| -> Result {
        let t = proc::step(name);
        f()?;
        proc::done(name, t);
        times.push((name, t.elapsed()));
        Ok(())
    };
    timed("set-up", &mut setup::run)?;
    timed("rustfmt", &mut || {
        exec(cargo().args(["fmt", "--all", "--", "--check"]))
    })?;
    timed("clippy (native)", &mut || {
        exec(cargo().args([
            "clippy",
            "--locked",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    timed("clippy (wasm)", &mut || {
        exec(
            cargo()
                .args(["clippy", "--locked", "-p", "zhibu", "--all-targets"])
                .args(WASM)
                .args(["--", "-D", "warnings"]),
        )?;
        // The release build's lazy pages (src/lazy_pages.rs) compile only with `split`.
        exec(
            cargo()
                .args(["clippy", "--locked", "-p", "zhibu", "--features", "split"])
                .args(WASM)
                .args(["--", "-D", "warnings"]),
        )
    })?;
    timed("native tests (model, server)", &mut || {
        exec(cargo().args(["test", "--locked", "--workspace"]))
    })?;
    timed(
        "schemathesis (API against its document)",
        &mut schemathesis::run,
    )?;
    timed("sync fault harness (kill -9)", &mut fault_harness)?;
    timed("wasm tests (headless Chromium)", &mut wasm_tests)?;
    timed("SPA release build", &mut bundle::spa_release)?;
    timed("end-to-end (Playwright, 390x844)", &mut e2e)?;
    eprintln!("\nsummary:");
    for (name, d) in &times {
        eprintln!("  {name:<36} {:>7.1}s", d.as_secs_f64());
    }
    eprintln!(
        "  {:<36} {:>7.1}s",
        "total",
        started.elapsed().as_secs_f64()
    );
    // Every step above ran and passed (a failure stops the run earlier).
    println!("steps: {} passed, 0 failed", times.len());
    Ok(())
}

const WASM: [&str; 2] = ["--target", "wasm32-unknown-unknown"];

fn wasm_tests() -> Result {
    exec(
        cargo()
            .args(["test", "--locked", "-p", "zhibu"])
            .args(WASM)
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .env("CHROMEDRIVER", "/usr/bin/chromedriver"),
    )
}

/// `sync-fault` (crates/loadtest) against the debug server: 10,400 ops with duplicates,
/// reordering and over 20 kill -9 restarts, nothing lost or applied twice. A few seconds;
/// `cargo xtask fault` runs it against the release server.
fn fault_harness() -> Result {
    let server = bundle::server(false)?;
    exec(cargo().args([
        "build",
        "--locked",
        "-p",
        "zhibu-loadtest",
        "--bin",
        "sync-fault",
    ]))?;
    let harness = server.with_file_name("sync-fault");
    exec(cmd(&harness.to_string_lossy()).arg("--server").arg(&server))
}

/// Playwright against the freshly built SPA and a debug server on a free port with a
/// database in a new temporary folder.
fn e2e() -> Result {
    let server = bundle::server(false)?;
    let tmp = std::env::temp_dir().join(format!("zhibu-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let port = free_port()?;
    let result = exec(
        cmd("npx")
            .args(["playwright", "test"])
            .current_dir(root().join("e2e"))
            .env("ZHIBU_SERVER_BIN", &server)
            .env("ZHIBU_DIST", bundle::dist_dir())
            .env("ZHIBU_E2E_PORT", port.to_string())
            .env("ZHIBU_E2E_DB", format!("sqlite://{}/e2e.db", tmp.display())),
    );
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}
