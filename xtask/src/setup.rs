//! Installs what the project needs, pinned, and only what is missing: a second run on a
//! set-up machine takes a second or two.

use crate::proc::{Result, cargo, cmd, exec, output, root};
use std::path::Path;

/// Trunk 0.22 needs a newer rustc than this machine's; 0.21.14 is the last that builds.
pub const TRUNK_VERSION: &str = "0.21.14";
const DEBIAN_PACKAGES: [&str; 3] = ["chromium", "chromium-driver", "fonts-noto-cjk"];

pub fn run() -> Result {
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    wasm_split()?;
    debian_packages()?;
    node_tools()?;
    crate::schemathesis::install()?;
    // Trunk builds offline (it must never try to download), which makes cargo offline too.
    exec(cargo().args(["fetch", "--quiet"]))?;
    Ok(())
}

fn wasm_target() -> Result {
    let installed =
        output(cmd("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    exec(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result {
    let have = output(cmd("trunk").arg("--version")).unwrap_or_default();
    if have == format!("trunk {TRUNK_VERSION}") {
        return Ok(());
    }
    eprintln!("installing Trunk {TRUNK_VERSION} (about ten minutes, once)");
    exec(cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

/// The CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

fn wasm_bindgen() -> Result {
    let want = wasm_bindgen_version()?;
    let have = output(cmd("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner = output(cmd("wasm-bindgen-test-runner").arg("--version")).unwrap_or_default();
    if have == format!("wasm-bindgen {want}") && runner.ends_with(&want) {
        return Ok(());
    }
    // Not --locked: one of the CLI's locked dependency versions is gone from the registry.
    exec(cargo().args(["install", "wasm-bindgen-cli", "--version", &want]))
}

/// Cuts the release wasm into page chunks (`cargo xtask spa-wasm`); the version that
/// reads what Leptos's `wasm_split_helpers` in Cargo.lock writes.
pub const WASM_SPLIT_VERSION: &str = "0.2.4";

fn wasm_split() -> Result {
    // The CLI has no --version; cargo's own list of installed crates says it.
    let installed = output(cargo().args(["install", "--list"])).unwrap_or_default();
    let want = format!("wasm_split_cli_support v{WASM_SPLIT_VERSION}:");
    if installed.lines().any(|l| l == want) && output(cmd("wasm-split-cli").arg("--help")).is_some()
    {
        return Ok(());
    }
    exec(cargo().args([
        "install",
        "wasm_split_cli_support",
        "--version",
        WASM_SPLIT_VERSION,
        "--features",
        "build-binary",
        "--locked",
    ]))
}

fn debian_packages() -> Result {
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .into_iter()
        .filter(|p| {
            output(cmd("dpkg-query").args(["-W", "-f=${Status}", p]))
                .is_none_or(|s| !s.contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    exec(cmd("apt-get").args(["update", "-qq"]))?;
    exec(
        cmd("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// Playwright, binaryen's wasm-opt and terser come from npm, pinned by e2e/package-lock.json.
fn node_tools() -> Result {
    let e2e = root().join("e2e");
    if is_newer(
        &e2e.join("node_modules/.package-lock.json"),
        &e2e.join("package-lock.json"),
    ) {
        return Ok(());
    }
    exec(
        cmd("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&e2e)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )
}

fn is_newer(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(a), modified(b)), (Some(x), Some(y)) if x >= y)
}
