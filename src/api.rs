//! The typed JSON client of the server's `/api/v1`.
//!
//! Every request carries the UI language (`Accept-Language`), so the server's error
//! messages arrive in the member's language; every POST and PUT is `application/json`, which the
//! server's CSRF guard requires. A missing answer is told apart from an error answer:
//! the first means "offline, try again", the second is the server's word.

use crate::fetch::{self, Method};
use serde::Serialize;
use serde::de::DeserializeOwned;
use web_sys::Response;
use zhibu_model::branch_study::{BranchStudyOverview, StudySettingsInput, StudyWaiver};
use zhibu_model::rules::StudySettings;
use zhibu_model::{ApiError, ChangePasswordRequest, ErrorCode, Lang, LoginRequest, Me, MemberId};

/// Why a request gave no result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// No answer from our server: no network, a tunnel, a captive portal, a restart.
    Offline,
    /// The server answered with an error.
    Api { status: u16, error: ApiError },
}

impl Error {
    /// The message to show. The server's is already in the member's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Offline => crate::i18n::t(lang, crate::i18n::Key::Offline).to_owned(),
            Error::Api { error, .. } => error.message.clone(),
        }
    }

    /// The session is gone (a wrong password at login is a different code).
    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, Error::Api { error, .. } if error.code == ErrorCode::Unauthenticated)
    }

    /// The field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Api { error, .. } => error.field.as_deref(),
            Error::Offline => None,
        }
    }
}

pub(crate) async fn get(path: &str, lang: Lang) -> Result<Response, Error> {
    answer(fetch::send(Method::Get, path, lang).await, lang).await
}

pub(crate) async fn post<B: Serialize>(
    path: &str,
    body: &B,
    lang: Lang,
) -> Result<Response, Error> {
    let json = serde_json::to_string(body).map_err(|_| Error::Offline)?;
    post_json(path, json, lang).await
}

/// A POST of JSON already written (the main module's own requests write theirs without
/// serde, see [`crate::browser_json`]).
async fn post_json(path: &str, json: String, lang: Lang) -> Result<Response, Error> {
    answer(fetch::send(Method::Post(&json), path, lang).await, lang).await
}

pub(crate) async fn put<B: Serialize>(path: &str, body: &B, lang: Lang) -> Result<Response, Error> {
    let json = serde_json::to_string(body).map_err(|_| Error::Offline)?;
    answer(fetch::send(Method::Put(&json), path, lang).await, lang).await
}

/// The server takes writes as JSON only (a CSRF defence), a DELETE too: it sends `{}`.
async fn delete(path: &str, lang: Lang) -> Result<Response, Error> {
    answer(fetch::send(Method::Delete("{}"), path, lang).await, lang).await
}

/// Turns a non-2xx answer into the server's error.
async fn answer(sent: Result<Response, String>, lang: Lang) -> Result<Response, Error> {
    let response = sent.map_err(|_| Error::Offline)?;
    let status = response.status();
    if response.ok() {
        return Ok(response);
    }
    let error = fetch::text(&response)
        .await
        .and_then(|text| crate::browser_json::api_error(&text))
        .unwrap_or_else(|| ApiError::general(ErrorCode::for_status(status), lang));
    Err(Error::Api { status, error })
}

/// A 2xx body that is not our JSON did not come from our API (a captive portal's page).
pub(crate) async fn body<T: DeserializeOwned>(response: Response) -> Result<T, Error> {
    let text = fetch::text(&response).await.ok_or(Error::Offline)?;
    serde_json::from_str(&text).map_err(|_| Error::Offline)
}

/// `POST /api/v1/auth/login`: the server sets the session cookie and answers who it is.
pub async fn login(request: &LoginRequest, lang: Lang) -> Result<Me, Error> {
    let json = crate::browser_json::login_json(request);
    me_body(post_json("/api/v1/auth/login", json, lang).await?).await
}

/// `POST /api/v1/auth/activate`: a new member's first password, with the code handed
/// over; answers the member, as a login does (the cookie is set).
pub async fn activate(
    request: &zhibu_model::org::ActivateRequest,
    lang: Lang,
) -> Result<Me, Error> {
    me_body(post("/api/v1/auth/activate", request, lang).await?).await
}

/// `GET /api/v1/me/sessions`: the member's signed-in devices, most recently used first.
pub async fn sessions(lang: Lang) -> Result<Vec<zhibu_model::device::DeviceSession>, Error> {
    body(get("/api/v1/me/sessions", lang).await?).await
}

/// `DELETE /api/v1/me/sessions/{id}`: signs one of them out.
pub async fn end_session(id: &str, lang: Lang) -> Result<(), Error> {
    delete(&format!("/api/v1/me/sessions/{id}"), lang).await?;
    Ok(())
}

/// `POST /api/v1/auth/logout`: ends the session on the server and clears the cookie.
pub async fn logout(lang: Lang) -> Result<(), Error> {
    post_json("/api/v1/auth/logout", "{}".to_owned(), lang).await?;
    Ok(())
}

/// `GET /api/v1/me`: who the session belongs to (401 when there is none).
pub async fn me(lang: Lang) -> Result<Me, Error> {
    me_body(get("/api/v1/me", lang).await?).await
}

/// [`body`] for `Me`, read without serde (the session is in the main module).
async fn me_body(response: Response) -> Result<Me, Error> {
    let text = fetch::text(&response).await.ok_or(Error::Offline)?;
    crate::browser_json::me(&text).ok_or(Error::Offline)
}

/// `GET /api/v1/study/profile`: the branch's study settings and the member's own target.
pub async fn study_profile(lang: Lang) -> Result<zhibu_model::branch_study::StudyProfile, Error> {
    body(get("/api/v1/study/profile", lang).await?).await
}

/// `GET /api/v1/branch/roster`: the members of the member's own branch.
pub async fn roster(lang: Lang) -> Result<Vec<zhibu_model::account::RosterMember>, Error> {
    body(get("/api/v1/branch/roster", lang).await?).await
}

/// `GET /api/v1/branch/talks?year=`: the branch's talk coverage and its talks, for its
/// secretary and committee (403 for anyone else).
pub async fn branch_talks(year: i32, lang: Lang) -> Result<zhibu_model::talk::BranchTalks, Error> {
    body(get(&format!("/api/v1/branch/talks?year={year}"), lang).await?).await
}

/// `GET /api/v1/pledges/{id}/verify`: the server recomputes a signed version's hash from
/// the text it holds and compares it with the hash stored at signing.
pub async fn verify_pledge(
    id: zhibu_model::Uuid,
    lang: Lang,
) -> Result<zhibu_model::pledge::PledgeVerification, Error> {
    let path = format!("/api/v1/pledges/{id}/verify");
    body(get(&path, lang).await?).await
}

/// `GET /api/v1/branch/pledges?year=`: who of the branch signed the year's pledges and
/// how their commitments are followed through, for its secretary and committee (403 for
/// anyone else).
pub async fn branch_pledges(
    year: i32,
    lang: Lang,
) -> Result<zhibu_model::pledge::BranchPledges, Error> {
    body(get(&format!("/api/v1/branch/pledges?year={year}"), lang).await?).await
}

/// `POST /api/v1/auth/password`: 204; other sessions of the member end.
pub async fn change_password(request: &ChangePasswordRequest, lang: Lang) -> Result<(), Error> {
    post("/api/v1/auth/password", request, lang).await?;
    Ok(())
}

/// `GET /api/v1/branch/study?year=`: the branch's study by member, for its secretary and
/// committee (403 for anyone else).
pub async fn branch_study(year: i32, lang: Lang) -> Result<BranchStudyOverview, Error> {
    body(get(&format!("/api/v1/branch/study?year={year}"), lang).await?).await
}

/// `PUT /api/v1/branch/study-settings`: answers the settings now in force (422 names the
/// field).
pub async fn put_study_settings(
    input: &StudySettingsInput,
    lang: Lang,
) -> Result<StudySettings, Error> {
    body(put("/api/v1/branch/study-settings", input, lang).await?).await
}

/// `PUT /api/v1/branch/members/{id}/study-waiver`: answers the waiver now in force.
pub async fn put_study_waiver(
    member: MemberId,
    waived: bool,
    lang: Lang,
) -> Result<StudyWaiver, Error> {
    let path = format!("/api/v1/branch/members/{member}/study-waiver");
    body(put(&path, &StudyWaiver { waived }, lang).await?).await
}

/// `GET /api/v1/branch/compliance?year=`: 三会一课 per period, with citations (managers).
pub async fn branch_compliance(
    year: i32,
    lang: Lang,
) -> Result<zhibu_model::event_settings::BranchCompliance, Error> {
    body(get(&format!("/api/v1/branch/compliance?year={year}"), lang).await?).await
}

/// `GET /api/v1/branch/events/{id}/attendance`: the server's sheet (managers).
pub async fn event_attendance(
    event: zhibu_model::Uuid,
    lang: Lang,
) -> Result<zhibu_model::attendance::SheetView, Error> {
    let path = format!("/api/v1/branch/events/{event}/attendance");
    body(get(&path, lang).await?).await
}

/// `GET /api/v1/branch/event-settings`: whether the branch uses self check-in.
pub async fn event_settings(
    lang: Lang,
) -> Result<zhibu_model::event_settings::EventSettings, Error> {
    body(get("/api/v1/branch/event-settings", lang).await?).await
}

/// `PUT /api/v1/branch/event-settings` (managers).
pub async fn put_event_settings(
    input: &zhibu_model::event_settings::EventSettingsInput,
    lang: Lang,
) -> Result<zhibu_model::event_settings::EventSettings, Error> {
    body(put("/api/v1/branch/event-settings", input, lang).await?).await
}

/// `PUT /api/v1/branch/members/{id}/party-group`: the member's 党小组 (secretary and
/// committee).
pub async fn put_party_group(
    member: zhibu_model::MemberId,
    input: &zhibu_model::party_group::PartyGroupInput,
    lang: Lang,
) -> Result<zhibu_model::party_group::PartyGroupAssigned, Error> {
    let path = format!("/api/v1/branch/members/{member}/party-group");
    body(put(&path, input, lang).await?).await
}

/// `GET /api/v1/branch/political-birthdays?year=`: the branch's 政治生日.
pub async fn political_birthdays(
    year: i32,
    lang: Lang,
) -> Result<zhibu_model::event_settings::PoliticalBirthdays, Error> {
    body(
        get(
            &format!("/api/v1/branch/political-birthdays?year={year}"),
            lang,
        )
        .await?,
    )
    .await
}

/// `POST /api/v1/me/calendar-feed`: a new private feed address (the old one stops).
pub async fn create_calendar_feed(
    lang: Lang,
) -> Result<zhibu_model::event_settings::CalendarFeed, Error> {
    body(post_json("/api/v1/me/calendar-feed", "{}".to_owned(), lang).await?).await
}

/// `DELETE /api/v1/me/calendar-feed`: the feed address stops working.
pub async fn revoke_calendar_feed(lang: Lang) -> Result<(), Error> {
    delete("/api/v1/me/calendar-feed", lang).await?;
    Ok(())
}

/// `GET`/`PUT /api/v1/me/political-birthday`: whether the member's own is hidden.
pub async fn birthday_visibility(
    hidden: Option<bool>,
    lang: Lang,
) -> Result<zhibu_model::event_settings::PoliticalBirthdayVisibility, Error> {
    const PATH: &str = "/api/v1/me/political-birthday";
    let answer = match hidden {
        None => get(PATH, lang).await?,
        Some(hidden) => {
            let v = zhibu_model::event_settings::PoliticalBirthdayVisibility { hidden };
            put(PATH, &v, lang).await?
        }
    };
    body(answer).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_come_from_the_server_or_the_table() {
        let e = Error::Api {
            status: 401,
            error: ApiError::general(ErrorCode::InvalidCredentials, Lang::ZhCn),
        };
        assert_eq!(e.message(Lang::En), "登录名或密码不正确");
        assert!(!e.is_unauthenticated());
        let gone = Error::Api {
            status: 401,
            error: ApiError::general(ErrorCode::Unauthenticated, Lang::En),
        };
        assert!(gone.is_unauthenticated());
        assert!(!Error::Offline.is_unauthenticated());
        assert_ne!(
            Error::Offline.message(Lang::ZhCn),
            Error::Offline.message(Lang::En)
        );
    }
}
