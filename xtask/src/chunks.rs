//! The chunk loader that wasm-split-cli writes (`__wasm_split.js`): which files each part
//! of the app loads, and the first screen's chunks in one file.
//!
//! After login every member page needs 首页's part and the sync engine's, which
//! wasm-split cuts into some 25 files (a chunk for each set of parts that share code).
//! Fetched one by one they cost a phone many round trips (six at a time over HTTP/1.1),
//! and small files compress worse. So they are joined into one file,
//! `wasm/<build>/first-screen.bin`, and the loader takes each of them from it; the server
//! asks a logged-in member's browser to fetch that file with the page itself
//! (server/src/static_files.rs). Chunks of other parts are fetched as before.

use crate::proc::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The first screen's file, in the build's chunk folder.
pub const BUNDLE: &str = "first-screen.bin";

/// The loaders a member's first screen calls: 首页's part and the sync engine's.
const FIRST_SCREEN: [&str; 2] = ["__wasm_split_load_home", "__wasm_split_load_sync_engine"];

/// One loader in `__wasm_split.js` (`const NAME = makeLoad(… fetch(new URL("FILE", …)) …,
/// [DEPS])`): its name, the file it fetches and the loaders it needs first.
#[derive(Debug)]
pub struct Load {
    pub name: String,
    pub file: String,
    pub deps: Vec<String>,
}

pub fn loads(loader: &str) -> Vec<Load> {
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
        loads.push(Load { name, file, deps });
    }
    loads
}

/// The files a loader fetches: its own and, transitively, its dependencies'.
pub fn files_for(loads: &[Load], name: &str) -> Result<BTreeSet<String>> {
    let mut files = BTreeSet::new();
    let mut todo = vec![name.to_owned()];
    let mut seen = std::collections::HashSet::new();
    while let Some(next) = todo.pop() {
        if !seen.insert(next.clone()) {
            continue;
        }
        let load = loads
            .iter()
            .find(|l| l.name == next)
            .ok_or_else(|| format!("__wasm_split.js has no loader {next}"))?;
        files.insert(load.file.clone());
        todo.extend(load.deps.iter().cloned());
    }
    Ok(files)
}

/// The files of the first screen (as the loader names them, `./wasm/<build>/chunk_3.wasm`).
pub fn first_screen(loader: &str) -> Result<BTreeSet<String>> {
    let loads = loads(loader);
    let mut files = BTreeSet::new();
    for entry in FIRST_SCREEN {
        files.extend(files_for(&loads, entry)?);
    }
    Ok(files)
}

/// Joins the first screen's chunks (read from `dir`, the build's chunk folder) into
/// [`BUNDLE`] there, removes them, and has the loader take them from it.
pub fn bundle(loader: &str, dir: &Path) -> Result<String> {
    let files = first_screen(loader)?;
    let mut joined = Vec::new();
    let mut at = BTreeMap::new();
    for file in &files {
        let name = file.rsplit('/').next().unwrap_or(file);
        let path = dir.join(name);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        at.insert(name.to_owned(), (joined.len(), joined.len() + bytes.len()));
        joined.extend(bytes);
        std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let bundle = dir.join(BUNDLE);
    std::fs::write(&bundle, joined).map_err(|e| format!("{}: {e}", bundle.display()))?;
    let some_file = files
        .iter()
        .next()
        .ok_or("the first screen loads no chunk")?;
    let folder = some_file.rsplit_once('/').map_or("", |(f, _)| f);
    route_through_bundle(loader, &at, &format!("{folder}/{BUNDLE}"))
}

/// Rewrites each chunk's `fetch(new URL(…))` into `zhibuChunk(new URL(…))`, which takes the
/// first screen's chunks from the bundle; fails if the loader does not fetch that way.
fn route_through_bundle(
    loader: &str,
    at: &BTreeMap<String, (usize, usize)>,
    bundle_url: &str,
) -> Result<String> {
    const FETCH: &str = "fetch(new URL(";
    let fetches = loader.matches(FETCH).count();
    let chunks = loads(loader).len();
    if fetches != chunks {
        return Err(format!(
            "the chunk loader fetches {fetches} times for {chunks} chunks; cannot route them through {BUNDLE}"
        ));
    }
    let (first_line, rest) = loader
        .split_once('\n')
        .ok_or("the chunk loader is one line")?;
    if !first_line.starts_with("import ") {
        return Err(format!(
            "the chunk loader starts with {first_line:?}, not its import"
        ));
    }
    let table: Vec<String> = at
        .iter()
        .map(|(name, (start, end))| format!("\"{name}\":[{start},{end}]"))
        .collect();
    let prelude = format!(
        r#"// The first screen's chunks come in one file ({BUNDLE}, cargo xtask spa-wasm):
// one request instead of one per chunk.
const FIRST = {{{table}}};
const FIRST_URL = new URL("{bundle_url}", import.meta.url);
let firstScreen;
function zhibuChunk(url) {{
    const at = FIRST[url.pathname.split("/").pop()];
    if (at === undefined) return fetch(url);
    if (firstScreen === undefined) {{
        const loading = fetch(FIRST_URL).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${{FIRST_URL}}: ${{r.status}}`))));
        // A failure (offline) is not kept: the next call fetches again.
        loading.catch(() => {{ if (firstScreen === loading) firstScreen = undefined; }});
        firstScreen = loading;
    }}
    return firstScreen.then((all) => new Response(all.slice(at[0], at[1]), {{ headers: {{ "Content-Type": "application/wasm" }} }}));
}}
"#,
        table = table.join(","),
    );
    Ok(format!(
        "{first_line}\n{prelude}{}",
        rest.replace(FETCH, "zhibuChunk(new URL(")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOADER: &str = r#"import { initSync } from "./zhibu.js";
const __chunk_1 = makeLoad(() => {
    const src = fetch(new URL("./wasm/ab/chunk_1.wasm", import.meta.url));
}
, []);
const __chunk_2 = makeLoad(() => {
    const src = fetch(new URL("./wasm/ab/chunk_2.wasm", import.meta.url));
}
, [__chunk_1]);
const __chunk_3 = makeLoad(() => {
    const src = fetch(new URL("./wasm/ab/chunk_3.wasm", import.meta.url));
}
, []);
export const __wasm_split_load_home = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./wasm/ab/split_home.wasm", import.meta.url));
}
, [__chunk_2]));
export const __wasm_split_load_sync_engine = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./wasm/ab/split_sync_engine.wasm", import.meta.url));
}
, [__chunk_1]));
export const __wasm_split_load_talks = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./wasm/ab/split_talks.wasm", import.meta.url));
}
, [__chunk_3, __chunk_1]));
"#;

    #[test]
    fn a_part_needs_its_chunk_and_every_chunk_its_dependencies_need() {
        let loads = loads(LOADER);
        assert_eq!(loads.len(), 6);
        let files = files_for(&loads, "__wasm_split_load_home").unwrap();
        assert_eq!(
            files.into_iter().collect::<Vec<_>>(),
            [
                "./wasm/ab/chunk_1.wasm",
                "./wasm/ab/chunk_2.wasm",
                "./wasm/ab/split_home.wasm"
            ]
        );
        assert!(files_for(&loads, "__wasm_split_load_nowhere").is_err());
    }

    #[test]
    fn the_first_screens_chunks_are_joined_and_the_loader_reads_them_from_there() {
        let dir = std::env::temp_dir().join(format!("zhibu-bundle-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in [
            ("chunk_1.wasm", "one"),
            ("chunk_2.wasm", "two!"),
            ("chunk_3.wasm", "three"),
            ("split_home.wasm", "home"),
            ("split_sync_engine.wasm", "sync"),
            ("split_talks.wasm", "talks"),
        ] {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        let loader = bundle(LOADER, &dir).unwrap();
        // Joined in name order; each bundled file is gone, the others stay.
        assert_eq!(
            std::fs::read_to_string(dir.join(BUNDLE)).unwrap(),
            "onetwo!homesync"
        );
        for gone in ["chunk_1.wasm", "chunk_2.wasm", "split_home.wasm"] {
            assert!(!dir.join(gone).exists(), "{gone}");
        }
        assert!(dir.join("chunk_3.wasm").exists());
        assert!(loader.contains(
            r#"const FIRST = {"chunk_1.wasm":[0,3],"chunk_2.wasm":[3,7],"split_home.wasm":[7,11],"split_sync_engine.wasm":[11,15]};"#
        ), "{loader}");
        assert!(loader.contains(r#"new URL("./wasm/ab/first-screen.bin", import.meta.url)"#));
        assert!(loader.starts_with("import { initSync }"));
        assert_eq!(loader.matches("zhibuChunk(new URL(").count(), 6);
        assert!(!loader.contains("= fetch(new URL("));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_loader_that_fetches_otherwise_is_refused() {
        let changed = LOADER.replacen("fetch(new URL(", "fetchChunk(new URL(", 1);
        let e = route_through_bundle(&changed, &BTreeMap::new(), "x").unwrap_err();
        assert!(e.contains("fetches 5 times for 6 chunks"), "{e}");
    }
}
