//! 谈话 (`/talks`): the talks the member wrote or is named in, each with its kind, date,
//! counterparts and confirmation status, and whom the member still owes a talk this year
//! (the model's coverage over the branch roster). All from the phone's local store.

use crate::components::saved_notice::SavedNotice;
use crate::components::talk_status::TalkStatusBadge;
use crate::i18n::{PgKey, date, use_i18n};
use crate::pages::study::Refused;
use crate::records::{self, TalkEntry, name_of, today};
use crate::router::use_routing;
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use zhibu_model::account::RosterMember;
use zhibu_model::chrono::Datelike;
use zhibu_model::{Lang, MemberId};

#[component]
pub fn TalksPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let session = use_session();
    let routing = use_routing();
    let saved = move || routing.query("saved").is_some();
    let me = session
        .with_member(|m| m.map(|m| m.id))
        .unwrap_or(MemberId(zhibu_model::Uuid::nil()));
    let roster = records::roster(me, i18n.lang_untracked());
    // Counterparts answer from their own phones: opening the list fetches their answers.
    engine.drain();
    let list = Memo::new(move |_| records::talks(engine, me));
    let owed = Memo::new(move |_| {
        roster.with(|r| list.with(|l| records::still_to_talk(r, l, me, today().year())))
    });
    let manages = move || session.with_member(|m| m.is_some_and(|m| m.role.manages_branch()));
    view! {
        <SavedNotice shown=Signal::derive(saved) />
        <section class="card">
            <h2>{i18n.tr(PgKey::TalksTitle)}</h2>
            <div class="actions">
                <a class="button primary" href="/talks/new">{i18n.tr(PgKey::AddTalk)}</a>
                <a class="button secondary" href="/talks/branch" hidden=move || !manages()>
                    {i18n.tr(PgKey::BranchTalks)}
                </a>
            </div>
            <p class="muted" hidden=move || list.with(|l| !l.is_empty())>{i18n.tr(PgKey::NoTalksYet)}</p>
            <ul class="records talks">
                {move || {
                    list.get()
                        .into_iter()
                        .map(|t| view! { <TalkItem entry=t roster=roster /> })
                        .collect_view()
                }}
            </ul>
        </section>
        <Refused />
        <section class="card" hidden=move || roster.with(Vec::is_empty)>
            <h2>{i18n.tr(PgKey::StillToTalk)}</h2>
            <p class="muted" hidden=move || owed.with(|o| !o.is_empty())>{i18n.tr(PgKey::StillToTalkNone)}</p>
            <ul class="owed" data-testid="still-to-talk">
                {move || owed.get().into_iter().map(|m| view! { <li>{m.display_name}</li> }).collect_view()}
            </ul>
        </section>
    }
}

/// "李秀英、王建国、退休老同志 张某": the counterparts by name.
pub fn counterparts_text(
    lang: Lang,
    roster: &[RosterMember],
    t: &TalkEntry,
    me: MemberId,
) -> String {
    // A counterpart sees the writer as the one they talked with.
    let mut names: Vec<String> = Vec::new();
    if t.writer != me {
        names.push(name_of(roster, t.writer));
    }
    names.extend(
        t.record
            .members
            .iter()
            .filter(|m| **m != me)
            .map(|m| name_of(roster, *m)),
    );
    names.extend(t.record.outside.iter().cloned());
    names.join(match lang {
        Lang::ZhCn => "、",
        Lang::En => ", ",
    })
}

/// Who the talk was with, as its own page lists them beside the writer: the member
/// counterparts (the reader among them) and those from outside, never the writer.
pub fn participants_text(lang: Lang, roster: &[RosterMember], t: &TalkEntry) -> String {
    let names: Vec<String> = t
        .record
        .members
        .iter()
        .map(|m| name_of(roster, *m))
        .chain(t.record.outside.iter().cloned())
        .collect();
    names.join(match lang {
        Lang::ZhCn => "、",
        Lang::En => ", ",
    })
}

#[component]
fn TalkItem(entry: TalkEntry, roster: RwSignal<Vec<RosterMember>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = session
        .with_member(|m| m.map(|m| m.id))
        .unwrap_or(MemberId(zhibu_model::Uuid::nil()));
    let href = format!("/talks/{}", entry.id);
    let status = entry.status(me);
    let refused = entry.refused.as_ref().map(|e| e.message.clone());
    let e = entry.clone();
    let who = move || roster.with(|r| counterparts_text(i18n.lang(), r, &e, me));
    let (day, kind) = (entry.record.date, entry.record.kind);
    let meta = move || format!("{} · {}", date(i18n.lang(), day), kind.label(i18n.lang()));
    view! {
        <li class="record talk">
            <a href=href>
                <span class="record-topic">{who}</span>
                <span class="record-meta">{meta}</span>
                <TalkStatusBadge status />
                {entry.pending.then(|| view! { <span class="badge">{i18n.tr(PgKey::PendingBadge)}</span> })}
            </a>
            {refused.map(|r| view! { <p class="field-error" role="alert">{r}</p> })}
        </li>
    }
}
