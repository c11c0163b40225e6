//! The sync line under the header: how many entries wait, offline, last synced. The
//! member always knows that what they typed is kept, and whether it reached the server.

use crate::i18n::{Key, t, use_i18n};
use crate::sync::SyncEngine;
use leptos::prelude::*;
use zhibu_model::Lang;

#[component]
pub fn SyncStatusLine() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let text = move || {
        let lang = i18n.lang();
        engine.status.with(|s| {
            let mut parts = Vec::new();
            if s.store_failed {
                parts.push(t(lang, Key::StoreUnavailable).to_owned());
            } else if s.signed_out {
                parts.push(t(lang, Key::SyncRelogin).to_owned());
            } else if !s.online {
                parts.push(t(lang, Key::SyncOffline).to_owned());
            } else if s.syncing {
                parts.push(t(lang, Key::Syncing).to_owned());
            }
            if s.waiting > 0 {
                parts.push(waiting(lang, s.waiting));
            } else if s.ready && s.online && !s.syncing {
                parts.push(t(lang, Key::SyncAllSaved).to_owned());
            }
            if let Some(at) = s.last_synced {
                parts.push(format!("{} {}", t(lang, Key::SyncLast), clock(at)));
            }
            parts.join(" · ")
        })
    };
    let class = move || {
        engine
            .status
            .with(|s| match (s.online && !s.signed_out, s.waiting) {
                (false, _) => "sync-status offline",
                (true, 0) => "sync-status",
                (true, _) => "sync-status waiting",
            })
    };
    view! {
        <p class=class role="status" aria-live="polite" data-testid="sync-status">
            {text}
        </p>
    }
}

fn waiting(lang: Lang, n: usize) -> String {
    match lang {
        Lang::ZhCn => format!("{n} {}", t(lang, Key::SyncWaiting)),
        Lang::En => format!("{n}{}", t(lang, Key::SyncWaiting)),
    }
}

/// "14:05" in the phone's own time.
fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}
