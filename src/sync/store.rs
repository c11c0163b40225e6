//! The phone's local store: the server rows this member may see, the outbox of changes
//! not yet answered, and the pull cursor — one IndexedDB database per member, so two
//! people sharing a phone never see each other's entries.

use super::idb::{self, IdbError, META, OUTBOX, ROWS, Result};
use super::outbox::{PendingOp, Settled};
use super::wire::Row;
use wasm_bindgen::JsValue;
use web_sys::IdbDatabase;
use zhibu_model::MemberId;
use zhibu_model::sync::Revision;

const CURSOR: &str = "cursor";
const LAST_SYNCED: &str = "last_synced";
/// The member's scope version the rows were pulled under (`scope.rs`).
const SCOPE: &str = "scope";

#[derive(Clone)]
pub struct LocalStore {
    db: IdbDatabase,
}

fn row_key(row: &Row) -> JsValue {
    JsValue::from_str(&format!("{}/{}", row.kind.as_str(), row.id))
}

fn seq_key(seq: u64) -> JsValue {
    JsValue::from_f64(seq as f64)
}

fn json<T: serde::Serialize>(value: &T) -> Result<JsValue> {
    serde_json::to_string(value)
        .map(|s| JsValue::from_str(&s))
        .map_err(|e| IdbError(e.to_string()))
}

impl LocalStore {
    pub fn db_name(member: MemberId) -> String {
        format!("zhibu-{member}")
    }

    pub async fn open(member: MemberId) -> Result<Self> {
        Ok(Self {
            db: idb::open(&Self::db_name(member)).await?,
        })
    }

    /// Forgets this member's local data (used after logout when nothing waits to be sent).
    pub async fn forget(member: MemberId) -> Result<()> {
        idb::delete(&Self::db_name(member)).await
    }

    pub fn close(&self) {
        self.db.close();
    }

    pub async fn rows(&self) -> Result<Vec<Row>> {
        let tx = idb::transaction(&self.db, &[ROWS], false)?;
        let entries = idb::entries(&idb::store(&tx, ROWS)?).await?;
        Ok(entries
            .into_iter()
            .filter_map(|(_, v)| serde_json::from_str(&v).ok())
            .collect())
    }

    /// The outbox in the order the member made the changes.
    pub async fn outbox(&self) -> Result<Vec<(u64, PendingOp)>> {
        let tx = idb::transaction(&self.db, &[OUTBOX], false)?;
        let entries = idb::entries(&idb::store(&tx, OUTBOX)?).await?;
        Ok(entries
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_f64()? as u64, serde_json::from_str(&v).ok()?)))
            .collect())
    }

    /// Puts a change in the outbox; returns once it is committed to disk, so the caller
    /// may then tell the member it is saved.
    pub async fn enqueue(&self, pending: &PendingOp) -> Result<u64> {
        let tx = idb::transaction(&self.db, &[OUTBOX], true)?;
        let req = idb::store(&tx, OUTBOX)?.add(&json(pending)?)?;
        let key = idb::done(&req).await?;
        idb::committed(&tx).await?;
        key.as_f64()
            .map(|k| k as u64)
            .ok_or_else(|| IdbError("outbox key is not a number".into()))
    }

    /// Rewrites outbox entries (e.g. counting an attempt) in one transaction.
    pub async fn update_outbox(&self, entries: &[(u64, PendingOp)]) -> Result<()> {
        let tx = idb::transaction(&self.db, &[OUTBOX], true)?;
        let store = idb::store(&tx, OUTBOX)?;
        for (seq, p) in entries {
            store.put_with_key(&json(p)?, &seq_key(*seq))?;
        }
        idb::committed(&tx).await
    }

    /// Applies the effect of one server answer atomically: the row and the outbox change
    /// together, so a crash in between can neither lose the change nor show it twice.
    pub async fn apply_settled(&self, s: &Settled) -> Result<()> {
        let tx = idb::transaction(&self.db, &[ROWS, OUTBOX], true)?;
        let rows = idb::store(&tx, ROWS)?;
        let outbox = idb::store(&tx, OUTBOX)?;
        if let Some(row) = &s.row {
            rows.put_with_key(&json(row)?, &row_key(row))?;
        }
        if let Some(seq) = s.remove {
            outbox.delete(&seq_key(seq))?;
        }
        for (seq, p) in &s.update {
            outbox.put_with_key(&json(p)?, &seq_key(*seq))?;
        }
        idb::committed(&tx).await
    }

    /// Stores pulled rows, the new cursor and the scope version together. A row older
    /// than the one already held (a push answer can arrive before the pull that covers
    /// it) is skipped.
    pub async fn apply_pull(
        &self,
        pulled: &[Row],
        cursor: Revision,
        scope: i64,
        held: &[Row],
    ) -> Result<()> {
        let tx = idb::transaction(&self.db, &[ROWS, META], true)?;
        let rows = idb::store(&tx, ROWS)?;
        for row in pulled {
            let newer = held
                .iter()
                .find(|h| h.id == row.id && h.kind == row.kind)
                .is_none_or(|h| h.revision <= row.revision);
            if newer {
                rows.put_with_key(&json(row)?, &row_key(row))?;
            }
        }
        let meta = idb::store(&tx, META)?;
        meta.put_with_key(
            &JsValue::from_f64(cursor as f64),
            &JsValue::from_str(CURSOR),
        )?;
        meta.put_with_key(&JsValue::from_f64(scope as f64), &JsValue::from_str(SCOPE))?;
        idb::committed(&tx).await
    }

    /// The scope version the rows were pulled under; `None` before the first pull (or in
    /// a store filled before versions existed).
    pub async fn scope(&self) -> Result<Option<i64>> {
        let tx = idb::transaction(&self.db, &[META], false)?;
        let req = idb::store(&tx, META)?.get(&JsValue::from_str(SCOPE))?;
        Ok(idb::done(&req).await?.as_f64().map(|v| v as i64))
    }

    /// What the member may see changed: drops every row and the cursor and holds the
    /// new version, in one transaction. The outbox stays as it is.
    pub async fn start_over(&self, scope: i64) -> Result<()> {
        let tx = idb::transaction(&self.db, &[ROWS, META], true)?;
        idb::store(&tx, ROWS)?.clear()?;
        let meta = idb::store(&tx, META)?;
        meta.put_with_key(&JsValue::from_f64(0.0), &JsValue::from_str(CURSOR))?;
        meta.put_with_key(&JsValue::from_f64(scope as f64), &JsValue::from_str(SCOPE))?;
        idb::committed(&tx).await
    }

    pub async fn cursor(&self) -> Result<Revision> {
        let tx = idb::transaction(&self.db, &[META], false)?;
        let req = idb::store(&tx, META)?.get(&JsValue::from_str(CURSOR))?;
        Ok(idb::done(&req).await?.as_f64().map_or(0, |c| c as Revision))
    }

    /// When the last full sync finished (milliseconds since the epoch).
    pub async fn last_synced(&self) -> Result<Option<f64>> {
        let tx = idb::transaction(&self.db, &[META], false)?;
        let req = idb::store(&tx, META)?.get(&JsValue::from_str(LAST_SYNCED))?;
        Ok(idb::done(&req).await?.as_f64())
    }

    pub async fn set_last_synced(&self, at: f64) -> Result<()> {
        let tx = idb::transaction(&self.db, &[META], true)?;
        idb::store(&tx, META)?
            .put_with_key(&JsValue::from_f64(at), &JsValue::from_str(LAST_SYNCED))?;
        idb::committed(&tx).await
    }
}
