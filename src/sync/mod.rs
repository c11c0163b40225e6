//! Offline first: the local store, the outbox and the engine that syncs them with the
//! server (docs/ARCHITECTURE.md, "The sync contract").

pub mod engine;
pub mod idb;
pub mod lazy_start;
pub mod net;
pub mod outbox;
pub mod scope;
pub mod store;
pub mod wire;

pub use engine::{SyncEngine, SyncStatus};
pub use outbox::ViewRow;
