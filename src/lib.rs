//! The zhibu SPA: a Leptos client-side app. `main.rs` only mounts [`App`]; everything
//! else lives here so that the wasm tests (tests/web.rs) can mount and drive it.

pub mod api;
pub mod app;
pub mod browser_json;
pub mod components;
pub mod event_records;
pub mod fetch;
pub mod i18n;
pub mod lazy_pages;
pub mod org;
pub mod page_styles;
pub mod pages;
pub mod records;
pub mod router;
pub mod session;
pub mod sync;

pub use app::App;
