//! A QR code as SVG (one path of dark modules, no inline styles: CSP), for the rotating
//! check-in code on the secretary's phone.

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// The SVG path of a text's QR code (with a 4-module quiet zone) and its side in modules.
pub fn qr_path(text: &str) -> Option<(String, i32)> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let border = 4;
    let mut d = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                d.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    Some((d, qr.size() + 2 * border))
}

#[component]
pub fn QrSvg(#[prop(into)] text: Signal<String>, label: Signal<String>) -> impl IntoView {
    let drawn = Memo::new(move |_| text.with(|t| qr_path(t)));
    move || {
        drawn.get().map(|(d, side)| {
            let view_box = format!("0 0 {side} {side}");
            view! {
                <svg class="qr" viewBox=view_box role="img" aria-label=label>
                    <rect class="qr-bg" width=side height=side />
                    <path class="qr-fg" d=d />
                </svg>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_six_digit_code_is_a_version_1_symbol_with_its_finder_patterns() {
        let (d, side) = qr_path("123456").unwrap();
        assert_eq!(side, 21 + 8, "version 1 and the quiet zone");
        // The top-left finder pattern's corner, after the 4-module quiet zone.
        assert!(d.starts_with("M4,4h1v1h-1z"));
        assert!(
            d.contains("M10,10h1v1h-1z"),
            "the finder's bottom-right corner"
        );
        assert!(!d.contains("M3,"), "nothing in the quiet zone");
    }
}
