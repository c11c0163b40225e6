//! The few JSON bodies the first download handles — who is logged in, the login form, an
//! error answer — read and written with the browser's own `JSON`, not serde_json.
//!
//! serde's parser and the derived readers it drives are a tenth of the main module; the
//! pages' chunks, which load later, use serde for everything else. The shapes are the
//! model's serde shapes: `tests/browser_json.rs` checks each both ways against serde.

use js_sys::{JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use zhibu_model::{ApiError, ErrorCode, LoginRequest, Me, Role, ymd};

/// `Me` as the server sends it (and as the session keeps it in localStorage).
pub fn me(text: &str) -> Option<Me> {
    let o = object(text)?;
    Some(Me {
        id: string(&o, "id")?.parse().ok()?,
        login: string(&o, "login")?,
        display_name: string(&o, "display_name")?,
        role: Role::parse(&string(&o, "role")?)?,
        branch_id: match optional(&o, "branch_id")? {
            Some(id) => Some(id.parse().ok()?),
            None => None,
        },
        branch_name: optional(&o, "branch_name")?,
        joined_party_on: match optional(&o, "joined_party_on")? {
            Some(date) => Some(ymd::parse(&date)?),
            None => None,
        },
    })
}

/// The JSON of `Me`, in serde's shape.
pub fn me_json(me: &Me) -> String {
    let o = Object::new();
    set(&o, "id", &me.id.to_string().into());
    set(&o, "login", &me.login.as_str().into());
    set(&o, "display_name", &me.display_name.as_str().into());
    set(&o, "role", &me.role.as_str().into());
    let or_null = |v: Option<String>| v.map_or(JsValue::NULL, JsValue::from);
    set(
        &o,
        "branch_id",
        &or_null(me.branch_id.map(|b| b.to_string())),
    );
    set(&o, "branch_name", &or_null(me.branch_name.clone()));
    set(
        &o,
        "joined_party_on",
        &or_null(me.joined_party_on.map(ymd::format)),
    );
    stringify(&o)
}

/// The login form's body.
pub fn login_json(request: &LoginRequest) -> String {
    let o = Object::new();
    set(&o, "login", &request.login.as_str().into());
    set(&o, "password", &request.password.as_str().into());
    stringify(&o)
}

/// An error answer's body; `None` if it is not one (a proxy's page, a newer code).
pub fn api_error(text: &str) -> Option<ApiError> {
    let o = object(text)?;
    Some(ApiError {
        code: ErrorCode::parse(&string(&o, "code")?)?,
        field: optional(&o, "field")?,
        message: string(&o, "message")?,
    })
}

fn object(text: &str) -> Option<Object> {
    JSON::parse(text).ok()?.dyn_into::<Object>().ok()
}

/// A string member; `None` if it is missing or not a string.
fn string(o: &Object, key: &str) -> Option<String> {
    Reflect::get(o, &key.into()).ok()?.as_string()
}

/// A member that may be missing or null (`Some(None)`); `None` if it is something else
/// than a string.
fn optional(o: &Object, key: &str) -> Option<Option<String>> {
    let value = Reflect::get(o, &key.into()).ok()?;
    if value.is_undefined() || value.is_null() {
        Some(None)
    } else {
        value.as_string().map(Some)
    }
}

fn set(o: &Object, key: &str, value: &JsValue) {
    // Only fails on a frozen object or a throwing setter; a new plain object has neither.
    let _ = Reflect::set(o, &key.into(), value);
}

fn stringify(o: &Object) -> String {
    // Plain strings and nulls always stringify.
    JSON::stringify(o).map(String::from).unwrap_or_default()
}
