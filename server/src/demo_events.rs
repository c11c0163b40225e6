//! The demo branches' activities (`--demo` from the command line): in each branch a
//! 主题党日 held ten days ago that also held the 党员大会 and a 党课 (2 学时), with its
//! attendance sheet and one approved leave; a committee meeting in three days; and the
//! coming months' 主题党日 as a monthly series. Written through the sync push, as the
//! secretary's and members' phones would, so the demo obeys every rule the API does.
//!
//! Seeded by `serve` only, not by `Server::bind`: the API tests start from empty calendars.

use crate::AppState;
use crate::clock::now_millis;
use crate::demo::demo_logins;
use crate::error::BoxError;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use serde_json::value::RawValue;
use serde_json::{Value, json};
use zhibu_model::attendance::{Presence, attendance_id, decision_id};
use zhibu_model::check_in::CheckInSecret;
use zhibu_model::event::{EventInput, to_china_local};
use zhibu_model::event_series::{Repeat, SeriesInput};
use zhibu_model::{Lang, Me, Role, Uuid};

pub(crate) fn op(kind: &str, record_id: Uuid, record: Value) -> Value {
    json!({"op_id": Uuid::now_v7(), "record_id": record_id, "kind": kind, "record": record})
}

/// A fresh secret from two v7 ids' random bits and the clock: good enough for a demo
/// (real secrets come from the secretary's phone's random generator).
fn demo_secret() -> CheckInSecret {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(Uuid::now_v7().as_bytes());
    bytes[16..].copy_from_slice(Uuid::now_v7().as_bytes());
    CheckInSecret::from_bytes(bytes)
}

fn local(date: NaiveDate, h: u32, m: u32) -> String {
    date.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("a valid time"))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// Marked absent at the held 主题党日. Also the members whose 学时 the browser tests
/// count from their own entries alone, so the demo's credit never changes those figures.
const ABSENT: [&str; 2] = ["lixiuying", "zhaomingxuan"];

/// Pushes `ops` as `me`'s phone would; any refusal fails the seeding.
pub(crate) async fn push(state: &AppState, me: &Me, ops: Vec<Value>) -> Result<(), BoxError> {
    let raw = ops
        .iter()
        .map(|o| RawValue::from_string(o.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let answer = crate::sync::push(
        &state.repo,
        &state.pushes,
        me,
        Lang::ZhCn,
        &raw,
        now_millis(),
    )
    .await
    .map_err(|e| format!("demo records: {e:?}"))?;
    if answer.contains("\"rejected\"") {
        return Err(format!("demo records refused: {answer}").into());
    }
    Ok(())
}

pub(crate) async fn member(state: &AppState, login: &str) -> Result<Me, BoxError> {
    Ok(state
        .repo
        .member_by_login(login)
        .await?
        .ok_or_else(|| format!("demo account {login} missing"))?
        .me)
}

/// Seeds both demo branches' activities.
pub async fn seed(state: &AppState) -> Result<(), BoxError> {
    let now: DateTime<Utc> = DateTime::from_timestamp_millis(now_millis()).unwrap_or_default();
    let today = to_china_local(now).date();
    for branch in 0..2 {
        let accounts: Vec<_> = demo_logins()
            .iter()
            .filter(|a| a.branch == Some(branch))
            .collect();
        let Some(secretary) = accounts.iter().find(|a| a.role == Role::Secretary) else {
            continue;
        };
        let secretary = member(state, secretary.login).await?;
        let mut members = Vec::new();
        for a in &accounts {
            members.push(member(state, a.login).await?);
        }

        // Held ten days ago: 主题党日 with the 党员大会 and a 党课 given by the secretary.
        let held_on = today - Duration::days(10);
        let held = Uuid::now_v7();
        let theme_day = EventInput {
            kinds: vec![
                "theme_day".into(),
                "party_congress".into(),
                "party_lecture".into(),
            ],
            title: format!("{}月主题党日", held_on.month()),
            start: local(held_on, 14, 30),
            end: local(held_on, 16, 30),
            venue: "党员活动室".into(),
            agenda: "一、书记讲党课\n二、支部党员大会\n三、交流研讨".into(),
            audience: "branch".into(),
            study_topic: "学习贯彻党的二十届四中全会精神".into(),
            study_hours: "2".into(),
            lecture_by_secretary: true,
            meeting_minutes: "应到党员全部列入考勤；书记讲授专题党课，党员交流学习体会。".into(),
            ..Default::default()
        };
        let mut ops = vec![op("event_put", held, serde_json::to_value(&theme_day)?)];

        // A committee meeting in three days, and the next three months' 主题党日.
        let committee_day = today + Duration::days(3);
        ops.push(op(
            "event_put",
            Uuid::now_v7(),
            serde_json::to_value(EventInput {
                kinds: vec!["committee_meeting".into()],
                title: "支部委员会会议".into(),
                start: local(committee_day, 9, 0),
                end: local(committee_day, 10, 0),
                venue: "会议室".into(),
                agenda: "研究下月工作安排".into(),
                audience: "committee".into(),
                check_in_secret: demo_secret().to_hex(),
                ..Default::default()
            })?,
        ));
        let series = SeriesInput {
            repeat: Repeat::MonthlyOnDay { day: 5 },
            from: (today + Duration::days(1)).to_string(),
            until: (today + Duration::days(92)).to_string(),
            template: EventInput {
                kinds: vec!["theme_day".into()],
                title: "主题党日".into(),
                start: local(today, 14, 30),
                end: local(today, 16, 30),
                venue: "党员活动室".into(),
                audience: "branch".into(),
                study_topic: "集中学习".into(),
                study_hours: "1".into(),
                ..Default::default()
            },
        };
        for mut input in series.expand(Uuid::now_v7())? {
            input.check_in_secret = demo_secret().to_hex();
            ops.push(op(
                "event_put",
                Uuid::now_v7(),
                serde_json::to_value(input)?,
            ));
        }
        push(state, &secretary, ops).await?;

        // One member asked for leave beforehand; the secretary approved.
        let plain: Vec<&Me> = members.iter().filter(|m| m.role == Role::Member).collect();
        let on_leave = plain.first().copied();
        let mut decisions = Vec::new();
        if let Some(m) = on_leave {
            let request = Uuid::now_v7();
            push(
                state,
                m,
                vec![op(
                    "event_rsvp_put",
                    request,
                    json!({"event_id": held, "response": "leave", "reason": "出差在外"}),
                )],
            )
            .await?;
            decisions.push(op(
                "event_leave_decision_put",
                decision_id(request),
                json!({"rsvp_id": request, "decision": "approve"}),
            ));
        }
        let entries: Vec<(String, Presence)> = members
            .iter()
            .map(|m| {
                let presence = if on_leave.is_some_and(|w| w.id == m.id) {
                    Presence::OnLeave
                } else if ABSENT.contains(&m.login.as_str()) {
                    Presence::Absent
                } else {
                    Presence::Present
                };
                (m.id.to_string(), presence)
            })
            .collect();
        decisions.push(op(
            "event_attendance_put",
            attendance_id(held),
            json!({"event_id": held, "entries": entries}),
        ));
        push(state, &secretary, decisions).await?;
    }
    tracing::info!("seeded the demo branches' activities");
    Ok(())
}
