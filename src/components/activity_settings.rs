//! The branch's activity settings, for its secretary and committee: self check-in on or
//! off, and the 三会一课 rules the compliance view counts (how often each kind is due, and
//! the rule it comes from), e.g. 党课 every half-year instead of every quarter. One copy
//! of the settings feeds both, so saving one never reverts the other. Online only: the
//! server audits every change.

use crate::api;
use crate::event_records::cached;
use crate::i18n::{EvKey, local_storage, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::compliance::Period;
use zhibu_model::event_settings::{EventSettings, EventSettingsInput, RequirementInput};

const CACHE: &str = "zhibu.event_settings";

#[component]
pub fn ActivitySettings() -> impl IntoView {
    let i18n = use_i18n();
    let settings = cached(CACHE.to_owned(), api::event_settings(i18n.lang_untracked()));
    let error = RwSignal::new(None::<String>);
    let save = move |input: EventSettingsInput| {
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::put_event_settings(&input, lang).await {
                Ok(saved) => {
                    error.set(None);
                    if let (Some(s), Ok(json)) = (local_storage(), serde_json::to_string(&saved)) {
                        let _ = s.set_item(CACHE, &json);
                    }
                    settings.set(Some(saved));
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <SelfCheckInSwitch settings save />
        <Requirements settings save />
        <p class="field-error" role="alert" hidden=move || error.with(Option::is_none)>
            {move || error.get()}
        </p>
    }
}

/// The settings as an input to save again (each caller changes one part of it).
fn input_of(s: &EventSettings) -> EventSettingsInput {
    EventSettingsInput {
        self_check_in: s.self_check_in,
        requirements: s
            .requirements
            .as_ref()
            .map(|rs| rs.iter().cloned().map(RequirementInput::from).collect()),
    }
}

#[component]
fn SelfCheckInSwitch(
    settings: RwSignal<Option<EventSettings>>,
    save: impl Fn(EventSettingsInput) + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let on = move || settings.with(|s| s.as_ref().is_some_and(|s| s.self_check_in));
    let toggle = move |_| {
        if let Some(current) = settings.get_untracked() {
            save(EventSettingsInput {
                self_check_in: !current.self_check_in,
                ..input_of(&current)
            });
        }
    };
    view! {
        <section class="card">
            <h2>{i18n.tr(EvKey::SelfCheckIn)}</h2>
            <p class="muted">{i18n.tr(EvKey::SelfCheckInAbout)}</p>
            <label class="switch">
                <input
                    type="checkbox"
                    role="switch"
                    prop:checked=on
                    disabled=move || settings.with(Option::is_none)
                    on:change=toggle
                />
                <span>{i18n.tr(EvKey::SelfCheckInOn)}</span>
            </label>
        </section>
    }
}

#[component]
fn Requirements(
    settings: RwSignal<Option<EventSettings>>,
    save: impl Fn(EventSettingsInput) + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    // The rules as being edited, one entry a kind; set from the saved ones whenever
    // those change. Plain values, so a re-render never loses what was typed.
    let draft = RwSignal::new(Vec::<RequirementInput>::new());
    Effect::new(move || {
        let saved = settings.with(|s| s.as_ref().map(EventSettings::requirements));
        draft.set(
            saved
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
        );
    });
    // Only a change in the number of rules re-renders the list (typing must keep focus).
    let count = Memo::new(move |_| draft.with(Vec::len));
    let own = move || settings.with(|s| s.as_ref().is_some_and(|s| s.requirements.is_some()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(current) = settings.get_untracked() else {
            return;
        };
        save(EventSettingsInput {
            requirements: Some(draft.get_untracked()),
            ..input_of(&current)
        });
    };
    let reset = move |_| {
        if let Some(current) = settings.get_untracked() {
            save(EventSettingsInput {
                requirements: None,
                ..input_of(&current)
            });
        }
    };
    view! {
        <section class="card" aria-labelledby="rules-heading">
            <h2 id="rules-heading">{i18n.tr(EvKey::Rules)}</h2>
            <p class="muted">
                {move || i18n.t(if own() { EvKey::RulesOwn } else { EvKey::RulesDefault })}
            </p>
            <form class="rules" novalidate on:submit=submit>
                <ul class="rules-list">
                    {move || (0..count.get()).map(|i| {
                        let field = move |f: fn(&RequirementInput) -> String| {
                            move || draft.with(|d| d.get(i).map(f).unwrap_or_default())
                        };
                        let edit = move |f: fn(&mut RequirementInput, String)| {
                            move |ev| draft.update(|d| if let Some(r) = d.get_mut(i) { f(r, event_target_value(&ev)) })
                        };
                        let kind = move || {
                            draft.with(|d| d.get(i).map(|r| {
                                let mut label = r.kind.label(i18n.lang()).to_owned();
                                if r.by_secretary {
                                    label.push_str(i18n.t(EvKey::BySecretary));
                                }
                                label
                            }).unwrap_or_default())
                        };
                        let per = move || draft.with(|d| d.get(i).map(|r| r.per));
                        let (per_id, times_id, source_id) =
                            (format!("rule-{i}-per"), format!("rule-{i}-times"), format!("rule-{i}-source"));
                        view! {
                            <li class="rule" data-testid="rule">
                                <h3 class="rule-kind">{kind}</h3>
                                <div class="rule-fields">
                                    <label for=per_id.clone()>{i18n.tr(EvKey::RulePer)}</label>
                                    <select
                                        id=per_id
                                        on:change=edit(|r, v| if let Some(p) = Period::parse(&v) { r.per = p })
                                    >
                                        {Period::ALL.into_iter().map(|p| view! {
                                            <option value=p.as_str() selected=move || per() == Some(p)>
                                                {move || p.every(i18n.lang())}
                                            </option>
                                        }).collect_view()}
                                    </select>
                                    <label for=times_id.clone()>{i18n.tr(EvKey::RuleTimes)}</label>
                                    <input
                                        id=times_id
                                        type="number"
                                        inputmode="numeric"
                                        prop:value=field(|r| r.times.to_string())
                                        // Not a number is kept as 0, which the model refuses on `requirements`.
                                        on:input=edit(|r, v| r.times = v.trim().parse().unwrap_or(0))
                                    />
                                    <label for=source_id.clone()>{i18n.tr(EvKey::RuleSource)}</label>
                                    // A rule's source is a sentence: it wraps rather than cut off.
                                    <textarea
                                        id=source_id
                                        rows="2"
                                        prop:value=field(|r| r.source.clone())
                                        on:input=edit(|r, v| r.source = v)
                                    ></textarea>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="actions">
                    <button type="submit" class="button" disabled=move || settings.with(Option::is_none)>
                        {i18n.tr(EvKey::RulesSave)}
                    </button>
                    <button type="button" class="button secondary" hidden=move || !own() on:click=reset>
                        {i18n.tr(EvKey::RulesReset)}
                    </button>
                </div>
            </form>
        </section>
    }
}
