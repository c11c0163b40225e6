//! The rules of pledges on push, beyond ownership (`access.rs` has checked that): a
//! signed version never changes, for anyone; a version follows a live template of the
//! member's branch (a signed one its exact text) and amends only the member's own signed
//! version; a 践诺 entry belongs to one of the member's own signed versions and names one
//! of its items. The hash and the signature were checked by the model crate on parse.

use super::apply::Prepared;
use crate::error::AppError;
use crate::repo::StoredRecord;
use std::collections::HashMap;
use zhibu_model::pledge::{Pledge, PledgeTemplate};
use zhibu_model::sync::{RecordData, RecordKind};
use zhibu_model::{ErrorCode, FieldError, Uuid};

pub fn check(
    records: &HashMap<String, StoredRecord>,
    member: &str,
    branch: Option<&str>,
    kind: RecordKind,
    record_id: &str,
    data: Option<&RecordData>,
) -> Result<(), FieldError> {
    if kind == RecordKind::Pledge
        && records
            .get(record_id)
            .and_then(pledge_of)
            .is_some_and(|p| p.is_signed())
    {
        return Err(FieldError::new("record_id", ErrorCode::Immutable));
    }
    match data {
        Some(RecordData::Pledge(p)) => {
            let template = records
                .get(&p.template_id.to_string())
                .filter(|t| t.branch_id.as_deref() == branch && branch.is_some())
                .and_then(template_of)
                .ok_or_else(|| FieldError::new("template_id", ErrorCode::NotFound))?;
            // Signed under the branch's text as published, not a text of one's own.
            if p.is_signed() && !p.text.follows(&template) {
                return Err(FieldError::new("template_id", ErrorCode::Conflict));
            }
            if let Some(old_id) = p.replaces {
                let old = own_signed(records, member, old_id)
                    .filter(|_| old_id.to_string() != record_id)
                    .ok_or_else(|| FieldError::new("replaces", ErrorCode::NotFound))?;
                if old.template_id != p.template_id {
                    return Err(FieldError::new("replaces", ErrorCode::InvalidFormat));
                }
            }
            Ok(())
        }
        Some(RecordData::PledgeProgress(e)) => {
            let pledge = own_signed(records, member, e.pledge_id)
                .ok_or_else(|| FieldError::new("pledge_id", ErrorCode::NotFound))?;
            if !e.fits(&pledge.text) {
                return Err(FieldError::new("item", ErrorCode::OutOfRange));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// How far ahead of the server's clock a device's signing time may be (clocks drift;
/// a later time is a wrong clock, and the signed record would claim it forever).
const DEVICE_CLOCK_SLACK_MS: i64 = 24 * 3600 * 1000;

/// The server's receipt time on a signed version, kept in the record next to the
/// device's `signed_at`. Stamped as the push is read: a version is signed once (it never
/// changes after), so this is when the signed text first reached the server.
pub fn stamp_receipt(p: &mut Prepared, now: i64) -> Result<(), AppError> {
    if let Ok(Some((RecordData::Pledge(pledge), body))) = &mut p.checked
        && let Some(signed) = pledge.signed.as_mut()
    {
        if signed.signed_at > now + DEVICE_CLOCK_SLACK_MS {
            p.checked = Err(FieldError::new("signed_at", ErrorCode::InFuture));
            return Ok(());
        }
        signed.received_at = Some(now);
        *body = serde_json::to_string(&RecordData::Pledge(pledge.clone()))
            .map_err(AppError::internal)?;
    }
    Ok(())
}

/// A live pledge version's content.
pub fn pledge_of(r: &StoredRecord) -> Option<Pledge> {
    match r.body.as_deref().map(serde_json::from_str::<RecordData>) {
        Some(Ok(RecordData::Pledge(p))) if !r.deleted => Some(*p),
        _ => None,
    }
}

fn template_of(r: &StoredRecord) -> Option<PledgeTemplate> {
    match r.body.as_deref().map(serde_json::from_str::<RecordData>) {
        Some(Ok(RecordData::PledgeTemplate(t))) if !r.deleted => Some(t),
        _ => None,
    }
}

fn own_signed(records: &HashMap<String, StoredRecord>, member: &str, id: Uuid) -> Option<Pledge> {
    records
        .get(&id.to_string())
        .filter(|r| r.owner_id == member && r.kind == RecordKind::Pledge.as_str())
        .and_then(pledge_of)
        .filter(Pledge::is_signed)
}
