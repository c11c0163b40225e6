//! `cargo xtask spa-finish`: the last step of the SPA's build (Trunk's post-build hook, in
//! Trunk's staging folder), which makes the files fit to be cached for a year and sent
//! compressed.
//!
//! 1. **Content-hashed names.** Every file but the entry points (index.html, the service
//!    worker, the manifest, robots.txt) gets its content's hash in its name
//!    (`zhibu.js` → `zhibu.0123456789abcdef.js`), and every reference to it in the other
//!    files is rewritten, leaves first, so a file's hash covers the names it refers to.
//!    The page chunks keep their names: they already lie under a folder named by the hash
//!    of every module of the build (`wasm/<build>/`, `cargo xtask spa-wasm`). A reference
//!    to an old name left anywhere, the wasm included, stops the build: a page would
//!    otherwise ask for a file that is not there.
//! 2. **The service worker's lists.** `sw.js` is given the build's id and its two lists,
//!    written here from the files themselves rather than read from index.html at run time
//!    (a pattern over the minified HTML once missed every stylesheet): the shell (what
//!    index.html links, and the manifest), cached at install, and the parts (the page
//!    chunks, the member pages' styles, the other icons), cached once the first screen
//!    has been drawn and the phone is idle.
//! 3. **Precompressed copies.** Beside every text or wasm file, a brotli (quality 11) and
//!    a gzip (level 9) copy when they are smaller; the server sends the one the browser
//!    accepts (server/src/static_files.rs).
//!
//! In release, boot.js is minified first, as the rest of the JS on the critical path is
//! (`cargo xtask spa-wasm`).

use crate::proc::Result;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Entry points: asked for by a fixed address, so they keep their names.
const FIXED: [&str; 4] = ["index.html", "sw.js", "manifest.webmanifest", "robots.txt"];
/// Files read as text, where references to other files are looked for and rewritten.
const TEXT: [&str; 6] = ["html", "js", "css", "json", "webmanifest", "svg"];
/// Files worth a compressed copy.
const COMPRESSIBLE: [&str; 9] = [
    "html",
    "js",
    "css",
    "json",
    "webmanifest",
    "svg",
    "wasm",
    "txt",
    // The first screen's joined chunks (`chunks.rs`).
    "bin",
];
/// Smaller files are sent as they are: they fit in the answer's first TCP segment anyway.
const COMPRESS_FROM: usize = 512;

pub fn run() -> Result {
    let dir = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(crate::bundle::dist_dir);
    let release = std::env::var("TRUNK_PROFILE").map_or(true, |p| p != "debug");
    let t = crate::proc::step("SPA files: hashed names, service worker lists, compression");
    // boot.js is on the critical path: its comments stay in the source.
    if release {
        crate::spa_wasm::minify(&dir.join("boot.js"))?;
    }
    let renamed = hash_names(&dir)?;
    service_worker(&dir, &renamed)?;
    if release {
        precompress(&dir)?;
    }
    crate::proc::done(
        "SPA files: hashed names, service worker lists, compression",
        t,
    );
    Ok(())
}

/// Every file under `dir`, as paths relative to it with `/` separators.
fn files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn ext(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(_, e)| e)
}

fn is_text(path: &str) -> bool {
    TEXT.contains(&ext(path))
}

/// Whether a file keeps its name.
fn keeps_name(path: &str) -> bool {
    FIXED.contains(&path)
        || path.starts_with("wasm/")
        || path.ends_with(".br")
        || path.ends_with(".gz")
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
pub fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `icons/icon.svg` with hash `h` → `icons/icon.h.svg`.
fn hashed(path: &str, hash: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{hash}.{ext}"),
        _ => format!("{path}.{hash}"),
    }
}

/// Renames every file that does not keep its name, rewriting references to it first in
/// every text file; returns old → new paths.
///
/// A file is named after its references are rewritten, so its hash covers the names of
/// what it loads. Files that refer to each other in a circle (wasm-bindgen's JS imports
/// the chunk loader, which imports it back) share one hash, of all their contents.
fn hash_names(dir: &Path) -> Result<BTreeMap<String, String>> {
    let all = files(dir)?;
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap_or_default();
    // The attribute itself, not Trunk's `data-integrity=none` that asks for none.
    if index.contains(" integrity=") {
        return Err(
            "index.html gives integrity hashes, which the rewritten files would not \
             match (the browser would block them): add data-integrity=\"none\" to its links"
                .into(),
        );
    }
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for f in all.iter().filter(|f| is_text(f)) {
        let path = dir.join(f);
        texts.insert(
            f.clone(),
            std::fs::read_to_string(&path).map_err(|e| format!("{f}: {e}"))?,
        );
    }
    let mut pending: BTreeSet<String> = all.iter().filter(|f| !keeps_name(f)).cloned().collect();
    let mut renamed = BTreeMap::new();
    while !pending.is_empty() {
        let refers = |f: &String| -> BTreeSet<String> {
            texts.get(f).map_or_else(BTreeSet::new, |text| {
                pending
                    .iter()
                    .filter(|other| *other != f && !find_refs(text, other, f).is_empty())
                    .cloned()
                    .collect()
            })
        };
        let edges: BTreeMap<String, BTreeSet<String>> =
            pending.iter().map(|f| (f.clone(), refers(f))).collect();
        let group = sink_group(&edges).expect("a finite graph has a sink component");
        let mut bytes = Vec::new();
        for f in &group {
            bytes.extend_from_slice(f.as_bytes());
            match texts.get(f) {
                Some(text) => bytes.extend_from_slice(text.as_bytes()),
                None => bytes.extend(std::fs::read(dir.join(f)).map_err(|e| format!("{f}: {e}"))?),
            }
        }
        let hash = short_hash(&bytes);
        for f in &group {
            let new = hashed(f, &hash);
            for (name, text) in texts.iter_mut() {
                *text = rewrite(text, f, &new, name);
            }
            renamed.insert(f.clone(), new);
        }
        for f in &group {
            let new = &renamed[f];
            if let Some(text) = texts.remove(f) {
                texts.insert(new.clone(), text);
            }
            std::fs::rename(dir.join(f), dir.join(new)).map_err(|e| format!("{f}: {e}"))?;
            pending.remove(f);
        }
    }
    for (f, text) in &texts {
        std::fs::write(dir.join(f), text).map_err(|e| format!("{f}: {e}"))?;
    }
    no_old_names_left(dir, &renamed)?;
    Ok(renamed)
}

/// Some set of files that refer to each other in a circle (or one file alone) and to
/// nothing else still pending: the next to be named.
fn sink_group(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<BTreeSet<String>> {
    let reach = |start: &String| {
        let mut seen = BTreeSet::from([start.clone()]);
        let mut todo = vec![start.clone()];
        while let Some(f) = todo.pop() {
            for g in edges.get(&f).into_iter().flatten() {
                if seen.insert(g.clone()) {
                    todo.push(g.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        edges.keys().map(|f| (f, reach(f))).collect();
    // A file reaching only files that reach it back lies in a sink component.
    edges.keys().find_map(|f| {
        let r = &reaches[f];
        r.iter().all(|g| reaches[g].contains(f)).then(|| r.clone())
    })
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Where `text`, the content of the file `from`, refers to the file at `path` (relative
/// to the site's root): the path itself, `/path` or `./path`, not part of a longer name
/// or of another folder's path. In JS, a quoted name followed by `:` is an object's key,
/// not an address: wasm-bindgen keys the main module's imports by the names of the JS
/// modules they come from, and the wasm asks for them by those names.
fn find_refs(text: &str, path: &str, from: &str) -> Vec<usize> {
    let js = ext(from) == "js";
    text.match_indices(path)
        .map(|(i, _)| i)
        .filter(|&i| {
            let rest = &text[i + path.len()..];
            if rest.chars().next().is_some_and(is_name_char) {
                return false;
            }
            if js && (rest.starts_with("\":") || rest.starts_with("':")) {
                return false;
            }
            let before = &text[..i];
            let before = before
                .strip_suffix('/')
                .map_or(before, |b| b.strip_suffix('.').unwrap_or(b));
            before
                .chars()
                .next_back()
                .is_none_or(|c| !is_name_char(c) && c != '/')
        })
        .collect()
}

fn rewrite(text: &str, old: &str, new: &str, from: &str) -> String {
    let refs = find_refs(text, old, from);
    if refs.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + refs.len() * (new.len() - old.len()));
    let mut last = 0;
    for i in refs {
        out.push_str(&text[last..i]);
        out.push_str(new);
        last = i + old.len();
    }
    out.push_str(&text[last..]);
    out
}

/// Fails if any file, the wasm modules included (a path written in Rust ends up there),
/// still names a file by its old name.
fn no_old_names_left(dir: &Path, renamed: &BTreeMap<String, String>) -> Result {
    for f in files(dir)? {
        if !(is_text(&f) || ext(&f) == "wasm") {
            continue;
        }
        let bytes = std::fs::read(dir.join(&f)).map_err(|e| format!("{f}: {e}"))?;
        let text = String::from_utf8_lossy(&bytes);
        for old in renamed.keys() {
            // In wasm, only an address (`/pages.css`) is a reference, and never a JS
            // module's: those are the names of its imports' modules.
            let wasm = !is_text(&f);
            if wasm && ext(old) == "js" {
                continue;
            }
            let leftover = find_refs(&text, old, &f)
                .into_iter()
                .any(|i| !wasm || text[..i].ends_with('/'));
            if leftover {
                return Err(format!(
                    "{f} still names {old}, which is now {}; name it where the build can rewrite it",
                    renamed[old]
                ));
            }
        }
    }
    Ok(())
}

/// Writes the build's id and its two lists of files into sw.js.
fn service_worker(dir: &Path, renamed: &BTreeMap<String, String>) -> Result {
    let index =
        std::fs::read_to_string(dir.join("index.html")).map_err(|e| format!("index.html: {e}"))?;
    // Navigations are answered with /index.html, whatever the address.
    let mut shell: BTreeSet<String> =
        ["/index.html".to_owned(), "/manifest.webmanifest".to_owned()].into();
    for new in renamed.values() {
        if !find_refs(&index, new, "index.html").is_empty() {
            shell.insert(format!("/{new}"));
        }
    }
    let mut parts = BTreeSet::new();
    let mut whole = Sha256::new();
    for f in files(dir)? {
        let bytes = std::fs::read(dir.join(&f)).map_err(|e| format!("{f}: {e}"))?;
        if f != "sw.js" {
            whole.update(f.as_bytes());
            whole.update(&bytes);
        }
        let url = format!("/{f}");
        if !shell.contains(&url) && !FIXED.contains(&f.as_str()) && f != "index.html" {
            parts.insert(url);
        }
    }
    let build: String = whole
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let list = |set: &BTreeSet<String>| {
        let items: Vec<String> = set.iter().map(|u| format!("\"{u}\"")).collect();
        format!("[{}]", items.join(","))
    };
    let sw_path = dir.join("sw.js");
    let sw = std::fs::read_to_string(&sw_path).map_err(|e| format!("sw.js: {e}"))?;
    for placeholder in ["__ZHIBU_BUILD__", "__ZHIBU_SHELL__", "__ZHIBU_PARTS__"] {
        if sw.matches(placeholder).count() != 1 {
            return Err(format!("sw.js must name {placeholder} exactly once"));
        }
    }
    let sw = sw
        .replace("__ZHIBU_BUILD__", &build)
        .replace("__ZHIBU_SHELL__", &list(&shell))
        .replace("__ZHIBU_PARTS__", &list(&parts));
    std::fs::write(&sw_path, sw).map_err(|e| format!("sw.js: {e}"))
}

/// Writes `name.br` and `name.gz` beside each compressible file, when smaller.
fn precompress(dir: &Path) -> Result {
    let todo: Vec<String> = files(dir)?
        .into_iter()
        .filter(|f| COMPRESSIBLE.contains(&ext(f)))
        .collect();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while let Some(f) =
                    todo.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                {
                    if let Err(e) = compress_one(&dir.join(f)) {
                        failures
                            .lock()
                            .expect("no panics while held")
                            .push(format!("{f}: {e}"));
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

fn compress_one(path: &Path) -> Result {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    if bytes.len() < COMPRESS_FROM {
        return Ok(());
    }
    let br = brotli(&bytes);
    let gz = gzip(&bytes)?;
    for (data, suffix) in [(br, "br"), (gz, "gz")] {
        if data.len() < bytes.len() {
            let mut name = path.as_os_str().to_owned();
            name.push(".");
            name.push(suffix);
            std::fs::write(PathBuf::from(name), data).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = ::brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    ::brotli::BrotliCompress(&mut std::io::Cursor::new(data), &mut out, &params)
        .expect("compressing into memory cannot fail");
    out
}

fn gzip(data: &[u8]) -> Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).map_err(|e| e.to_string())?;
    enc.finish().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_as_addresses_not_inside_other_names() {
        let cases = [
            (r#"<link href="/tokens.css">"#, "tokens.css", 1),
            ("<link href=/tokens.css>", "tokens.css", 1),
            ("import x from '/zhibu.js';", "zhibu.js", 1),
            (r#"import x from "./zhibu.js";"#, "zhibu.js", 1),
            (
                "new URL('zhibu_bg.wasm', import.meta.url)",
                "zhibu_bg.wasm",
                1,
            ),
            ("url(/icons/icon.svg)", "icons/icon.svg", 1),
            (r#"{"src": "/icons/icon-192.png"}"#, "icons/icon-192.png", 1),
            // Not references: another name that ends the same, another folder, a longer name.
            ("/my-zhibu.js", "zhibu.js", 0),
            ("/other/zhibu.js", "zhibu.js", 0),
            ("/zhibu.json", "zhibu.js", 0),
            ("/__wasm_split.js", "zhibu.js", 0),
            ("https://example.org/zhibu.js", "zhibu.js", 0),
        ];
        for (text, path, n) in cases {
            assert_eq!(find_refs(text, path, "a.html").len(), n, "{text} / {path}");
        }
        // A JS object's key is a name, not an address.
        let js = r#"import*as n from"./__wasm_split.js";return{"./__wasm_split.js":n}"#;
        assert_eq!(find_refs(js, "__wasm_split.js", "zhibu.js"), [19]);
    }

    #[test]
    fn rewriting_changes_only_references() {
        let text = "<link href=/tokens.css><link href=/my-tokens.css>'./tokens.css'";
        assert_eq!(
            rewrite(text, "tokens.css", "tokens.0123.css", "index.html"),
            "<link href=/tokens.0123.css><link href=/my-tokens.css>'./tokens.0123.css'"
        );
    }

    #[test]
    fn hashed_names_keep_the_folder_and_extension() {
        assert_eq!(hashed("zhibu.js", "ab"), "zhibu.ab.js");
        assert_eq!(hashed("icons/icon-192.png", "ab"), "icons/icon-192.ab.png");
        assert_eq!(hashed("LICENSE", "ab"), "LICENSE.ab");
    }

    /// A small build: a page, its script naming the wasm, a stylesheet naming an icon.
    #[test]
    fn a_build_is_renamed_leaves_first_and_its_lists_written() {
        let dir = std::env::temp_dir().join(format!("zhibu-finish-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("icons")).unwrap();
        std::fs::create_dir_all(dir.join("wasm/0123456789abcdef")).unwrap();
        let put = |p: &str, s: &str| std::fs::write(dir.join(p), s).unwrap();
        put(
            "index.html",
            "<link rel=stylesheet href=/a.css><script src=/boot.js></script>",
        );
        put("boot.js", "import('/zhibu.js'); fetch('/zhibu_bg.wasm')");
        // wasm-bindgen's JS and the chunk loader import each other.
        put(
            "zhibu.js",
            "import*as w from'./loader.js';export default{'./loader.js':w}",
        );
        put("loader.js", "import{initSync}from'./zhibu.js';");
        put("zhibu_bg.wasm", "\0asm");
        put("a.css", "body { background: url(/icons/i.svg) }");
        put("icons/i.svg", "<svg/>");
        put("pages.css", "p {}");
        put("wasm/0123456789abcdef/split_home.wasm", "\0asm");
        put(
            "manifest.webmanifest",
            r#"{"icons":[{"src":"/icons/i.svg"}]}"#,
        );
        put(
            "sw.js",
            "B='__ZHIBU_BUILD__';S=__ZHIBU_SHELL__;P=__ZHIBU_PARTS__;",
        );

        let renamed = hash_names(&dir).unwrap();
        service_worker(&dir, &renamed).unwrap();

        let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap();
        let boot = &renamed["boot.js"];
        let index = read("index.html");
        assert!(index.contains(&format!("src=/{boot}")), "{index}");
        let boot_text = read(boot);
        assert!(
            boot_text.contains(&format!("'/{}'", renamed["zhibu.js"])),
            "{boot_text}"
        );
        // The circle shares one hash and each names the other's new name, keys aside.
        let (js, loader) = (&renamed["zhibu.js"], &renamed["loader.js"]);
        assert_eq!(js.split('.').nth(1), loader.split('.').nth(1));
        assert_eq!(
            read(js),
            format!("import*as w from'./{loader}';export default{{'./loader.js':w}}")
        );
        assert_eq!(read(loader), format!("import{{initSync}}from'./{js}';"));
        let css = &renamed["a.css"];
        assert!(read(css).contains(&format!("url(/{})", renamed["icons/i.svg"])));
        // The stylesheet's name covers the icon's: a new icon means a new stylesheet name.
        let named = [b"a.css".as_slice(), read(css).as_bytes()].concat();
        assert_eq!(css, &hashed("a.css", &short_hash(&named)));
        assert!(read("manifest.webmanifest").contains(&renamed["icons/i.svg"]));
        assert!(!renamed.contains_key("wasm/0123456789abcdef/split_home.wasm"));

        let sw = read("sw.js");
        assert!(!sw.contains("__ZHIBU_"), "{sw}");
        assert!(
            sw.contains(&format!("\"/{boot}\"")),
            "the shell has what index.html links: {sw}"
        );
        let parts = sw.split("P=").nth(1).unwrap();
        assert!(
            parts.contains("/wasm/0123456789abcdef/split_home.wasm"),
            "{sw}"
        );
        assert!(
            parts.contains(&format!("/{}", renamed["pages.css"])),
            "{sw}"
        );
        assert!(!parts.contains(boot), "{sw}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn integrity_hashes_stop_the_build_and_asking_for_none_does_not() {
        let dir = std::env::temp_dir().join(format!("zhibu-finish-sri-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.css"), "p {}").unwrap();
        std::fs::write(
            dir.join("index.html"),
            "<link data-integrity=none href=/a.css>",
        )
        .unwrap();
        assert!(hash_names(&dir).is_ok());
        std::fs::write(
            dir.join("index.html"),
            "<link href=/a.css integrity=sha384-x>",
        )
        .unwrap();
        let e = hash_names(&dir).unwrap_err();
        assert!(e.contains("integrity"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_name_written_into_the_wasm_stops_the_build() {
        let dir = std::env::temp_dir().join(format!("zhibu-finish-wasm-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<link href=/pages.css>").unwrap();
        std::fs::write(dir.join("pages.css"), "p {}").unwrap();
        std::fs::write(dir.join("zhibu_bg.wasm"), b"\0asm\x05/pages.css").unwrap();
        let e = hash_names(&dir).unwrap_err();
        assert!(e.contains("still names pages.css"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
