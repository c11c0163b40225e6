//! `cargo xtask size`: the brotli size of what a phone must fetch before the app starts
//! (wasm + JS + CSS), against the budget.

use crate::bundle;
use crate::proc::Result;
use crate::setup;
use std::io::Write;

/// The critical-path budget from the foundation and sync issues.
pub const BUDGET_BYTES: usize = 100 * 1024;

pub fn run() -> Result {
    setup::run()?;
    bundle::spa_release()?;
    let total = report()?;
    if total > BUDGET_BYTES {
        return Err(format!(
            "critical path {total} B is over the {BUDGET_BYTES} B budget"
        ));
    }
    Ok(())
}

/// Prints each critical-path file's raw and brotli size and returns the brotli total; the
/// page chunks, fetched when a page is first opened (and cached by the service worker
/// afterwards), are summed on a line of their own.
pub fn report() -> Result<usize> {
    let dist = bundle::dist_dir();
    let mut critical = Vec::new();
    for path in files_in(&dist)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The service worker is fetched after start, so it is not on the critical path.
        if (name.ends_with(".wasm") || name.ends_with(".js") || name.ends_with(".css"))
            && name != "sw.js"
        {
            critical.push(path);
        }
    }
    // Page chunks sit in a folder per build (cargo xtask spa-wasm).
    let mut chunks = Vec::new();
    for build in files_in(&dist.join("wasm")).unwrap_or_default() {
        chunks.extend(files_in(&build)?);
    }
    critical.sort();
    if !critical.iter().any(|p| p.ends_with("zhibu_bg.wasm")) {
        return Err("no zhibu_bg.wasm in dist/: the SPA build did not produce one".into());
    }
    let mut total = 0;
    println!("{:<28} {:>10} {:>12}", "file", "raw B", "brotli-11 B");
    for path in &critical {
        let raw = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let compressed = brotli_size(&raw);
        total += compressed;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!("{name:<28} {:>10} {compressed:>12}", raw.len());
    }
    let (mut chunk_raw, mut chunk_brotli) = (0, 0);
    for path in &chunks {
        let raw = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        chunk_raw += raw.len();
        chunk_brotli += brotli_size(&raw);
    }
    println!(
        "page chunks, loaded when a page is first opened: {} files, {chunk_raw} B raw, {chunk_brotli} B brotli",
        chunks.len()
    );
    println!(
        "critical path (main wasm + JS + CSS), brotli -q 11: {total} B = {:.1} KB (budget {} KB)",
        total as f64 / 1024.0,
        BUDGET_BYTES / 1024
    );
    Ok(total)
}

fn files_in(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect())
}

fn brotli_size(data: &[u8]) -> usize {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(data).expect("writing to memory");
    }
    out.len()
}
