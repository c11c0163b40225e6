//! Branch activities (issue 4): who sees and writes events, RSVPs, leave decisions,
//! attendance and check-ins through sync; the check-in code rules; the study credit; the
//! compliance view; the iCalendar feed; 政治生日. Roster (demo): 林晓岚 secretary, 陈志远
//! committee, 王建国 / 李秀英 members of one branch; 何振东 (secretary) and 许婷 of another.

use crate::common::*;
use crate::sync::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::io::BufReader;
use zhibu_model::attendance::{SheetView, attendance_id, decision_id};
use zhibu_model::branch_study::{BranchStudyOverview, StudyProfile};
use zhibu_model::check_in::CheckInSecret;
use zhibu_model::chrono::{DateTime, Duration, Utc};
use zhibu_model::compliance::{EventKind, Period, Status};
use zhibu_model::event::to_china_local;
use zhibu_model::event_settings::{BranchCompliance, CalendarFeed, PoliticalBirthdays};
use zhibu_model::sync::{RecordData, RecordKind, SyncRow};
use zhibu_model::{ErrorCode, Uuid};

const SECRET_BYTES: [u8; 32] = [42; 32];

fn secret() -> CheckInSecret {
    CheckInSecret::from_bytes(SECRET_BYTES)
}

pub(crate) fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(zhibu_server::clock::now_millis()).unwrap()
}

/// China local `YYYY-MM-DDTHH:MM` of an instant.
fn local(at: DateTime<Utc>) -> String {
    to_china_local(at).format("%Y-%m-%dT%H:%M").to_string()
}

/// A branch-wide 主题党日 that also holds a 党课, with 2 学时, from `start` to `end`.
pub(crate) fn event_record(title: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> Value {
    json!({
        "kinds": ["theme_day", "party_lecture"],
        "title": title,
        "start": local(start),
        "end": local(end),
        "venue": "党员活动室",
        "agenda": "学习全会精神",
        "audience": "branch",
        "study_topic": "学习党的二十届四中全会精神",
        "study_hours": "2",
        "check_in_secret": secret().to_hex(),
    })
}

pub(crate) fn event_put(record: Uuid, base: Option<i64>, body: Value) -> Value {
    json!({
        "op_id": id(),
        "record_id": record,
        "base_revision": base,
        "kind": "event_put",
        "record": body,
    })
}

fn rsvp_put(record: Uuid, event: Uuid, response: &str, reason: &str) -> Value {
    json!({
        "op_id": id(),
        "record_id": record,
        "kind": "event_rsvp_put",
        "record": {"event_id": event, "response": response, "reason": reason},
    })
}

fn check_in_put(event: Uuid, code: &str, device_time: DateTime<Utc>) -> Value {
    json!({
        "op_id": id(),
        "record_id": id(),
        "kind": "event_check_in_put",
        "record": {"event_id": event, "code": code, "device_time": device_time.to_rfc3339()},
    })
}

fn sheet_put(event: Uuid, entries: &[(Uuid, &str)]) -> Value {
    let entries: Vec<Value> = entries.iter().map(|(m, p)| json!([m, p])).collect();
    json!({
        "op_id": id(),
        "record_id": attendance_id(event),
        "kind": "event_attendance_put",
        "record": {"event_id": event, "entries": entries},
    })
}

fn events_in(rows: &[SyncRow]) -> Vec<&zhibu_model::event::EventRecord> {
    rows.iter()
        .filter_map(|r| match &r.data {
            Some(RecordData::Event(e)) => Some(e.as_ref()),
            _ => None,
        })
        .collect()
}

async fn set_self_check_in(app: &TestApp, who: &Session, on: bool) -> reqwest::Response {
    who.client
        .put(app.url("/api/v1/branch/event-settings"))
        .json(&json!({"self_check_in": on}))
        .send()
        .await
        .unwrap()
}

/// A code the event never shows within half a day of `t` (so it is wrong, not reused).
fn never_shown(t: DateTime<Utc>) -> String {
    let step = zhibu_model::check_in::step_of(t);
    let shown: std::collections::HashSet<String> = (step - 800..=step + 800)
        .map(|s| secret().code_at_step(s))
        .collect();
    (0..)
        .map(|n| format!("{n:06}"))
        .find(|c| !shown.contains(c))
        .unwrap()
}

/// A past event (ended an hour ago) of Lin's branch, and its id.
async fn held_event(app: &TestApp, lin: &Session) -> Uuid {
    let event = id();
    let start = now() - Duration::hours(3);
    push_applied(
        app,
        lin,
        event_put(
            event,
            None,
            event_record("主题党日", start, start + Duration::hours(2)),
        ),
    )
    .await;
    event
}

#[tokio::test]
async fn another_branch_neither_sees_nor_changes_events_and_members_never_get_the_secret() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let event = id();
    let start = now() + Duration::days(2);
    let row = push_applied(
        &app,
        &lin,
        event_put(
            event,
            None,
            event_record("十二月主题党日", start, start + Duration::hours(2)),
        ),
    )
    .await;

    let wang = session(&app, "wangjianguo").await;
    let rows = pull_all(&app, &wang).await;
    let seen = events_in(&rows);
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].title, "十二月主题党日");
    assert_eq!(
        seen[0].check_in_secret, None,
        "a member never gets the secret"
    );
    let raw = wang
        .client
        .get(app.url("/api/v1/sync/pull?since=0"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!raw.contains(&secret().to_hex()));
    let chen = session(&app, "chenzhiyuan").await;
    assert_eq!(
        events_in(&pull_all(&app, &chen).await)[0].check_in_secret,
        Some(secret().to_hex()),
        "the committee shows the code too"
    );

    for login in ["hezhendong", "xuting", "admin"] {
        let who = session(&app, login).await;
        assert!(
            pull_all(&app, &who).await.is_empty(),
            "{login} pulls nothing"
        );
    }
    // Another branch's secretary cannot change or delete it; its members cannot answer it.
    let he = session(&app, "hezhendong").await;
    let answers = push(
        &app,
        &he,
        &[
            event_put(
                event,
                Some(row.revision),
                event_record("改", start, start + Duration::hours(1)),
            ),
            delete("event_delete", event, Some(row.revision)),
        ],
    )
    .await;
    for a in &answers {
        let e = rejected(a);
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Forbidden, Some("record_id"))
        );
    }
    let xu = session(&app, "xuting").await;
    let e = rejected(&push(&app, &xu, &[rsvp_put(id(), event, "attend", "")]).await[0]).clone();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::NotFound, Some("event_id"))
    );
    let e = rejected(&push(&app, &he, &[sheet_put(event, &[(xu.me.id.0, "present")])]).await[0])
        .clone();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::NotFound, Some("event_id"))
    );
    assert_eq!(
        pulled(&app, &lin, event).await.unwrap().revision,
        row.revision
    );
}

#[tokio::test]
async fn a_member_cannot_create_events_nor_keep_the_attendance_sheet() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let start = now() + Duration::days(1);
    let lin = session(&app, "linxiaolan").await;
    let event = id();
    push_applied(
        &app,
        &lin,
        event_put(
            event,
            None,
            event_record("党课", start, start + Duration::hours(1)),
        ),
    )
    .await;
    let answers = push(
        &app,
        &wang,
        &[
            event_put(
                id(),
                None,
                event_record("我的活动", start, start + Duration::hours(1)),
            ),
            sheet_put(event, &[(wang.me.id.0, "present")]),
        ],
    )
    .await;
    for a in &answers {
        let e = rejected(a);
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Forbidden, Some("kind"))
        );
    }
    // A bad event is a field error, not a fault.
    let mut bad = event_record("倒过来", start, start + Duration::hours(1));
    bad["end"] = json!(local(start - Duration::hours(1)));
    let e = rejected(&push_in(&app, &lin, &[event_put(id(), None, bad)], "zh-CN").await[0]).clone();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::OutOfRange, Some("end"))
    );
    assert_eq!(e.message, "结束时间必须晚于开始时间");
}

#[tokio::test]
async fn a_cancelled_event_takes_no_new_answers_and_keeps_the_old_ones() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let start = now() + Duration::days(3);
    let event = id();
    let mut body = event_record("支部党员大会", start, start + Duration::hours(2));
    let revision = push_applied(&app, &lin, event_put(event, None, body.clone()))
        .await
        .revision;
    let answered = id();
    push_applied(&app, &wang, rsvp_put(answered, event, "attend", "")).await;

    body["cancelled"] = json!(true);
    body["cancel_reason"] = json!("与上级会议冲突，改期另行通知");
    push_applied(&app, &lin, event_put(event, Some(revision), body)).await;
    let e = rejected(&push(&app, &li, &[rsvp_put(id(), event, "leave", "出差")]).await[0]).clone();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Conflict, Some("event_id"))
    );
    assert_eq!(e.message, "该活动已取消，无需报名或请假");
    // Wang's answer from before the cancellation is still his to read.
    assert!(
        pull_all(&app, &wang)
            .await
            .iter()
            .any(|r| r.kind == RecordKind::EventRsvp && r.id == answered && !r.deleted)
    );
}

#[tokio::test]
async fn a_leave_request_needs_a_reason_and_only_the_branch_managers_decide() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let start = now() + Duration::days(3);
    let event = id();
    push_applied(
        &app,
        &lin,
        event_put(
            event,
            None,
            event_record("支部党员大会", start, start + Duration::hours(2)),
        ),
    )
    .await;

    let request = id();
    let e =
        rejected(&push(&app, &wang, &[rsvp_put(request, event, "leave", "  ")]).await[0]).clone();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Required, Some("reason"))
    );
    assert_eq!(e.message, "请填写请假事由");
    push_applied(&app, &wang, rsvp_put(request, event, "leave", "出差在外")).await;
    // One RSVP per member and event: a second record is a conflict.
    let e = rejected(&push(&app, &wang, &[rsvp_put(id(), event, "attend", "")]).await[0]).clone();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Conflict, Some("record_id"))
    );

    // The managers read the request; another member does not.
    let chen = session(&app, "chenzhiyuan").await;
    assert!(
        pull_all(&app, &chen)
            .await
            .iter()
            .any(|r| r.kind == RecordKind::EventRsvp && r.id == request)
    );
    assert!(
        pull_all(&app, &li)
            .await
            .iter()
            .all(|r| r.kind == RecordKind::Event)
    );

    let decide = |who_decides: &str| {
        json!({
            "op_id": id(),
            "record_id": decision_id(request),
            "kind": "event_leave_decision_put",
            "record": {"rsvp_id": request, "decision": "approve", "note": who_decides},
        })
    };
    let e = rejected(&push(&app, &li, &[decide("李")]).await[0]).clone();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let he = session(&app, "hezhendong").await;
    let e = rejected(&push(&app, &he, &[decide("何")]).await[0]).clone();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::NotFound, Some("rsvp_id"))
    );
    push_applied(&app, &lin, decide("同意")).await;
    // The member who asked reads the decision; the other member does not.
    let mine = pull_all(&app, &wang).await;
    assert!(mine.iter().any(|r| matches!(
        &r.data,
        Some(RecordData::EventLeaveDecision(d)) if d.approved && d.rsvp_id == request
    )));
    assert!(
        pull_all(&app, &li)
            .await
            .iter()
            .all(|r| r.kind != RecordKind::EventLeaveDecision)
    );
}

#[tokio::test]
async fn wrong_expired_and_replayed_codes_are_refused_and_self_check_in_is_off_by_default() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let start = now() - Duration::minutes(10);
    let event = id();
    push_applied(
        &app,
        &lin,
        event_put(
            event,
            None,
            event_record("主题党日", start, start + Duration::hours(2)),
        ),
    )
    .await;
    let t = now();
    let good = secret().code_at(t);

    let refused = |answers: Vec<zhibu_model::sync::OpResult>| rejected(&answers[0]).clone();
    let e = refused(push(&app, &wang, &[check_in_put(event, &good, t)]).await);
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Forbidden, Some("code"))
    );
    assert_eq!(e.message, "本支部未开启自助签到，请由支部书记登记考勤");

    assert_eq!(
        set_self_check_in(&app, &wang, true).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        set_self_check_in(&app, &lin, true).await.status(),
        StatusCode::OK
    );

    let wrong = never_shown(t);
    let e = refused(push(&app, &wang, &[check_in_put(event, &wrong, t)]).await);
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidCredentials, Some("code"))
    );
    assert_eq!(e.message, "签到码不正确");

    let before = start - Duration::hours(2);
    let e = refused(
        push(
            &app,
            &wang,
            &[check_in_put(event, &secret().code_at(before), before)],
        )
        .await,
    );
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Expired, Some("code"))
    );
    assert!(e.message.contains("过期"), "{}", e.message);

    // A real code from five minutes ago, typed now: reused.
    let stale = secret().code_at(t - Duration::minutes(5));
    let e = refused(push(&app, &wang, &[check_in_put(event, &stale, t)]).await);
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Replayed, Some("code"))
    );

    // The right code at the right time, queued offline and sent later: accepted once.
    let row = push_applied(&app, &wang, check_in_put(event, &good, t)).await;
    assert_eq!(row.kind, RecordKind::EventCheckIn);
    let e = refused(push_in(&app, &wang, &[check_in_put(event, &good, t)], "en").await);
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Replayed, Some("code"))
    );
    assert_eq!(
        e.message,
        "This check-in code was already used, or you have already checked in"
    );
    // Another member with the same (still current) code is fine: it is the room's code.
    push_applied(&app, &li, check_in_put(event, &good, t)).await;
    // The managers see check-ins; members only their own.
    let chen = session(&app, "chenzhiyuan").await;
    let seen = pull_all(&app, &chen).await;
    assert_eq!(
        seen.iter()
            .filter(|r| r.kind == RecordKind::EventCheckIn)
            .count(),
        2
    );
    let own = pull_all(&app, &li).await;
    assert_eq!(
        own.iter()
            .filter(|r| r.kind == RecordKind::EventCheckIn)
            .count(),
        1
    );
}

#[tokio::test]
async fn attendance_credits_study_hours_and_counts_for_compliance() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let event = held_event(&app, &lin).await;
    push_applied(
        &app,
        &lin,
        sheet_put(event, &[(wang.me.id.0, "present"), (li.me.id.0, "absent")]),
    )
    .await;
    // A sheet under another id is refused: one sheet per event.
    let mut stray = sheet_put(event, &[]);
    stray["record_id"] = json!(id());
    let e = rejected(&push(&app, &lin, &[stray]).await[0]).clone();
    assert_eq!(e.field.as_deref(), Some("record_id"));

    let profile: StudyProfile = wang
        .client
        .get(app.url("/api/v1/study/profile"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(profile.credited.len(), 1);
    assert_eq!(profile.credited[0].minutes, 90, "2 学时 of 45 minutes");
    let profile: StudyProfile = li
        .client
        .get(app.url("/api/v1/study/profile"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(profile.credited.is_empty(), "absent: no credit");

    let year = to_china_local(now() - Duration::hours(3)).date();
    use zhibu_model::chrono::Datelike;
    let overview: BranchStudyOverview = lin
        .client
        .get(app.url(&format!("/api/v1/branch/study?year={}", year.year())))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let tenths = |id: Uuid| {
        overview
            .members
            .iter()
            .find(|m| m.member_id.0 == id)
            .unwrap()
            .tenths
    };
    assert_eq!(tenths(wang.me.id.0), 20);
    assert_eq!(tenths(li.me.id.0), 0);

    // The sheet: expected is the audience (the whole branch), with the approved leave.
    let zhang = session(&app, "zhanghaifeng").await;
    let request = id();
    push_applied(&app, &zhang, rsvp_put(request, event, "leave", "值班")).await;
    push_applied(
        &app,
        &lin,
        json!({
            "op_id": id(),
            "record_id": decision_id(request),
            "kind": "event_leave_decision_put",
            "record": {"rsvp_id": request, "decision": "approve"},
        }),
    )
    .await;
    let sheet_url = app.url(&format!("/api/v1/branch/events/{event}/attendance"));
    let view: SheetView = lin
        .client
        .get(&sheet_url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view.expected as usize, overview.members.len());
    assert_eq!((view.present, view.on_leave, view.absent), (1, 1, 1));
    assert_eq!(view.unmarked, view.expected - 3);
    let he = session(&app, "hezhendong").await;
    assert_eq!(
        he.client.get(&sheet_url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        wang.client.get(&sheet_url).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );

    // Compliance: the quarter's 党课 is done; plain members may not look.
    let url = app.url(&format!("/api/v1/branch/compliance?year={}", year.year()));
    let c: BranchCompliance = lin
        .client
        .get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let quarter = year.month0() / 3 + 1;
    let lecture = c
        .obligations
        .iter()
        .find(|o| {
            o.obligation.kind == EventKind::PartyLecture
                && o.obligation.per == Period::Quarter
                && o.obligation.index == quarter
                && !o.obligation.by_secretary
        })
        .unwrap();
    assert_eq!(lecture.obligation.status, Status::Met);
    assert!(!lecture.obligation.source.is_empty() && lecture.text.contains("党课"));
    for who in [&wang, &session(&app, "xuting").await] {
        assert_eq!(
            who.client.get(&url).send().await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn the_branch_may_hold_lectures_twice_a_year_and_bad_overrides_are_field_errors() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let rules = json!([
        {"kind": "party_lecture", "per": "half_year", "times": 1, "source": "本支部规定：每半年一次"},
        {"kind": "party_congress", "per": "quarter", "times": 1, "source": "支部工作条例"},
    ]);
    let put = |body: Value| {
        lin.client
            .put(app.url("/api/v1/branch/event-settings"))
            .json(&body)
            .send()
    };
    let response = put(json!({"self_check_in": false, "requirements": rules}))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let c: BranchCompliance = lin
        .client
        .get(app.url("/api/v1/branch/compliance"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(c.obligations.iter().all(|o| matches!(
        o.obligation.kind,
        EventKind::PartyLecture | EventKind::PartyCongress
    )));
    assert!(
        c.obligations
            .iter()
            .any(|o| o.obligation.per == Period::HalfYear
                && o.obligation.source == "本支部规定：每半年一次")
    );
    let bad = json!({"requirements": [{"kind": "party_lecture", "per": "year", "times": 0, "source": "x"}]});
    let e = api_error(put(bad).await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(e.field.as_deref(), Some("requirements"));
}

#[tokio::test]
async fn the_calendar_feed_is_valid_icalendar_private_and_revocable() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let start = now() + Duration::days(5);
    let (kept, cancelled) = (id(), id());
    push_applied(
        &app,
        &lin,
        event_put(
            kept,
            None,
            event_record("主题党日,学习; 讨论", start, start + Duration::hours(2)),
        ),
    )
    .await;
    let mut body = event_record("支委会", start, start + Duration::hours(1));
    body["cancelled"] = json!(true);
    body["cancel_reason"] = json!("改期");
    push_applied(&app, &lin, event_put(cancelled, None, body)).await;

    // Writes are JSON-only (the CSRF guard): an empty object.
    let create = |who: &Session| {
        who.client
            .post(app.url("/api/v1/me/calendar-feed"))
            .json(&json!({}))
            .send()
    };
    let response = create(&wang).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let feed: CalendarFeed = response.json().await.unwrap();
    // A calendar app has no session: the address alone opens it.
    let fetch = |path: String| Client::new().get(app.url(&path)).send();
    let response = fetch(feed.path.clone()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let text = response.text().await.unwrap();
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
    assert!(text.split("\r\n").all(|l| l.len() <= 75));
    assert!(!text.contains(&secret().to_hex()));

    let calendar = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .next()
        .expect("one calendar")
        .expect("it parses");
    assert_eq!(calendar.events.len(), 2);
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let by_uid = |id: Uuid| {
        calendar
            .events
            .iter()
            .find(|e| prop(e, "UID") == format!("{id}@zhibu"))
            .expect("the event by its UID")
    };
    let e = by_uid(kept);
    assert_eq!(prop(e, "SUMMARY"), "主题党日\\,学习\\; 讨论");
    assert_eq!(
        prop(e, "DTSTART"),
        start.format("%Y%m%dT%H%M00Z").to_string()
    );
    assert_eq!(
        prop(e, "DTEND"),
        (start + Duration::hours(2))
            .format("%Y%m%dT%H%M00Z")
            .to_string()
    );
    assert_eq!(prop(e, "LOCATION"), "党员活动室");
    assert_eq!(prop(e, "STATUS"), "CONFIRMED");
    assert!(!prop(e, "DTSTAMP").is_empty());
    assert_eq!(prop(by_uid(cancelled), "STATUS"), "CANCELLED");

    // A new address replaces the old; revoking leaves none.
    let again: CalendarFeed = create(&wang).await.unwrap().json().await.unwrap();
    assert_ne!(again.path, feed.path);
    assert_eq!(
        fetch(feed.path).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch(again.path.clone()).await.unwrap().status(),
        StatusCode::OK
    );
    let response = wang
        .client
        .delete(app.url("/api/v1/me/calendar-feed"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        fetch(again.path).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch("/api/v1/calendar/not-a-token.ics".into())
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    // Another branch's member's feed carries none of these events.
    let xu = session(&app, "xuting").await;
    let theirs: CalendarFeed = create(&xu).await.unwrap().json().await.unwrap();
    let text = fetch(theirs.path).await.unwrap().text().await.unwrap();
    assert!(!text.contains("BEGIN:VEVENT"));
}

#[tokio::test]
async fn political_birthdays_show_the_branch_and_a_member_may_hide_theirs() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let list = |who: &Session| {
        let client = who.client.clone();
        let url = app.url("/api/v1/branch/political-birthdays?year=2026");
        async move {
            client
                .get(url)
                .send()
                .await
                .unwrap()
                .json::<PoliticalBirthdays>()
                .await
                .unwrap()
        }
    };
    let all = list(&li).await;
    let wang_day = all
        .birthdays
        .iter()
        .find(|b| b.member_id == wang.me.id)
        .expect("Wang's 政治生日");
    assert_eq!(wang_day.date.to_string(), "2026-07-01");
    assert_eq!(wang_day.years, 31);
    assert!(
        all.birthdays.iter().all(|b| b.display_name != "许婷"),
        "own branch only"
    );
    let response = wang
        .client
        .put(app.url("/api/v1/me/political-birthday"))
        .json(&json!({"hidden": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        list(&li)
            .await
            .birthdays
            .iter()
            .all(|b| b.member_id != wang.me.id)
    );
}

#[tokio::test]
async fn a_committee_meeting_is_on_the_calendar_but_its_agenda_is_the_committees() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let start = now() + Duration::days(1);
    let mut body = event_record("支委会", start, start + Duration::hours(1));
    body["kinds"] = json!(["committee_meeting"]);
    body["audience"] = json!("committee");
    body["agenda"] = json!("研究发展党员事项");
    push_applied(&app, &lin, event_put(id(), None, body)).await;
    let wang = session(&app, "wangjianguo").await;
    let seen = pull_all(&app, &wang).await;
    let e = events_in(&seen)[0];
    assert_eq!((e.title.as_str(), e.agenda.as_str()), ("支委会", ""));
    let chen = session(&app, "chenzhiyuan").await;
    assert_eq!(
        events_in(&pull_all(&app, &chen).await)[0].agenda,
        "研究发展党员事项"
    );
}

#[tokio::test]
async fn the_demo_activities_are_valid_and_credit_their_attendees() {
    let dir = tempfile::tempdir().unwrap();
    let server = zhibu_server::Server::bind(config(dir.path()))
        .await
        .unwrap();
    zhibu_server::demo_events::seed(server.state())
        .await
        .unwrap();
    let base = format!("http://{}", server.local_addr());
    tokio::spawn(server.run_until(std::future::pending()));
    let client = browser();
    let login = |who: &'static str| {
        let client = client.clone();
        let url = format!("{base}/api/v1/auth/login");
        async move {
            let r = client
                .post(url)
                .json(&json!({"login": who, "password": PASSWORD}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
        }
    };
    login("linxiaolan").await;
    let rows: zhibu_model::sync::PullResponse = client
        .get(format!("{base}/api/v1/sync/pull?since=0"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let events = events_in(&rows.rows);
    assert!(events.len() >= 4, "held, committee and the series");
    assert!(events.iter().any(|e| e.series_id.is_some()));
    assert!(
        rows.rows
            .iter()
            .any(|r| r.kind == RecordKind::EventAttendance)
    );
    // 陈志远 was marked present at the held 主题党日: 2 学时 credited.
    login("chenzhiyuan").await;
    let profile: StudyProfile = client
        .get(format!("{base}/api/v1/study/profile"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(profile.credited.len(), 1);
    assert_eq!(profile.credited[0].minutes, 90);
}

#[tokio::test]
async fn only_the_audience_answers_or_checks_in() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    set_self_check_in(&app, &lin, true).await;
    let start = now() - Duration::minutes(5);
    let mut body = event_record("支委会", start, start + Duration::hours(1));
    body["kinds"] = json!(["committee_meeting"]);
    body["audience"] = json!("committee");
    let event = id();
    push_applied(&app, &lin, event_put(event, None, body)).await;
    let t = now();
    let wang = session(&app, "wangjianguo").await;
    let answers = push(
        &app,
        &wang,
        &[
            rsvp_put(id(), event, "attend", ""),
            check_in_put(event, &secret().code_at(t), t),
        ],
    )
    .await;
    for a in &answers {
        let e = rejected(a);
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Forbidden, Some("event_id"))
        );
        assert_eq!(e.message, "您不在本次活动的参加范围内");
    }
    let chen = session(&app, "chenzhiyuan").await;
    push_applied(&app, &chen, check_in_put(event, &secret().code_at(t), t)).await;
}

#[tokio::test]
async fn minutes_are_refused_before_the_event_starts_and_taken_from_its_start() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let event = id();
    let start = now() + Duration::hours(2);
    let mut body = event_record("支部党员大会", start, start + Duration::hours(1));
    body["meeting_minutes"] = json!("会议由书记主持，应到 10 人。");
    for (lang, message) in [
        ("zh-CN", "活动开始后才能填写会议记录"),
        ("en", "Minutes can be added once the event has started"),
    ] {
        let answers = push_in(&app, &lin, &[event_put(event, None, body.clone())], lang).await;
        let e = rejected(&answers[0]);
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InFuture, Some("meeting_minutes"))
        );
        assert_eq!(e.message, message);
    }
    assert!(
        pulled(&app, &lin, event).await.is_none(),
        "nothing was written"
    );

    // The same event without minutes is fine; once it has started, minutes are taken.
    body["meeting_minutes"] = json!("");
    push_applied(&app, &lin, event_put(event, None, body)).await;
    let started = now() - Duration::minutes(10);
    let mut body = event_record("支部党员大会", started, started + Duration::hours(1));
    body["meeting_minutes"] = json!("会议由书记主持，应到 10 人。");
    let row = push_applied(&app, &lin, event_put(id(), None, body)).await;
    match row.data {
        Some(RecordData::Event(e)) => assert!(e.meeting_minutes.starts_with("会议由书记主持")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_member_cannot_take_the_ids_of_the_sheet_or_of_a_leave_decision() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let event = held_event(&app, &lin).await;
    let request = id();
    push_applied(&app, &wang, rsvp_put(request, event, "leave", "出差在外")).await;

    // Every member can derive both ids from what they pull; another kind of record there
    // is refused, a deletion included.
    let answers = push(
        &app,
        &wang,
        &[
            delete("study_delete", attendance_id(event), None),
            study_put(decision_id(request), None, "占位", 30),
        ],
    )
    .await;
    for a in &answers {
        let e = rejected(a);
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Forbidden, Some("record_id"))
        );
    }

    push_applied(&app, &lin, sheet_put(event, &[(wang.me.id.0, "present")])).await;
    push_applied(
        &app,
        &lin,
        json!({
            "op_id": id(),
            "record_id": decision_id(request),
            "kind": "event_leave_decision_put",
            "record": {"rsvp_id": request, "decision": "approve", "note": ""},
        }),
    )
    .await;
}

#[tokio::test]
async fn wrong_check_in_codes_are_limited_per_member_and_event() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let start = now() - Duration::minutes(10);
    let event = id();
    push_applied(
        &app,
        &lin,
        event_put(
            event,
            None,
            event_record("主题党日", start, start + Duration::hours(2)),
        ),
    )
    .await;
    assert_eq!(
        set_self_check_in(&app, &lin, true).await.status(),
        StatusCode::OK
    );
    let t = now();
    let wrong = never_shown(t);
    // Guesses in one batch count one by one: five are checked, the rest refused unchecked.
    let guesses: Vec<Value> = (0..8).map(|_| check_in_put(event, &wrong, t)).collect();
    let answers = push(&app, &wang, &guesses).await;
    let codes: Vec<ErrorCode> = answers.iter().map(|a| rejected(a).code).collect();
    assert_eq!(codes[..5], [ErrorCode::InvalidCredentials; 5]);
    assert_eq!(codes[5..], [ErrorCode::RateLimited; 3]);
    // Now even the right code waits.
    let good = secret().code_at(t);
    let e = rejected(&push(&app, &wang, &[check_in_put(event, &good, t)]).await[0]).clone();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::RateLimited, Some("code"))
    );
    assert_eq!(
        e.message,
        "签到码错误次数过多，请 10 分钟后再试，或请支部书记登记考勤"
    );
    // Another member is not held back.
    push_applied(&app, &li, check_in_put(event, &good, t)).await;
    // Ten minutes after the last wrong code, the member tries again.
    sqlx::query("UPDATE login_failures SET at = at - 600001 WHERE key LIKE 'check_in:%'")
        .execute(&app.db().await)
        .await
        .unwrap();
    let t = now();
    push_applied(&app, &wang, check_in_put(event, &secret().code_at(t), t)).await;
}

#[tokio::test]
async fn a_record_already_on_a_sheets_id_gives_way_to_the_sheet() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    // A database from before ids were reserved: a member's deletion already sits on the
    // sheet's id (pushed here before the event exists, when nothing reserves it).
    let event = id();
    push_applied(
        &app,
        &wang,
        delete("study_delete", attendance_id(event), None),
    )
    .await;
    let start = now() - Duration::hours(3);
    push_applied(
        &app,
        &lin,
        event_put(
            event,
            None,
            event_record("主题党日", start, start + Duration::hours(2)),
        ),
    )
    .await;
    let row = push_applied(&app, &lin, sheet_put(event, &[(wang.me.id.0, "present")])).await;
    assert_eq!(row.kind, RecordKind::EventAttendance);
    let pulled = pulled(&app, &lin, attendance_id(event)).await.unwrap();
    assert!(matches!(pulled.data, Some(RecordData::EventAttendance(_))));
    // The member cannot take it back.
    let e = rejected(
        &push(
            &app,
            &wang,
            &[delete("study_delete", attendance_id(event), None)],
        )
        .await[0],
    )
    .clone();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Forbidden, Some("record_id"))
    );
}
