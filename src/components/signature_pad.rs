//! The handwritten signature pad: a canvas that records pointer strokes (finger, stylus or
//! mouse alike, through pointer events) as the model's [`Signature`], in the pad's own
//! CSS-pixel box, so what is signed is the vector the server stores, not an image.

use crate::i18n::{PgKey, use_i18n};
use crate::records::today;
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};
use zhibu_model::pledge::Signature;

/// Ink width in pad units; the SVG rendering of the signed version uses the same.
pub const INK_WIDTH: f64 = 2.5;

/// The pad. `signature` holds the strokes drawn so far; Undo removes the last stroke,
/// Clear all of them. The canvas fills its container's width (CSS), so it fits a 360 px
/// phone; the box is taken from the canvas when the first stroke starts.
#[component]
pub fn SignaturePad(signature: RwSignal<Signature>) -> impl IntoView {
    let i18n = use_i18n();
    let canvas = NodeRef::<Canvas>::new();
    // The pointer drawing the current stroke, so a second finger does not join it.
    let active = StoredValue::new(None::<i32>);

    let point_of = move |ev: &PointerEvent, el: &HtmlCanvasElement| -> Option<[u16; 2]> {
        let rect = el.get_bounding_client_rect();
        if rect.width() < 1.0 || rect.height() < 1.0 {
            return None;
        }
        let (w, h) = signature.with_untracked(|s| (s.width, s.height));
        // The box was fixed by the first stroke; if the pad was resized since, scale.
        let x = (f64::from(ev.client_x()) - rect.left()) * f64::from(w) / rect.width();
        let y = (f64::from(ev.client_y()) - rect.top()) * f64::from(h) / rect.height();
        Some([clamp(x, w), clamp(y, h)])
    };

    let down = move |ev: PointerEvent| {
        // Only the main button of a mouse; touch and pen report button 0 too.
        if ev.button() != 0 || active.get_value().is_some() {
            return;
        }
        let Some(el) = canvas.get_untracked() else {
            return;
        };
        ev.prevent_default();
        // A synthetic or already-ended pointer cannot be captured; drawing still works.
        let _ = el.set_pointer_capture(ev.pointer_id());
        if signature.with_untracked(|s| s.strokes.is_empty()) {
            let rect = el.get_bounding_client_rect();
            signature.update(|s| {
                s.width = side(rect.width());
                s.height = side(rect.height());
            });
        }
        if let Some(p) = point_of(&ev, &el) {
            active.set_value(Some(ev.pointer_id()));
            signature.update(|s| s.strokes.push(vec![p]));
        }
    };
    let moved = move |ev: PointerEvent| {
        if active.get_value() != Some(ev.pointer_id()) {
            return;
        }
        let Some(el) = canvas.get_untracked() else {
            return;
        };
        ev.prevent_default();
        if let Some(p) = point_of(&ev, &el) {
            let repeated =
                signature.with_untracked(|s| s.strokes.last().and_then(|st| st.last()) == Some(&p));
            if !repeated {
                signature.update(|s| {
                    if let Some(stroke) = s.strokes.last_mut() {
                        stroke.push(p);
                    }
                });
            }
        }
    };
    let up = move |ev: PointerEvent| {
        if active.get_value() == Some(ev.pointer_id()) {
            active.set_value(None);
        }
    };

    Effect::new(move |_| {
        let Some(el) = canvas.get() else {
            return;
        };
        signature.with(|s| draw(&el, s));
    });

    let undo = move |_| {
        active.set_value(None);
        signature.update(|s| {
            s.strokes.pop();
        });
    };
    let clear = move |_| {
        active.set_value(None);
        signature.update(|s| s.strokes.clear());
    };
    let empty = move || signature.with(|s| s.strokes.is_empty());

    view! {
        <div class="signature-pad">
            <div class="signature-area">
                <canvas
                    class="signature-canvas"
                    node_ref=canvas
                    role="img"
                    aria-label=i18n.tr(PgKey::SignatureHere)
                    data-strokes=move || signature.with(|s| s.strokes.len())
                    on:pointerdown=down
                    on:pointermove=moved
                    on:pointerup=up
                    on:pointercancel=up
                ></canvas>
                <div class="signature-baseline" aria-hidden="true"></div>
                <p class="signature-date">{today().to_string()}</p>
            </div>
            <p class="field-hint">{i18n.tr(PgKey::SignatureHint)}</p>
            <div class="signature-actions">
                <button class="button secondary signature-undo" type="button" disabled=empty on:click=undo>
                    {i18n.tr(PgKey::SignatureUndo)}
                </button>
                <button class="button secondary signature-clear" type="button" disabled=empty on:click=clear>
                    {i18n.tr(PgKey::SignatureClear)}
                </button>
            </div>
        </div>
    }
}

/// A coordinate inside the box `0..=max`.
fn clamp(v: f64, max: u16) -> u16 {
    v.round().clamp(0.0, f64::from(max)) as u16
}

/// A side of the pad's box from the canvas's CSS size, within the model's limits.
fn side(css: f64) -> u16 {
    css.round().clamp(
        f64::from(Signature::SIDE_MIN),
        f64::from(Signature::SIDE_MAX),
    ) as u16
}

/// Paints the strokes at the device's pixel density, smoothed the same way as
/// [`Signature::svg_path`] (through segment midpoints, the points as control points).
fn draw(el: &HtmlCanvasElement, s: &Signature) {
    let rect = el.get_bounding_client_rect();
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let (pw, ph) = (
        (rect.width() * ratio).round().max(1.0) as u32,
        (rect.height() * ratio).round().max(1.0) as u32,
    );
    if el.width() != pw || el.height() != ph {
        el.set_width(pw);
        el.set_height(ph);
    }
    let Some(ctx) = el
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, f64::from(pw), f64::from(ph));
    if s.width == 0 || s.height == 0 {
        return;
    }
    let (sx, sy) = (
        f64::from(pw) / f64::from(s.width),
        f64::from(ph) / f64::from(s.height),
    );
    let _ = ctx.set_transform(sx, 0.0, 0.0, sy, 0.0, 0.0);
    ctx.set_line_width(INK_WIDTH);
    ctx.set_line_cap("round");
    ctx.set_line_join("round");
    ctx.set_stroke_style_str("#1a1a1a");
    ctx.begin_path();
    for stroke in s.strokes.iter().filter(|st| !st.is_empty()) {
        let p = |i: usize| (f64::from(stroke[i][0]), f64::from(stroke[i][1]));
        let (x0, y0) = p(0);
        ctx.move_to(x0, y0);
        let n = stroke.len();
        if n == 1 {
            ctx.line_to(x0, y0);
            continue;
        }
        for i in 1..n - 1 {
            let ((cx, cy), (nx, ny)) = (p(i), p(i + 1));
            ctx.quadratic_curve_to(cx, cy, (cx + nx) / 2.0, (cy + ny) / 2.0);
        }
        let (lx, ly) = p(n - 1);
        ctx.line_to(lx, ly);
    }
    ctx.stroke();
}
