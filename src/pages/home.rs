//! 首页: the year's study progress, what the branch's study plan still asks of the
//! member, this year's pledges still to sign, the follow-ups agreed in their talks until marked done, the next events, and
//! for the secretary and committee the 三会一课 obligations due or just missed — from the
//! phone's local store or cached answers, so offline too.

use crate::i18n::{PgKey, PlKey, date, use_i18n};
use crate::pages::pledges::Standing;
use crate::pages::study::YearProgress;
use crate::records::{self, study_profile, today};
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use zhibu_model::chrono::Datelike;
use zhibu_model::progress::year_progress;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let engine = expect_context::<SyncEngine>();
    let name = move || session.with_member(|m| m.map(|m| m.display_name.clone()));
    let profile = study_profile(i18n.lang_untracked());
    let progress = Memo::new(move |_| {
        let today = today();
        let role = session
            .with_member(|m| m.map(|m| m.role))
            .unwrap_or(zhibu_model::Role::Member);
        let list = records::study(engine);
        profile.with(|p| {
            year_progress(
                list.iter().map(|e| &e.data).chain(&p.credited),
                today.year(),
                &p.settings,
                role,
                p.waived,
                today,
            )
        })
    });
    let open_items = Memo::new(move |_| {
        let ticks = records::plan_ticks(engine);
        records::plan_items(engine)
            .into_iter()
            .filter(|i| !ticks.iter().any(|t| t.data.plan_item_id == i.id))
            .collect::<Vec<_>>()
    });
    // This year's pledges the member has not signed (a draft is not signed).
    let to_sign = Memo::new(move |_| {
        let year = today().year();
        // Lists only: read without making texts canonical again (their tables stay with
        // the pledge pages).
        let mine = engine.view.with(|v| records::PLEDGE_LISTED.entries(v));
        records::pledge_templates_by(engine, &records::PLEDGE_TEMPLATE_LISTED)
            .into_iter()
            .filter(|t| {
                t.data.year == year && !matches!(Standing::of(t.id, &mine), Standing::Signed { .. })
            })
            .collect::<Vec<_>>()
    });
    let me = session.with_member(|m| m.map(|m| m.id));
    // Follow-ups with a due date of the talks the member took part in, soonest first.
    let follow_ups = Memo::new(move |_| {
        let Some(me) = me else { return Vec::new() };
        let mut list: Vec<_> = records::talks(engine, me)
            .into_iter()
            .filter_map(|t| t.record.open_follow_up().map(|due| (due, t)))
            .collect();
        list.sort_by_key(|(due, _)| *due);
        list
    });
    view! {
        <section class="card welcome">
            <h2>{i18n.tr(PgKey::Hello)}{name}</h2>
        </section>
        <section class="card">
            <h2>{i18n.tr(PgKey::StudyYear)}</h2>
            <YearProgress progress=progress.into() />
            <div class="actions">
                <a class="button primary" href="/study/new">{i18n.tr(PgKey::AddStudy)}</a>
            </div>
        </section>
        // Only when there is one to sign: most of the year there is none.
        <section class="card" data-testid="due-pledges" hidden=move || to_sign.with(Vec::is_empty)>
            <h2>{i18n.tr(PlKey::PledgesToSign)}</h2>
            <ul class="records">
                {move || to_sign.get().into_iter().map(|t| {
                    let href = format!("/pledges/sign?template={}", t.id);
                    view! {
                        <li class="record">
                            <a href=href>
                                <span class="record-topic">{t.data.title.clone()}</span>
                                <span class="record-meta">{i18n.tr(PlKey::ToSign)}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section class="card" data-testid="due-items">
            <h2>{i18n.tr(PgKey::DueItems)}</h2>
            <p class="muted" hidden=move || open_items.with(|i| !i.is_empty())>
                {i18n.tr(PgKey::NothingDue)}
            </p>
            <ul class="records">
                {move || open_items.get().into_iter().map(|item| {
                    let due = move || format!("{} {}", i18n.t(PgKey::Due), date(i18n.lang(), item.data.due));
                    view! {
                        <li class="record">
                            <a href="/study">
                                <span class="record-topic">{item.data.title.clone()}</span>
                                <span class="record-meta">{due}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section class="card" data-testid="follow-ups">
            <h2>{i18n.tr(PgKey::FollowUps)}</h2>
            <p class="muted" hidden=move || follow_ups.with(|f| !f.is_empty())>{i18n.tr(PgKey::NoFollowUps)}</p>
            <ul class="records">
                {move || follow_ups.get().into_iter().map(|(due, t)| {
                    let href = format!("/talks/{}", t.id);
                    let due = move || format!("{} {}", i18n.t(PgKey::Due), date(i18n.lang(), due));
                    view! {
                        <li class="record">
                            <a href=href>
                                <span class="record-topic">{t.record.follow_up.clone()}</span>
                                <span class="record-meta">{due}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <HomeEvents />
    }
}

/// The next few events, and for the secretary and committee the obligations due or just
/// missed, each with its citation (both kept for offline).
#[component]
fn HomeEvents() -> impl IntoView {
    use crate::event_records::{self, cached, now};
    use crate::i18n::EvKey;
    use crate::pages::events::EventItem;
    let i18n = use_i18n();
    let session = use_session();
    let engine = expect_context::<SyncEngine>();
    let coming = Memo::new(move |_| {
        let list = event_records::events(engine);
        let ids: Vec<_> =
            zhibu_model::calendar::upcoming(list.iter().map(|e| (e.id, &e.data)), now(), 3)
                .into_iter()
                .map(|(id, _)| id)
                .collect();
        list.into_iter()
            .filter(|e| ids.contains(&e.id))
            .collect::<Vec<_>>()
    });
    let manages = session.with_member(|m| m.is_some_and(|m| m.role.manages_branch()));
    view! {
        <section class="card">
            <h2>{i18n.tr(EvKey::Upcoming)}</h2>
            <p class="muted" hidden=move || coming.with(|c| !c.is_empty())>{i18n.tr(EvKey::NoUpcoming)}</p>
            <ul class="events" data-testid="home-events">
                {move || coming.get().into_iter().map(|e| view! { <EventItem entry=e /> }).collect_view()}
            </ul>
            <div class="actions">
                <a class="button secondary" href="/events">{i18n.tr(EvKey::AllEvents)}</a>
            </div>
        </section>
        {manages.then(|| {
            let year = today().year();
            let lang = i18n.lang_untracked();
            let compliance = cached(format!("zhibu.compliance.{year}.{}", lang.tag()), crate::api::branch_compliance(year, lang));
            let open = move || compliance.with(|c| c.as_ref().map(|c| {
                let obligations: Vec<_> = c.obligations.iter().map(|o| o.obligation.clone()).collect();
                zhibu_model::calendar::open_obligations(&obligations)
                    .into_iter()
                    .filter_map(|o| c.obligations.iter().find(|v| &v.obligation == o).cloned())
                    .collect::<Vec<_>>()
            }).unwrap_or_default());
            view! {
                <section class="card">
                    <h2>{i18n.tr(EvKey::Obligations)}</h2>
                    <p class="muted" hidden=move || !open().is_empty()>{i18n.tr(EvKey::NoObligations)}</p>
                    <ul class="obligations" data-testid="obligations">
                        {move || open().into_iter().map(|o| view! {
                            <li class="obligation" class:missed=o.obligation.status == zhibu_model::compliance::Status::Missed>
                                <span class="record-topic">{o.text}</span>
                                <span class="record-meta">{o.obligation.source}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })}
    }
}
