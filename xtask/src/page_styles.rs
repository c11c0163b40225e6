//! `pages.css`: the member pages' styles (style/pages/) as one file. index.html links only
//! the styles of the shell and the login page, so the first screen waits for nothing
//! else; the app fetches this file with the first page's code (src/page_styles.rs).
//! Written by the same Trunk hook as the wasm (`cargo xtask spa-wasm`).

use crate::proc::{Result, root};
use std::path::Path;

pub const FILE: &str = "pages.css";

/// The files in the order they were always linked, which the cascade may depend on;
/// the paper's rules (all inside `@media print`) last.
const ORDER: [&str; 7] = [
    "shared.css",
    "study.css",
    "talks.css",
    "events.css",
    "pledges.css",
    "org.css",
    "print.css",
];

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
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        // An unclosed block would swallow every file after it into itself.
        balanced(&text).map_err(|line| format!("style/pages/{name}:{line}: unbalanced braces"))?;
        css += &text;
        css.push('\n');
    }
    std::fs::write(out.join(FILE), css).map_err(|e| format!("{FILE}: {e}"))
}

/// Whether every `{` is closed (comments aside); else the line where it goes wrong.
fn balanced(css: &str) -> std::result::Result<(), usize> {
    let (mut line, mut opened_at) = (1, Vec::new());
    let mut rest = css;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("/*") {
            let end = after.find("*/").ok_or(line)?;
            line += after[..end].matches('\n').count();
            rest = &after[end + 2..];
            continue;
        }
        match c {
            '\n' => line += 1,
            '{' => opened_at.push(line),
            '}' if opened_at.pop().is_none() => return Err(line),
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    opened_at.first().map_or(Ok(()), |&at| Err(at))
}

#[cfg(test)]
mod tests {
    use super::balanced;

    #[test]
    fn an_unclosed_block_is_found_where_it_opens() {
        assert_eq!(balanced("a {\n  b: c;\n}\n/* { */\n"), Ok(()));
        assert_eq!(balanced("a {\n  b: c;\n\nd {\n}\n"), Err(1));
        assert_eq!(balanced("a {}\n}\n"), Err(2));
    }
}
