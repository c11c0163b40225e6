use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;
use zhibu_model::ErrorCode;

const NEW_PASSWORD: &str = "a much longer passphrase";

#[tokio::test]
async fn a_wrong_current_password_is_a_field_error() {
    let app = spawn().await;
    let client = browser();
    app.login(&client, "zhouyutong", PASSWORD).await;
    let body = json!({"current_password": "not-it-at-all", "new_password": NEW_PASSWORD});
    let e = api_error(
        app.post(&client, "/api/v1/auth/password", body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(e.field.as_deref(), Some("current_password"));
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::InvalidCredentials, "当前密码不正确")
    );

    let body = json!({"current_password": PASSWORD, "new_password": "short"});
    let e = api_error(
        app.post(&client, "/api/v1/auth/password", body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        (e.field.as_deref(), e.code),
        (Some("new_password"), ErrorCode::TooShort)
    );

    // Nothing changed: the old password still works.
    assert_eq!(
        app.login(&browser(), "zhouyutong", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn changing_the_password_needs_a_session() {
    let app = spawn().await;
    let body = json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD});
    let e = api_error(
        app.post(&browser(), "/api/v1/auth/password", body).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(e.code, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn a_change_ends_other_sessions_and_rotates_this_one() {
    let app = spawn().await;
    let (phone, laptop) = (browser(), browser());
    let old_phone = session_token(&app.login(&phone, "hezhendong", PASSWORD).await).unwrap();
    app.login(&laptop, "hezhendong", PASSWORD).await;

    let body = json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD});
    let response = app.post(&phone, "/api/v1/auth/password", body).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let new_phone = session_token(&response).unwrap();
    assert_ne!(new_phone, old_phone);

    assert_eq!(
        phone
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.me_with(&old_phone).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        laptop
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );

    assert_eq!(
        app.login(&browser(), "hezhendong", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(&browser(), "hezhendong", NEW_PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );

    let (hash,): (String,) =
        sqlx::query_as("SELECT password_hash FROM members WHERE login = 'hezhendong'")
            .fetch_one(&app.db().await)
            .await
            .unwrap();
    assert!(hash.starts_with("$argon2id$"));
}

#[tokio::test]
async fn a_common_password_is_refused_by_name() {
    let app = spawn().await;
    let client = browser();
    app.login(&client, "zhouyutong", PASSWORD).await;
    for (common, lang, message) in [
        (
            "1234567890",
            "zh-CN",
            "新密码过于常见，容易被猜到，请换一个",
        ),
        (
            "Qwertyuiop",
            "en",
            "New password is too common and easily guessed; choose another",
        ),
    ] {
        let response = client
            .post(app.url("/api/v1/auth/password"))
            .header("accept-language", lang)
            .json(&json!({"current_password": PASSWORD, "new_password": common}))
            .send()
            .await
            .unwrap();
        let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(
            (e.field.as_deref(), e.code, e.message.as_str()),
            (Some("new_password"), ErrorCode::TooCommon, message)
        );
    }
}
