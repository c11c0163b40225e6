//! 管理: the organisation's administrators and the branch secretaries set up and keep the
//! roll — branches and their committees, members, the roster import, activation codes,
//! transfers and departures, the audit log and the members' 意见建议.
//!
//! Decisions:
//! - These pages talk to the server directly (`api.rs`) and are online only: they change
//!   the organisation's roll, which two people must not edit apart offline. Offline they
//!   say so and change nothing; nothing a member types goes through them.
//! - What a page offers follows the session's role ([`Scope`]), but the server decides:
//!   a button shown to someone it would refuse is a bug, a refusal is still worded.
//! - One part of the app (one wasm chunk, `org`) and one stylesheet (`style/pages/org.css`):
//!   a member never downloads them. On a desk the pages widen and lists become tables.

pub mod api;
pub mod audit;
pub mod branch;
pub mod codes;
pub mod feedback;
pub mod home;
pub mod import;
pub mod member;
pub mod member_new;
pub mod members;
pub mod strings;

use crate::components::form::FormErrors;
use crate::i18n::{Key, use_i18n};
use crate::router::Route;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use strings::OrgKey;
use zhibu_model::{BranchId, Lang, Role};

/// What the session may do in 管理.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The whole organisation.
    Admin,
    /// Their own branch: its members and 党小组 (the secretary changes them; the
    /// committee reads).
    Branch { branch: BranchId, manages: bool },
    /// Nothing here.
    None,
}

impl Scope {
    pub fn of(role: Role, branch: Option<BranchId>) -> Scope {
        match (role, branch) {
            (Role::Admin, _) => Scope::Admin,
            (Role::Secretary, Some(branch)) => Scope::Branch {
                branch,
                manages: true,
            },
            (Role::Committee, Some(branch)) => Scope::Branch {
                branch,
                manages: false,
            },
            _ => Scope::None,
        }
    }

    /// May change members of `branch` (add, edit, codes, transfer out, deactivate).
    pub fn manages(self, branch: Option<BranchId>) -> bool {
        match self {
            Scope::Admin => true,
            Scope::Branch {
                branch: own,
                manages,
            } => manages && branch == Some(own),
            Scope::None => false,
        }
    }

    pub fn is_admin(self) -> bool {
        self == Scope::Admin
    }
}

/// The session's scope, reactively.
pub fn use_scope() -> Signal<Scope> {
    let session = use_session();
    Signal::derive(move || {
        session.with_member(|m| m.map_or(Scope::None, |m| Scope::of(m.role, m.branch_id)))
    })
}

/// What a request has given so far: nothing yet, the server's answer, or why not.
pub type Loaded<T> = RwSignal<Option<Result<T, String>>>;

/// Starts `request` and puts its answer (or its error, worded) into `into`.
pub fn fill<T: Send + Sync + 'static>(
    into: Loaded<T>,
    lang: Lang,
    request: impl Future<Output = Result<T, crate::api::Error>> + 'static,
) {
    spawn_local(async move {
        into.set(Some(request.await.map_err(|e| e.message(lang))));
    });
}

/// The frame of every 管理 page: its heading and the links between the pages the
/// session may open. Anyone else reads why there is nothing here.
#[component]
pub fn OrgPage(#[prop(into)] title: Signal<String>, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let links = move || {
        let mut links = vec![
            (Route::OrgHome, OrgKey::Organisation),
            (Route::OrgMembers, OrgKey::Members),
        ];
        if scope.get().is_admin() {
            links.extend([
                (Route::OrgImport, OrgKey::Import),
                (Route::OrgFeedback, OrgKey::FeedbackInbox),
                (Route::OrgAudit, OrgKey::AuditLog),
            ]);
        }
        links
    };
    view! {
        <div class="org-page">
            <Show
                when=move || scope.get() != Scope::None
                fallback=move || view! {
                    <section class="card" data-testid="managers-only">
                        <p>{i18n.tr(OrgKey::NotForYou)}</p>
                        <div class="actions"><a class="button secondary" href="/">{i18n.tr(Key::BackHome)}</a></div>
                    </section>
                }
            >
                <nav class="org-links" aria-label=i18n.tr(OrgKey::OrgNav)>
                    {move || links().into_iter().map(|(route, key)| view! {
                        <a href=route.href()>{i18n.tr(key)}</a>
                    }).collect_view()}
                </nav>
                <h1 class="org-title">{move || title.get()}</h1>
                {children()}
            </Show>
        </div>
    }
}

/// A request under way or refused: "loading", or the reason and a retry.
#[component]
pub fn Waiting<T: Send + Sync + 'static>(
    state: Loaded<T>,
    retry: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match state.with(|s| s.as_ref().map(|r| r.as_ref().err().cloned())) {
        None => Some(view! { <p class="muted" role="status">{i18n.tr(Key::Loading)}</p> }.into_any()),
        Some(Some(message)) => Some(view! {
            <p class="form-error" role="alert">{message}</p>
            <div class="actions">
                <button class="button secondary" type="button" on:click=move |_| retry()>{i18n.tr(Key::Retry)}</button>
            </div>
        }.into_any()),
        Some(None) => None,
    }
    }
}

/// Today on the phone, as a date field's value.
pub fn today_value() -> String {
    crate::records::today().to_string()
}

/// Sends a form whose input has parsed: `pending` while the request is under way, the
/// server's refusal shown on its field (or above the form), `done` with the answer.
pub fn send<T: 'static>(
    errors: FormErrors,
    pending: RwSignal<bool>,
    request: impl Future<Output = Result<T, crate::api::Error>> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    pending.set(true);
    spawn_local(async move {
        match request.await {
            Ok(answer) => done(answer),
            Err(e) => errors.refuse(e),
        }
        pending.set(false);
    });
}

/// A 管理 page of the record its address names (a branch, a member): fetched from the
/// server, titled with its name, drawn by `draw` with a way to fetch it again after a
/// change.
#[component]
pub fn RecordPage<T, F>(
    fetch: fn(zhibu_model::Uuid, Lang) -> F,
    name: fn(&T) -> String,
    untitled: OrgKey,
    draw: fn(T, Callback<()>) -> AnyView,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Future<Output = Result<T, crate::api::Error>> + 'static,
{
    let i18n = use_i18n();
    let id = crate::router::use_routing()
        .route_untracked()
        .id()
        .unwrap_or_default();
    let record: Loaded<T> = RwSignal::new(None);
    let load = move || {
        let lang = i18n.lang_untracked();
        fill(record, lang, fetch(id, lang));
    };
    load();
    let reload = Callback::new(move |()| load());
    let title = Signal::derive(move || {
        record.with(|r| match r {
            Some(Ok(r)) => name(r),
            _ => i18n.t(untitled).to_owned(),
        })
    });
    view! {
        <OrgPage title>
            <Waiting state=record retry=load />
            {move || record.get().and_then(Result::ok).map(|r| draw(r, reload))}
        </OrgPage>
    }
}
