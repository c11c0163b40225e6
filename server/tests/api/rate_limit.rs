use crate::common::*;
use reqwest::{Client, StatusCode};
use zhibu_model::ErrorCode;

#[tokio::test]
async fn the_sixth_failure_is_refused_even_with_the_right_password() {
    let app = spawn().await;
    let client = Client::new();
    for _ in 0..5 {
        let response = app.login(&client, "lixiuying", "guess-guess").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    for password in ["guess-guess", PASSWORD] {
        let response = app.login(&client, "lixiuying", password).await;
        let retry_after: u64 = response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=900).contains(&retry_after), "{retry_after}");
        let e = api_error(response, StatusCode::TOO_MANY_REQUESTS).await;
        assert_eq!(e.code, ErrorCode::RateLimited);
        assert_eq!(e.message, "尝试次数过多，请稍后再试");
    }
    // Re-rendered in English, the answer keeps its Retry-After.
    let response = client
        .post(app.url("/api/v1/auth/login"))
        .header("accept-language", "en")
        .json(&serde_json::json!({"login": "lixiuying", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(response.headers().contains_key("retry-after"));
    let e = api_error(response, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(e.message, "Too many attempts; please try again later");

    // The lock is the account's: others log in from the same address.
    assert_eq!(
        app.login(&client, "sunlihua", PASSWORD).await.status(),
        StatusCode::OK
    );

    let locks: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'login_locked'")
            .fetch_one(&app.db().await)
            .await
            .unwrap();
    assert_eq!(locks.0, 1);
}

#[tokio::test]
async fn failures_are_counted_per_address_across_accounts() {
    let app = spawn_with(|c| {
        c.trust_proxy = true;
        c.login_max_failures_per_address = 3;
    })
    .await;
    let client = Client::new();
    let from = |addr: &'static str, login: &'static str, password: &'static str| {
        let request = client
            .post(app.url("/api/v1/auth/login"))
            // What a client sent is on the left; the proxy appended the real address.
            .header("x-forwarded-for", format!("6.6.6.{}, {addr}", login.len()))
            .json(&serde_json::json!({"login": login, "password": password}));
        async move { request.send().await.unwrap().status() }
    };
    for login in ["wangjianguo", "lixiuying", "nobody"] {
        assert_eq!(
            from("203.0.113.9", login, "wrong-wrong").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        from("203.0.113.9", "zhengyaqin", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        from("198.51.100.4", "zhengyaqin", PASSWORD).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn without_trust_proxy_the_forwarded_header_is_ignored() {
    let app = spawn_with(|c| c.login_max_failures_per_address = 2).await;
    let client = Client::new();
    for n in 0..2 {
        let status = client
            .post(app.url("/api/v1/auth/login"))
            .header("x-forwarded-for", format!("192.0.2.{n}"))
            .json(&serde_json::json!({"login": "wuzeyu", "password": "wrong-wrong"}))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let response = app.login(&client, "gaoyuan", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn failures_older_than_the_window_stop_counting() {
    let app = spawn_with(|c| c.login_max_failures_per_account = 2).await;
    let client = Client::new();
    for _ in 0..2 {
        app.login(&client, "xuting", "wrong-wrong").await;
    }
    assert_eq!(
        app.login(&client, "xuting", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // Age the failures past the 900 s window instead of waiting for it.
    sqlx::query("UPDATE login_failures SET at = at - 901000")
        .execute(&app.db().await)
        .await
        .unwrap();
    assert_eq!(
        app.login(&client, "xuting", PASSWORD).await.status(),
        StatusCode::OK
    );
}
