//! `pages.css`: the member pages' styles (style/pages/) as one file. index.html links only
//! the styles of the shell and the login page, so the first screen waits for nothing
//! else; the app fetches this file with the first page's code (src/page_styles.rs).
//! Written by the same Trunk hook as the wasm (`cargo xtask spa-wasm`).

use crate::proc::{Result, root};
use std::path::Path;

pub const FILE: &str = "pages.css";

/// The files in the order they were always linked, which the cascade may depend on.
const ORDER: [&str; 4] = ["study.css", "talks.css", "events.css", "pledges.css"];

pub fn write(out: &Path) -> Result {
    let dir = root().join("style/pages");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !ORDER.contains(&name.as_str()) {
            return Err(format!(
                "style/pages/{name} is not in xtask/src/page_styles.rs's ORDER"
            ));
        }
    }
    let mut css = String::new();
    for name in ORDER {
        let path = dir.join(name);
        css += &std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        css.push('\n');
    }
    std::fs::write(out.join(FILE), css).map_err(|e| format!("{FILE}: {e}"))
}
