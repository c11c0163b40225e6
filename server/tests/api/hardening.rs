//! Bad input never gets a 500 or plain text; writes are same-origin JSON only; headers.

use crate::common::*;
use reqwest::{Client, StatusCode};
use serde_json::json;
use zhibu_model::ErrorCode;

#[tokio::test]
async fn a_body_over_64_kib_is_413_json() {
    let app = spawn().await;
    let body = json!({"login": "a".repeat(70 * 1024), "password": PASSWORD});
    let response = app.post(&Client::new(), "/api/v1/auth/login", body).await;
    let e = api_error(response, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(e.code, ErrorCode::PayloadTooLarge);
    assert_eq!(e.message, "提交的内容过大");
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_413_json_too() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn().await;
    // Chunked, without Content-Length: the limit is only found while reading.
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {addr}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\
         Connection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = "a".repeat(16 * 1024);
    for _ in 0..6 {
        let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
        if stream.write_all(framed.as_bytes()).await.is_err() {
            break; // the server may answer and close before reading everything
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("content-type: application/json")
    );
    assert!(
        answer.contains("\"code\":\"payload_too_large\""),
        "{answer}"
    );
}

#[tokio::test]
async fn malformed_json_is_400_json() {
    let app = spawn().await;
    let client = Client::new();
    for body in [
        "{\"login\": ",
        "\"a string\"",
        "{\"login\": 5, \"password\": true}",
        "",
    ] {
        let response = client
            .post(app.url("/api/v1/auth/login"))
            .header("content-type", "application/json")
            .header("accept-language", "en")
            .body(body)
            .send()
            .await
            .unwrap();
        let e = api_error(response, StatusCode::BAD_REQUEST).await;
        assert_eq!(e.code, ErrorCode::MalformedRequest, "{body}");
        assert_eq!(e.message, "The request is malformed");
    }
}

#[tokio::test]
async fn a_write_that_is_not_json_is_415_json() {
    let app = spawn().await;
    let client = Client::new();
    let form = client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("login=linxiaolan&password={PASSWORD}"))
        .send()
        .await
        .unwrap();
    let e = api_error(form, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    assert_eq!(e.code, ErrorCode::MalformedRequest);
    let bare = client
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    api_error(bare, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
}

#[tokio::test]
async fn a_cross_origin_write_is_forbidden() {
    let app = spawn().await;
    let client = Client::new();
    let body = json!({"login": "linxiaolan", "password": PASSWORD});
    let evil = client
        .post(app.url("/api/v1/auth/login"))
        .header("origin", "http://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(evil.headers().get("set-cookie").is_none());
    let e = api_error(evil, StatusCode::FORBIDDEN).await;
    assert_eq!(e.code, ErrorCode::Forbidden);

    let same = client
        .post(app.url("/api/v1/auth/login"))
        .header("origin", app.base.as_str())
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::OK);
}

#[tokio::test]
async fn unknown_api_paths_and_methods_are_json() {
    let app = spawn().await;
    let client = Client::new();
    for path in ["/api/nope", "/api/v1/nope", "/api", "/api/v1/me/extra"] {
        let response = client.get(app.url(path)).send().await.unwrap();
        let e = api_error(response, StatusCode::NOT_FOUND).await;
        assert_eq!(e.code, ErrorCode::NotFound, "{path}");
    }
    let response = client
        .delete(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    let e = api_error(response, StatusCode::METHOD_NOT_ALLOWED).await;
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn healthz_answers_after_asking_the_database() {
    let app = spawn().await;
    let response = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({"status": "ok"})
    );
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let app = spawn().await;
    let client = Client::new();
    for path in ["/healthz", "/api/v1/me", "/api/nope", "/", "/study"] {
        let response = client.get(app.url(path)).send().await.unwrap();
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"));
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(
            h["permissions-policy"],
            "camera=(), microphone=(), geolocation=()"
        );
        assert_eq!(h["cross-origin-opener-policy"], "same-origin");
        if path.starts_with("/api") {
            assert_eq!(h["cache-control"], "no-store", "{path}");
        }
    }
}
