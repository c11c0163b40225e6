//! Short names for the main module's imports from wasm-bindgen's JS.
//!
//! wasm-bindgen names each import after the Rust item plus a 16-digit hash
//! (`__wbg_getItem_1f2e…`), and each name is written twice: in the wasm's import section
//! and as a key of the import object in `zhibu.js`. Some 220 such names in both files cost
//! about 5 KB of the critical path after brotli (random hex hardly compresses). This
//! renames them `a`, `b`, … in both, as emscripten's import minifier does; the JS must
//! name each import exactly once as an object key, or the build stops.

use crate::proc::Result;
use crate::wasm_sections::{map_section, read_name, read_u32, write_name, write_u32};

/// The module name wasm-bindgen gives its JS imports for `--out-name zhibu`.
const JS_MODULE: &str = "./zhibu_bg.js";

const IMPORT_SECTION: u8 = 2;

/// The main module and its JS with the JS module's imports renamed.
pub fn shorten(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String)> {
    let mut js = js.to_owned();
    let wasm = map_section(wasm, IMPORT_SECTION, |body| rename_imports(body, &mut js))?;
    Ok((wasm, js))
}

fn rename_imports(body: &[u8], js: &mut String) -> Result<Vec<u8>> {
    let (count, mut at) = read_u32(body, 0)?;
    let mut out = Vec::with_capacity(body.len());
    write_u32(&mut out, count);
    let mut renamed = 0;
    for _ in 0..count {
        let (module, next) = read_name(body, at)?;
        let (field, next) = read_name(body, next)?;
        let desc_end = skip_import_desc(body, next)?;
        let field = if module == JS_MODULE {
            let short = short_name(renamed);
            renamed += 1;
            rename_key(js, field, &short)?;
            short
        } else {
            field.to_owned()
        };
        write_name(&mut out, module);
        write_name(&mut out, &field);
        out.extend_from_slice(&body[next..desc_end]);
        at = desc_end;
    }
    Ok(out)
}

/// Renames the one object key `old:` in the JS.
fn rename_key(js: &mut String, old: &str, new: &str) -> Result {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let found: Vec<usize> = js
        .match_indices(old)
        .map(|(i, _)| i)
        .filter(|&i| !js[..i].ends_with(is_ident) && !js[i + old.len()..].starts_with(is_ident))
        .collect();
    match found[..] {
        [i] if js[i + old.len()..].starts_with(':') => {
            js.replace_range(i..i + old.len(), new);
            Ok(())
        }
        _ => Err(format!(
            "zhibu.js names the import {old} {} times, not once as a key: wasm-bindgen \
             writes its JS differently now",
            found.len()
        )),
    }
}

/// `a`…`z`, `A`…`Z`, then `aa`, `ab`, …
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// The end of an import's description (function, table, memory, global or tag).
fn skip_import_desc(b: &[u8], at: usize) -> Result<usize> {
    let kind = *b.get(at).ok_or("import past the end")?;
    let at = at + 1;
    match kind {
        0 | 4 => Ok(read_u32(b, at + usize::from(kind == 4))?.1),
        1 => skip_limits(b, at + 1),
        2 => skip_limits(b, at),
        3 => Ok(at + 2),
        _ => Err(format!("unknown import kind {kind}")),
    }
}

fn skip_limits(b: &[u8], at: usize) -> Result<usize> {
    let flags = *b.get(at).ok_or("limits past the end")?;
    let (_, at) = read_u32(b, at + 1)?;
    if flags & 1 == 1 {
        Ok(read_u32(b, at)?.1)
    } else {
        Ok(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions from the JS, a memory and a function from the
    /// chunk loader.
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        write_u32(&mut imports, 4);
        for (module, field, desc) in [
            (JS_MODULE, "__wbg_getItem_0123456789abcdef", &[0_u8, 0][..]),
            ("./__wasm_split.js", "__wasm_split_load_home", &[0, 1]),
            (JS_MODULE, "__wbindgen_cast_fedcba9876543210", &[0, 0]),
            ("env", "memory", &[2, 1, 17, 200, 1]),
        ] {
            write_name(&mut imports, module);
            write_name(&mut imports, field);
            imports.extend_from_slice(desc);
        }
        // A type section (one `[] -> []`) before and a custom section after.
        let mut wasm = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0".to_vec();
        wasm.push(IMPORT_SECTION);
        write_u32(&mut wasm, imports.len() as u32);
        wasm.extend_from_slice(&imports);
        wasm.extend_from_slice(b"\0\x04\x03abc");
        wasm
    }

    const JS: &str = "const import0 = {\n    __proto__: null,\n    \
        __wbg_getItem_0123456789abcdef: function(a) { return a; },\n    \
        __wbindgen_cast_fedcba9876543210: function(a) { return a; },\n};";

    fn imports(wasm: &[u8]) -> Vec<(String, String)> {
        let (size, at) = read_u32(wasm, 15).unwrap();
        let body = &wasm[at..at + size as usize];
        let (count, mut at) = read_u32(body, 0).unwrap();
        (0..count)
            .map(|_| {
                let (module, next) = read_name(body, at).unwrap();
                let (field, next) = read_name(body, next).unwrap();
                at = skip_import_desc(body, next).unwrap();
                (module.to_owned(), field.to_owned())
            })
            .collect()
    }

    #[test]
    fn the_js_modules_imports_get_short_names_in_both_files() {
        let (wasm, js) = shorten(&module(), JS).unwrap();
        assert_eq!(
            imports(&wasm),
            [
                (JS_MODULE.to_owned(), "a".to_owned()),
                (
                    "./__wasm_split.js".to_owned(),
                    "__wasm_split_load_home".to_owned()
                ),
                (JS_MODULE.to_owned(), "b".to_owned()),
                ("env".to_owned(), "memory".to_owned()),
            ]
        );
        assert!(js.contains("    a: function(a)"), "{js}");
        assert!(js.contains("    b: function(a)"), "{js}");
        assert!(!js.contains("__wbg"), "{js}");
        assert!(wasm.ends_with(b"\0\x04\x03abc"));
    }

    #[test]
    fn an_import_the_js_does_not_name_once_as_a_key_stops_the_build() {
        let js = JS.replace("__wbindgen_cast_fedcba9876543210: ", "x: ");
        let e = shorten(&module(), &js).unwrap_err();
        assert!(
            e.contains("__wbindgen_cast_fedcba9876543210 0 times"),
            "{e}"
        );
        let js = format!("{JS} wasm.__wbg_getItem_0123456789abcdef();");
        let e = shorten(&module(), &js).unwrap_err();
        assert!(e.contains("__wbg_getItem_0123456789abcdef 2 times"), "{e}");
    }

    #[test]
    fn short_names_are_unique() {
        let names: std::collections::HashSet<_> = (0..3000).map(short_name).collect();
        assert_eq!(names.len(), 3000);
        assert_eq!(short_name(0), "a");
        assert_eq!(short_name(52), "aa");
    }
}
