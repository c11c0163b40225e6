//! Starting the engine from the shell. In split builds the engine's code (the local store,
//! the network, and the parsing of every record kind) is a chunk of its own, fetched once a
//! member is known: the login page, which a new phone shows first, does not wait for it.

use super::SyncEngine;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;
use zhibu_model::{Lang, MemberId};

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

/// Opens the member's store and starts syncing, once the engine's code is here. Fails only
/// when that code cannot be fetched (no connection before the service worker cached it).
pub async fn start(
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
