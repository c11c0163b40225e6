//! What the browser tests share: waiting on the page, finding and filling its elements,
//! and synthetic pointer input. (Each test binary uses a part of it.)
#![allow(dead_code)]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::console_log;
use web_sys::{Element, HtmlElement, PointerEvent, PointerEventInit};

pub fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

/// Waits (up to two seconds) for `done`, letting requests and timers run; on giving up,
/// logs the page so the failure can be read.
pub async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..100 {
        if done() {
            return;
        }
        pause(20).await;
    }
    console_log!(
        "{}",
        window().document().unwrap().body().unwrap().inner_html()
    );
    panic!("gave up waiting");
}

/// Lets requests, timers and the page's tasks run for `ms` milliseconds.
pub async fn pause(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
}

pub fn one(root: &Element, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

/// A form control's current value (input, select or textarea).
pub fn value(root: &Element, selector: &str) -> String {
    js_sys::Reflect::get(&one(root, selector), &"value".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

/// Sets an input's value as typing does (an `input` event follows).
pub fn type_into(root: &Element, selector: &str, value: &str) {
    fill(&one(root, selector), value);
}

pub fn fill(input: &HtmlElement, value: &str) {
    js_sys::Reflect::set(input, &"value".into(), &value.into()).unwrap();
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// The error shown under a field (`#<field>-error`), if it is shown.
pub fn error_of(root: &Element, field: &str) -> Option<String> {
    let p = one(root, &format!("#{field}-error"));
    (!p.has_attribute("hidden")).then(|| p.text_content().unwrap_or_default())
}

/// Sends a pointer event at `(x, y)` inside `target` (CSS pixels from its top left).
pub fn pointer(target: &Element, kind: &str, id: i32, pointer_type: &str, x: f64, y: f64) {
    let rect = target.get_bounding_client_rect();
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_pointer_id(id);
    init.set_pointer_type(pointer_type);
    init.set_is_primary(true);
    init.set_button(if kind == "pointermove" { -1 } else { 0 });
    init.set_client_x((rect.left() + x) as i32);
    init.set_client_y((rect.top() + y) as i32);
    let ev = PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

pub fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// `window.fetch` fails like a lost connection.
pub fn offline() {
    js_sys::eval(
        r#"(() => {
            if (!window.__realFetch) window.__realFetch = window.fetch;
            window.fetch = async () => { throw new TypeError("Failed to fetch"); };
        })()"#,
    )
    .unwrap();
}

/// `window.fetch` answers `GET path` with `body` (JSON) and fails like a lost connection
/// for the rest.
pub fn fake_get(path: &str, body: &impl serde::Serialize) {
    let body = serde_json::to_string(body).unwrap();
    let script = format!(
        r#"(() => {{
            const body = {body};
            if (!window.__realFetch) window.__realFetch = window.fetch;
            window.fetch = async (input, init) => {{
                const req = new Request(input, init);
                const u = new URL(req.url);
                if (req.method === "GET" && u.pathname === "{path}")
                    return new Response(JSON.stringify(body), {{ status: 200,
                        headers: {{ "Content-Type": "application/json" }} }});
                throw new TypeError("Failed to fetch");
            }};
        }})()"#
    );
    js_sys::eval(&script).unwrap();
}

/// Puts the browser's own `fetch` back.
pub fn restore_fetch() {
    js_sys::eval("if (window.__realFetch) window.fetch = window.__realFetch").unwrap();
}

/// Goes to `path` (as the address bar would) and adds an empty element to mount into.
pub fn root_at(path: &str) -> HtmlElement {
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
    let document = window().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Mounts `app` (its router and routes) at `path` for the member `me`, in Chinese, with
/// the sync engine started on `me`'s local store. The session comes from its cache, as
/// on a phone that has logged in before. The handle keeps the app mounted.
pub async fn mount_as<V>(
    me: &zhibu_model::Me,
    path: &str,
    app: impl Fn() -> V + 'static,
) -> (HtmlElement, zhibu::sync::SyncEngine, Box<dyn std::any::Any>)
where
    V: leptos::prelude::IntoView + 'static,
{
    use leptos::prelude::*;
    use zhibu::sync::SyncEngine;
    storage().remove_item(zhibu::i18n::STORAGE_KEY).unwrap();
    storage()
        .set_item(
            zhibu::session::CACHE_KEY,
            &serde_json::to_string(me).unwrap(),
        )
        .unwrap();
    let root = root_at(path);
    let engine = RwSignal::new(None::<SyncEngine>);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let i18n = zhibu::i18n::provide_i18n();
        zhibu::session::provide_session(i18n);
        let sync = SyncEngine::new();
        provide_context(sync);
        engine.set(Some(sync));
        app()
    });
    storage().remove_item(zhibu::session::CACHE_KEY).unwrap();
    let engine = engine.get_untracked().unwrap();
    engine.start(me.id, zhibu_model::Lang::ZhCn).await.unwrap();
    (root, engine, Box::new(handle))
}
