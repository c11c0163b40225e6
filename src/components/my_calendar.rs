//! 我的 › 我的日历: the member's private calendar feed (made, renewed or stopped here) and
//! whether their 政治生日 shows on the branch calendar. Account settings, so online only:
//! a failure says why and changes nothing.

use crate::api;
use crate::i18n::{EvKey, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn MyCalendar() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="my-calendar-heading">
            <h2 id="my-calendar-heading">{i18n.tr(EvKey::MyCalendar)}</h2>
            <BirthdaySwitch />
            <CalendarFeed />
        </section>
    }
}

#[component]
fn BirthdaySwitch() -> impl IntoView {
    let i18n = use_i18n();
    let hidden = LocalResource::new(move || api::birthday_visibility(None, i18n.lang_untracked()));
    let shown = RwSignal::new(None::<bool>);
    Effect::new(move || {
        if let Some(Ok(v)) = hidden.get() {
            shown.set(Some(!v.hidden));
        }
    });
    let error = RwSignal::new(None::<String>);
    let toggle = move |_| {
        let Some(now_shown) = shown.get_untracked() else {
            return;
        };
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::birthday_visibility(Some(now_shown), lang).await {
                Ok(v) => {
                    error.set(None);
                    shown.set(Some(!v.hidden));
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <label class="switch">
            <input
                type="checkbox"
                role="switch"
                prop:checked=move || shown.get().unwrap_or(false)
                disabled=move || shown.get().is_none()
                on:change=toggle
            />
            <span>{i18n.tr(EvKey::ShowMyBirthday)}</span>
        </label>
        <p class="field-error" role="alert" hidden=move || error.with(Option::is_none)>
            {move || error.get()}
        </p>
    }
}

#[component]
fn CalendarFeed() -> impl IntoView {
    let i18n = use_i18n();
    // Only the token's hash is kept on the server, so an address is shown once, when made.
    let address = RwSignal::new(None::<String>);
    let revoked = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let make = move |_| {
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::create_calendar_feed(lang).await {
                Ok(feed) => {
                    let origin = web_sys::window()
                        .and_then(|w| w.location().origin().ok())
                        .unwrap_or_default();
                    error.set(None);
                    revoked.set(false);
                    address.set(Some(format!("{origin}{}", feed.path)));
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let stop = move |_| {
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::revoke_calendar_feed(lang).await {
                Ok(()) => {
                    error.set(None);
                    address.set(None);
                    revoked.set(true);
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <p class="muted">{i18n.tr(EvKey::FeedAbout)}</p>
        <div class="field" hidden=move || address.with(Option::is_none)>
            <label for="feed-address">{i18n.tr(EvKey::FeedNew)}</label>
            <input
                id="feed-address"
                type="text"
                readonly
                data-testid="feed-address"
                prop:value=move || address.get().unwrap_or_default()
            />
        </div>
        <p class="muted" role="status" hidden=move || !revoked.get()>
            {i18n.tr(EvKey::FeedRevoked)}
        </p>
        <div class="actions">
            <button type="button" class="button secondary" on:click=make>
                {move || {
                    if address.with(Option::is_some) {
                        i18n.t(EvKey::FeedRenew)
                    } else {
                        i18n.t(EvKey::FeedCreate)
                    }
                }}
            </button>
            <button type="button" class="button secondary" on:click=stop>
                {i18n.tr(EvKey::FeedRevoke)}
            </button>
        </div>
        <p class="field-error" role="alert" hidden=move || error.with(Option::is_none)>
            {move || error.get()}
        </p>
    }
}
