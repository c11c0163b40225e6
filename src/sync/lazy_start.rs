//! Starting the engine from the shell. In split builds the engine's code (the local store,
//! the network, and the parsing of every record kind) is a chunk of its own, fetched once a
//! member is known: the login page, which a new phone shows first, does not wait for it.

use super::SyncEngine;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;
use zhibu_model::{Lang, MemberId};

const RETRY_START_MS: i32 = 2_000;
const RETRY_MAX_MS: i32 = 60_000;

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sync_engine, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn begin(engine: SyncEngine, member: MemberId, lang: Lang) -> Result<(), SplitLoaderError> {
    spawn_local(async move {
        if let Err(e) = engine.start(member, lang).await {
            leptos::logging::warn!("local store: {e}");
        }
    });
    Ok(())
}

/// Closing the store is the engine's code too: the main module only asks it to.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sync_engine, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn end(engine: SyncEngine) -> Result<(), SplitLoaderError> {
    spawn_local(async move {
        engine.stop_and_forget_if_empty().await;
    });
    Ok(())
}

/// At logout: closes the member's store, and forgets it if nothing waits to be sent. An
/// engine never started has nothing to close, and its code is not fetched for it.
pub async fn stop(engine: SyncEngine) {
    if !engine.is_started() {
        return;
    }
    #[cfg(feature = "split")]
    let ended = end(engine).await;
    #[cfg(not(feature = "split"))]
    let ended = end(engine);
    if let Err(e) = ended {
        leptos::logging::warn!("sync engine not loaded: {e:?}");
    }
}

async fn load_and_begin(
    engine: SyncEngine,
    member: MemberId,
    lang: Lang,
) -> Result<(), SplitLoaderError> {
    #[cfg(feature = "split")]
    let started = begin(engine, member, lang).await;
    #[cfg(not(feature = "split"))]
    let started = begin(engine, member, lang);
    started
}

/// Opens the member's store and starts syncing once the engine's code is here. If it
/// cannot be fetched (no connection before the service worker cached it), tries again
/// with backoff for as long as `wanted` says this start is still the one wanted.
pub async fn start(
    engine: SyncEngine,
    member: MemberId,
    lang: Lang,
    wanted: impl Fn() -> bool + 'static,
) {
    let mut delay = RETRY_START_MS;
    while let Err(e) = load_and_begin(engine, member, lang).await {
        leptos::logging::warn!("sync engine not loaded, retrying in {delay} ms: {e:?}");
        sleep(delay).await;
        if !wanted() {
            return;
        }
        delay = (delay * 2).min(RETRY_MAX_MS);
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
