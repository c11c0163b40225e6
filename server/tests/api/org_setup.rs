//! Issue 19, first start: a real organisation starts from an empty database with the
//! admin command line and a one-time activation code; the demo only on loopback.

use crate::common::*;
use reqwest::StatusCode;
use std::time::Duration;
use zhibu_model::{ErrorCode, Me, Role};

const NEW_PASSWORD: &str = "a long new password";

fn init(login: &str) -> AdminCommand {
    AdminCommand::Init {
        org: "某铁路局机关党委".into(),
        login: login.into(),
        name: "张管理".into(),
    }
}

async fn fresh() -> TestApp {
    spawn_with(|c| c.demo = false).await
}

#[tokio::test]
async fn an_empty_database_has_no_account_until_admin_init() {
    let app = fresh().await;
    let response = app.login(&browser(), "admin", PASSWORD).await;
    api_error(response, StatusCode::UNAUTHORIZED).await;

    let printed = app.admin_cli(init("zhangguanli")).await.unwrap();
    assert!(printed.contains("某铁路局机关党委"), "{printed}");
    let code = code_in(&printed);

    // No password exists until the code sets one: an empty one never logs in.
    let response = app.login(&browser(), "zhangguanli", "").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app
        .login(&browser(), "zhangguanli", "anything at all")
        .await;
    api_error(response, StatusCode::UNAUTHORIZED).await;

    let client = browser();
    let response = app
        .activate(
            &client,
            "zhangguanli",
            &code.to_lowercase(),
            NEW_PASSWORD,
            "zh-CN",
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(session_token(&response).is_some());
    let me: Me = response.json().await.unwrap();
    assert_eq!((me.role, me.display_name.as_str()), (Role::Admin, "张管理"));
    let me: Me = client
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me.login, "zhangguanli");

    let response = app.login(&browser(), "zhangguanli", NEW_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);

    // A second organisation is refused; so is the demo's seeding into this one.
    let e = app.admin_cli(init("other")).await.unwrap_err();
    assert!(e.contains("already"), "{e}");
}

#[tokio::test]
async fn a_code_works_once() {
    let app = fresh().await;
    let code = code_in(&app.admin_cli(init("admin1")).await.unwrap());
    let response = app
        .activate(&browser(), "admin1", &code, NEW_PASSWORD, "zh-CN")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = app
        .activate(&browser(), "admin1", &code, "another password 2", "zh-CN")
        .await;
    let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        (e.field.as_deref(), e.code),
        (Some("activation_code"), ErrorCode::Replayed)
    );
    assert!(e.message.contains("已使用过"), "{}", e.message);
    // The first password stands.
    let response = app.login(&browser(), "admin1", NEW_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_code_expires_after_seven_days() {
    let app = fresh().await;
    let code = code_in(&app.admin_cli(init("admin1")).await.unwrap());
    app.clock
        .advance(Duration::from_secs(7 * 24 * 3600) + Duration::from_secs(1));
    let response = app
        .activate(&browser(), "admin1", &code, NEW_PASSWORD, "en")
        .await;
    let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        (e.field.as_deref(), e.code),
        (Some("activation_code"), ErrorCode::Expired)
    );
    assert!(e.message.contains("expired"), "{}", e.message);

    // A new code from the command line works.
    let code = code_in(
        &app.admin_cli(AdminCommand::IssueCode {
            login: "admin1".into(),
        })
        .await
        .unwrap(),
    );
    let response = app
        .activate(&browser(), "admin1", &code, NEW_PASSWORD, "en")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn six_days_later_a_code_still_works() {
    let app = fresh().await;
    let code = code_in(&app.admin_cli(init("admin1")).await.unwrap());
    app.clock.advance(Duration::from_secs(6 * 24 * 3600));
    let response = app
        .activate(&browser(), "admin1", &code, NEW_PASSWORD, "zh-CN")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_codes_are_counted_like_wrong_passwords() {
    let app = fresh().await;
    let code = code_in(&app.admin_cli(init("admin1")).await.unwrap());
    for _ in 0..5 {
        let response = app
            .activate(
                &browser(),
                "admin1",
                "0000-0000-0000",
                NEW_PASSWORD,
                "zh-CN",
            )
            .await;
        let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(
            (e.field.as_deref(), e.code),
            (Some("activation_code"), ErrorCode::InvalidCredentials)
        );
        assert_eq!(e.message, "登录名或激活码不正确");
    }
    // Locked now, even with the right code.
    let response = app
        .activate(&browser(), "admin1", &code, NEW_PASSWORD, "zh-CN")
        .await;
    api_error(response, StatusCode::TOO_MANY_REQUESTS).await;
    // An unknown login reads the same as a wrong code.
    let response = app
        .activate(
            &browser(),
            "nobody",
            "0000-0000-0000",
            NEW_PASSWORD,
            "zh-CN",
        )
        .await;
    let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
}

#[tokio::test]
async fn bad_fields_are_named_and_leave_the_code_unused() {
    let app = fresh().await;
    let code = code_in(&app.admin_cli(init("admin1")).await.unwrap());
    for (login, code_typed, password, field, error) in [
        (
            "",
            code.as_str(),
            NEW_PASSWORD,
            "login",
            ErrorCode::Required,
        ),
        (
            "admin1",
            "",
            NEW_PASSWORD,
            "activation_code",
            ErrorCode::Required,
        ),
        (
            "admin1",
            "12345",
            NEW_PASSWORD,
            "activation_code",
            ErrorCode::InvalidFormat,
        ),
        (
            "admin1",
            code.as_str(),
            "short",
            "password",
            ErrorCode::TooShort,
        ),
    ] {
        let response = app
            .activate(&browser(), login, code_typed, password, "zh-CN")
            .await;
        let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!((e.field.as_deref(), e.code), (Some(field), error));
    }
    let response = app
        .activate(&browser(), "admin1", &code, NEW_PASSWORD, "zh-CN")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_new_code_from_the_command_line_ends_the_sessions_and_the_password() {
    let app = fresh().await;
    let code = code_in(&app.admin_cli(init("admin1")).await.unwrap());
    let client = browser();
    let response = app
        .activate(&client, "admin1", &code, NEW_PASSWORD, "zh-CN")
        .await;
    let token = session_token(&response).unwrap();
    assert_eq!(app.me_with(&token).await.status(), StatusCode::OK);

    app.admin_cli(AdminCommand::IssueCode {
        login: "admin1".into(),
    })
    .await
    .unwrap();
    assert_eq!(app.me_with(&token).await.status(), StatusCode::UNAUTHORIZED);
    let response = app.login(&browser(), "admin1", NEW_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let audited: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'activation_code_issued' AND addr = 'cli'",
    )
    .fetch_one(&app.db().await)
    .await
    .unwrap();
    assert_eq!(audited.0, 1);

    let e = app
        .admin_cli(AdminCommand::IssueCode {
            login: "nobody".into(),
        })
        .await
        .unwrap_err();
    assert!(e.contains("no active account"), "{e}");
}

#[tokio::test]
async fn the_demo_is_refused_on_a_reachable_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path());
    config.bind = "0.0.0.0:0".parse().unwrap();
    let e = zhibu_server::Server::bind(config.clone())
        .await
        .err()
        .unwrap();
    assert!(e.to_string().contains("loopback"), "{e}");
    config.demo = false;
    assert!(zhibu_server::Server::bind(config).await.is_ok());
    let mut config = crate::common::config(dir.path());
    config.bind = "[::1]:0".parse().unwrap();
    // ::1 is loopback too (where IPv6 is available at all).
    if let Err(e) = zhibu_server::Server::bind(config).await {
        assert!(!e.to_string().contains("loopback"), "{e}");
    }
}

#[tokio::test]
async fn the_demo_still_seeds_its_organisation() {
    let app = spawn().await;
    let e = app.admin_cli(init("someone")).await.unwrap_err();
    assert!(e.contains("already"), "{e}");
    let response = app.login(&browser(), "linxiaolan", PASSWORD).await;
    let me: Me = response.json().await.unwrap();
    assert_eq!(me.role, Role::Secretary);
}

#[tokio::test]
async fn a_common_password_is_refused_at_activation_and_the_code_stays_unused() {
    let app = fresh().await;
    let code = code_in(&app.admin_cli(init("admin1")).await.unwrap());
    let response = app
        .activate(&browser(), "admin1", &code, "1234567890", "zh-CN")
        .await;
    let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        (e.field.as_deref(), e.code),
        (Some("password"), ErrorCode::TooCommon)
    );
    assert_eq!(e.message, "密码过于常见，容易被猜到，请换一个");
    let response = app
        .activate(&browser(), "admin1", &code, NEW_PASSWORD, "en")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}
