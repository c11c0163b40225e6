//! Login, logout, password change, and activation with a one-time code:
//!
//! - `POST /api/v1/auth/activate {login, activation_code, password}` (no session): sets
//!   the password (the password change's rules) with an unused code issued within 7
//!   days, ends any other session, logs in (cookie) and answers `Me`. Wrong codes are
//!   counted like wrong passwords (per login and per address) and refused on
//!   `activation_code` (`invalid_credentials`, whether or not the login exists); a used
//!   code is `replayed`, an old one `expired`.

use crate::AppState;
use crate::auth::activation::code_hash;
use crate::auth::password::refuse_common;
use crate::auth::rate_limit::{self, LoginKeys};
use crate::auth::{ClientAddr, CurrentSession, cookie, session, token};
use crate::clock::now_millis;
use crate::error::{ApiJson, AppError};
use crate::repo::CodeCheck;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibu_model::org::ActivateRequest;
use zhibu_model::{ChangePasswordRequest, ErrorCode, FieldError, LoginRequest, Me, MemberId};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(change_password))
        .routes(routes!(activate))
}

#[utoipa::path(
    post,
    path = "/v1/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in: the member, and the session cookie", body = Me, headers(("Set-Cookie" = String, description = "The new session cookie"))),
        (status = 401, description = "Wrong login or password, the same answer whether the login exists (`invalid_credentials`)", body = zhibu_model::ApiError),
        (status = 422, description = "The login or password is empty or too long: `field` names it", body = zhibu_model::ApiError),
        (status = 429, description = "Too many failed attempts for this login or address (`rate_limited`); `Retry-After` says when to try again", body = zhibu_model::ApiError),
    ),
)]
async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<impl IntoResponse, AppError> {
    let login = request.parse()?;
    let now = now_millis();
    let keys = LoginKeys::new(login.as_str(), addr);
    // Counted before the hash is computed, so concurrent guesses cannot outrun the limit.
    let attempt = match rate_limit::begin_login(&state, &keys, now).await? {
        Ok(attempt) => attempt,
        Err(lock) => return Err(lock.into_error(now)),
    };

    let member = state.repo.member_by_login(login.as_str()).await?;
    let password = request.password;
    // A member who left, or who has no password yet, is refused like a wrong password,
    // after the same time.
    let member = member.filter(|m| m.active && !m.password_hash.is_empty());
    let verified = match &member {
        Some(m) => {
            state
                .passwords
                .verify(password, m.password_hash.clone())
                .await?
        }
        None => {
            state.passwords.verify_dummy(password).await?;
            false
        }
    };
    let member = match member {
        Some(m) if verified => m.me,
        other => {
            let actor = other.map(|m| m.me.id);
            let detail = json!({"login": login.as_str(), "addr": addr.to_string(), "known": actor.is_some()});
            state
                .repo
                .audit(now, actor, "login_failed", &detail)
                .await?;
            attempt.failed();
            if let Some(scope) = rate_limit::slowed_after(&state, &keys, now).await? {
                let detail = json!({"login": login.as_str(), "addr": addr.to_string(), "scope": scope.as_str()});
                state
                    .repo
                    .audit(now, actor, "login_throttled", &detail)
                    .await?;
            }
            // The same answer whether the login exists or not.
            return Err(AppError::invalid_credentials());
        }
    };

    // Rotation: whatever session the browser came with ends here.
    if let Some(old) = cookie::session_token(&state.config, &headers) {
        state
            .repo
            .revoke_session(&token::token_hash(&old), now)
            .await?;
    }
    let (token, row) = session::open(&state, member.id, now, &headers);
    state.repo.insert_session(&row).await?;
    attempt.succeeded(&state, Some(&keys.pair)).await?;
    state.repo.prune_dead_sessions(member.id, now).await?;
    let detail = json!({"addr": addr.to_string()});
    state
        .repo
        .audit(now, Some(member.id), "login_succeeded", &detail)
        .await?;
    Ok((
        [(
            header::SET_COOKIE,
            cookie::set_session(&state.config, &token),
        )],
        ApiJson::<Me>(member),
    ))
}

/// Ends the browser's session, whether or not it was still valid, and forgets the cookie.
#[utoipa::path(
    post,
    path = "/v1/auth/logout",
    tag = "auth",
    request_body(content = Object, content_type = "application/json", description = "`{}`: the body is not read, but every write is JSON"),
    responses(
        (status = 204, description = "The session (if any) ended and the cookie cleared", headers(("Set-Cookie" = String, description = "Clears the cookie"))),
    ),
)]
async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    if let Some(token) = cookie::session_token(&state.config, &headers) {
        let now = now_millis();
        if let Some(member) = state
            .repo
            .revoke_session(&token::token_hash(&token), now)
            .await?
        {
            state
                .repo
                .audit(now, Some(member), "logout", &json!({}))
                .await?;
        }
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, cookie::clear_session(&state.config))],
    ))
}

/// Changes the password, ends every other session of the member (a thief's included) and
/// gives this browser a new one.
#[utoipa::path(
    post,
    path = "/v1/auth/password",
    tag = "auth",
    request_body = ChangePasswordRequest,
    security(("session" = [])),
    responses(
        (status = 204, description = "Changed; every other session ended, this browser has a new one", headers(("Set-Cookie" = String, description = "The new session cookie"))),
        (status = 422, description = "The current password is wrong (`current_password` `invalid_credentials`) or the new one is refused (too short, too common): `field` names it", body = zhibu_model::ApiError),
        (status = 429, description = "Too many failed attempts for this login or address (`rate_limited`); `Retry-After` says when to try again", body = zhibu_model::ApiError),
    ),
)]
async fn change_password(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> Result<impl IntoResponse, AppError> {
    let new_password = request.parse()?;
    refuse_common("new_password", &new_password)?;
    let now = now_millis();
    let me = &session.member;
    // Guessing the current password from a stolen session is limited like a login.
    let keys = LoginKeys::new(&me.login, addr);
    let attempt = match rate_limit::begin_login(&state, &keys, now).await? {
        Ok(attempt) => attempt,
        Err(lock) => return Err(lock.into_error(now)),
    };
    let stored = stored_hash(&state, me.id).await?;
    if !state
        .passwords
        .verify(request.current_password, stored)
        .await?
    {
        let detail = json!({"addr": addr.to_string()});
        state
            .repo
            .audit(now, Some(me.id), "password_change_failed", &detail)
            .await?;
        attempt.failed();
        return Err(FieldError::new("current_password", ErrorCode::InvalidCredentials).into());
    }

    attempt.succeeded(&state, Some(&keys.pair)).await?;
    let hash = state
        .passwords
        .hash(new_password.expose().to_owned())
        .await?;
    let (token, row) = session::open(&state, me.id, now, &headers);
    state.repo.change_password(me.id, &hash, &row).await?;
    let detail = json!({"addr": addr.to_string()});
    state
        .repo
        .audit(now, Some(me.id), "password_changed", &detail)
        .await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            cookie::set_session(&state.config, &token),
        )],
    ))
}

async fn stored_hash(state: &AppState, member: MemberId) -> Result<String, AppError> {
    let member = state.repo.member(member).await?;
    // The session was live a moment ago; a vanished account is as good as logged out.
    member
        .map(|m| m.password_hash)
        .ok_or_else(AppError::unauthenticated)
}

#[utoipa::path(
    post,
    path = "/v1/auth/activate",
    tag = "auth",
    request_body = ActivateRequest,
    responses(
        (status = 200, description = "Password set and logged in", body = Me, headers(("Set-Cookie" = String, description = "The new session cookie"))),
        (status = 422, description = "A field fails validation, or the code is wrong (`activation_code` `invalid_credentials`), used (`replayed`) or old (`expired`): `field` names it", body = zhibu_model::ApiError),
        (status = 429, description = "Too many failed attempts for this login or address (`rate_limited`); `Retry-After` says when to try again", body = zhibu_model::ApiError),
    ),
)]
async fn activate(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    ApiJson(request): ApiJson<ActivateRequest>,
) -> Result<impl IntoResponse, AppError> {
    let (login, code, password) = request.parse()?;
    refuse_common("password", &password)?;
    let now = state.config.clock.now();
    let keys = LoginKeys::new(login.as_str(), addr);
    let attempt = match rate_limit::begin_login(&state, &keys, now).await? {
        Ok(attempt) => attempt,
        Err(lock) => return Err(lock.into_error(now)),
    };
    let hash = code_hash(&code);
    let refused = |code| Err(FieldError::new("activation_code", code).into());
    let member = match state.repo.check_code(login.as_str(), &hash, now).await? {
        CodeCheck::Valid(member) => member,
        // The code was right once: a used or old code is no guess.
        CodeCheck::Used => {
            attempt.succeeded(&state, None).await?;
            return refused(ErrorCode::Replayed);
        }
        CodeCheck::Expired => {
            attempt.succeeded(&state, None).await?;
            return refused(ErrorCode::Expired);
        }
        CodeCheck::Wrong => {
            let detail = json!({"login": login.as_str(), "addr": addr.to_string()});
            state
                .repo
                .audit(now, None, "activation_failed", &detail)
                .await?;
            attempt.failed();
            return refused(ErrorCode::InvalidCredentials);
        }
    };
    attempt.succeeded(&state, Some(&keys.pair)).await?;
    let password_hash = state.passwords.hash(password.expose().to_owned()).await?;
    let (token, row) = session::open(&state, member, now, &headers);
    if !state
        .repo
        .activate(member, &hash, &password_hash, &row, &addr.to_string())
        .await?
    {
        // Another request used the code a moment ago.
        return refused(ErrorCode::Replayed);
    }
    let me = state
        .repo
        .member(member)
        .await?
        .ok_or_else(AppError::unauthenticated)?
        .me;
    Ok((
        [(
            header::SET_COOKIE,
            cookie::set_session(&state.config, &token),
        )],
        ApiJson::<Me>(me),
    ))
}
