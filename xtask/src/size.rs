//! `cargo xtask size`: the brotli size of what a phone must fetch before the app starts
//! (wasm + JS + CSS), against the budget.

use crate::bundle;
use crate::page_styles;
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
        // The service worker is fetched after start, the pages' styles with the first
        // page: neither is on the critical path.
        if (name.ends_with(".wasm") || name.ends_with(".js") || name.ends_with(".css"))
            && name != "sw.js"
            && name != page_styles::FILE
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
        let raw = read(path)?;
        let compressed = brotli_size(&raw);
        total += compressed;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!("{name:<28} {:>10} {compressed:>12}", raw.len());
    }
    let (mut chunk_raw, mut chunk_brotli) = (0, 0);
    for path in &chunks {
        let raw = read(path)?;
        chunk_raw += raw.len();
        chunk_brotli += brotli_size(&raw);
    }
    println!(
        "page chunks, loaded when a page is first opened: {} files, {chunk_raw} B raw, {chunk_brotli} B brotli",
        chunks.len()
    );
    let written = crate::spa_wasm::loader_before_minifying();
    let loader =
        std::fs::read_to_string(&written).map_err(|e| format!("{}: {e}", written.display()))?;
    let loads = chunk_loads(&loader);
    // After login the phone opens 首页, which starts the sync engine.
    let mut first_home = std::collections::BTreeSet::new();
    for entry in ["home", "sync_engine"] {
        first_home.extend(files_for(&loads, &format!("__wasm_split_load_{entry}"))?);
    }
    let mut home_brotli = brotli_size(&read(&dist.join(page_styles::FILE))?);
    for file in &first_home {
        home_brotli += brotli_size(&read(&dist.join(file.trim_start_matches("./")))?);
    }
    println!(
        "首页 after login adds its chunks, the sync engine's and {}: {} files, {home_brotli} B brotli",
        page_styles::FILE,
        first_home.len() + 1
    );
    println!(
        "critical path (main wasm + JS + CSS), brotli -q 11: {total} B = {:.1} KB (budget {} KB)",
        total as f64 / 1024.0,
        BUDGET_BYTES / 1024
    );
    Ok(total)
}

/// Each loader in `__wasm_split.js` (`const NAME = makeLoad(… fetch(new URL("FILE", …)) …,
/// [DEPS])`): its name, the file it fetches and the loaders it needs first.
fn chunk_loads(loader: &str) -> Vec<(String, String, Vec<String>)> {
    let mut loads = Vec::new();
    // Every loader's name starts with `__` (`__chunk_3`, `__wasm_split_load_home`).
    for part in loader.split("const __").skip(1) {
        let Some((name, rest)) = part.split_once(" = ") else {
            continue;
        };
        let name = format!("__{}", name.trim());
        if !rest.contains("makeLoad(") {
            continue;
        }
        let Some(file) = rest
            .split_once("new URL(\"")
            .and_then(|(_, r)| r.split_once('"'))
            .map(|(f, _)| f.to_owned())
        else {
            continue;
        };
        let deps = rest
            .rsplit_once(", [")
            .and_then(|(_, r)| r.split_once(']'))
            .map(|(d, _)| {
                d.split(',')
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        loads.push((name, file, deps));
    }
    loads
}

/// The files a loader fetches: its own and, transitively, its dependencies'.
fn files_for(loads: &[(String, String, Vec<String>)], name: &str) -> Result<Vec<String>> {
    let mut files = Vec::new();
    let mut todo = vec![name.to_owned()];
    let mut seen = std::collections::HashSet::new();
    while let Some(next) = todo.pop() {
        if !seen.insert(next.clone()) {
            continue;
        }
        let (_, file, deps) = loads
            .iter()
            .find(|(n, _, _)| *n == next)
            .ok_or_else(|| format!("__wasm_split.js has no loader {next}"))?;
        files.push(file.clone());
        todo.extend(deps.iter().cloned());
    }
    Ok(files)
}

fn files_in(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect())
}

fn read(path: &std::path::Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn brotli_size(data: &[u8]) -> usize {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(data).expect("writing to memory");
    }
    out.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOADER: &str = r#"
const __chunk_1 = makeLoad(() => {
    const src = fetch(new URL("./wasm/ab/chunk_1.wasm", import.meta.url));
}
, []);
const __chunk_2 = makeLoad(() => {
    const src = fetch(new URL("./wasm/ab/chunk_2.wasm", import.meta.url));
}
, [__chunk_1]);
export const __wasm_split_load_home = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./wasm/ab/split_home.wasm", import.meta.url));
}
, [__chunk_2]));
"#;

    #[test]
    fn a_page_needs_its_chunk_and_every_chunk_its_dependencies_need() {
        let loads = chunk_loads(LOADER);
        assert_eq!(loads.len(), 3);
        let mut files = files_for(&loads, "__wasm_split_load_home").unwrap();
        files.sort();
        assert_eq!(
            files,
            [
                "./wasm/ab/chunk_1.wasm",
                "./wasm/ab/chunk_2.wasm",
                "./wasm/ab/split_home.wasm"
            ]
        );
        assert!(files_for(&loads, "__wasm_split_load_talks").is_err());
    }
}
