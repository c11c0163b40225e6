//! 践诺: how each commitment of a signed 承诺践诺 pledge is kept — the summary per item
//! (the model's `year_summary`, the same figures the secretary sees, with the entries on
//! the versions this one amends carried over by the model's `carried_item`), the dated entries,
//! and a form to add one. Entries are the member's own records, saved through the sync
//! engine, so this works offline.

use crate::components::field::{InputField, SelectField, TextAreaField};
use crate::components::form::{Alert, FormErrors};
use crate::components::saved_notice::SavedNotice;
use crate::i18n::{PgKey, PlKey, date, use_i18n};
use crate::records::{self, Entry, today};
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::error::field_label;
use zhibu_model::pledge::{
    FollowStatus, Pledge, PledgeProgress, PledgeProgressInput, StatusCounts, carried_item,
    year_summary,
};
use zhibu_model::sync::{Change, RecordKind};
use zhibu_model::{Lang, Uuid};

#[component]
pub fn PledgeFollow(
    pledge_id: Uuid,
    pledge: Pledge,
    /// The member's versions: entries on the versions this one amends count here too.
    mine: Memo<Vec<Entry<Pledge>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let text = pledge.text.clone();
    let entries = Memo::new(move |_| {
        mine.with(|l| {
            let versions: Vec<(Uuid, &Pledge)> = l.iter().map(|e| (e.id, &e.data)).collect();
            records::pledge_progress(engine)
                .into_iter()
                .filter_map(|e| {
                    let item = carried_item((pledge_id, &pledge), &versions, &e.data)?;
                    Some(Entry {
                        data: PledgeProgress {
                            pledge_id,
                            item,
                            ..e.data
                        },
                        ..e
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let summary = {
        let text = text.clone();
        Memo::new(move |_| {
            entries.with(|l| {
                let given: Vec<PledgeProgress> = l.iter().map(|e| e.data.clone()).collect();
                year_summary(pledge_id, &text, &given)
            })
        })
    };
    let amended = move || {
        mine.with(|l| {
            l.iter()
                .any(|e| e.data.replaces == Some(pledge_id) && e.data.is_signed())
        })
    };
    let totals = move || summary.with(|s| counts_text(i18n.lang(), &s.totals));
    view! {
        <section class="card pledge-follow" aria-labelledby="follow-heading">
            <h2 id="follow-heading">{i18n.tr(PlKey::FollowThrough)}</h2>
            <p class="muted" data-testid="follow-totals">{totals}</p>
            <ol class="follow-items">
                {move || {
                    summary
                        .get()
                        .items
                        .into_iter()
                        .map(|item| {
                            let n = item.item;
                            let mine: Vec<Entry<PledgeProgress>> = entries
                                .with(|l| l.iter().filter(|e| e.data.item == n).cloned().collect());
                            let latest = item.latest;
                            view! {
                                <li class="follow-item">
                                    <p class="follow-text">{item.text}</p>
                                    {latest.map(|s| view! { <StatusBadge status=s /> })}
                                    <ul class="follow-entries">
                                        {mine.into_iter().map(|e| view! { <EntryRow entry=e /> }).collect_view()}
                                    </ul>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            // Progress is recorded on the version in force; an amended one is history.
            <div hidden=amended>
                <EntryForm pledge_id items=text.items />
            </div>
        </section>
    }
}

#[component]
fn StatusBadge(status: FollowStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge follow-{}", status.as_str())>{move || status.label(i18n.lang())}</span>
    }
}

#[component]
fn EntryRow(entry: Entry<PledgeProgress>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let e = entry.data;
    let day = e.date;
    let said = if e.status == FollowStatus::NotDone {
        e.reason.clone()
    } else {
        e.done.clone()
    };
    let id = entry.id;
    let remove = move |_| {
        spawn_local(async move {
            let _ = engine
                .save(RecordKind::PledgeProgress, id, Change::PledgeProgressDelete)
                .await;
        });
    };
    view! {
        <li class="follow-entry">
            <p class="record-meta">
                {move || date(i18n.lang(), day)}
                " "
                <StatusBadge status=e.status />
                {entry.pending.then(|| view! { <span class="badge">{i18n.tr(PgKey::PendingBadge)}</span> })}
            </p>
            <p class="follow-said">{said}</p>
            {entry.refused.map(|r| view! { <p class="field-error" role="alert">{r.message}</p> })}
            <button class="button secondary follow-remove" type="button" on:click=remove>{i18n.tr(PgKey::Delete)}</button>
        </li>
    }
}

#[component]
fn EntryForm(pledge_id: Uuid, items: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let item = RwSignal::new("0".to_owned());
    let day = RwSignal::new(today().to_string());
    let status = RwSignal::new(FollowStatus::InProgress.as_str().to_owned());
    let done = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let failed = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let not_done = move || status.with(|s| s == FollowStatus::NotDone.as_str());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let input = PledgeProgressInput {
            pledge_id: Some(pledge_id),
            item: item.get_untracked().parse().unwrap_or(-1),
            date: day.get_untracked(),
            done: done.get_untracked(),
            status: status.get_untracked(),
            reason: if not_done() {
                reason.get_untracked()
            } else {
                String::new()
            },
        };
        if errors.check(input.parse(today())).is_none() {
            return;
        }
        spawn_local(async move {
            match engine
                .save(
                    RecordKind::PledgeProgress,
                    Uuid::now_v7(),
                    Change::PledgeProgressPut(input),
                )
                .await
            {
                Ok(()) => {
                    done.set(String::new());
                    reason.set(String::new());
                    saved.set(true);
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let label = move |field: &'static str| move || field_label(field, i18n.lang()).to_owned();
    view! {
        <form class="form follow-form" novalidate on:submit=submit>
            <h3>{i18n.tr(PlKey::AddEntry)}</h3>
            <Alert message=failed.into() />
            <SelectField id="item" label=label("item") value=item error=errors.for_field("item")>
                {items
                    .into_iter()
                    .enumerate()
                    .map(|(i, text)| {
                        let value = i.to_string();
                        let shown = format!("{}. {}", i + 1, short(&text));
                        view! { <option value=value.clone() selected=move || item.get() == value>{shown}</option> }
                    })
                    .collect_view()}
            </SelectField>
            <InputField id="date" kind="date" label=label("date") value=day error=errors.for_field("date") />
            <SelectField id="status" label=label("status") value=status error=errors.for_field("status")>
                {FollowStatus::ALL
                    .into_iter()
                    .map(|s| {
                        view! {
                            <option value=s.as_str() selected=move || status.get() == s.as_str()>
                                {move || s.label(i18n.lang())}
                            </option>
                        }
                    })
                    .collect_view()}
            </SelectField>
            <TextAreaField id="done" label=label("done") value=done error=errors.for_field("done") rows=3 />
            <div hidden=move || !not_done()>
                <TextAreaField
                    id="not_done_reason"
                    label=label("not_done_reason")
                    value=reason
                    error=errors.for_field("not_done_reason")
                    rows=2
                />
            </div>
            <SavedNotice shown=saved />
            <div class="form-actions">
                <button class="button primary" type="submit">{i18n.tr(PgKey::Save)}</button>
            </div>
        </form>
    }
}

/// An item's first words, for the picker (items may be long).
fn short(text: &str) -> String {
    const MAX: usize = 24;
    let mut out: String = text.chars().take(MAX).collect();
    if text.chars().count() > MAX {
        out.push('…');
    }
    out
}

fn counts_text(lang: Lang, c: &StatusCounts) -> String {
    match lang {
        Lang::ZhCn => format!(
            "践诺记录 {} 条：进行中 {}，已完成 {}，未完成 {}",
            c.total(),
            c.in_progress,
            c.done,
            c.not_done
        ),
        Lang::En => format!(
            "{} entries: {} in progress, {} done, {} not done",
            c.total(),
            c.in_progress,
            c.done,
            c.not_done
        ),
    }
}
