//! What the branch overviews that the server compiles (谈话, 承诺) share: the year they
//! are for (this year or last), loading by year with only the latest answer shown, a
//! retry, and asking again when the connection comes back. Offline they say so rather
//! than show an old figure as if it were current.

use crate::api;
use crate::components::form::Alert;
use crate::i18n::{Key, PgKey, use_i18n};
use crate::pages::branch_study::this_year;
use crate::session::use_session;
use leptos::prelude::*;
use std::future::Future;
use zhibu_model::Lang;

#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(api::Error),
}

/// One overview's year and answer.
pub struct YearOverview<T: Send + Sync + 'static> {
    pub year: RwSignal<i32>,
    pub state: RwSignal<Load<T>>,
    latest: StoredValue<u32>,
    load: Action<(i32, u32), ()>,
}

impl<T: Send + Sync + 'static> Clone for YearOverview<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for YearOverview<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> YearOverview<T> {
    /// Starts loading this year's overview with `fetch`.
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn(i32, Lang) -> Fut + Copy + 'static,
        Fut: Future<Output = Result<T, api::Error>> + 'static,
    {
        let i18n = use_i18n();
        let session = use_session();
        let year = RwSignal::new(this_year());
        let state = RwSignal::new(Load::Loading);
        // Only the latest request's answer is shown: reloads may overlap.
        let latest = StoredValue::new(0_u32);
        let load = Action::new_local(move |&(y, n): &(i32, u32)| {
            let lang = i18n.lang_untracked();
            async move {
                let result = fetch(y, lang).await;
                if latest.get_value() != n {
                    return;
                }
                match result {
                    Ok(o) => state.set(Load::Ready(o)),
                    Err(e) if e.is_unauthenticated() => session.clear(),
                    Err(e) => state.set(Load::Failed(e)),
                }
            }
        });
        let overview = YearOverview {
            year,
            state,
            latest,
            load,
        };
        overview.reload();
        let online = window_event_listener(leptos::ev::online, move |_| {
            if overview.offline_untracked() {
                overview.reload();
            }
        });
        on_cleanup(move || online.remove());
        overview
    }

    /// Asks again, keeping what is shown until the answer comes.
    pub fn refresh(self) {
        self.latest.update_value(|n| *n += 1);
        self.load
            .dispatch((self.year.get_untracked(), self.latest.get_value()));
    }

    /// Asks again, showing that it is loading.
    pub fn reload(self) {
        self.state.set(Load::Loading);
        self.refresh();
    }

    /// The answer, once there is one (tracked).
    pub fn ready(self) -> Option<T> {
        self.state.with(|s| match s {
            Load::Ready(o) => Some(o.clone()),
            _ => None,
        })
    }

    pub fn loading(self) -> bool {
        self.state.with(|s| *s == Load::Loading)
    }

    pub fn failed(self) -> bool {
        self.state.with(|s| matches!(s, Load::Failed(_)))
    }

    pub fn offline(self) -> bool {
        self.state.with(|s| *s == Load::Failed(api::Error::Offline))
    }

    fn offline_untracked(self) -> bool {
        self.state
            .with_untracked(|s| *s == Load::Failed(api::Error::Offline))
    }

    /// The failure in the member's language; `offline_too` false leaves out the lost
    /// connection (for a page that says so in its own words).
    pub fn failure(self, offline_too: bool) -> Signal<Option<String>> {
        let i18n = use_i18n();
        Signal::derive(move || {
            self.state.with(|s| match s {
                Load::Failed(api::Error::Offline) if !offline_too => None,
                Load::Failed(e) => Some(e.message(i18n.lang())),
                _ => None,
            })
        })
    }
}

/// This year or last: picking one loads its overview.
#[component]
pub fn YearChoice(year: RwSignal<i32>, pick: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let this_year = this_year();
    view! {
        <div class="segmented year-choice" role="group" aria-label=i18n.tr(PgKey::BranchYear)>
            {[this_year, this_year - 1]
                .into_iter()
                .map(|y| {
                    view! {
                        <button
                            type="button"
                            aria-pressed=move || if year.get() == y { "true" } else { "false" }
                            on:click=move |_| {
                                if year.get_untracked() != y {
                                    year.set(y);
                                    pick.run(());
                                }
                            }
                        >
                            {y}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// "Loading", or the failure with a retry (and `children`, a page's own words for it).
#[component]
pub fn LoadStatus(
    loading: Signal<bool>,
    failed: Signal<bool>,
    failure: Signal<Option<String>>,
    retry: Callback<()>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="muted" role="status" hidden=move || !loading.get()>{i18n.tr(Key::Loading)}</p>
        <div hidden=move || !failed.get()>
            {children.map(|c| c())}
            <Alert message=failure />
            <button class="button" type="button" on:click=move |_| retry.run(())>{i18n.tr(Key::Retry)}</button>
        </div>
    }
}
