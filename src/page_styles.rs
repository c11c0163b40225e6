//! The member pages' styles, `pages.css` (built from style/pages/ by `cargo xtask
//! spa-wasm`): linked when the first lazily loaded page is, so the login page's first
//! screen waits only for the shell's styles. A page is drawn once its styles are in (or
//! have failed: a page without its styles still works), so it never flashes unstyled.
//!
//! Its address is read from index.html (`<meta name="zhibu-pages-css">`), where the build
//! writes the file's hashed name; an address written here would be the one name the build
//! cannot rewrite.

use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// Settles when the stylesheet has loaded or failed; made by the first page.
    static LOADING: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    /// Whether it has, so later pages are drawn without waiting a turn.
    static SETTLED: Cell<bool> = const { Cell::new(false) };
}

/// The `<meta>` in index.html that gives the stylesheet's address.
pub const META: &str = "meta[name=zhibu-pages-css]";

/// Links the stylesheet if no page has yet (its download starts now) and gives what
/// settles once it is in, or nothing if it already is.
pub fn fetch() -> Option<JsFuture> {
    if SETTLED.get() {
        return None;
    }
    let promise = LOADING.with(|p| p.borrow_mut().get_or_insert_with(link).clone());
    Some(JsFuture::from(promise))
}

fn link() -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, _| {
        let document = web_sys::window().and_then(|w| w.document());
        // No address (a page built without index.html, as in the wasm tests): no styles.
        let Some((link, href)) = document.and_then(|d| {
            let href = d.query_selector(META).ok()??.get_attribute("content")?;
            let link = d.create_element("link").ok()?;
            d.head()?.append_child(&link).ok()?;
            Some((link, href))
        }) else {
            SETTLED.set(true);
            let _ = resolve.call0(&resolve);
            return;
        };
        // Loaded or not, the page goes on; a stylesheet fires one of the two, once.
        let settle = Closure::once_into_js(move || {
            SETTLED.set(true);
            let _ = resolve.call0(&resolve);
        });
        let settle: &js_sys::Function = settle.unchecked_ref();
        let _ = link.add_event_listener_with_callback("load", settle);
        let _ = link.add_event_listener_with_callback("error", settle);
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", &href);
    })
}
