//! Issue 20, findings 8 and 9: control characters and dates out of bounds are refused in
//! every kind of record, naming the field, in the member's language.

use crate::events::{event_put, event_record, now};
use crate::sync::*;
use serde_json::{Value, json};
use zhibu_model::ErrorCode;
use zhibu_model::chrono::Duration;

fn refused_on(answer: &zhibu_model::sync::OpResult, field: &str, code: ErrorCode) {
    let e = rejected(answer);
    assert_eq!((e.field.as_deref(), e.code), (Some(field), code), "{e:?}");
}

/// An operation with one field of its record replaced.
fn with(mut op: Value, field: &str, value: Value) -> Value {
    op["record"][field] = value;
    op
}

/// A record with one field replaced.
fn set(mut record: Value, field: &str, value: Value) -> Value {
    record[field] = value;
    record
}

#[tokio::test]
async fn control_characters_are_refused_in_titles_topics_and_names() {
    let app = crate::common::spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let start = now() + Duration::days(2);
    let event = event_record("党课", start, start + Duration::hours(1));
    let talk = json!({
        "op_id": id(), "record_id": id(), "kind": "talk_put",
        "record": {"date": today(), "kind": "heart_to_heart", "outside": ["张\u{0}三"],
                   "topics": "谈心"},
    });
    let ops = [
        study_put(id(), None, "学习\u{1b}[2J", 30),
        plan_item_put(id(), None, "计\u{85}划"),
        event_put(
            id(),
            None,
            set(event.clone(), "venue", json!("会议室\n二楼")),
        ),
        event_put(
            id(),
            None,
            set(event.clone(), "title", json!("\u{202e}党课")),
        ),
        talk,
    ];
    let answers = push_in(&app, &lin, &ops, "zh-CN").await;
    refused_on(&answers[0], "topic", ErrorCode::ControlCharacter);
    assert_eq!(rejected(&answers[0]).message, "学习内容不能包含控制字符");
    refused_on(&answers[1], "title", ErrorCode::ControlCharacter);
    refused_on(&answers[2], "venue", ErrorCode::ControlCharacter);
    refused_on(&answers[3], "title", ErrorCode::ControlCharacter);
    refused_on(&answers[4], "counterparts", ErrorCode::ControlCharacter);

    // Multi-line texts keep line breaks and tabs, but nothing else.
    let mut notes = study_put(id(), None, "学习", 30);
    notes["record"]["notes"] = json!("第一行\n\t第二行");
    push_applied(&app, &lin, notes).await;
    let mut notes = study_put(id(), None, "学习", 30);
    notes["record"]["notes"] = json!("响铃\u{7}");
    let answers = push_in(&app, &lin, &[notes], "en").await;
    refused_on(&answers[0], "notes", ErrorCode::ControlCharacter);
    assert_eq!(
        rejected(&answers[0]).message,
        "Notes must not contain control characters"
    );
}

#[tokio::test]
async fn dates_before_the_founding_or_after_2100_are_refused() {
    let app = crate::common::spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let item = id();
    push_applied(&app, &lin, plan_item_put(item, None, "学习党章")).await;
    let start = now() + Duration::days(2);
    let event = event_record("党课", start, start + Duration::hours(1));
    let talk = |due: &str| {
        json!({
            "op_id": id(), "record_id": id(), "kind": "talk_put",
            "record": {"date": today(), "kind": "heart_to_heart", "outside": ["张三"],
                       "topics": "谈心", "follow_up": "跟进", "follow_up_due": due},
        })
    };
    for far in ["0001-01-01", "1921-06-30", "2101-01-01", "9999-12-31"] {
        let ops = [
            with(plan_item_put(id(), None, "计划"), "due", json!(far)),
            with(plan_tick_put(id(), item), "done_on", json!(far)),
            with(study_put(id(), None, "学习", 30), "date", json!(far)),
            talk(far),
            event_put(
                id(),
                None,
                set(event.clone(), "start", json!(format!("{far}T09:00"))),
            ),
        ];
        let answers = push(&app, &lin, &ops).await;
        let fields = ["due", "done_on", "date", "follow_up_due", "start"];
        for (answer, field) in answers.iter().zip(fields) {
            let e = rejected(answer);
            assert_eq!(e.field.as_deref(), Some(field), "{far}: {e:?}");
            // A far-future study date is "in the future" first; every other refusal is
            // the bound.
            assert!(
                matches!(e.code, ErrorCode::OutOfRange | ErrorCode::InFuture),
                "{far}: {e:?}"
            );
        }
    }
    // Year 99999 does not even read as a date.
    let answers = push(
        &app,
        &lin,
        &[with(
            plan_item_put(id(), None, "计划"),
            "due",
            json!("99999-01-01"),
        )],
    )
    .await;
    refused_on(&answers[0], "due", ErrorCode::InvalidFormat);
}
