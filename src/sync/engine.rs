//! The sync engine: takes a member's change into the outbox (so it is saved before the UI
//! says so), sends the outbox in order, pulls what changed, and keeps the pages' view and
//! the status bar up to date. It drains on start, after each change, when the browser
//! comes back online or the page becomes visible again, and with backoff after failures.

use super::net::{self, NetError};
use super::outbox::{self, PendingOp, ViewRow};
use super::scope::{self, PullStep};
use super::store::LocalStore;
use super::wire::{RawChange, Row};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use zhibu_model::sync::RecordKind;
use zhibu_model::{ApiError, Lang, MemberId, Uuid};

/// Operations per push; small enough to answer quickly on a weak signal.
pub const BATCH: usize = 20;
const BACKOFF_START_MS: i32 = 1_000;
const BACKOFF_MAX_MS: i32 = 60_000;

/// What the status bar shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncStatus {
    /// Changes saved on this phone and not yet on the server (refused ones included).
    pub waiting: usize,
    /// Changes the server refused; each waits for the member to fix or discard it.
    pub refused: usize,
    pub online: bool,
    pub syncing: bool,
    /// When the last full sync finished (ms since the epoch).
    pub last_synced: Option<f64>,
    /// The server no longer knows this session: sending waits for a new login.
    pub signed_out: bool,
    /// The member's local store is open (until then nothing can be said of what waits).
    pub ready: bool,
    /// The member's local store cannot be opened on this phone (storage refused).
    pub store_failed: bool,
    /// A round of sending and fetching has ended since the store opened, whether or not
    /// it reached the server.
    pub tried: bool,
}

struct Inner {
    store: LocalStore,
    member: MemberId,
    running: bool,
    again: bool,
    backoff_ms: i32,
    retry_timer: Option<i32>,
    lang: Lang,
}

/// The engine, shared through context. Copy: all of it lives in reactive storage.
#[derive(Clone, Copy)]
pub struct SyncEngine {
    pub status: RwSignal<SyncStatus>,
    /// The records the pages show: server rows with unsent changes laid over them.
    pub view: RwSignal<Vec<ViewRow>>,
    /// Server rows as last known (needed to know what a change is based on).
    rows: RwSignal<Vec<Row>>,
    /// The refused changes, with the server's reason, for the member to fix or discard.
    pub refused: RwSignal<Vec<(u64, PendingOp)>>,
    inner: StoredValue<Option<Inner>, LocalStorage>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn navigator_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

impl SyncEngine {
    pub fn new() -> Self {
        Self {
            status: RwSignal::new(SyncStatus {
                online: navigator_online(),
                ..SyncStatus::default()
            }),
            view: RwSignal::new(Vec::new()),
            rows: RwSignal::new(Vec::new()),
            refused: RwSignal::new(Vec::new()),
            inner: StoredValue::new_local(None),
        }
    }

    /// Opens the member's local store, shows what it holds, and starts syncing. Also
    /// listens for the browser going online and the page becoming visible.
    pub async fn start(self, member: MemberId, lang: Lang) -> Result<(), String> {
        let same = self
            .inner
            .with_value(|i| i.as_ref().map(|i| i.member) == Some(member));
        if same {
            self.drain();
            return Ok(());
        }
        self.stop();
        let store = match LocalStore::open(member).await {
            Ok(store) => store,
            Err(e) => {
                self.status.update(|s| s.store_failed = true);
                return Err(e.0);
            }
        };
        let last_synced = store.last_synced().await.ok().flatten();
        self.inner.set_value(Some(Inner {
            store,
            member,
            running: false,
            again: false,
            backoff_ms: BACKOFF_START_MS,
            retry_timer: None,
            lang,
        }));
        self.status.update(|s| {
            s.last_synced = last_synced;
            s.signed_out = false;
            s.store_failed = false;
        });
        self.refresh().await;
        // Only now do the pages have the store's records to show.
        self.status.update(|s| s.ready = true);
        self.listen();
        self.drain();
        Ok(())
    }

    /// A member's store is open (or opening failed after the engine's code arrived).
    pub fn is_started(self) -> bool {
        self.inner.with_value(Option::is_some)
    }

    /// Closes the store (at logout). Returns whether changes were still waiting, in which
    /// case the local data is kept for the member's next login.
    pub async fn stop_and_forget_if_empty(self) -> bool {
        let waiting = self.status.get_untracked().waiting;
        let member = self.inner.with_value(|i| i.as_ref().map(|i| i.member));
        self.stop();
        if let (Some(member), 0) = (member, waiting) {
            let _ = LocalStore::forget(member).await;
        }
        waiting > 0
    }

    fn stop(self) {
        if let Some(inner) = self.inner.try_update_value(Option::take).flatten() {
            if let (Some(t), Some(w)) = (inner.retry_timer, web_sys::window()) {
                w.clear_timeout_with_handle(t);
            }
            inner.store.close();
        }
        self.view.set(Vec::new());
        self.rows.set(Vec::new());
        self.refused.set(Vec::new());
        self.status.update(|s| {
            s.waiting = 0;
            s.refused = 0;
            s.ready = false;
            s.tried = false;
        });
    }

    pub fn set_lang(self, lang: Lang) {
        self.inner.update_value(|i| {
            if let Some(i) = i {
                i.lang = lang;
            }
        });
    }

    fn store(self) -> Option<LocalStore> {
        self.inner
            .with_value(|i| i.as_ref().map(|i| i.store.clone()))
    }

    /// Saves a member's change on this phone. Resolves once it is on disk; the caller then
    /// shows it as saved. Sending happens in the background. Only pages call it, so the
    /// writing of each kind of change is in their code, not the engine's.
    pub async fn save(
        self,
        kind: RecordKind,
        record_id: Uuid,
        change: zhibu_model::sync::Change,
    ) -> Result<(), String> {
        debug_assert_eq!(change.record_kind(), kind);
        self.save_raw(kind, record_id, RawChange::of(&change)).await
    }

    async fn save_raw(
        self,
        kind: RecordKind,
        record_id: Uuid,
        change: RawChange,
    ) -> Result<(), String> {
        let store = self.store().ok_or("the local store is not open")?;
        let known = self.rows.with_untracked(|rows| {
            rows.iter()
                .find(|r| r.id == record_id && r.kind == kind)
                .map(|r| r.revision)
        });
        // A fix replaces the refused change(s) to this record: they never reached the
        // server, so the fix builds on what they built on.
        let mut queued = store.outbox().await.map_err(|e| e.0)?;
        while let Some(seq) = queued
            .iter()
            .find(|(_, p)| p.op.record_id == record_id && p.rejected.is_some())
            .map(|(seq, _)| *seq)
        {
            store
                .apply_settled(&outbox::discard(&queued, seq))
                .await
                .map_err(|e| e.0)?;
            queued = store.outbox().await.map_err(|e| e.0)?;
        }
        let earlier = queued.iter().any(|(_, p)| p.op.record_id == record_id);
        let pending = PendingOp::new(record_id, change, known, earlier);
        store.enqueue(&pending).await.map_err(|e| e.0)?;
        self.refresh().await;
        self.drain();
        Ok(())
    }

    /// Drops a refused change for good (the member chose to discard it).
    pub async fn discard(self, seq: u64) -> Result<(), String> {
        let store = self.store().ok_or("the local store is not open")?;
        let outbox = store.outbox().await.map_err(|e| e.0)?;
        store
            .apply_settled(&outbox::discard(&outbox, seq))
            .await
            .map_err(|e| e.0)?;
        self.refresh().await;
        self.drain();
        Ok(())
    }

    /// Re-reads the store into the signals.
    async fn refresh(self) {
        let Some(store) = self.store() else { return };
        let (Ok(rows), Ok(outbox)) = (store.rows().await, store.outbox().await) else {
            return;
        };
        let view = outbox::overlay(&rows, &outbox);
        let refused: Vec<_> = outbox
            .iter()
            .filter(|(_, p)| p.rejected.is_some())
            .cloned()
            .collect();
        self.status.update(|s| {
            s.waiting = outbox.len();
            s.refused = refused.len();
        });
        self.rows.set(rows);
        self.view.set(view);
        self.refused.set(refused);
    }

    /// Starts a sync round unless one is running (then it runs once more afterwards).
    pub fn drain(self) {
        let start = self.inner.try_update_value(|i| match i {
            Some(i) if i.running => {
                i.again = true;
                false
            }
            Some(i) => {
                i.running = true;
                i.again = false;
                true
            }
            None => false,
        });
        if start != Some(true) {
            return;
        }
        spawn_local(async move {
            loop {
                self.status.update(|s| s.syncing = true);
                let result = self.round().await;
                self.status.update(|s| {
                    s.syncing = false;
                    s.tried = true;
                });
                match result {
                    Ok(()) => {
                        self.inner.update_value(|i| {
                            if let Some(i) = i {
                                i.backoff_ms = BACKOFF_START_MS;
                            }
                        });
                    }
                    Err(NetError::Unauthenticated) => {
                        self.status.update(|s| s.signed_out = true);
                    }
                    Err(e) => {
                        leptos::logging::warn!("sync: {e:?}");
                        self.retry_later();
                    }
                }
                let again = self.inner.try_update_value(|i| match i {
                    Some(i) if i.again => {
                        i.again = false;
                        true
                    }
                    Some(i) => {
                        i.running = false;
                        false
                    }
                    None => false,
                });
                if again != Some(true) {
                    break;
                }
            }
        });
    }

    fn retry_later(self) {
        let delay = self.inner.try_update_value(|i| {
            i.as_mut().map(|i| {
                let d = i.backoff_ms;
                i.backoff_ms = (i.backoff_ms * 2).min(BACKOFF_MAX_MS);
                d
            })
        });
        let Some(Some(delay)) = delay else { return };
        let Some(window) = web_sys::window() else {
            return;
        };
        let retry = Closure::once_into_js(move || self.drain());
        if let Ok(handle) = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(retry.unchecked_ref(), delay)
        {
            self.inner.update_value(|i| {
                if let Some(old) = i.as_mut().and_then(|i| i.retry_timer.replace(handle)) {
                    window.clear_timeout_with_handle(old);
                }
            });
        }
    }

    /// One round: push the outbox in batches until it is empty (or only refused changes
    /// remain), then pull every page of changes.
    async fn round(self) -> Result<(), NetError> {
        let Some(store) = self.store() else {
            return Ok(());
        };
        let lang = self
            .inner
            .with_value(|i| i.as_ref().map(|i| i.lang).unwrap_or_default());
        loop {
            let outbox = store.outbox().await.map_err(|e| NetError::Local(e.0))?;
            let batch = outbox::plan_batch(&outbox, BATCH);
            if batch.is_empty() {
                break;
            }
            let attempted: Vec<_> = outbox
                .iter()
                .filter(|(seq, _)| batch.iter().any(|(s, _)| s == seq))
                .map(|(seq, p)| {
                    (
                        *seq,
                        PendingOp {
                            attempts: p.attempts + 1,
                            ..p.clone()
                        },
                    )
                })
                .collect();
            store
                .update_outbox(&attempted)
                .await
                .map_err(|e| NetError::Local(e.0))?;
            let ops: Vec<_> = batch.iter().map(|(_, op)| op.clone()).collect();
            let answer = net::push(&ops, lang).await?;
            self.status.update(|s| s.online = true);
            for (seq, op) in &batch {
                let Some(result) = answer.results.iter().find(|r| r.op_id == Some(op.op_id)) else {
                    continue;
                };
                let current = store.outbox().await.map_err(|e| NetError::Local(e.0))?;
                let settled = outbox::settle(&current, *seq, result);
                store
                    .apply_settled(&settled)
                    .await
                    .map_err(|e| NetError::Local(e.0))?;
            }
            self.refresh().await;
        }
        loop {
            let cursor = store.cursor().await.map_err(|e| NetError::Local(e.0))?;
            let held_scope = store.scope().await.map_err(|e| NetError::Local(e.0))?;
            let page = net::pull(cursor, lang).await?;
            self.status.update(|s| s.online = true);
            if scope::on_page(held_scope, cursor, page.scope) == PullStep::StartOver {
                // The member's branch or role changed: what the phone holds is not what
                // they may see now (scope.rs).
                store
                    .start_over(page.scope)
                    .await
                    .map_err(|e| NetError::Local(e.0))?;
                self.refresh().await;
                continue;
            }
            let held = self.rows.get_untracked();
            store
                .apply_pull(&page.rows, page.cursor, page.scope, &held)
                .await
                .map_err(|e| NetError::Local(e.0))?;
            self.refresh().await;
            if !page.more {
                break;
            }
        }
        let at = now_ms();
        let _ = store.set_last_synced(at).await;
        self.status.update(|s| s.last_synced = Some(at));
        Ok(())
    }

    /// Browser events that are good moments to sync.
    fn listen(self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let on_online = Closure::<dyn Fn()>::new(move || {
            self.status.update(|s| s.online = true);
            self.drain();
        });
        let on_offline = Closure::<dyn Fn()>::new(move || self.status.update(|s| s.online = false));
        let on_visible = Closure::<dyn Fn()>::new(move || {
            let visible = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
            if visible {
                self.drain();
            }
        });
        let _ =
            window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        let _ =
            window.add_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
        if let Some(doc) = window.document() {
            let _ = doc.add_event_listener_with_callback(
                "visibilitychange",
                on_visible.as_ref().unchecked_ref(),
            );
        }
        // The engine lives as long as the page: these listeners are never removed.
        on_online.forget();
        on_offline.forget();
        on_visible.forget();
    }

    /// The refused error of a record's latest change, if any.
    pub fn refusal_of(self, id: Uuid) -> Option<ApiError> {
        self.view.with(|v| {
            v.iter()
                .find(|r| r.id == id)
                .and_then(|r| r.rejected.clone())
        })
    }
}

impl Default for SyncEngine {
    fn default() -> Self {
        Self::new()
    }
}
