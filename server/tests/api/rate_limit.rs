use crate::common::*;
use reqwest::{Client, StatusCode};
use zhibu_model::ErrorCode;

#[tokio::test]
async fn after_five_failures_the_address_waits_even_with_the_right_password() {
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

    // The wait is this login's at this address: others log in from the same address.
    assert_eq!(
        app.login(&client, "sunlihua", PASSWORD).await.status(),
        StatusCode::OK
    );

    let locks: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'login_throttled'")
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

fn from_address<'a>(
    app: &'a TestApp,
    client: &'a Client,
    addr: &str,
    login: &str,
    password: &str,
) -> impl std::future::Future<Output = StatusCode> + 'a {
    let request = client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", addr)
        .json(&serde_json::json!({"login": login, "password": password}));
    async move { request.send().await.unwrap().status() }
}

#[tokio::test]
async fn a_guesser_at_one_address_does_not_keep_the_member_out_from_another() {
    let app = spawn_with(|c| c.trust_proxy = true).await;
    let client = Client::new();
    let attacker = "203.0.113.66";
    for _ in 0..5 {
        let status = from_address(&app, &client, attacker, "lixiuying", "guess-guess").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    for _ in 0..10 {
        let status = from_address(&app, &client, attacker, "lixiuying", "guess-guess").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    }
    // The member, at home: the right password works at once.
    let status = from_address(&app, &client, "198.51.100.23", "lixiuying", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    // The attacker is still slowed; the refused tries were not even checked.
    let status = from_address(&app, &client, attacker, "lixiuying", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let checked: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'")
            .fetch_one(&app.db().await)
            .await
            .unwrap();
    assert_eq!(checked.0, 5);
}

#[tokio::test]
async fn the_wait_grows_with_each_failure_instead_of_locking() {
    let app = spawn().await;
    let client = Client::new();
    let retry_after = |response: &reqwest::Response| -> u64 {
        response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    for _ in 0..5 {
        app.login(&client, "wuzeyu", "guess-guess").await;
    }
    let first = retry_after(&app.login(&client, "wuzeyu", "guess-guess").await);
    assert!((1..=5).contains(&first), "{first}");
    // Once the wait is over, one more guess is checked, and the next wait is longer.
    sqlx::query("UPDATE login_failures SET at = at - 6000")
        .execute(&app.db().await)
        .await
        .unwrap();
    assert_eq!(
        app.login(&client, "wuzeyu", "guess-guess").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let second = retry_after(&app.login(&client, "wuzeyu", "guess-guess").await);
    assert!((6..=10).contains(&second), "{second}");
    // After a wait, the right password works.
    sqlx::query("UPDATE login_failures SET at = at - 11000")
        .execute(&app.db().await)
        .await
        .unwrap();
    assert_eq!(
        app.login(&client, "wuzeyu", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn concurrent_wrong_passwords_are_checked_at_most_up_to_the_limit() {
    let app = spawn().await;
    let client = Client::new();
    let guesses = (0..40).map(|_| app.login(&client, "gaoyuan", "guess-guess"));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(guesses)
        .await
        .iter()
        .map(|r| r.status())
        .collect();
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert_eq!(checked, 5, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| matches!(*s, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS))
    );
    let failed: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'")
            .fetch_one(&app.db().await)
            .await
            .unwrap();
    assert_eq!(failed.0, 5);

    // Across logins from one address, likewise the address's limit (20).
    let logins = [
        "wangjianguo",
        "lixiuying",
        "sunlihua",
        "zhengyaqin",
        "xuting",
    ];
    let guesses = (0..100).map(|n| app.login(&client, logins[n % 5], "guess-guess"));
    let checked = futures_util::future::join_all(guesses)
        .await
        .iter()
        .filter(|r| r.status() == StatusCode::UNAUTHORIZED)
        .count();
    // 5 of the address's 20 were spent above.
    assert_eq!(checked, 15);
}
