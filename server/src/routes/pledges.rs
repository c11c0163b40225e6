//! Pledges beyond sync: `GET /api/v1/pledges/{id}/verify` recomputes a version's hash
//! from its stored text (for its owner and their branch's secretary and committee; 404
//! for anyone else, so nobody learns that another's pledge exists), and
//! `GET /api/v1/branch/pledges?year=` tells the branch's secretary and committee who has
//! signed the year's pledges and how their commitments are followed through — by name,
//! never ranked (403 for everyone else). The year lists everyone who belonged to the
//! branch during it (`branch_year.rs`) with what they signed under its templates.

use super::{YearQuery, managed_branch};
use crate::AppState;
use crate::auth::CurrentSession;
use crate::branch_year::BranchYear;
use crate::clock::now_millis;
use crate::error::{ApiJson, AppError};
use crate::sync::{to_row, today_in_china};
use axum::extract::{Path, Query, State};
use std::collections::HashMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibu_model::pledge::{
    BranchPledges, MemberPledgeStatus, MemberPledges, Pledge, PledgeProgress, PledgeTemplate,
    PledgeVerification, TemplateListed, carried_entries, current_version, year_summary,
};
use zhibu_model::sync::{RecordData, RecordKind};
use zhibu_model::{MemberId, Uuid};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify))
        .routes(routes!(overview))
}

#[utoipa::path(
    get,
    path = "/v1/pledges/{id}/verify",
    tag = "pledges",
    params(("id" = String, Path, description = "The pledge version's record id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = PledgeVerification),
        (status = 404, description = "No such pledge (another's is not found either) that the caller may see (`not_found`)", body = zhibu_model::ApiError),
    ),
)]
async fn verify(
    State(state): State<AppState>,
    session: CurrentSession,
    Path(id): Path<String>,
) -> Result<ApiJson<PledgeVerification>, AppError> {
    let me = &session.member;
    let id: Uuid = id.parse().map_err(|_| AppError::not_found())?;
    let stored = state
        .repo
        .record(&id.to_string())
        .await?
        .filter(|r| r.kind == RecordKind::Pledge.as_str() && !r.deleted)
        .ok_or_else(AppError::not_found)?;
    let mine = stored.owner_id == me.id.to_string();
    let manages = me.role.manages_branch()
        && me.branch_id.map(|b| b.to_string()).as_deref() == stored.branch_id.as_deref();
    if !mine && !manages {
        return Err(AppError::not_found());
    }
    let row = to_row(&stored).map_err(AppError::Internal)?;
    let Some(RecordData::Pledge(pledge)) = row.data else {
        return Err(AppError::internal(format!(
            "record {id}: not a pledge body"
        )));
    };
    let computed_hash = pledge.text.hash();
    let signed = pledge.signed.as_ref();
    Ok(ApiJson(PledgeVerification {
        id,
        matches: signed.is_some_and(|s| s.hash == computed_hash),
        stored_hash: signed.map(|s| s.hash.clone()),
        computed_hash,
        signed_at: signed.map(|s| s.signed_at),
        received_at: signed.and_then(|s| s.received_at),
    }))
}

#[utoipa::path(
    get,
    path = "/v1/branch/pledges",
    tag = "pledges",
    params(YearQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = BranchPledges),
        (status = 403, description = "Not the branch's secretary or committee (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "`year` outside the years the portal keeps (`out_of_range`)", body = zhibu_model::ApiError),
    ),
)]
async fn overview(
    State(state): State<AppState>,
    session: CurrentSession,
    Query(q): Query<YearQuery>,
) -> Result<ApiJson<BranchPledges>, AppError> {
    let me = &session.member;
    let branch = managed_branch(me)?;
    let today = today_in_china(now_millis());
    let year = q.year(today, PledgeTemplate::YEAR_MIN)?;
    let repo = &state.repo;
    let bad = AppError::Internal;
    // Everyone who belonged during the year; their own records are read by owner, since
    // they follow the member wherever they are now.
    let roster = BranchYear::load(repo, branch, year, today).await?;
    let ids = roster.ids();
    let rows = |kind: RecordKind| repo.owners_records(kind.as_str(), &ids);

    // The branch's own templates, even when whoever published them has moved on.
    let mut templates = Vec::new();
    for stored in repo
        .branch_shared_records(branch, RecordKind::PledgeTemplate.as_str())
        .await?
    {
        let row = to_row(&stored).map_err(bad)?;
        if let Some(RecordData::PledgeTemplate(t)) = row.data
            && t.year == year
        {
            templates.push(TemplateListed {
                id: row.id,
                kind: t.kind,
                title: t.title,
            });
        }
    }
    let kind_order = |t: &TemplateListed| {
        zhibu_model::pledge::PledgeKind::ALL
            .iter()
            .position(|k| *k == t.kind)
    };
    templates.sort_by(|a, b| kind_order(a).cmp(&kind_order(b)).then(a.id.cmp(&b.id)));

    // Signed versions by (owner, template).
    let mut signed: HashMap<(MemberId, Uuid), Vec<(Uuid, Pledge)>> = HashMap::new();
    for stored in rows(RecordKind::Pledge).await? {
        let row = to_row(&stored).map_err(bad)?;
        if let Some(RecordData::Pledge(p)) = row.data
            && p.is_signed()
        {
            signed
                .entry((MemberId(row.owner), p.template_id))
                .or_default()
                .push((row.id, *p));
        }
    }
    let mut entries: HashMap<Uuid, Vec<PledgeProgress>> = HashMap::new();
    for stored in rows(RecordKind::PledgeProgress).await? {
        let row = to_row(&stored).map_err(bad)?;
        // 践诺 dated after the member left is no longer this branch's to count.
        if let Some(RecordData::PledgeProgress(e)) = row.data
            && roster.counted(&stored.owner_id, e.date)
        {
            entries.entry(e.pledge_id).or_default().push(e);
        }
    }

    let mut members = Vec::new();
    for m in &roster.members {
        let member: MemberId = m.id.parse().map_err(AppError::internal)?;
        let pledges = templates
            .iter()
            .map(|t| {
                let versions = signed
                    .get(&(member, t.id))
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                status(t.id, versions, &entries)
            })
            .collect();
        members.push(MemberPledges {
            member,
            name: m.display_name.clone(),
            pledges,
        });
    }
    members.sort_by(|a, b| a.name.cmp(&b.name).then(a.member.cmp(&b.member)));
    Ok(ApiJson(BranchPledges {
        year,
        templates,
        members,
    }))
}

/// A member's standing under a template from their signed versions (the model decides
/// which one is current).
fn status(
    template_id: Uuid,
    versions: &[(Uuid, Pledge)],
    entries: &HashMap<Uuid, Vec<PledgeProgress>>,
) -> MemberPledgeStatus {
    let received = |p: &Pledge| p.signed.as_ref().and_then(|s| s.received_at);
    let current = current_version(versions.iter().map(|(id, p)| (*id, p)))
        .and_then(|id| versions.iter().find(|(v, _)| *v == id));
    let mut out = MemberPledgeStatus {
        template_id,
        pledge_id: None,
        signed_at: None,
        received_at: None,
        versions: versions.len() as u32,
        items: 0,
        follow: Default::default(),
    };
    if let Some((id, p)) = current {
        // Entries on the versions it amends count too, on the same commitments.
        let chain: Vec<(Uuid, &Pledge)> = versions.iter().map(|(v, p)| (*v, p)).collect();
        let on_any: Vec<PledgeProgress> = versions
            .iter()
            .filter_map(|(v, _)| entries.get(v))
            .flatten()
            .cloned()
            .collect();
        let given = carried_entries((*id, p), &chain, &on_any);
        out.pledge_id = Some(*id);
        out.signed_at = p.signed.as_ref().map(|s| s.signed_at);
        out.received_at = received(p);
        out.items = p.text.items.len() as u32;
        out.follow = year_summary(*id, &p.text, &given).totals;
    }
    out
}
