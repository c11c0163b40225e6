//! A signed signature shown as SVG from the model's smoothed path: sharp on screen and in
//! print. Presentation is in SVG attributes, not inline style, which the CSP allows.

use crate::components::signature_pad::INK_WIDTH;
use crate::i18n::{PgKey, use_i18n};
use leptos::prelude::*;
use zhibu_model::pledge::Signature;

#[component]
pub fn SignatureView(signature: Signature) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <svg
            class="signature-svg"
            viewBox=signature.view_box()
            preserveAspectRatio="xMidYMid meet"
            role="img"
            aria-label=i18n.tr(PgKey::SignatureShown)
        >
            <path
                d=signature.svg_path()
                fill="none"
                stroke="currentColor"
                stroke-width=INK_WIDTH.to_string()
                stroke-linecap="round"
                stroke-linejoin="round"
            />
        </svg>
    }
}
