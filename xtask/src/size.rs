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

/// Prints each critical-path file's raw and brotli size and returns the brotli total.
pub fn report() -> Result<usize> {
    let dist = bundle::dist_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dist)
        .map_err(|e| format!("cannot read {}: {e}", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // The service worker is fetched after start, so it is not on the critical path.
            let critical =
                name.ends_with(".wasm") || name.ends_with(".js") || name.ends_with(".css");
            critical && name != "sw.js"
        })
        .collect();
    files.sort();
    if !files
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "wasm"))
    {
        return Err("no .wasm in dist/: the SPA build did not produce one".into());
    }
    let mut total = 0;
    println!("{:<28} {:>10} {:>12}", "file", "raw B", "brotli-11 B");
    for path in &files {
        let raw = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let compressed = brotli_size(&raw);
        total += compressed;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!("{name:<28} {:>10} {compressed:>12}", raw.len());
    }
    println!(
        "critical path (wasm + JS + CSS), brotli -q 11: {total} B = {:.1} KB (budget {} KB)",
        total as f64 / 1024.0,
        BUDGET_BYTES / 1024
    );
    Ok(total)
}

fn brotli_size(data: &[u8]) -> usize {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(data).expect("writing to memory");
    }
    out.len()
}
