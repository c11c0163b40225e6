//! `GET /api/v1/branch/talks?year=`: talk coverage and the branch's talks for its
//! secretary and committee — that each talk happened (who, when, kind, status), its
//! content only when the caller took part. Everyone else is refused (403).
//!
//! The year lists everyone who belonged to the branch during it (`branch_year.rs`), with
//! the talks they wrote while they belonged: a member transferred out mid-year stays in
//! the old branch's year with what they did there.

use super::{YearQuery, managed_branch};
use crate::AppState;
use crate::auth::CurrentSession;
use crate::branch_year::BranchYear;
use crate::clock::now_millis;
use crate::error::{ApiJson, AppError};
use crate::sync::{to_row, today_in_china};
use axum::extract::{Query, State};
use chrono::Datelike;
use std::collections::HashMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibu_model::coverage::{TalkFact, talk_coverage};
use zhibu_model::study::StudyRecord;
use zhibu_model::sync::{RecordData, RecordKind};
use zhibu_model::talk::{BranchTalks, CoveragePair, TalkConfirmation, TalkListed, TalkStatus};
use zhibu_model::{MemberId, Uuid};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(overview))
}

#[utoipa::path(
    get,
    path = "/v1/branch/talks",
    tag = "talks",
    params(YearQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = BranchTalks),
        (status = 403, description = "Not the branch's secretary or committee (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "`year` outside the years the portal keeps (`out_of_range`)", body = zhibu_model::ApiError),
    ),
)]
async fn overview(
    State(state): State<AppState>,
    session: CurrentSession,
    Query(q): Query<YearQuery>,
) -> Result<ApiJson<BranchTalks>, AppError> {
    let me = &session.member;
    let branch = managed_branch(me)?;
    let today = today_in_china(now_millis());
    let year = q.year(today, StudyRecord::MIN_YEAR)?;
    let repo = &state.repo;
    let bad = |e: crate::BoxError| AppError::Internal(e);

    // Everyone who belonged during the year, in the post they held there then.
    let year_roster = BranchYear::load(repo, branch, year, today).await?;
    let ids = year_roster.ids();
    let mut names: HashMap<MemberId, String> = HashMap::new();
    let mut roster = Vec::new();
    for m in &year_roster.members {
        let id: MemberId = m.id.parse().map_err(AppError::internal)?;
        names.insert(id, m.display_name.clone());
        roster.push((id, year_roster.role(&m.id)));
    }
    let name = |id: &MemberId| names.get(id).cloned().unwrap_or_default();

    // Confirmations by talk: (counterpart, confirmation). A counterpart's own records
    // follow them, so they are read by owner, not by where the owner is now.
    let mut answers: HashMap<Uuid, Vec<(MemberId, TalkConfirmation)>> = HashMap::new();
    for stored in repo
        .owners_records(RecordKind::TalkConfirmation.as_str(), &ids)
        .await?
    {
        let row = to_row(&stored).map_err(bad)?;
        if let Some(RecordData::TalkConfirmation(c)) = row.data {
            answers
                .entry(c.talk_id)
                .or_default()
                .push((MemberId(row.owner), c));
        }
    }

    let mut facts = Vec::new();
    let mut talks = Vec::new();
    for stored in repo.owners_records(RecordKind::Talk.as_str(), &ids).await? {
        let row = to_row(&stored).map_err(bad)?;
        let Some(RecordData::Talk(t)) = row.data else {
            continue;
        };
        // A talk counts for the branch its writer belonged to on its date.
        if t.date.year() != year || !year_roster.counted(&stored.owner_id, t.date) {
            continue;
        }
        let writer = MemberId(row.owner);
        let given = answers.get(&row.id).map(Vec::as_slice).unwrap_or_default();
        // Only the talk's own member counterparts' answers count.
        let given: Vec<(MemberId, &TalkConfirmation)> = given
            .iter()
            .filter(|(by, _)| t.members.contains(by))
            .map(|(by, c)| (*by, c))
            .collect();
        facts.push(TalkFact {
            writer,
            counterparts: t.members.clone(),
            date: t.date,
            confirmed_by: given
                .iter()
                .filter(|(_, c)| c.is_confirmed())
                .map(|(by, _)| *by)
                .collect(),
        });
        talks.push(TalkListed {
            id: row.id,
            writer,
            writer_name: name(&writer),
            summary: t.summary(),
            member_names: t.members.iter().map(name).collect(),
            status: TalkStatus::of(&t, &given),
            record: t.took_part(writer, me.id).then_some(*t),
        });
    }
    talks.sort_by(|a, b| a.summary.date.cmp(&b.summary.date).then(a.id.cmp(&b.id)));

    let mut coverage = talk_coverage(&roster, &facts, year);
    // Two members who were never in the branch on the same day owe each other nothing
    // there (one left before the other came).
    let met = |(p, _): &(zhibu_model::coverage::Pair, _)| {
        year_roster.met(&p.0.to_string(), &p.1.to_string())
    };
    coverage.done.retain(met);
    coverage.missing.retain(met);
    let pairs = |list: Vec<(zhibu_model::coverage::Pair, _)>| {
        list.into_iter()
            .map(|(p, kind)| CoveragePair {
                a: p.0,
                a_name: name(&p.0),
                b: p.1,
                b_name: name(&p.1),
                kind,
            })
            .collect()
    };
    Ok(ApiJson(BranchTalks {
        year,
        done: pairs(coverage.done),
        missing: pairs(coverage.missing),
        talks,
    }))
}
