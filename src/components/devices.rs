//! 我的 › 登录设备: where the member is signed in (one line per live session: browser and
//! system, when it logged in and was last used, this phone marked) and a button to end
//! any other one — a lost phone, a shared office computer. Account settings, so online
//! only: offline it says why and changes nothing. This phone's own session ends with 退出登录.

use crate::api;
use crate::i18n::{Key, PgKey, date, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::Lang;
use zhibu_model::chrono::DateTime;
use zhibu_model::device::DeviceSession;
use zhibu_model::event::to_china_local;

#[component]
pub fn Devices() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<DeviceSession>, String>>);
    let load = move || {
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            list.set(Some(api::sessions(lang).await.map_err(|e| e.message(lang))));
        });
    };
    load();
    let failed = RwSignal::new(None::<String>);
    let end = move |id: String| {
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::end_session(&id, lang).await {
                Ok(()) => {
                    failed.set(None);
                    list.update(|l| {
                        if let Some(Ok(l)) = l {
                            l.retain(|d| d.id != id);
                        }
                    });
                }
                Err(e) => failed.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="devices-heading">
            <h2 id="devices-heading">{i18n.tr(PgKey::Devices)}</h2>
            <p class="field-error" role="alert" hidden=move || failed.with(Option::is_none)>{move || failed.get()}</p>
            {move || match list.get() {
                None => view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }.into_any(),
                Some(Err(message)) => view! {
                    <p class="muted" role="status">{message}</p>
                    <div class="actions">
                        <button class="button secondary" type="button" on:click=move |_| load()>{i18n.tr(Key::Retry)}</button>
                    </div>
                }.into_any(),
                Some(Ok(devices)) => view! {
                    <ul class="records devices" data-testid="devices">
                        {devices.into_iter().map(|d| view! { <Device device=d end /> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Device(
    device: DeviceSession,
    end: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let DeviceSession {
        id,
        created_at,
        last_seen_at,
        user_agent,
        current,
    } = device;
    let name = if user_agent.is_empty() {
        None
    } else {
        Some(user_agent)
    };
    let meta = move || {
        let lang = i18n.lang();
        format!(
            "{} {} · {} {}",
            i18n.t(PgKey::SignedInOn),
            when(lang, created_at),
            i18n.t(PgKey::LastUsed),
            when(lang, last_seen_at)
        )
    };
    view! {
        <li class="record device" data-testid="device">
            <span class="record-topic">
                {move || name.clone().unwrap_or_else(|| i18n.t(PgKey::UnknownDevice).to_owned())}
                {current.then(|| view! { " " <span class="badge">{i18n.tr(PgKey::ThisDevice)}</span> })}
            </span>
            <span class="record-meta">{meta}</span>
            {(!current).then(|| view! {
                <div class="actions">
                    <button class="button secondary" type="button" on:click=move |_| end(id.clone())>
                        {i18n.tr(PgKey::EndSession)}
                    </button>
                </div>
            })}
        </li>
    }
}

/// "2026年12月3日 14:05" on China's clock.
fn when(lang: Lang, millis: i64) -> String {
    DateTime::from_timestamp_millis(millis).map_or_else(String::new, |t| {
        let local = to_china_local(t);
        format!("{} {}", date(lang, local.date()), local.format("%H:%M"))
    })
}
