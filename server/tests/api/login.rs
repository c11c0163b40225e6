use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;
use zhibu_model::{ErrorCode, Me, Role};

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_me_follows() {
    let app = spawn().await;
    let client = browser();
    let response = app.login(&client, "linxiaolan", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = set_cookie(&response).unwrap();
    assert!(cookie.starts_with("zhibu_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=15552000"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing in {cookie}"
        );
    }
    assert!(!cookie.contains("Secure"), "Secure only when configured");
    let me: Me = response.json().await.unwrap();
    assert_eq!(
        (me.login.as_str(), me.role),
        ("linxiaolan", Role::Secretary)
    );
    assert_eq!(me.display_name, "林晓岚");
    assert_eq!(me.branch_name.as_deref(), Some("综合办公室党支部（示例）"));

    let response = client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Me>().await.unwrap(), me);
}

#[tokio::test]
async fn secure_cookies_when_configured() {
    let app = spawn_with(|c| c.secure_cookies = true).await;
    let response = app.login(&reqwest::Client::new(), "xuting", PASSWORD).await;
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    let cookie = set_cookie(&response).unwrap();
    assert!(cookie.starts_with("__Host-zhibu_session="), "{cookie}");
    assert!(cookie.ends_with("; Path=/; HttpOnly; SameSite=Strict; Secure"));
    let token = cookie
        .strip_prefix("__Host-zhibu_session=")
        .and_then(|c| c.split(';').next())
        .unwrap();
    let me = |cookie: String| {
        reqwest::Client::new()
            .get(app.url("/api/v1/me"))
            .header("cookie", cookie)
            .send()
    };
    let response = me(format!("__Host-zhibu_session={token}")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // The unprefixed name could have been set by another host; it is not read.
    let response = me(format!("zhibu_session={token}")).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn no_hsts_nor_prefix_over_plain_http() {
    let app = spawn().await;
    let response = app.login(&reqwest::Client::new(), "xuting", PASSWORD).await;
    assert!(!response.headers().contains_key("strict-transport-security"));
    assert!(set_cookie(&response).unwrap().starts_with("zhibu_session="));
}

#[tokio::test]
async fn login_names_are_trimmed_and_case_insensitive() {
    let app = spawn().await;
    let response = app.login(&browser(), "  LinXiaoLan ", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_password_and_unknown_login_look_the_same() {
    let app = spawn().await;
    let wrong = app
        .login(&browser(), "linxiaolan", "not-the-password")
        .await;
    let unknown = app.login(&browser(), "nobody", "not-the-password").await;
    assert!(set_cookie(&wrong).is_none() && set_cookie(&unknown).is_none());
    let wrong = api_error(wrong, StatusCode::UNAUTHORIZED).await;
    let unknown = api_error(unknown, StatusCode::UNAUTHORIZED).await;
    assert_eq!(wrong, unknown);
    assert_eq!(wrong.code, ErrorCode::InvalidCredentials);
    assert_eq!(wrong.message, "登录名或密码不正确");

    // Both are audited, and no password reaches the log.
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT action, detail FROM audit_log WHERE action = 'login_failed'")
            .fetch_all(&app.db().await)
            .await
            .unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|(_, d)| !d.contains("not-the-password")));
}

#[tokio::test]
async fn field_errors_name_the_field_in_the_requested_language() {
    let app = spawn().await;
    let client = reqwest::Client::new();
    let cases = [
        (
            "",
            PASSWORD,
            "login",
            ErrorCode::Required,
            "请填写登录名",
            "Login name is required",
        ),
        (
            "linxiaolan",
            "",
            "password",
            ErrorCode::Required,
            "请填写密码",
            "Password is required",
        ),
        (
            &"a".repeat(65),
            PASSWORD,
            "login",
            ErrorCode::TooLong,
            "登录名不能超过 64 个字符",
            "Login name must be at most 64 characters",
        ),
        (
            &"a".repeat(10_000),
            PASSWORD,
            "login",
            ErrorCode::TooLong,
            "登录名不能超过 64 个字符",
            "Login name must be at most 64 characters",
        ),
    ];
    for (login, password, field, code, zh, en) in cases {
        let body = json!({"login": login, "password": password});
        for (accept, message) in [(None, zh), (Some("en-GB,en;q=0.9"), en)] {
            let mut request = client.post(app.url("/api/v1/auth/login")).json(&body);
            if let Some(accept) = accept {
                request = request.header("accept-language", accept);
            }
            let e = api_error(
                request.send().await.unwrap(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
            assert_eq!(e.field.as_deref(), Some(field), "{login:.20} / {accept:?}");
            assert_eq!((e.code, e.message.as_str()), (code, message));
        }
    }
}

#[tokio::test]
async fn me_without_a_session_is_unauthenticated() {
    let app = spawn().await;
    let response = reqwest::get(app.url("/api/v1/me")).await.unwrap();
    let e = api_error(response, StatusCode::UNAUTHORIZED).await;
    assert_eq!(e.code, ErrorCode::Unauthenticated);
    let e = api_error(app.me_with("made-up-token").await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(e.code, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn me_is_always_the_sessions_own_member() {
    let app = spawn().await;
    let (a, b) = (browser(), browser());
    let me_a: Me = app
        .login(&a, "wangjianguo", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let me_b: Me = app
        .login(&b, "xuting", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(me_a.id, me_b.id);
    // Naming the other member in the query or a header changes nothing.
    let seen: Me = a
        .get(app.url(&format!("/api/v1/me?id={}&login=xuting", me_b.id)))
        .header("x-member-id", me_b.id.to_string())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen, me_a);
    let seen: Me = b
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen, me_b);
}

#[tokio::test]
async fn successful_logins_are_audited_with_the_member() {
    let app = spawn().await;
    let me: Me = app
        .login(&browser(), "gaoyuan", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let (actor, detail): (String, String) =
        sqlx::query_as("SELECT actor_id, detail FROM audit_log WHERE action = 'login_succeeded'")
            .fetch_one(&app.db().await)
            .await
            .unwrap();
    assert_eq!(actor, me.id.to_string());
    assert!(detail.contains("127.0.0.1") && !detail.contains(PASSWORD));
}
