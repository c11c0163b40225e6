//! Running child processes with the project's tool directories on PATH.

use std::path::{Path, PathBuf};
use std::process::Command;

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

/// Where npm installs the project's node tools (Playwright, binaryen's wasm-opt, terser).
pub fn node_bin() -> PathBuf {
    root().join("e2e/node_modules/.bin")
}

/// PATH with cargo's bin dir and the project's node tools in front, so the pinned
/// wasm-opt is found before any other.
pub fn tool_path() -> String {
    let mut dirs = vec![node_bin()];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        dirs.push(home.join("bin"));
    }
    let mut path = std::env::join_paths(dirs).unwrap_or_default();
    if let Some(old) = std::env::var_os("PATH") {
        let mut joined = path.clone();
        joined.push(":");
        joined.push(old);
        path = joined;
    }
    path.to_string_lossy().into_owned()
}

pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", tool_path());
    c
}

/// Runs a command, echoing it, and fails with its exit status.
pub fn exec(c: &mut Command) -> Result {
    let args: Vec<_> = c.get_args().map(|a| a.to_string_lossy()).collect();
    eprintln!("$ {} {}", c.get_program().to_string_lossy(), args.join(" "));
    let status = c
        .status()
        .map_err(|e| format!("cannot start {:?}: {e}", c.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed with {status}", c.get_program()))
    }
}

/// The trimmed stdout of a command, or None when it cannot run or fails.
pub fn output(c: &mut Command) -> Option<String> {
    let out = c.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

pub fn cargo() -> Command {
    cmd(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// A started step, so long runs show where the time went.
pub fn step(name: &str) -> std::time::Instant {
    eprintln!("\n==> {name}");
    std::time::Instant::now()
}

pub fn done(name: &str, started: std::time::Instant) {
    eprintln!("<== {name}: {:.1}s", started.elapsed().as_secs_f64());
}
