//! `cargo xtask lighthouse`: builds the release app, starts the release server with the
//! demo on a fresh database, and runs Lighthouse (npm, pinned by
//! xtask/lighthouse/package-lock.json; Debian's Chromium) three times on each case:
//! `/login`, a logged-in member's `/` on a first visit and on a repeat visit. Prints the
//! medians. A benchmark of what a member's phone experiences, not a test: CI does not run
//! it. Flags: `--runs N`, `--reports DIR` (each run's JSON report), `--cases a,b`
//! (`login`, `home-first`, `home-repeat`), `--no-build` (measure the build in dist/).

use crate::bundle;
use crate::proc::{self, Result, cmd, exec, root};
use crate::setup;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub fn run(args: &[String]) -> Result {
    let mut runs = "3".to_owned();
    let mut reports = None;
    let mut cases = None;
    let mut build = true;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--runs" => runs = value()?,
            "--reports" => reports = Some(value()?),
            "--cases" => cases = Some(value()?),
            "--no-build" => build = false,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    setup::run()?;
    node_tools()?;
    if build {
        bundle::spa_release()?;
    }
    let server = bundle::server(true)?;
    let tmp = std::env::temp_dir().join(format!("zhibu-lighthouse-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
    let mut child = Command::new(&server)
        .args(["--demo", "--bind", "127.0.0.1:0", "--dist"])
        .arg(bundle::dist_dir())
        .arg("--database-url")
        .arg(format!("sqlite://{}/lighthouse.db", tmp.display()))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let result = listening_url(&mut child).and_then(|url| {
        let t = proc::step("Lighthouse");
        let mut node = cmd("node");
        node.arg("run.mjs")
            .arg(&url)
            .arg(&runs)
            .current_dir(root().join("xtask/lighthouse"))
            .env("CHROME_PATH", "/usr/bin/chromium");
        if let Some(dir) = &reports {
            node.arg(dir);
        }
        if let Some(cases) = &cases {
            node.env("ZHIBU_LIGHTHOUSE_CASES", cases);
        }
        let r = exec(&mut node);
        proc::done("Lighthouse", t);
        r
    });
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

/// The `zhibu listening on http://…` line the server prints once it serves.
fn listening_url(child: &mut Child) -> Result<String> {
    let out = child.stdout.take().ok_or("no server stdout")?;
    let mut lines = BufReader::new(out).lines();
    for line in lines.by_ref() {
        let line = line.map_err(|e| e.to_string())?;
        if let Some(url) = line.strip_prefix("zhibu listening on ") {
            let url = url.trim().to_owned();
            // Keep draining what the server prints (the demo's logins) so it never blocks.
            std::thread::spawn(move || lines.for_each(drop));
            return Ok(url);
        }
    }
    Err("the server stopped before it listened".into())
}

/// Lighthouse and its Chromium driver, from npm, pinned by the lock file; installed only
/// for this command, so the test command never needs them.
fn node_tools() -> Result {
    let dir = root().join("xtask/lighthouse");
    if dir.join("node_modules/lighthouse").exists() {
        return Ok(());
    }
    exec(
        cmd("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir),
    )
}
