//! Leaves out of the main module and its JS three classes nothing can create.
//!
//! Leptos always turns on its server functions' browser client, whose streamed bodies
//! use wasm-streams; that crate exports `IntoUnderlyingSource`, `IntoUnderlyingByteSource`
//! and `IntoUnderlyingSink` to JS, and exports are kept whether used or not. The app
//! has no server functions: these classes are made only by Rust code that hands one to
//! JS, and no import of the main module does (it would call the class's `__wrap`). With
//! their exports gone, wasm-opt drops the code behind them (about 1.1 KB of brotli); their
//! JS goes too. The build stops if the JS still names a class or a removed export.

use crate::proc::Result;
use crate::wasm_sections::{map_section, read_name, read_u32, write_u32};

const CLASSES: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

const EXPORT_SECTION: u8 = 7;

/// The main module and its JS without the classes.
pub fn remove(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String)> {
    let mut removed = Vec::new();
    let wasm = map_section(wasm, EXPORT_SECTION, |body| {
        drop_exports(body, &mut removed)
    })?;
    let mut js = js.to_owned();
    for class in CLASSES {
        js = drop_class(&js, class)?;
    }
    for export in &removed {
        if js.contains(&format!("wasm.{export}(")) {
            return Err(format!("zhibu.js still calls {export}, which was left out"));
        }
    }
    Ok((wasm, js))
}

/// `intounderlyingsink_write`, `__wbg_intounderlyingsink_free`, …
fn is_class_export(name: &str) -> bool {
    CLASSES.iter().any(|class| {
        let lower = class.to_lowercase();
        name.strip_prefix("__wbg_")
            .unwrap_or(name)
            .starts_with(&format!("{lower}_"))
    })
}

fn drop_exports(body: &[u8], removed: &mut Vec<String>) -> Result<Vec<u8>> {
    let (count, mut at) = read_u32(body, 0)?;
    let mut kept = Vec::with_capacity(body.len());
    let mut kept_count = 0;
    for _ in 0..count {
        let start = at;
        let (name, next) = read_name(body, at)?;
        // The kind, then the index.
        let (_, end) = read_u32(body, next + 1)?;
        if is_class_export(name) {
            removed.push(name.to_owned());
        } else {
            kept.extend_from_slice(&body[start..end]);
            kept_count += 1;
        }
        at = end;
    }
    let mut out = Vec::with_capacity(kept.len() + 5);
    write_u32(&mut out, kept_count);
    out.extend_from_slice(&kept);
    Ok(out)
}

/// The JS without wasm-bindgen's class, its `Symbol.dispose` line and its finalizer.
fn drop_class(js: &str, class: &str) -> Result<String> {
    let cut = |js: &str, from: &str, to: &str| -> Result<String> {
        let start = js
            .find(from)
            .ok_or_else(|| format!("zhibu.js has no `{}`", from.trim()))?;
        let end = js[start..]
            .find(to)
            .map(|i| start + i + to.len())
            .ok_or_else(|| format!("zhibu.js: `{}` does not end", from.trim()))?;
        Ok(format!("{}{}", &js[..start], &js[end..]))
    };
    let js = cut(js, &format!("export class {class} {{\n"), "\n}\n")?;
    let js = cut(
        &js,
        &format!("if (Symbol.dispose) {class}.prototype"),
        ";\n",
    )?;
    let js = cut(&js, &format!("const {class}Finalization = "), ";\n")?;
    if js.contains(class) {
        return Err(format!(
            "zhibu.js still names {class} after leaving it out: wasm-bindgen writes its JS \
             differently now, or something creates the class"
        ));
    }
    Ok(js)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasm_sections::write_name;

    fn module(exports: &[&str]) -> Vec<u8> {
        let mut body = Vec::new();
        write_u32(&mut body, exports.len() as u32);
        for (i, name) in exports.iter().enumerate() {
            write_name(&mut body, name);
            body.push(0);
            write_u32(&mut body, 200 + i as u32);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.push(EXPORT_SECTION);
        write_u32(&mut wasm, body.len() as u32);
        wasm.extend_from_slice(&body);
        wasm
    }

    fn exports(wasm: &[u8]) -> Vec<String> {
        let (size, at) = read_u32(wasm, 9).unwrap();
        let body = &wasm[at..at + size as usize];
        let (count, mut at) = read_u32(body, 0).unwrap();
        (0..count)
            .map(|_| {
                let (name, next) = read_name(body, at).unwrap();
                at = read_u32(body, next + 1).unwrap().1;
                name.to_owned()
            })
            .collect()
    }

    fn class_js(class: &str) -> String {
        let lower = class.to_lowercase();
        format!(
            "export class {class} {{\n    free() {{\n        wasm.__wbg_{lower}_free(this.__wbg_ptr, 0);\n    }}\n    pull(c) {{\n        return wasm.{lower}_pull(this.__wbg_ptr, c);\n    }}\n}}\nif (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n"
        )
    }

    fn finalizer(class: &str) -> String {
        let lower = class.to_lowercase();
        format!(
            "const {class}Finalization = (typeof FinalizationRegistry === 'undefined')\n    ? {{ register: () => {{}}, unregister: () => {{}} }}\n    : new FinalizationRegistry(ptr => wasm.__wbg_{lower}_free(ptr, 1));\n"
        )
    }

    fn glue() -> String {
        let classes: String = CLASSES.iter().map(|c| class_js(c)).collect();
        let finalizers: String = CLASSES.iter().map(|c| finalizer(c)).collect();
        format!(
            "{classes}function keep() {{\n    wasm.memory;\n}}\n{finalizers}export {{ keep }};\n"
        )
    }

    #[test]
    fn the_classes_leave_both_the_exports_and_the_js() {
        let wasm = module(&[
            "memory",
            "intounderlyingsource_pull",
            "__wbg_intounderlyingsink_free",
            "intounderlyingbytesource_type",
            "__wbindgen_malloc",
        ]);
        let (wasm, js) = remove(&wasm, &glue()).unwrap();
        assert_eq!(exports(&wasm), ["memory", "__wbindgen_malloc"]);
        assert_eq!(
            js,
            "function keep() {\n    wasm.memory;\n}\nexport { keep };\n"
        );
    }

    #[test]
    fn js_that_still_uses_a_class_stops_the_build() {
        let js = format!("{}const s = IntoUnderlyingSource.__wrap(1);\n", glue());
        let e = remove(&module(&["memory"]), &js).unwrap_err();
        assert!(e.contains("still names IntoUnderlyingSource"), "{e}");
        let js = glue().replace("export class IntoUnderlyingSink {", "class Sink {");
        let e = remove(&module(&["memory"]), &js).unwrap_err();
        assert!(e.contains("no `export class IntoUnderlyingSink {`"), "{e}");
    }
}
