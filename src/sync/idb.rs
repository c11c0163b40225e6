//! A small async wrapper over IndexedDB: the phone's local store. Values are JSON strings,
//! so what is stored is exactly what the model crate serialises.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode,
};

/// Rows the member may see, keyed `kind/id`.
pub const ROWS: &str = "rows";
/// Operations not yet answered by the server, keyed by an increasing sequence number.
pub const OUTBOX: &str = "outbox";
/// Small values: the pull cursor, the last sync time.
pub const META: &str = "meta";

const VERSION: u32 = 1;

#[derive(Debug, Clone)]
pub struct IdbError(pub String);

impl From<JsValue> for IdbError {
    fn from(v: JsValue) -> Self {
        let text = v
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| v.as_string())
            .unwrap_or_else(|| format!("{v:?}"));
        IdbError(text)
    }
}

pub type Result<T> = std::result::Result<T, IdbError>;

/// Resolves with the request's result once it succeeds.
pub async fn done(req: &IdbRequest) -> Result<JsValue> {
    let req_ok = req.clone();
    let req_err = req.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let r = req_ok.clone();
        let on_ok = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let r = req_err.clone();
        let on_err = Closure::once_into_js(move || {
            let err = r
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or_else(|| "IndexedDB request failed".into());
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        req.set_onsuccess(Some(on_ok.unchecked_ref()));
        req.set_onerror(Some(on_err.unchecked_ref()));
    });
    Ok(JsFuture::from(promise).await?)
}

/// Resolves when a read-write transaction has committed (so the data is on disk before
/// the UI says "saved").
pub async fn committed(tx: &IdbTransaction) -> Result<()> {
    let promise = Promise::new(&mut |resolve, reject| {
        let on_ok = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let reject_abort = reject.clone();
        let on_err = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &"IndexedDB transaction failed".into());
        });
        let on_abort = Closure::once_into_js(move || {
            let _ = reject_abort.call1(&JsValue::NULL, &"IndexedDB transaction aborted".into());
        });
        tx.set_oncomplete(Some(on_ok.unchecked_ref()));
        tx.set_onerror(Some(on_err.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise).await?;
    Ok(())
}

/// Opens (creating or upgrading) a database.
pub async fn open(name: &str) -> Result<IdbDatabase> {
    let factory = web_sys::window()
        .ok_or_else(|| IdbError("no window".into()))?
        .indexed_db()?
        .ok_or_else(|| IdbError("IndexedDB is not available".into()))?;
    let req: IdbOpenDbRequest = factory.open_with_u32(name, VERSION)?;
    let upgrade_req = req.clone();
    let on_upgrade = Closure::<dyn FnMut()>::new(move || {
        if let Ok(db) = upgrade_req
            .result()
            .and_then(|r| r.dyn_into::<IdbDatabase>())
        {
            let names = db.object_store_names();
            for store in [ROWS, META] {
                if !names.contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
            if !names.contains(OUTBOX) {
                let params = web_sys::IdbObjectStoreParameters::new();
                params.set_auto_increment(true);
                let _ = db.create_object_store_with_optional_parameters(OUTBOX, &params);
            }
        }
    });
    req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let db = done(&req).await?;
    drop(on_upgrade);
    Ok(db.dyn_into()?)
}

/// Deletes a database (after logout with nothing left to send).
pub async fn delete(name: &str) -> Result<()> {
    let factory = web_sys::window()
        .ok_or_else(|| IdbError("no window".into()))?
        .indexed_db()?
        .ok_or_else(|| IdbError("IndexedDB is not available".into()))?;
    let req: IdbRequest = factory.delete_database(name)?.into();
    done(&req).await.map(|_| ())
}

pub fn transaction(db: &IdbDatabase, stores: &[&str], write: bool) -> Result<IdbTransaction> {
    let names = Array::new();
    for s in stores {
        names.push(&JsValue::from_str(s));
    }
    let mode = if write {
        IdbTransactionMode::Readwrite
    } else {
        IdbTransactionMode::Readonly
    };
    Ok(db.transaction_with_str_sequence_and_mode(&names, mode)?)
}

pub fn store(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore> {
    Ok(tx.object_store(name)?)
}

/// Every (key, JSON string) pair of a store, in key order.
pub async fn entries(store: &IdbObjectStore) -> Result<Vec<(JsValue, String)>> {
    let keys: Array = done(&store.get_all_keys()?).await?.dyn_into()?;
    let values: Array = done(&store.get_all()?).await?.dyn_into()?;
    Ok(keys
        .iter()
        .zip(values.iter())
        .filter_map(|(k, v)| v.as_string().map(|v| (k, v)))
        .collect())
}

pub async fn get(store: &IdbObjectStore, key: &str) -> Result<Option<String>> {
    Ok(done(&store.get(&JsValue::from_str(key))?)
        .await?
        .as_string())
}
