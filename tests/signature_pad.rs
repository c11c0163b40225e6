//! The signature pad in a real browser (headless Chromium): synthetic pointer events draw
//! strokes that are recorded as the model's Signature in the pad's box; Undo removes the
//! last stroke and Clear all of them. A signed signature is shown as SVG from the model path.
#![cfg(target_arch = "wasm32")]

use common::pointer;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use zhibu::components::signature_pad::SignaturePad;
use zhibu::components::signature_view::SignatureView;
use zhibu::i18n::provide_i18n;
use zhibu_model::pledge::Signature;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fresh() -> HtmlElement {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

fn one(root: &HtmlElement, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn stroke(canvas: &Element, id: i32, pointer_type: &str, points: &[(f64, f64)]) {
    let (first, rest) = points.split_first().unwrap();
    pointer(canvas, "pointerdown", id, pointer_type, first.0, first.1);
    for (x, y) in rest {
        pointer(canvas, "pointermove", id, pointer_type, *x, *y);
    }
    let last = points.last().unwrap();
    pointer(canvas, "pointerup", id, pointer_type, last.0, last.1);
}

fn button(root: &HtmlElement, selector: &str) -> HtmlElement {
    one(root, selector).unchecked_into()
}

#[wasm_bindgen_test]
async fn strokes_are_recorded_then_undone_and_cleared() {
    let root = fresh();
    let signature = RwSignal::new(Signature::default());
    let _handle = mount_to(root.clone(), move || {
        provide_i18n();
        view! { <SignaturePad signature /> }
    });
    tick().await;

    let canvas = one(&root, "canvas.signature-canvas");
    let rect = canvas.get_bounding_client_rect();
    assert!(button(&root, ".signature-undo").has_attribute("disabled"));
    assert!(
        !one(&root, ".signature-date")
            .text_content()
            .unwrap()
            .is_empty()
    );

    // A mouse stroke and a touch stroke; a move that repeats a point adds nothing, and a
    // second finger during a stroke does not join it.
    pointer(&canvas, "pointerdown", 1, "mouse", 20.0, 80.0);
    pointer(&canvas, "pointermove", 1, "mouse", 40.0, 40.0);
    pointer(&canvas, "pointermove", 1, "mouse", 40.0, 40.0);
    pointer(&canvas, "pointermove", 2, "touch", 5.0, 5.0);
    pointer(&canvas, "pointermove", 1, "mouse", 60.0, 90.0);
    pointer(&canvas, "pointermove", 1, "mouse", 80.0, 30.0);
    pointer(&canvas, "pointerup", 1, "mouse", 80.0, 30.0);
    stroke(
        &canvas,
        7,
        "touch",
        &[(100.0, 60.0), (130.0, 62.0), (160.0, 65.0)],
    );
    // Moves after the pointer is up are not ink.
    pointer(&canvas, "pointermove", 7, "touch", 10.0, 10.0);
    tick().await;

    let s = signature.get_untracked();
    assert_eq!(s.width, rect.width().round() as u16);
    assert_eq!(s.height, rect.height().round() as u16);
    assert_eq!(
        s.strokes,
        vec![
            vec![[20, 80], [40, 40], [60, 90], [80, 30]],
            vec![[100, 60], [130, 62], [160, 65]],
        ]
    );
    s.validate()
        .expect("two strokes across the pad are a signature");
    assert!(s.svg_path().starts_with("M20 80 Q40 40"));
    assert_eq!(canvas.get_attribute("data-strokes").as_deref(), Some("2"));
    assert!(!button(&root, ".signature-undo").has_attribute("disabled"));

    // A point outside the pad is held at its edge.
    stroke(
        &canvas,
        3,
        "pen",
        &[(-10.0, 20.0), (rect.width() + 50.0, 20.0)],
    );
    let s = signature.get_untracked();
    assert_eq!(s.strokes[2], vec![[0, 20], [s.width, 20]]);

    button(&root, ".signature-undo").click();
    tick().await;
    assert_eq!(signature.get_untracked().strokes.len(), 2);
    button(&root, ".signature-undo").click();
    tick().await;
    assert_eq!(
        signature.get_untracked().strokes,
        vec![vec![[20, 80], [40, 40], [60, 90], [80, 30]]]
    );

    stroke(&canvas, 8, "touch", &[(100.0, 60.0), (160.0, 65.0)]);
    button(&root, ".signature-clear").click();
    tick().await;
    let s = signature.get_untracked();
    assert!(s.strokes.is_empty());
    assert_eq!(
        s.validate().unwrap_err().code,
        zhibu_model::error::ErrorCode::Required
    );
    assert!(button(&root, ".signature-clear").has_attribute("disabled"));
    assert_eq!(canvas.get_attribute("data-strokes").as_deref(), Some("0"));
}

#[wasm_bindgen_test]
async fn a_signature_is_shown_as_svg_from_the_model_path() {
    let root = fresh();
    let signature = Signature {
        width: 600,
        height: 200,
        strokes: vec![vec![[40, 120], [80, 60], [120, 130], [160, 70]]],
    };
    let expected = signature.svg_path();
    let _handle = mount_to(root.clone(), move || {
        provide_i18n();
        view! { <SignatureView signature=signature.clone() /> }
    });
    tick().await;

    let svg = one(&root, "svg.signature-svg");
    assert_eq!(svg.get_attribute("viewBox").as_deref(), Some("0 0 600 200"));
    assert!(!svg.has_attribute("style"));
    let path = one(&root, "svg.signature-svg path");
    assert_eq!(path.get_attribute("d"), Some(expected));
    assert_eq!(path.get_attribute("fill").as_deref(), Some("none"));
    assert!(!path.has_attribute("style"));
}
