use crate::common::*;
use reqwest::{Client, StatusCode};
use zhibu_model::ErrorCode;

const INDEX: &str = "<!doctype html><title>支部</title><script src=\"/boot.js\"></script>";

#[tokio::test]
async fn the_spa_is_served_with_the_deep_link_fallback() {
    let app = spawn_with(|c| {
        std::fs::create_dir_all(&c.dist).unwrap();
        std::fs::write(c.dist.join("index.html"), INDEX).unwrap();
        std::fs::write(c.dist.join("boot.js"), "import('/zhibu.js');").unwrap();
        std::fs::write(c.dist.join("zhibu_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    })
    .await;
    let client = Client::new();
    for path in ["/", "/study", "/study/2026/records", "/index.html"] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert_eq!(response.text().await.unwrap(), INDEX);
    }

    let wasm = client.get(app.url("/zhibu_bg.wasm")).send().await.unwrap();
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(wasm.headers()["cache-control"], "no-cache");
    let js = client.get(app.url("/boot.js")).send().await.unwrap();
    assert!(
        js.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert_eq!(js.headers()["cache-control"], "no-cache");

    // A missing file is not an app route: 404, never index.html in its place (a page of
    // an older build asking for that build's chunk must fail plainly).
    for path in [
        "/wasm/0123456789abcdef/chunk_1.wasm",
        "/gone.js",
        "/style/old.css",
    ] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }

    // The API keeps out of the fallback.
    let e = api_error(
        client.get(app.url("/api/nope")).send().await.unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn without_a_built_spa_the_root_says_so() {
    let app = spawn().await;
    let response = reqwest::get(app.url("/")).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(response.text().await.unwrap().contains("not built"));
    // The API is unaffected.
    assert_eq!(
        reqwest::get(app.url("/healthz")).await.unwrap().status(),
        StatusCode::OK
    );
}
