//! `cargo xtask spa-wasm`: the SPA's wasm, split into the main module and lazily loaded
//! page chunks. Trunk runs it as a build hook (Trunk.toml) because Trunk 0.21 cannot split.
//!
//! cargo (feature `split`, relocations kept) → wasm-split-cli (main module, one chunk per
//! page, shared chunks, the JS that loads them) → wasm-bindgen on the main module →
//! in release, the main module's boundary with its JS trimmed (`trim_glue`), wasm-opt on
//! every module → the first screen's chunks joined into one file (`crate::chunks`) →
//! terser on the JS.
//!
//! Chunks live under `wasm/<build>/`, the build being the hash of every module as split:
//! a chunk fits only the main module it was cut from, so a page still running the
//! previous build must never load this build's chunk of the same name (it would run with
//! the wrong table and memory layout), and a changed chunk must never be taken for the
//! one a browser has cached for a year under the same address. The service worker keeps
//! the previous build's chunks for pages still running it.

use crate::bundle::{dist_dir, target_dir};
use crate::proc::{self, Result, cargo, cmd, exec};
use std::path::{Path, PathBuf};

/// wasm-opt is told the features rustc enables by default: without the target_features
/// section it cannot know them, and it would undo what they do.
const WASM_OPT_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The JS that wasm-split-cli writes to fetch and instantiate the chunks.
const LOADER: &str = "__wasm_split.js";

pub fn run() -> Result {
    let out = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(dist_dir);
    let release = std::env::var("TRUNK_PROFILE").map_or(true, |p| p != "debug");
    let t = proc::step("SPA wasm: build, split, bind, optimise");
    let input = build(release)?;
    let work = target_dir().join("zhibu-split");
    let _ = std::fs::remove_dir_all(&work);
    let (split, bound) = (work.join("split"), work.join("bound"));
    for dir in [&split, &bound, &out] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    exec(
        cmd("wasm-split-cli")
            .arg(&input)
            .arg(&split)
            .args(["--out-name", "zhibu"]),
    )?;
    exec(
        cmd("wasm-bindgen")
            .args(["--target", "web", "--no-typescript"])
            // The chunks link against the main module's own exports and names.
            .args(["--keep-lld-exports", "--no-demangle"])
            .args(["--out-name", "zhibu", "--out-dir"])
            .arg(&bound)
            .arg(split.join("zhibu.wasm")),
    )?;
    if release {
        trim_glue(&bound)?;
    }
    let build_id = build_id(&split)?;
    let chunk_dir = format!("wasm/{build_id}");
    let _ = std::fs::remove_dir_all(out.join("wasm"));
    std::fs::create_dir_all(out.join(&chunk_dir)).map_err(|e| format!("{chunk_dir}: {e}"))?;
    let mut wasm = vec![(bound.join("zhibu_bg.wasm"), out.join("zhibu_bg.wasm"))];
    let mut chunks = Vec::new();
    for name in file_names(&split)? {
        if name.ends_with(".wasm") && name != "zhibu.wasm" {
            wasm.push((split.join(&name), out.join(&chunk_dir).join(&name)));
            chunks.push(format!("/{chunk_dir}/{name}"));
        }
    }
    let loader =
        std::fs::read_to_string(split.join(LOADER)).map_err(|e| format!("{LOADER}: {e}"))?;
    let loader = relocate_chunks(&loader, &chunk_dir, chunks.len())?;
    copy(&bound.join("zhibu.js"), &out.join("zhibu.js"))?;
    if release {
        optimise(&wasm)?;
    } else {
        for (from, to) in &wasm {
            copy(from, to)?;
        }
    }
    let loader = crate::chunks::bundle(&loader, &out.join(&chunk_dir))?;
    std::fs::write(out.join(LOADER), &loader).map_err(|e| format!("{LOADER}: {e}"))?;
    if release {
        for js in ["zhibu.js", LOADER] {
            minify(&out.join(js))?;
        }
    }
    crate::page_styles::write(&out)?;
    proc::done("SPA wasm: build, split, bind, optimise", t);
    Ok(())
}

/// The app's wasm with its relocations (wasm-split needs them) and unstripped (wasm-opt
/// strips it afterwards).
fn build(release: bool) -> Result<PathBuf> {
    let profile = if release { "wasm-release" } else { "dev" };
    let mut build = cargo();
    build.args([
        "build",
        "--locked",
        "--target",
        "wasm32-unknown-unknown",
        "--bin",
        "zhibu",
        "--features",
        "split",
        "--profile",
        profile,
    ]);
    if release {
        build.arg("--config").arg(remapped_sources()?);
    }
    exec(&mut build)?;
    let dir = if release { "wasm-release" } else { "debug" };
    Ok(target_dir()
        .join("wasm32-unknown-unknown")
        .join(dir)
        .join("zhibu.wasm"))
}

/// Panic locations name source files; in the shipped wasm they name them from the
/// crate's own folder (`tachys-0.2.19/src/…`) rather than from where this machine keeps
/// the sources, which is no one's business and, repeated in every location, takes room.
/// Added to the wasm target's flags from `.cargo/config.toml` (cargo joins the lists).
fn remapped_sources() -> Result<String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let mut prefixes = vec![crate::proc::root()];
    // One folder per registry the crates came from.
    if let Ok(registries) = std::fs::read_dir(home.join("registry").join("src")) {
        prefixes.extend(registries.filter_map(|e| e.ok()).map(|e| e.path()));
    }
    let flags: Vec<String> = prefixes
        .iter()
        .map(|p| {
            let flag = format!("--remap-path-prefix={}/=", p.display());
            format!("\"{}\"", flag.replace('\\', "\\\\").replace('"', "\\\""))
        })
        .collect();
    Ok(format!(
        "target.wasm32-unknown-unknown.rustflags=[{}]",
        flags.join(",")
    ))
}

/// wasm-opt on every module, a few at a time; its warnings about the split modules'
/// name sections are noise, so its output is shown only when it fails.
fn optimise(files: &[(PathBuf, PathBuf)]) -> Result {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((from, to)) = files.get(i) else {
                        break;
                    };
                    if let Err(e) = wasm_opt(from, to) {
                        failures.lock().expect("no panics while held").push(e);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().expect("no panics while held");
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

fn wasm_opt(from: &Path, to: &Path) -> Result {
    let mut opt = cmd("wasm-opt");
    // Re-structuring the control flow before optimising twice for size gives ~1 % smaller
    // brotli than one plain -Oz (measured on the main module), for ~50 % more build time
    // in this step.
    opt.args(["--flatten", "--rereloop", "-Oz", "-Oz"])
        .args(WASM_OPT_FEATURES)
        .arg("--strip-producers");
    // `ZHIBU_WASM_NAMES=1` keeps the functions' names, so a browser's profile of a release
    // build names what takes the time (the files grow by a third).
    if std::env::var_os("ZHIBU_WASM_NAMES").is_some() {
        opt.arg("--debuginfo");
    } else {
        opt.arg("--strip-debug");
    }
    let out = opt
        .arg(from)
        .arg("-o")
        .arg(to)
        .output()
        .map_err(|e| format!("cannot start wasm-opt: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "wasm-opt {} failed: {}",
            from.display(),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The main module's boundary with its JS, smaller: classes nothing creates left out
/// (`unused_classes`), short import names (`import_names`).
fn trim_glue(bound: &Path) -> Result {
    let (wasm, js) = (bound.join("zhibu_bg.wasm"), bound.join("zhibu.js"));
    let read_err = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    let bytes = std::fs::read(&wasm).map_err(|e| read_err(&wasm, e))?;
    let text = std::fs::read_to_string(&js).map_err(|e| read_err(&js, e))?;
    let (bytes, text) = crate::unused_classes::remove(&bytes, &text)?;
    let (bytes, text) = crate::import_names::shorten(&bytes, &text)?;
    std::fs::write(&wasm, bytes).map_err(|e| read_err(&wasm, e))?;
    std::fs::write(&js, text).map_err(|e| read_err(&js, e))
}

/// terser on the JS that wasm-bindgen and wasm-split-cli write: they are on the critical
/// path, and Trunk only minifies what it processes itself.
pub fn minify(js: &Path) -> Result {
    exec(
        cmd("terser")
            .arg(js)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(js),
    )
}

/// Names this build: the hash of every module as split (before wasm-opt), with its name.
fn build_id(split: &Path) -> Result<String> {
    let mut all = Vec::new();
    let mut names = file_names(split)?;
    names.sort();
    for name in names.iter().filter(|n| n.ends_with(".wasm")) {
        let path = split.join(name);
        all.extend_from_slice(name.as_bytes());
        all.extend(std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?);
    }
    Ok(crate::spa_finish::short_hash(&all))
}

/// Points the loader's chunk URLs (`new URL("./chunk.wasm", import.meta.url)`) into the
/// build's folder, and fails if it does not name every chunk exactly once, which would
/// mean wasm-split-cli writes its loader differently now.
fn relocate_chunks(loader: &str, chunk_dir: &str, chunks: usize) -> Result<String> {
    const URL: &str = "new URL(\"./";
    let found = loader.matches(URL).count();
    if found != chunks {
        return Err(format!(
            "{LOADER} names {found} chunk URLs for {chunks} chunks; cannot move them to {chunk_dir}"
        ));
    }
    Ok(loader.replace(URL, &format!("new URL(\"./{chunk_dir}/")))
}

fn file_names(dir: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect())
}

fn copy(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copy {} to {}: {e}", from.display(), to.display()))
}

#[cfg(test)]
mod tests {
    use super::relocate_chunks;

    #[test]
    fn chunk_urls_move_into_the_build_folder() {
        let loader = r#"a(new URL("./chunk_1.wasm", import.meta.url)); b(new URL("./split_me.wasm", import.meta.url));"#;
        let moved = relocate_chunks(loader, "wasm/00ff", 2).unwrap();
        assert_eq!(
            moved,
            r#"a(new URL("./wasm/00ff/chunk_1.wasm", import.meta.url)); b(new URL("./wasm/00ff/split_me.wasm", import.meta.url));"#
        );
    }

    #[test]
    fn a_loader_that_does_not_name_every_chunk_is_refused() {
        let loader = r#"a(new URL("./chunk_1.wasm", import.meta.url));"#;
        let e = relocate_chunks(loader, "wasm/00ff", 2).unwrap_err();
        assert!(e.contains("1 chunk URLs for 2 chunks"), "{e}");
    }
}
