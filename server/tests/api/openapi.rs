//! The OpenAPI document at `/api/v1/openapi.json` against the routes the server serves,
//! so that neither can change without the other.

use crate::common::spawn;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

async fn served_document() -> Value {
    let app = spawn().await;
    let response = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "no session needed");
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_every_operation_has_its_answers() {
    let doc = served_document().await;
    let built = serde_json::to_value(zhibu_server::routes::openapi::document()).unwrap();
    assert_eq!(doc, built, "served as built from the routes");
    let version = doc["openapi"].as_str().unwrap();
    assert!(version.starts_with("3.1."), "openapi {version}");
    assert!(doc["info"]["title"].is_string());
    let scheme = &doc["components"]["securitySchemes"]["session"];
    assert_eq!(scheme["type"], "apiKey");
    assert_eq!(scheme["in"], "cookie");
    assert_eq!(scheme["name"], "zhibu_session");
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for field in ["code", "message"] {
        assert!(
            schemas["ApiError"]["required"]
                .as_array()
                .unwrap()
                .contains(&Value::from(field)),
            "ApiError requires {field}"
        );
    }

    let paths = doc["paths"].as_object().unwrap();
    let mut ids = BTreeSet::new();
    assert!(paths.len() > 40, "only {} paths", paths.len());
    for (path, item) in paths {
        assert!(path.starts_with("/api/v1/"), "{path}");
        let operations: Vec<_> = item
            .as_object()
            .unwrap()
            .iter()
            .filter(|(m, _)| METHODS.contains(&m.as_str()))
            .collect();
        assert!(!operations.is_empty(), "{path} has no operation");
        for (method, op) in operations {
            let id = op["operationId"].as_str().unwrap();
            assert!(ids.insert(id.to_owned()), "operationId {id} twice");
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{method} {path}: no success answer"
            );
            let public = op.get("security").is_none();
            assert_eq!(
                responses.contains_key("401"),
                !public || path == "/api/v1/auth/login",
                "{method} {path}: 401 documented exactly where a session is needed"
            );
            for (status, response) in responses {
                if status.as_str() >= "400" {
                    assert_eq!(
                        response["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ApiError",
                        "{method} {path} {status}: every error is an ApiError"
                    );
                }
            }
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["name"] == "year" {
                    // Typed as literals in `YearQuery`; these are the rules they stand for.
                    use chrono::Datelike;
                    let min = zhibu_model::study::StudyRecord::MIN_YEAR;
                    let max = zhibu_model::ymd::LATEST.year();
                    assert_eq!(p["schema"]["minimum"], min, "{path}");
                    assert_eq!(p["schema"]["maximum"], max, "{path}");
                }
                if p["in"] == "path" {
                    let name = p["name"].as_str().unwrap();
                    assert!(path.contains(&format!("{{{name}}}")), "{path}: {name}");
                }
            }
        }
    }
    // Every reference names a schema that is there.
    let text = doc.to_string();
    for piece in text.split("\"#/components/schemas/").skip(1) {
        let name = &piece[..piece.find('"').unwrap()];
        assert!(schemas.contains_key(name), "dangling $ref {name}");
    }
}

/// The paths the `/api` router serves, relative to `/api`, read from the router itself.
/// axum has no listing of its routes; its `Debug` output names every path it matches.
fn routed_paths() -> BTreeSet<String> {
    let (router, _) = zhibu_server::routes::api_router().split_for_parts();
    let debug = format!("{router:?}");
    debug
        .split('"')
        .filter(|s| s.starts_with("/v1/"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_document_names_exactly_the_routes_the_router_serves() {
    let doc = served_document().await;
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(|p| p.strip_prefix("/api").unwrap().to_owned())
        .collect();
    let routed = routed_paths();
    assert!(routed.len() > 40, "read only {routed:?} from the router");
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "served but not in the document: {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "documented but not served: {unrouted:?}"
    );
}

/// Per path, the methods the document names are served and the others are not: the
/// router answers 405 for a method it lacks on a path it has (and 404 for a path it
/// lacks), so a method served without a document entry, or documented without a
/// handler, shows.
#[tokio::test]
async fn the_document_names_exactly_the_methods_each_path_serves() {
    let app = spawn().await;
    let doc = served_document().await;
    let client = reqwest::Client::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let concrete = path
            .replace("{file}", "unknown.ics")
            .replace("{id}", "01a23c94-bb83-7180-afbb-b2e6d6b98136");
        for method in METHODS {
            let documented = item.get(method).is_some();
            let status = client
                .request(
                    Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                    app.url(&concrete),
                )
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap()
                .status();
            if documented {
                assert_ne!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is documented but not served"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path}: not documented, yet answered"
                );
            }
        }
    }
}
