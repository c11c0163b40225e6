//! `cargo xtask <command>`: the project's own commands, so a fresh machine needs nothing
//! but Rust to set itself up, run the app and run every test.

mod bundle;
mod chunks;
mod import_names;
mod lighthouse;
mod loadtest;
mod page_styles;
mod proc;
mod run_app;
mod schemathesis;
mod setup;
mod size;
mod spa_finish;
mod spa_wasm;
mod test_all;
mod unused_classes;
mod wasm_sections;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

  run      set up what is missing, build the app in release and serve it on
           http://127.0.0.1:8080 with a demo organisation (SQLite under ./data)
  test     set up what is missing, then fmt, clippy, native tests, wasm tests in
           headless Chromium and end-to-end Playwright tests at 390x844
  setup    only install the toolchain pieces (idempotent)
  build    build the SPA (release, Trunk) and the server (release)
  spa-wasm build the SPA's wasm, split into page chunks (Trunk runs it)
  spa-finish  hashed file names, the service worker's lists, precompressed copies
           (Trunk runs it after the build)
  size     build the SPA and print the brotli size of its critical path
  fault    sync fault harness: >= 10,000 pushed ops with duplicates and >= 20
           kill -9 restarts of the release server; prints lost=N duplicated=N
  bench    sync push benchmark against the release server: ops/s, p50, p99, the WAL
           (flags after the command go to the binary, e.g. --clients 8; --readers N
           phones pulling meanwhile, --seed 400000 to time pull pages first)
  schemathesis  Schemathesis (pinned) against the debug server with the demo:
           every operation of /api/v1/openapi.json as a member and as a secretary
  lighthouse  Lighthouse (mobile, simulated slow 4G) three times each on /login and
           on a logged-in member's 首页, first and repeat visit; prints the medians";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run_app::run(&args[1..]),
        Some("test") => test_all::run(),
        Some("setup") => setup::run(),
        Some("build") => setup::run().and_then(|()| bundle::release_all()),
        Some("size") => size::run(),
        Some("spa-wasm") => spa_wasm::run(),
        Some("spa-finish") => spa_finish::run(),
        Some("schemathesis") => schemathesis::run(),
        Some("lighthouse") => lighthouse::run(&args[1..]),
        Some("fault") => loadtest::run("sync-fault", &args[1..]),
        Some("bench") => loadtest::run("sync-bench", &args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
