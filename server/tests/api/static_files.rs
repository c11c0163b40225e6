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

    // Files without a hash in their name may change: revalidated every time.
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

const HASHED_JS: &str = "/zhibu.0123456789abcdef.js";
const CHUNK: &str = "/wasm/0123456789abcdef/split_home.wasm";
const FIRST_SCREEN: &str = "/wasm/0123456789abcdef/first-screen.bin";
const PAGES_CSS: &str = "/pages.00112233445566ff.css";

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliCompress(
        &mut std::io::Cursor::new(data),
        &mut out,
        &brotli::enc::BrotliEncoderParams::default(),
    )
    .unwrap();
    out
}

fn unbrotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut std::io::Cursor::new(data), &mut out).unwrap();
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// A file of `n` bytes that compresses, as code does.
fn code(n: usize) -> Vec<u8> {
    "export function f(){return 1}\n"
        .bytes()
        .cycle()
        .take(n)
        .collect()
}

/// A build as `cargo xtask spa-finish` leaves it: hashed names, a chunk under its build's
/// folder, and a brotli and a gzip copy beside each file worth it.
fn write_build(dist: &std::path::Path) {
    let put = |path: &str, bytes: &[u8], compressed: bool| {
        let file = dist.join(path.trim_start_matches('/'));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, bytes).unwrap();
        if compressed {
            std::fs::write(format!("{}.br", file.display()), brotli(bytes)).unwrap();
            std::fs::write(format!("{}.gz", file.display()), gzip(bytes)).unwrap();
        }
    };
    put("/index.html", INDEX.repeat(20).as_bytes(), true);
    put(HASHED_JS, &code(20_000), true);
    put(CHUNK, &code(50_000), true);
    put(FIRST_SCREEN, &code(90_000), true);
    put(PAGES_CSS, &code(5_000), true);
    put("/sw.js", &code(3_000), true);
    // What a debug build leaves: no compressed copies.
    put("/plain.0123456789abcdef.css", &code(4_000), false);
    put("/small.0123456789abcdef.js", &code(300), false);
}

#[tokio::test]
async fn app_files_are_sent_compressed_and_hashed_names_cached_for_a_year() {
    let app = spawn_with(|c| write_build(&c.dist)).await;
    let client = Client::new();
    let get = |path: &str, accept: &str| {
        let request = client.get(app.url(path));
        let request = if accept.is_empty() {
            request
        } else {
            request.header("accept-encoding", accept)
        };
        request.send()
    };
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let immutable = "public, max-age=31536000, immutable";

    for (path, original) in [(HASHED_JS, code(20_000)), (CHUNK, code(50_000))] {
        let br = get(path, "gzip, deflate, br").await.unwrap();
        assert_eq!(br.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header(&br, "content-encoding").as_deref(),
            Some("br"),
            "{path}"
        );
        assert_eq!(
            header(&br, "vary").as_deref(),
            Some("accept-encoding"),
            "{path}"
        );
        assert_eq!(
            header(&br, "cache-control").as_deref(),
            Some(immutable),
            "{path}"
        );
        let sent = br.bytes().await.unwrap();
        assert!(sent.len() < original.len() / 10, "{path}: {} B", sent.len());
        assert_eq!(unbrotli(&sent), original, "{path}");

        let gz = get(path, "gzip").await.unwrap();
        assert_eq!(
            header(&gz, "content-encoding").as_deref(),
            Some("gzip"),
            "{path}"
        );
        assert_eq!(gunzip(&gz.bytes().await.unwrap()), original, "{path}");

        // A client that accepts nothing gets the file as it is, and so do caches between.
        let plain = get(path, "").await.unwrap();
        assert_eq!(header(&plain, "content-encoding"), None, "{path}");
        assert_eq!(
            header(&plain, "vary").as_deref(),
            Some("accept-encoding"),
            "{path}"
        );
        assert_eq!(plain.bytes().await.unwrap(), original, "{path}");
    }

    // The entry points are revalidated every time, and compressed too.
    for path in ["/", "/study", "/index.html", "/sw.js"] {
        let r = get(path, "br").await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header(&r, "cache-control").as_deref(),
            Some("no-cache"),
            "{path}"
        );
        assert_eq!(
            header(&r, "content-encoding").as_deref(),
            Some("br"),
            "{path}"
        );
    }

    // A file over 1 KB without a copy (a debug build) is compressed as it is sent; a
    // smaller one is not worth it.
    let css = get("/plain.0123456789abcdef.css", "br").await.unwrap();
    assert_eq!(header(&css, "content-encoding").as_deref(), Some("br"));
    assert_eq!(unbrotli(&css.bytes().await.unwrap()), code(4_000));
    let small = get("/small.0123456789abcdef.js", "br").await.unwrap();
    assert_eq!(header(&small, "content-encoding"), None);

    // A missing file is never cached for a year: the next build may bring it.
    let gone = get("/gone.0123456789abcdef.js", "br").await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&gone, "cache-control").as_deref(), Some("no-cache"));
}

/// A member's browser is told to fetch the first screen's code with the page; anyone
/// else's is not (the login page needs none of it).
#[tokio::test]
async fn a_members_page_brings_the_first_screen_with_it() {
    let app = spawn_with(|c| write_build(&c.dist)).await;
    let token = app.token_for("wangjianguo").await;
    let client = Client::new();
    let expected = format!(
        "<{FIRST_SCREEN}>; rel=preload; as=fetch; crossorigin, <{PAGES_CSS}>; rel=preload; as=style"
    );
    for path in ["/", "/study", "/index.html"] {
        let member = client
            .get(app.url(path))
            .header("cookie", format!("zhibu_session={token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(member.headers()["link"], expected.as_str(), "{path}");
        let stranger = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(stranger.headers().get("link"), None, "{path}");
    }
    // Files and the API never carry it.
    for path in [HASHED_JS, "/api/v1/me"] {
        let r = client
            .get(app.url(path))
            .header("cookie", format!("zhibu_session={token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers().get("link"), None, "{path}");
    }
}
