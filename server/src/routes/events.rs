//! Branch activities beyond sync (events, RSVPs, sheets and check-ins go through sync):
//!
//! - `GET /api/v1/branch/compliance?year=`: 三会一课 compliance (secretary and committee);
//! - `GET /api/v1/branch/events/{id}/attendance`: an event's attendance sheet (expected,
//!   present, on leave, absent, with RSVPs and check-ins; secretary and committee);
//! - `GET`/`PUT /api/v1/branch/event-settings`: self check-in and the branch's own
//!   requirements (read by every member of the branch, written by its managers);
//! - `POST`/`DELETE /api/v1/me/calendar-feed` and `GET /api/v1/calendar/{token}.ics`: the
//!   member's private, revocable iCalendar feed (the token is the only credential);
//! - `GET /api/v1/branch/political-birthdays?year=` and `GET`/`PUT
//!   /api/v1/me/political-birthday`: 政治生日 on the branch calendar, hidden on request.

use super::RequestLang;
use super::{YearQuery, managed_branch};
use crate::AppState;
use crate::auth::token::{random_token, token_hash};
use crate::auth::{ClientAddr, CurrentSession};
use crate::clock::now_millis;
use crate::error::{ApiJson, AppError};
use crate::events::{branch_compliance, branch_events};
use crate::sync::today_in_china;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibu_model::attendance::SheetView;
use zhibu_model::event_settings::{
    BranchCompliance, CalendarFeed, EventSettings, EventSettingsInput, PoliticalBirthday,
    PoliticalBirthdayVisibility, PoliticalBirthdays, anniversary,
};
use zhibu_model::ical::{FeedEvent, calendar};
use zhibu_model::study::StudyRecord;
use zhibu_model::{BranchId, Lang, Me, Role};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(compliance))
        .routes(routes!(attendance))
        .routes(routes!(settings, set_settings))
        .routes(routes!(create_feed, revoke_feed))
        .routes(routes!(feed))
        .routes(routes!(political_birthdays))
        .routes(routes!(birthday_visibility, set_birthday_visibility))
}

fn own_branch(me: &Me) -> Result<BranchId, AppError> {
    me.branch_id.ok_or_else(AppError::forbidden)
}

fn now_utc() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(now_millis()).unwrap_or_default()
}

#[utoipa::path(
    get,
    path = "/v1/branch/compliance",
    tag = "events",
    params(YearQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = BranchCompliance),
        (status = 403, description = "Not the branch's secretary or committee (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "`year` outside the years the portal keeps (`out_of_range`)", body = zhibu_model::ApiError),
    ),
)]
async fn compliance(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLang(lang): RequestLang,
    Query(q): Query<YearQuery>,
) -> Result<ApiJson<BranchCompliance>, AppError> {
    let branch = managed_branch(&session.member)?;
    let now = now_utc();
    let today = today_in_china(now.timestamp_millis());
    let year = q.year(today, StudyRecord::MIN_YEAR)?;
    let settings = state.repo.event_settings(branch).await?;
    let obligations = branch_compliance(&state.repo, branch, &settings, year, today, now).await?;
    Ok(ApiJson(BranchCompliance::new(
        year,
        settings.requirements(),
        obligations,
        lang,
    )))
}

#[utoipa::path(
    get,
    path = "/v1/branch/events/{id}/attendance",
    tag = "events",
    params(("id" = String, Path, description = "The event's record id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = SheetView),
        (status = 403, description = "Not the branch's secretary or committee (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such event of the branch that the caller may see (`not_found`)", body = zhibu_model::ApiError),
    ),
)]
async fn attendance(
    State(state): State<AppState>,
    session: CurrentSession,
    Path(id): Path<String>,
) -> Result<ApiJson<SheetView>, AppError> {
    let branch = managed_branch(&session.member)?;
    // Another branch's event is as unknown as one that does not exist.
    let id = id.parse().map_err(|_| AppError::not_found())?;
    crate::events::sheet_view(&state.repo, branch, id)
        .await?
        .map(ApiJson)
        .ok_or_else(AppError::not_found)
}

#[utoipa::path(
    get,
    path = "/v1/branch/event-settings",
    tag = "events",
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = EventSettings),
        (status = 403, description = "The account has no branch (`forbidden`)", body = zhibu_model::ApiError),
    ),
)]
async fn settings(
    State(state): State<AppState>,
    session: CurrentSession,
) -> Result<ApiJson<EventSettings>, AppError> {
    let branch = own_branch(&session.member)?;
    Ok(ApiJson(state.repo.event_settings(branch).await?))
}

#[utoipa::path(
    put,
    path = "/v1/branch/event-settings",
    tag = "events",
    request_body = EventSettingsInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "Saved", body = EventSettings),
        (status = 403, description = "Not the branch's secretary or committee (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn set_settings(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    ApiJson(input): ApiJson<EventSettingsInput>,
) -> Result<ApiJson<EventSettings>, AppError> {
    let me = &session.member;
    let branch = managed_branch(me)?;
    let settings = input.parse()?;
    state
        .repo
        .set_event_settings(
            branch,
            &settings,
            &crate::repo::Actor::member(me.id, addr),
            now_millis(),
        )
        .await?;
    Ok(ApiJson(settings))
}

/// A new feed address; any earlier one of the member's stops working.
#[utoipa::path(
    post,
    path = "/v1/me/calendar-feed",
    tag = "events",
    request_body(content = Object, content_type = "application/json", description = "`{}`: the body is not read, but every write is JSON"),
    security(("session" = [])),
    responses(
        (status = 200, description = "A new feed address; an earlier one stops working", body = CalendarFeed),
        (status = 403, description = "The account has no branch (`forbidden`)", body = zhibu_model::ApiError),
    ),
)]
async fn create_feed(
    State(state): State<AppState>,
    session: CurrentSession,
) -> Result<ApiJson<CalendarFeed>, AppError> {
    let me = &session.member;
    own_branch(me)?;
    let token = random_token();
    state
        .repo
        .set_calendar_feed(me.id, &token_hash(&token), now_millis())
        .await?;
    Ok(ApiJson(CalendarFeed {
        path: format!("/api/v1/calendar/{token}.ics"),
    }))
}

#[utoipa::path(
    delete,
    path = "/v1/me/calendar-feed",
    tag = "events",
    request_body(content = Object, content_type = "application/json", description = "`{}`: the body is not read, but every write is JSON"),
    security(("session" = [])),
    responses(
        (status = 204, description = "Done"),
    ),
)]
async fn revoke_feed(
    State(state): State<AppState>,
    session: CurrentSession,
) -> Result<StatusCode, AppError> {
    state.repo.delete_calendar_feed(session.member.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The feed itself, for calendar apps (which carry no session): the token in the path is
/// the credential; an unknown or revoked one is 404.
#[utoipa::path(
    get,
    path = "/v1/calendar/{file}",
    tag = "events",
    params(("file" = String, Path, description = "`<token>.ics`: the token is the only credential")),
    responses(
        (status = 200, description = "The branch's events as iCalendar (RFC 5545)", content_type = "text/calendar", body = String),
        (status = 404, description = "An unknown or revoked token (`not_found`)", body = zhibu_model::ApiError),
    ),
)]
async fn feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let token = file.strip_suffix(".ics").ok_or_else(AppError::not_found)?;
    let owner = state
        .repo
        .calendar_feed_owner(&token_hash(token))
        .await?
        .ok_or_else(AppError::not_found)?;
    let branch: BranchId = owner
        .branch_id
        .as_deref()
        .ok_or_else(AppError::not_found)?
        .parse()
        .map_err(AppError::internal)?;
    let manages = Role::parse(&owner.role).is_some_and(Role::manages_branch);
    let events: Vec<_> = branch_events(&state.repo, branch)
        .await?
        .into_iter()
        .map(|(id, revision, e)| (id, revision, if manages { e } else { e.for_member() }))
        .collect();
    let feed: Vec<FeedEvent<'_>> = events
        .iter()
        .map(|(id, revision, event)| FeedEvent {
            id: *id,
            revision: *revision,
            event,
        })
        .collect();
    let name = owner.branch_name.unwrap_or_default();
    let body = calendar(&name, &feed, now_utc(), Lang::ZhCn);
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    ))
}

#[utoipa::path(
    get,
    path = "/v1/branch/political-birthdays",
    tag = "events",
    params(YearQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = PoliticalBirthdays),
        (status = 403, description = "The account has no branch (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "`year` outside the years the portal keeps (`out_of_range`)", body = zhibu_model::ApiError),
    ),
)]
async fn political_birthdays(
    State(state): State<AppState>,
    session: CurrentSession,
    Query(q): Query<YearQuery>,
) -> Result<ApiJson<PoliticalBirthdays>, AppError> {
    let branch = own_branch(&session.member)?;
    let today = today_in_china(now_millis());
    let year = q.year(today, StudyRecord::MIN_YEAR)?;
    let mut birthdays = Vec::new();
    for m in state.repo.political_birthdays(branch).await? {
        let joined_on: NaiveDate = m.joined_party_on.parse().map_err(AppError::internal)?;
        if let Some(date) = anniversary(joined_on, year) {
            birthdays.push(PoliticalBirthday {
                member_id: m.id.parse().map_err(AppError::internal)?,
                display_name: m.display_name,
                joined_on,
                date,
                years: year - joined_on.year(),
            });
        }
    }
    birthdays.sort_by(|a, b| a.date.cmp(&b.date).then(a.member_id.cmp(&b.member_id)));
    Ok(ApiJson(PoliticalBirthdays { year, birthdays }))
}

#[utoipa::path(
    get,
    path = "/v1/me/political-birthday",
    tag = "events",
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = PoliticalBirthdayVisibility),
    ),
)]
async fn birthday_visibility(
    State(state): State<AppState>,
    session: CurrentSession,
) -> Result<ApiJson<PoliticalBirthdayVisibility>, AppError> {
    let hidden = state
        .repo
        .political_birthday_hidden(session.member.id)
        .await?;
    Ok(ApiJson(PoliticalBirthdayVisibility { hidden }))
}

#[utoipa::path(
    put,
    path = "/v1/me/political-birthday",
    tag = "events",
    request_body = PoliticalBirthdayVisibility,
    security(("session" = [])),
    responses(
        (status = 200, description = "Saved", body = PoliticalBirthdayVisibility),
    ),
)]
async fn set_birthday_visibility(
    State(state): State<AppState>,
    session: CurrentSession,
    ApiJson(v): ApiJson<PoliticalBirthdayVisibility>,
) -> Result<ApiJson<PoliticalBirthdayVisibility>, AppError> {
    state
        .repo
        .set_political_birthday_hidden(session.member.id, v.hidden, now_millis())
        .await?;
    Ok(ApiJson(v))
}
