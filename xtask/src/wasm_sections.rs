//! Reading and rewriting a wasm module's sections, as far as the SPA's build needs it
//! (`import_names`, `unused_classes`): LEB128 numbers, names and whole sections.

use crate::proc::Result;

/// The module with one kind of section's body replaced by what `f` makes of it.
pub fn map_section(
    wasm: &[u8],
    id: u8,
    mut f: impl FnMut(&[u8]) -> Result<Vec<u8>>,
) -> Result<Vec<u8>> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let this = wasm[at];
        let (size, body_at) = read_u32(wasm, at + 1)?;
        let end = body_at + size as usize;
        let body = wasm.get(body_at..end).ok_or("section past the end")?;
        let body = if this == id { f(body)? } else { body.to_vec() };
        out.push(this);
        write_u32(&mut out, body.len() as u32);
        out.extend_from_slice(&body);
        at = end;
    }
    Ok(out)
}

pub fn read_u32(b: &[u8], mut at: usize) -> Result<(u32, usize)> {
    let mut value = 0_u64;
    for shift in (0..35).step_by(7) {
        let byte = *b.get(at).ok_or("LEB128 past the end")?;
        at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return u32::try_from(value)
                .map(|v| (v, at))
                .map_err(|_| "LEB128 too large".into());
        }
    }
    Err("LEB128 too long".into())
}

pub fn write_u32(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

pub fn read_name(b: &[u8], at: usize) -> Result<(&str, usize)> {
    let (len, at) = read_u32(b, at)?;
    let end = at + len as usize;
    let bytes = b.get(at..end).ok_or("name past the end")?;
    let name = std::str::from_utf8(bytes).map_err(|_| "name is not UTF-8")?;
    Ok((name, end))
}

pub fn write_name(out: &mut Vec<u8>, name: &str) {
    write_u32(out, name.len() as u32);
    out.extend_from_slice(name.as_bytes());
}
