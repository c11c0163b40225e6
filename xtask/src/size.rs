//! `cargo xtask size`: the brotli size of what a phone must fetch before the app starts
//! (wasm + JS + CSS), against the budget: the `.br` copies the server sends (written by
//! `cargo xtask spa-finish`), so the figure is what a phone receives.

use crate::bundle;
use crate::page_styles;
use crate::proc::Result;
use crate::setup;

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
    let mut pages_css = None;
    for path in files_in(&dist)? {
        let name = path
            .file_name()
            .map(|n| unhashed(&n.to_string_lossy()))
            .unwrap_or_default();
        // The service worker is fetched after start, the pages' styles with the first
        // page: neither is on the critical path.
        if name == page_styles::FILE {
            pages_css = Some(path);
        } else if (name.ends_with(".wasm") || name.ends_with(".js") || name.ends_with(".css"))
            && name != "sw.js"
        {
            critical.push(path);
        }
    }
    let pages_css = pages_css.ok_or("no pages.css in dist/")?;
    // Page chunks sit in a folder per build (cargo xtask spa-wasm).
    let mut chunks = Vec::new();
    for build in files_in(&dist.join("wasm")).unwrap_or_default() {
        chunks.extend(files_in(&build)?);
    }
    critical.sort();
    let name_of = |p: &std::path::Path| {
        p.file_name()
            .map(|n| unhashed(&n.to_string_lossy()))
            .unwrap_or_default()
    };
    if !critical.iter().any(|p| name_of(p) == "zhibu_bg.wasm") {
        return Err("no zhibu_bg.wasm in dist/: the SPA build did not produce one".into());
    }
    let mut total = 0;
    println!("{:<28} {:>10} {:>12}", "file", "raw B", "brotli-11 B");
    for path in &critical {
        let raw = read(path)?;
        let compressed = sent_size(path)?;
        total += compressed;
        println!("{:<28} {:>10} {compressed:>12}", name_of(path), raw.len());
    }
    let (mut chunk_raw, mut chunk_brotli) = (0, 0);
    for path in &chunks {
        chunk_raw += read(path)?.len();
        chunk_brotli += sent_size(path)?;
    }
    println!(
        "page chunks, loaded when a page is first opened: {} files, {chunk_raw} B raw, {chunk_brotli} B brotli",
        chunks.len()
    );
    // After login the phone opens 首页: its chunks and the sync engine's, in one file.
    let bundle = chunks
        .iter()
        .find(|p| p.ends_with(crate::chunks::BUNDLE))
        .ok_or("no first-screen bundle among the chunks")?;
    let home_brotli = sent_size(&pages_css)? + sent_size(bundle)?;
    println!(
        "首页 after login adds {} and {}: {home_brotli} B brotli",
        crate::chunks::BUNDLE,
        page_styles::FILE,
    );
    println!(
        "critical path (main wasm + JS + CSS), brotli -q 11: {total} B = {:.1} KB (budget {} KB)",
        total as f64 / 1024.0,
        BUDGET_BYTES / 1024
    );
    Ok(total)
}

/// The files of a folder, without the compressed copies beside them.
fn files_in(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !p.extension().is_some_and(|e| e == "br" || e == "gz"))
        .collect())
}

/// `zhibu.0123456789abcdef.js` → `zhibu.js`: the name a file had before the build hashed it.
fn unhashed(name: &str) -> String {
    let parts: Vec<&str> = name.split('.').collect();
    match parts.as_slice() {
        [stem @ .., hash, ext]
            if !stem.is_empty()
                && hash.len() == 16
                && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            format!("{}.{ext}", stem.join("."))
        }
        _ => name.to_owned(),
    }
}

/// The bytes a browser that accepts brotli receives: the `.br` copy the server sends, or
/// the file itself when it is too small to have one.
fn sent_size(path: &std::path::Path) -> Result<usize> {
    let mut br = path.as_os_str().to_owned();
    br.push(".br");
    match std::fs::metadata(std::path::PathBuf::from(br)) {
        Ok(m) => Ok(m.len() as usize),
        Err(_) => Ok(read(path)?.len()),
    }
}

fn read(path: &std::path::Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_read_back() {
        assert_eq!(unhashed("zhibu.0123456789abcdef.js"), "zhibu.js");
        assert_eq!(unhashed("zhibu_bg.0123456789abcdef.wasm"), "zhibu_bg.wasm");
        assert_eq!(unhashed("pages.css"), "pages.css");
        assert_eq!(unhashed("sw.js"), "sw.js");
        assert_eq!(unhashed("a.b.0123456789abcdef.css"), "a.b.css");
    }
}
