//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the JSON API (no session).
//!
//! Every route under `/api` is registered through `utoipa_axum::routes!` from its
//! handler's `#[utoipa::path]`, so the router and the document come from one table
//! ([`super::api_router`]). Each handler's attribute names what only it knows (its
//! statuses of 403, 404, 409, 422, 429 and its bodies); [`finish`] adds what every
//! operation shares, since a layer answers it (CSRF, body limits, the session extractor).

use crate::auth::cookie::SESSION_COOKIE;
use axum::http::header;
use axum::response::IntoResponse;
use std::sync::OnceLock;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{Content, OpenApi, Ref};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The name of the session's security scheme in the document.
pub const SESSION_SCHEME: &str = "session";

pub fn router() -> OpenApiRouter<crate::AppState> {
    OpenApiRouter::new().routes(routes!(openapi_json))
}

/// This document.
#[utoipa::path(
    get,
    path = "/v1/openapi.json",
    tag = "meta",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of `/api/v1`",
         content_type = "application/json", body = Object),
    ),
)]
async fn openapi_json() -> impl IntoResponse {
    static JSON: OnceLock<String> = OnceLock::new();
    let json = JSON.get_or_init(|| {
        document()
            .to_json()
            .expect("the OpenAPI document serialises")
    });
    ([(header::CONTENT_TYPE, "application/json")], json.as_str())
}

/// The whole document, paths as the server serves them (`/api/v1/...`).
pub fn document() -> OpenApi {
    let (_, doc) = OpenApiRouter::<crate::AppState>::with_openapi(base())
        .nest("/api", super::api_router())
        .split_for_parts();
    finish(doc)
}

fn base() -> OpenApi {
    let mut doc = OpenApi::new(
        utoipa::openapi::InfoBuilder::new()
            .title("zhibu")
            .version(env!("CARGO_PKG_VERSION"))
            .description(Some(
                "The JSON API of 支部, the party-branch member portal. Every error answer \
                 is an `ApiError` `{code, field, message}`, its message in the language of \
                 `Accept-Language` (zh-CN or en). Writes (POST, PUT, DELETE) take \
                 `application/json` bodies only (a DELETE too: `{}`), and a cross-origin \
                 `Origin` is refused (403).",
            ))
            .build(),
        utoipa::openapi::Paths::new(),
    );
    let components = doc
        .components
        .get_or_insert_with(utoipa::openapi::Components::new);
    components.add_security_scheme(
        SESSION_SCHEME,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            SESSION_COOKIE,
            "The session cookie set by `POST /api/v1/auth/login` (HttpOnly, \
             SameSite=Strict). Served over HTTPS it is named `__Host-zhibu_session`.",
        ))),
    );
    doc
}

fn error(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("ApiError"))),
        )
        .build()
}

/// Adds the answers that come from layers and shared extractors to every operation that
/// can get them, unless the handler already described that status.
fn finish(mut doc: OpenApi) -> OpenApi {
    // Handlers may not name `ApiError` themselves, but the shared answers do.
    let components = doc
        .components
        .get_or_insert_with(utoipa::openapi::Components::new);
    if !components.schemas.contains_key("ApiError") {
        use utoipa::PartialSchema;
        components
            .schemas
            .insert("ApiError".to_owned(), zhibu_model::ApiError::schema());
    }
    for item in doc.paths.paths.values_mut() {
        for (write, op) in operations(item) {
            // Handlers of different modules share names (`overview`); the tag, which is
            // the area, makes each operation's id unique as OpenAPI requires.
            if let (Some(tag), Some(id)) = (
                op.tags.as_ref().and_then(|t| t.first()),
                op.operation_id.as_ref(),
            ) {
                op.operation_id = Some(format!("{tag}_{id}"));
            }
            let authenticated = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let add = |op: &mut Operation, status: &str, description: &str| {
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| error(description).into());
            };
            if authenticated {
                add(op, "401", "No live session (`unauthenticated`)");
            }
            let query = op
                .parameters
                .iter()
                .flatten()
                .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query));
            if query {
                add(
                    op,
                    "400",
                    "A query parameter cannot be read as its type (`malformed_request`)",
                );
            }
            if write {
                add(
                    op,
                    "400",
                    "The body is not JSON or not of this shape (`malformed_request`)",
                );
                add(op, "403", "A cross-origin write (`forbidden`)");
                add(
                    op,
                    "413",
                    "The body is over the size limit (`payload_too_large`)",
                );
                add(
                    op,
                    "415",
                    "The body is not `application/json` (`malformed_request`)",
                );
            }
            add(
                op,
                "500",
                "A bug or an outage (`internal`); nothing more is said",
            );
        }
    }
    doc
}

/// Each operation of a path, with whether it is a write.
fn operations(item: &mut PathItem) -> impl Iterator<Item = (bool, &mut Operation)> {
    [
        (false, item.get.as_mut()),
        (true, item.post.as_mut()),
        (true, item.put.as_mut()),
        (true, item.delete.as_mut()),
        (true, item.patch.as_mut()),
    ]
    .into_iter()
    .filter_map(|(write, op)| op.map(|op| (write, op)))
}
