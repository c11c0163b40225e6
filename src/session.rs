//! Who is logged in.
//!
//! The member is checked with `GET /api/v1/me` at start. The last answer is kept in
//! localStorage, so a phone that opens the app without a connection still shows the
//! member's pages (with an offline note): only the server saying "no session" (401) logs
//! the member out, never a missing connection.

use crate::api;
use crate::i18n::{I18n, local_storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::Me;

/// Where the last known member is kept between visits.
pub const CACHE_KEY: &str = "zhibu.me";

/// The session, shared through context. Copy: it is only signals.
#[derive(Clone, Copy)]
pub struct Session {
    member: RwSignal<Option<Me>>,
    /// The first check is under way and there is no cached member to show meanwhile.
    checking: RwSignal<bool>,
    /// The last check found no connection; what is shown is the cached member.
    offline: RwSignal<bool>,
    i18n: I18n,
}

impl Session {
    /// The member (reactively).
    pub fn member(self) -> Option<Me> {
        self.member.get()
    }

    /// Reads part of the member without cloning it (reactively).
    pub fn with_member<T>(self, f: impl FnOnce(Option<&Me>) -> T) -> T {
        self.member.with(|m| f(m.as_ref()))
    }

    /// Known to have no member: the protected pages send to the login page.
    pub fn signed_out(self) -> bool {
        !self.checking.get() && self.member.with(Option::is_none)
    }

    pub fn is_offline(self) -> bool {
        self.offline.get()
    }

    /// Records a member the server has just confirmed.
    pub fn signed_in(self, me: Me) {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(CACHE_KEY, &crate::browser_json::me_json(&me));
        }
        self.offline.set(false);
        self.checking.set(false);
        self.member.set(Some(me));
    }

    /// Forgets the member here (the server's session is ended by the caller).
    pub fn clear(self) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(CACHE_KEY);
        }
        self.offline.set(false);
        self.checking.set(false);
        self.member.set(None);
    }

    /// Asks the server who the session belongs to and follows its answer.
    pub fn check(self) {
        let lang = self.i18n.lang_untracked();
        spawn_local(async move {
            match api::me(lang).await {
                Ok(me) => self.signed_in(me),
                Err(e) if e.is_unauthenticated() => self.clear(),
                Err(e) => {
                    // Keep whatever member is cached: offline start must stay possible.
                    self.offline.set(e == api::Error::Offline);
                    self.checking.set(false);
                }
            }
        });
    }
}

fn cached_member() -> Option<Me> {
    let json = local_storage()?.get_item(CACHE_KEY).ok()??;
    crate::browser_json::me(&json)
}

/// Creates the session context from the cache and starts checking it with the server;
/// checks again when the browser comes back online after an offline start.
pub fn provide_session(i18n: I18n) -> Session {
    let cached = cached_member();
    let session = Session {
        checking: RwSignal::new(cached.is_none()),
        member: RwSignal::new(cached),
        offline: RwSignal::new(false),
        i18n,
    };
    provide_context(session);
    session.check();
    let handle = window_event_listener(leptos::ev::online, move |_| {
        if session.offline.get_untracked() {
            session.check();
        }
    });
    on_cleanup(move || handle.remove());
    session
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
