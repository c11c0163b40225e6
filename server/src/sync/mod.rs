//! The server half of the sync contract (docs/ARCHITECTURE.md): who may write and see
//! which record, how a push is applied at most once, and what a pull returns.

mod access;
mod answers;
mod apply;
mod events;
mod group;
mod pledges;
mod pull;
mod push;
mod write;

pub use events::event_of;
pub use group::Pushes;
pub use pull::pull;
pub use push::push;

use crate::repo::StoredRecord;
use zhibu_model::sync::{RecordData, RecordKind, SyncRow};

/// The day a record's date is checked against: China has one zone and no daylight saving.
pub fn today_in_china(now_millis: i64) -> chrono::NaiveDate {
    let offset = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    chrono::DateTime::from_timestamp_millis(now_millis)
        .unwrap_or_default()
        .with_timezone(&offset)
        .date_naive()
}

/// A stored record as the contract's row.
pub fn to_row(r: &StoredRecord) -> Result<SyncRow, crate::BoxError> {
    let kind = RecordKind::parse(&r.kind)
        .ok_or_else(|| format!("record {}: unknown kind {:?}", r.id, r.kind))?;
    let data = match (&r.body, r.deleted) {
        (Some(body), false) => Some(serde_json::from_str::<RecordData>(body)?),
        _ => None,
    };
    Ok(SyncRow {
        kind,
        id: r.id.parse()?,
        revision: r.revision,
        owner: r.owner_id.parse()?,
        deleted: r.deleted,
        data,
    })
}
