//! A bad record is refused with the field and a sentence in the member's language; the
//! good ops around it in the same batch still apply.

use super::*;
use zhibu_model::ErrorCode;

fn in_days(days: i64) -> String {
    let today: chrono::NaiveDate = today().parse().unwrap();
    (today + chrono::Duration::days(days)).to_string()
}

/// (spoil the record, field, code, zh-CN message, English message)
type Case = (
    fn(&mut Value),
    &'static str,
    ErrorCode,
    &'static str,
    &'static str,
);

const CASES: [Case; 7] = [
    (
        |r| r["topic"] = json!("   "),
        "topic",
        ErrorCode::Required,
        "请填写学习内容",
        "Topic is required",
    ),
    (
        |r| r["date"] = json!(in_days(5)),
        "date",
        ErrorCode::InFuture,
        "日期不能晚于今天",
        "Date cannot be later than today",
    ),
    (
        |r| r["minutes"] = json!(0),
        "minutes",
        ErrorCode::Required,
        "请填写时长（分钟）",
        "Duration (minutes) is required",
    ),
    (
        |r| r["minutes"] = json!(1_000_000_000_000i64),
        "minutes",
        ErrorCode::TooLarge,
        "时长（分钟）不能超过 2400",
        "Duration (minutes) must be at most 2400",
    ),
    (
        |r| r["form"] = json!("karaoke"),
        "form",
        ErrorCode::InvalidFormat,
        "学习形式的格式不正确",
        "Form of study is not in a valid format",
    ),
    (
        |r| r["notes"] = json!("心".repeat(5001)),
        "notes",
        ErrorCode::TooLong,
        "心得体会不能超过 5000 个字符",
        "Notes must be at most 5000 characters",
    ),
    (
        |r| r["date"] = json!("2026/11/01"),
        "date",
        ErrorCode::InvalidFormat,
        "日期的格式不正确",
        "Date is not in a valid format",
    ),
];

#[tokio::test]
async fn bad_records_are_refused_by_field_in_chinese_by_default() {
    check_in("zh-CN", |c| c.3).await;
}

#[tokio::test]
async fn bad_records_are_refused_by_field_in_english_when_asked() {
    check_in("en", |c| c.4).await;
}

async fn check_in(lang: &str, message: fn(&Case) -> &'static str) {
    let app = spawn().await;
    let li = session(&app, "lixiuying").await;
    // good, bad, good, bad, …, good
    let mut ops = vec![study_put(id(), None, "好记录", 45)];
    for case in &CASES {
        let mut bad = study_put(id(), None, "坏记录", 45);
        (case.0)(&mut bad["record"]);
        ops.push(bad);
        ops.push(study_put(id(), None, "好记录", 45));
    }
    let answers = push_in(&app, &li, &ops, lang).await;
    for (i, case) in CASES.iter().enumerate() {
        let e = rejected(&answers[2 * i + 1]);
        assert_eq!((e.field.as_deref(), e.code), (Some(case.1), case.2));
        assert_eq!(e.message, message(case));
    }
    let applied = answers
        .iter()
        .filter(|r| matches!(r.outcome, OpOutcome::Applied { .. }))
        .count();
    assert_eq!(applied, CASES.len() + 1);
    assert_eq!(record_count(&app).await, (CASES.len() + 1) as i64);
    assert!(
        pull_all(&app, &li)
            .await
            .iter()
            .all(|r| topic(r) == "好记录")
    );
}

#[tokio::test]
async fn a_replayed_rejection_is_the_same_rejection() {
    let app = spawn().await;
    let li = session(&app, "lixiuying").await;
    let mut bad = study_put(id(), None, "", 45);
    bad["record"]["topic"] = json!("");
    let first = push(&app, &li, std::slice::from_ref(&bad)).await.remove(0);
    // Even asked in English, a replay answers exactly what was answered the first time.
    let again = push_in(&app, &li, &[bad], "en").await.remove(0);
    match again.outcome {
        OpOutcome::Duplicate { first: inner } => assert_eq!(*inner, first.outcome),
        other => panic!("expected duplicate, got {other:?}"),
    }
}

#[tokio::test]
async fn tomorrow_is_accepted_for_clock_slack() {
    let app = spawn().await;
    let li = session(&app, "lixiuying").await;
    let mut op = study_put(id(), None, "出差途中学习", 45);
    op["record"]["date"] = json!(in_days(1));
    push_applied(&app, &li, op).await;
}
