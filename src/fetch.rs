//! The browser's `fetch`, as the app calls its own server: a method, a path, the UI
//! language, and for writes a JSON body. Written on web-sys directly rather than with an
//! HTTP client crate because the login page's requests are in the main module, which
//! every phone fetches first, and they need none of a client's builders.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};
use zhibu_model::Lang;

/// A request's method and JSON body (the server takes writes as JSON only, a CSRF
/// defence).
#[derive(Clone, Copy)]
pub enum Method<'a> {
    Get,
    Post(&'a str),
    Put(&'a str),
    Delete(&'a str),
}

/// Sends the request; an error means no answer came (offline, a tunnel, a restart), with
/// the browser's words for why.
pub async fn send(method: Method<'_>, path: &str, lang: Lang) -> Result<Response, String> {
    let headers = Headers::new().map_err(describe)?;
    headers
        .set("Accept-Language", lang.tag())
        .map_err(describe)?;
    let init = RequestInit::new();
    let (name, body) = match method {
        Method::Get => ("GET", None),
        Method::Post(body) => ("POST", Some(body)),
        Method::Put(body) => ("PUT", Some(body)),
        Method::Delete(body) => ("DELETE", Some(body)),
    };
    init.set_method(name);
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(describe)?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or("no window")?;
    let answer = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(describe)?;
    answer.dyn_into().map_err(describe)
}

/// The answer's body as text; `None` if it broke off.
pub async fn text(response: &Response) -> Option<String> {
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// The message of a JS error (fetch rejects with a `TypeError`).
fn describe(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map_or_else(|| "network error".to_owned(), |e| String::from(e.message()))
}
