use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;
use zhibu_model::ErrorCode;
use zhibu_model::device::DeviceSession;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test]
async fn only_the_tokens_hash_is_stored() {
    let app = spawn().await;
    let token = app.token_for("linxiaolan").await;
    let hashes: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM sessions")
        .fetch_all(&app.db().await)
        .await
        .unwrap();
    assert_eq!(hashes.len(), 1);
    assert_ne!(hashes[0].0, token);
    assert_eq!(hashes[0].0.len(), 64);
    assert_eq!(token.len(), 43, "32 random bytes, base64url");
}

#[tokio::test]
async fn an_expired_session_is_unauthenticated() {
    let app = spawn().await;
    let token = app.token_for("zhaomingxuan").await;
    assert_eq!(app.me_with(&token).await.status(), StatusCode::OK);
    sqlx::query("UPDATE sessions SET expires_at = $1")
        .bind(now_ms() - 1000)
        .execute(&app.db().await)
        .await
        .unwrap();
    let e = api_error(app.me_with(&token).await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(e.code, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn logout_revokes_the_session_and_clears_the_cookie() {
    let app = spawn().await;
    let client = browser();
    let response = app.login(&client, "liusiyuan", PASSWORD).await;
    let token = session_token(&response).unwrap();

    let response = app.post(&client, "/api/v1/auth/logout", json!({})).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let cleared = set_cookie(&response).unwrap();
    assert!(
        cleared.starts_with("zhibu_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // A copy of the old cookie, replayed by hand, is dead too.
    let e = api_error(app.me_with(&token).await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(e.code, ErrorCode::Unauthenticated);
    let revoked: (Option<i64>,) = sqlx::query_as("SELECT revoked_at FROM sessions")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert!(revoked.0.is_some());

    // Logging out again, without a live session, is harmless.
    let response = app.post(&client, "/api/v1/auth/logout", json!({})).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn login_rotates_the_session_it_came_with() {
    let app = spawn().await;
    let old = app.token_for("zhanghaifeng").await;
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .header("cookie", format!("zhibu_session={old}"))
        .json(&json!({"login": "zhanghaifeng", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let new = session_token(&response).unwrap();
    assert_ne!(new, old);
    assert_eq!(app.me_with(&old).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.me_with(&new).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn use_slides_the_expiry_but_never_past_the_cap() {
    let app = spawn().await;
    let token = app.token_for("chenzhiyuan").await;
    let db = app.db().await;
    let now = now_ms();

    // Last used two minutes ago, about to expire: a use extends it by the idle span.
    sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2")
        .bind(now - 120_000)
        .bind(now + 5_000)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(app.me_with(&token).await.status(), StatusCode::OK);
    let (expires,): (i64,) = sqlx::query_as("SELECT expires_at FROM sessions")
        .fetch_one(&db)
        .await
        .unwrap();
    assert!((expires - (now + 30 * DAY_MS)).abs() < 60_000, "{expires}");

    // Logged in 179 days ago: the 180-day cap wins over the 30-day idle span.
    let created = now - 179 * DAY_MS;
    sqlx::query("UPDATE sessions SET created_at = $1, last_seen_at = $2")
        .bind(created)
        .bind(now - 120_000)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(app.me_with(&token).await.status(), StatusCode::OK);
    let (expires,): (i64,) = sqlx::query_as("SELECT expires_at FROM sessions")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(expires, created + 180 * DAY_MS);

    // A use within the minute does not write.
    sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2")
        .bind(now)
        .bind(now + DAY_MS)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(app.me_with(&token).await.status(), StatusCode::OK);
    let (expires,): (i64,) = sqlx::query_as("SELECT expires_at FROM sessions")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(expires, now + DAY_MS);
}

const ANDROID_CHROME: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const WINDOWS_EDGE: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";

fn browser_as(user_agent: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .user_agent(user_agent)
        .build()
        .unwrap()
}

async fn devices(app: &TestApp, client: &reqwest::Client) -> Vec<DeviceSession> {
    let response = client
        .get(app.url("/api/v1/me/sessions"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn end(app: &TestApp, client: &reqwest::Client, id: &str) -> reqwest::Response {
    client
        .delete(app.url(&format!("/api/v1/me/sessions/{id}")))
        // Writes are JSON only (the CSRF guard), a body-less DELETE included.
        .json(&json!({}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_member_sees_their_devices_and_ends_one_another_member_cannot() {
    let app = spawn().await;
    let (phone, laptop) = (browser_as(ANDROID_CHROME), browser_as(WINDOWS_EDGE));
    app.login(&phone, "wangjianguo", PASSWORD).await;
    app.login(&laptop, "wangjianguo", PASSWORD).await;
    let li = browser();
    app.login(&li, "lixiuying", PASSWORD).await;

    let seen = devices(&app, &phone).await;
    assert_eq!(seen.len(), 2, "{seen:?}");
    let this = seen.iter().find(|d| d.current).unwrap();
    let other = seen.iter().find(|d| !d.current).unwrap();
    assert_eq!(this.user_agent, "Chrome · Android");
    assert_eq!(other.user_agent, "Edge · Windows");
    assert!(other.created_at > 0 && other.last_seen_at >= other.created_at);
    // Neither the token nor its stored hash is shown.
    let hashes: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM sessions")
        .fetch_all(&app.db().await)
        .await
        .unwrap();
    assert!(
        hashes
            .iter()
            .all(|(h,)| h != &other.id && !h.starts_with(&other.id))
    );
    // Another member sees only their own, and cannot end Wang's.
    assert_eq!(devices(&app, &li).await.len(), 1);
    let response = end(&app, &li, &other.id).await;
    let e = api_error(response, StatusCode::NOT_FOUND).await;
    assert_eq!(e.code, ErrorCode::NotFound);
    let me = laptop.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);

    // Wang ends the laptop from the phone.
    assert_eq!(
        end(&app, &phone, &other.id).await.status(),
        StatusCode::NO_CONTENT
    );
    let me = laptop.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(devices(&app, &phone).await.len(), 1);
    // An ended session is gone: ending it again is not found.
    assert_eq!(
        end(&app, &phone, &other.id).await.status(),
        StatusCode::NOT_FOUND
    );

    // Ending this device's own session logs it out and forgets the cookie.
    let response = end(&app, &phone, &this.id).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(set_cookie(&response).unwrap().contains("Max-Age=0"));
    let me = phone.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_device_list_needs_a_session() {
    let app = spawn().await;
    let response = browser()
        .get(app.url("/api/v1/me/sessions"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}
