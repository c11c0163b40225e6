//! 支部学习情况: the secretary's and committee's overview of the branch's study — each
//! member's 学时 against their target, the plan items they ticked, who is behind an even
//! pace — with the per-member target waivers and the branch's study settings.
//!
//! Members are listed as the server gives them, by name in pinyin order: never sorted by
//! hours, no ranks (积分排名 is what the regulations on government apps forbid). Everything
//! here is computed by the server from the members' own records, so this page needs the
//! network; offline it says so and offers to try again.

use crate::api;
use crate::components::charts::ProgressBar;
use crate::components::field::TextField;
use crate::components::form::{Alert, FormAlert, FormErrors, SubmitButton};
use crate::components::managers_only::ManagersOnly;
use crate::components::year_overview::{LoadStatus, YearChoice};
use crate::i18n::{I18n, PgKey, use_i18n};
use crate::session::{Session, use_session};
use leptos::prelude::*;
use zhibu_model::branch_study::{MemberStudy, StudySettingsInput};
use zhibu_model::rules::{
    MINUTES_PER_HOUR_RANGE, MINUTES_PER_STUDY_HOUR, STUDY_HOURS_CADRE, STUDY_HOURS_MEMBER,
    StudySettings, TARGET_HOURS_MAX,
};
use zhibu_model::{ErrorCode, FieldError, Lang, MemberId};

#[component]
pub fn BranchStudyPage() -> impl IntoView {
    view! {
        <ManagersOnly message=PgKey::BranchStudyOnly>
            <Overview />
        </ManagersOnly>
    }
}

/// The year in China now (the server's and the members' calendar).
pub fn this_year() -> i32 {
    let china = js_sys::Date::now() + 8.0 * 3_600_000.0;
    js_sys::Date::new(&china.into()).get_utc_full_year() as i32
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready,
    Failed(api::Error),
}

/// What the rows and the settings form share. Copy: only signals.
#[derive(Clone, Copy)]
struct Ctx {
    i18n: I18n,
    session: Session,
    year: RwSignal<i32>,
    members: RwSignal<Vec<MemberStudy>>,
    plan_items: RwSignal<u32>,
    settings: RwSignal<Option<StudySettings>>,
    /// Loads a year; `true` for a quiet refresh that keeps the list when it fails.
    load: Action<(i32, bool), ()>,
}

impl Ctx {
    /// Fetches the figures again after a change (the server computes them).
    fn refresh(self) {
        self.load.dispatch((self.year.get_untracked(), true));
    }
}

#[component]
fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let this_year = this_year();
    let year = RwSignal::new(this_year);
    let members = RwSignal::new(Vec::<MemberStudy>::new());
    let plan_items = RwSignal::new(0u32);
    let settings = RwSignal::new(None::<StudySettings>);
    let state = RwSignal::new(Load::Loading);

    let load = Action::new_local(move |&(y, quiet): &(i32, bool)| {
        let lang = i18n.lang_untracked();
        async move {
            let result = async {
                if settings.with_untracked(Option::is_none) {
                    settings.set(Some(api::study_profile(lang).await?.settings));
                }
                api::branch_study(y, lang).await
            }
            .await;
            // Another year was chosen meanwhile: its own answer will be shown.
            if year.get_untracked() != y {
                return;
            }
            match result {
                Ok(overview) => {
                    plan_items.set(overview.plan_items);
                    members.set(overview.members);
                    state.set(Load::Ready);
                }
                // The session ended elsewhere: the shell takes the member to log in.
                Err(e) if e.is_unauthenticated() => session.clear(),
                Err(_) if quiet => {}
                Err(e) => state.set(Load::Failed(e)),
            }
        }
    });
    let ctx = Ctx {
        i18n,
        session,
        year,
        members,
        plan_items,
        settings,
        load,
    };
    let reload = move || {
        state.set(Load::Loading);
        load.dispatch((year.get_untracked(), false));
    };
    reload();
    // Back online after failing for want of a connection: try again by itself.
    let online = window_event_listener(leptos::ev::online, move |_| {
        if state.with_untracked(|s| *s == Load::Failed(api::Error::Offline)) {
            reload();
        }
    });
    on_cleanup(move || online.remove());

    let failure = Signal::derive(move || {
        state.with(|s| match s {
            Load::Failed(e) => Some(e.message(i18n.lang())),
            _ => None,
        })
    });
    let ready = move || state.with(|s| *s == Load::Ready);

    view! {
        <section class="card" aria-labelledby="branch-study-heading">
            <h2 id="branch-study-heading">{i18n.tr(PgKey::BranchStudyTitle)}</h2>
            <YearChoice year pick=Callback::new(move |()| { members.set(Vec::new()); reload(); }) />
            <p class="muted">{i18n.tr(PgKey::BranchListedByLogin)}</p>
            <LoadStatus
                loading=Signal::derive(move || state.with(|s| *s == Load::Loading))
                failed=Signal::derive(move || failure.with(Option::is_some))
                failure
                retry=Callback::new(move |()| reload())
            />
            <p class="member-empty" hidden=move || !ready() || members.with(|m| !m.is_empty())>
                {i18n.tr(PgKey::BranchNoMembers)}
            </p>
            <ul class="member-study" hidden=move || !ready()>
                // In the server's order (by login); keyed, so a row keeps its focus when
                // the figures come again.
                <For
                    each=move || members.get()
                    key=|m| m.member_id
                    children=move |m| member_row(ctx, m.member_id)
                />
            </ul>
        </section>
        <Show when=move || settings.with(Option::is_some)>
            {settings_form(ctx)}
        </Show>
    }
}

/// One member: name and role, 学时 against the target, plan items done, whether behind
/// pace, and the waiver toggle.
fn member_row(ctx: Ctx, id: MemberId) -> impl IntoView {
    let Ctx {
        i18n,
        members,
        plan_items,
        settings,
        session,
        ..
    } = ctx;
    let row = Memo::new(move |_| members.with(|ms| ms.iter().find(|m| m.member_id == id).cloned()));
    let tenths = Signal::derive(move || row.with(|m| m.as_ref().map_or(0, |m| m.tenths)));
    let target = Signal::derive(move || row.with(|m| m.as_ref().and_then(|m| m.target_hours)));
    let name = move || row.with(|m| m.as_ref().map(|m| m.display_name.clone()));
    let role = move || row.with(|m| m.as_ref().map(|m| m.role.label(i18n.lang())));
    let behind = move || row.with(|m| m.as_ref().is_some_and(|m| m.behind));
    let done = move || row.with(|m| m.as_ref().map_or(0, |m| m.plan_done));
    let waived = move || target.with(Option::is_none);

    // After a PUT: the waiver now in force, to confirm; or why it failed.
    let saved = RwSignal::new(None::<bool>);
    let failed = RwSignal::new(None::<api::Error>);
    let put = Action::new_local(move |&waive: &bool| {
        let lang = i18n.lang_untracked();
        async move {
            match api::put_study_waiver(id, waive, lang).await {
                Ok(answer) => {
                    let s = settings.get_untracked().unwrap_or_default();
                    members.update(|ms| {
                        if let Some(m) = ms.iter_mut().find(|m| m.member_id == id) {
                            m.target_hours = s.target_hours(m.role, answer.waived);
                            m.behind &= !answer.waived;
                        }
                    });
                    saved.set(Some(answer.waived));
                    ctx.refresh();
                }
                Err(e) if e.is_unauthenticated() => session.clear(),
                Err(e) => failed.set(Some(e)),
            }
        }
    });
    let pending = put.pending();
    let confirmation = move || {
        saved.get().map(|w| {
            i18n.t(if w {
                PgKey::BranchWaiveSaved
            } else {
                PgKey::BranchRestoreSaved
            })
        })
    };
    let error = Signal::derive(move || failed.with(|e| e.as_ref().map(|e| e.message(i18n.lang()))));

    view! {
        <li>
            <p class="member-head">
                <span class="member-name">{name}</span>
                <span class="member-role">{role}</span>
                <span class="tag behind" hidden=move || !behind()>
                    {i18n.tr(PgKey::BranchBehind)}
                </span>
            </p>
            <ProgressBar tenths target_hours=target />
            <div class="member-foot">
                <span class="muted" hidden=move || plan_items.get() == 0>
                    {i18n.tr(PgKey::BranchPlanDone)}
                    " "
                    {done}
                    "/"
                    {move || plan_items.get()}
                </span>
                <button
                    class="button toggle"
                    type="button"
                    aria-pressed=move || if waived() { "true" } else { "false" }
                    disabled=move || pending.get()
                    on:click=move |_| {
                        saved.set(None);
                        failed.set(None);
                        put.dispatch(target.with_untracked(Option::is_some));
                    }
                >
                    {i18n.tr(PgKey::BranchWaive)}
                    // Which member, for a screen reader going from button to button.
                    <span class="visually-hidden">" · "{name}</span>
                </button>
            </div>
            <p class="row-ok" role="status" hidden=move || saved.with(Option::is_none)>
                {confirmation}
            </p>
            <Alert message=error />
        </li>
    }
}

/// A whole number as typed: empty is missing, anything else not a number is malformed.
fn number(field: &str, raw: &str) -> Result<i64, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    raw.parse()
        .map_err(|_| FieldError::new(field, ErrorCode::InvalidFormat))
}

/// The form's input, checked field by field in the form's order.
fn settings_input(
    minutes: &str,
    member: &str,
    cadre: &str,
) -> Result<StudySettingsInput, FieldError> {
    let input = StudySettingsInput {
        minutes_per_hour: number("minutes_per_hour", minutes)?,
        target_hours_member: number("target_hours_member", member)?,
        target_hours_cadre: number("target_hours_cadre", cadre)?,
    };
    input.parse()?;
    Ok(input)
}

/// The hint under a settings field: the allowed range and the rule's value and source.
fn settings_hint(lang: Lang, field: &str) -> String {
    let (lo, hi) = (MINUTES_PER_HOUR_RANGE.start(), MINUTES_PER_HOUR_RANGE.end());
    let max = TARGET_HOURS_MAX;
    let minutes = MINUTES_PER_STUDY_HOUR.value;
    let least = if field == "target_hours_cadre" {
        STUDY_HOURS_CADRE.value
    } else {
        STUDY_HOURS_MEMBER.value
    };
    match (lang, field) {
        (Lang::ZhCn, "minutes_per_hour") => {
            format!("{lo}–{hi} 分钟；通行做法为 1 学时 {minutes} 分钟")
        }
        (Lang::En, "minutes_per_hour") => {
            format!("{lo} to {hi} minutes; the common convention is {minutes}")
        }
        (Lang::ZhCn, _) => format!("0–{max} 学时；党员教育管理工作条例要求每年至少 {least} 学时"),
        (Lang::En, _) => format!(
            "0 to {max}; the Party member education regulations ask for at least {least} a year"
        ),
    }
}

/// The branch's settings: minutes per 学时 and the two annual targets.
fn settings_form(ctx: Ctx) -> impl IntoView {
    let Ctx {
        i18n,
        session,
        settings,
        ..
    } = ctx;
    let current = settings.get_untracked().unwrap_or_default();
    let minutes = RwSignal::new(current.minutes_per_hour.to_string());
    let member = RwSignal::new(current.target_hours_member.to_string());
    let cadre = RwSignal::new(current.target_hours_cadre.to_string());
    let errors = FormErrors::new();
    let done = RwSignal::new(false);

    let save = Action::new_local(move |input: &StudySettingsInput| {
        let input = input.clone();
        let lang = i18n.lang_untracked();
        async move {
            match api::put_study_settings(&input, lang).await {
                Ok(saved) => {
                    settings.set(Some(saved));
                    done.set(true);
                    ctx.refresh();
                }
                Err(e) if e.is_unauthenticated() => session.clear(),
                Err(e) => errors.refuse(e),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let input = settings_input(
            &minutes.get_untracked(),
            &member.get_untracked(),
            &cadre.get_untracked(),
        );
        if let Some(input) = errors.check(input) {
            save.dispatch(input);
        }
    };
    let hint = |field: &'static str| Signal::derive(move || settings_hint(i18n.lang(), field));

    view! {
        <section class="card" aria-labelledby="study-settings-heading">
            <h2 id="study-settings-heading">{i18n.tr(PgKey::BranchSettings)}</h2>
            <form novalidate on:submit=on_submit>
                <TextField
                    id="minutes_per_hour"
                    label=PgKey::SettingMinutesPerHour
                    kind="number"
                    autocomplete="off"
                    value=minutes
                    error=errors.for_field("minutes_per_hour")
                    hint=hint("minutes_per_hour")
                />
                <TextField
                    id="target_hours_member"
                    label=PgKey::SettingTargetMember
                    kind="number"
                    autocomplete="off"
                    value=member
                    error=errors.for_field("target_hours_member")
                    hint=hint("target_hours_member")
                />
                <TextField
                    id="target_hours_cadre"
                    label=PgKey::SettingTargetCadre
                    kind="number"
                    autocomplete="off"
                    value=cadre
                    error=errors.for_field("target_hours_cadre")
                    hint=hint("target_hours_cadre")
                />
                <FormAlert errors />
                <p class="form-ok" role="status" hidden=move || !done.get()>
                    {i18n.tr(PgKey::SettingsSaved)}
                </p>
                <SubmitButton
                    pending=save.pending()
                    idle=PgKey::SettingsSave
                    busy=PgKey::Saving
                    class="button primary"
                />
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::t;
    use zhibu_model::error::field_label;

    #[test]
    fn field_labels_match_the_models_error_messages() {
        let pairs = [
            (PgKey::SettingMinutesPerHour, "minutes_per_hour"),
            (PgKey::SettingTargetMember, "target_hours_member"),
            (PgKey::SettingTargetCadre, "target_hours_cadre"),
        ];
        for lang in Lang::ALL {
            for (key, field) in pairs {
                assert_eq!(t(lang, key), field_label(field, lang));
            }
        }
    }

    #[test]
    fn settings_are_checked_in_the_forms_order() {
        let e = settings_input("", "x", "-1").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("minutes_per_hour", ErrorCode::Required)
        );
        let e = settings_input("45", "3.5", "56").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("target_hours_member", ErrorCode::InvalidFormat)
        );
        let e = settings_input("45", "32", "201").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("target_hours_cadre", ErrorCode::TooLarge)
        );
        let e = settings_input("90", "32", "56").unwrap_err();
        assert_eq!(e.field, "minutes_per_hour");
        let ok = settings_input(" 45 ", "32", "56").unwrap();
        assert_eq!(ok, StudySettingsInput::from(StudySettings::default()));
    }

    #[test]
    fn hints_carry_the_rules_values() {
        assert!(settings_hint(Lang::ZhCn, "minutes_per_hour").contains("30–60"));
        assert!(settings_hint(Lang::ZhCn, "target_hours_cadre").contains("56"));
        assert!(settings_hint(Lang::En, "target_hours_member").contains("32"));
    }
}
