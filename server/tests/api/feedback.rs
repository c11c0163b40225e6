//! 意见建议 (issue 19): members send through sync, offline too; administrators see all,
//! answer and close; the answer reaches the member's phone; nobody else sees either.

use crate::common::*;
use crate::sync::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use zhibu_model::feedback::{FeedbackPage, FeedbackStatus};
use zhibu_model::sync::{OpOutcome, RecordData, RecordKind, SyncRow};
use zhibu_model::{ErrorCode, Uuid};

fn feedback_put(record: Uuid, kind: &str, text: &str) -> Value {
    json!({"op_id": id(), "record_id": record, "kind": "feedback_put",
           "record": {"feedback_kind": kind, "text": text}})
}

async fn list(app: &TestApp, who: &Session, query: &str) -> reqwest::Response {
    who.client
        .get(app.url(&format!("/api/v1/org/feedback?{query}")))
        .send()
        .await
        .unwrap()
}

async fn reply(app: &TestApp, who: &Session, feedback: Uuid, body: Value) -> reqwest::Response {
    who.client
        .post(app.url(&format!("/api/v1/org/feedback/{feedback}/reply")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn administrators_answer_and_the_member_reads_the_answer() {
    let app = spawn().await;
    let admin = session(&app, "admin").await;
    let wang = session(&app, "wangjianguo").await;
    let lin = session(&app, "linxiaolan").await;
    let wangs = id();
    push_applied(
        &app,
        &wang,
        feedback_put(wangs, "complaint", "活动通知太晚，来不及请假"),
    )
    .await;
    let lins = id();
    push_applied(
        &app,
        &lin,
        feedback_put(lins, "suggestion", "希望能导出学习台账"),
    )
    .await;

    let page: FeedbackPage = list(&app, &admin, "").await.json().await.unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.items[0].id, lins, "newest first");
    assert!(page.items.iter().all(|i| i.status == FeedbackStatus::Sent));
    assert_eq!(page.items[1].display_name, "王建国");
    for who in [&lin, &wang] {
        api_error(list(&app, who, "").await, StatusCode::FORBIDDEN).await;
        api_error(
            reply(&app, who, wangs, json!({"answer": "x"})).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }

    let response = reply(
        &app,
        &admin,
        wangs,
        json!({"answer": "已请各支部提前一周发布"}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let rows = pull_all(&app, &wang).await;
    let answer = rows
        .iter()
        .find(|r| r.kind == RecordKind::FeedbackReply)
        .unwrap();
    assert!(
        matches!(&answer.data, Some(RecordData::FeedbackReply(r)) if r.feedback_id == wangs && !r.close)
    );
    // The secretary sees only their own, never another member's or its answer.
    let theirs: Vec<SyncRow> = pull_all(&app, &lin).await;
    assert!(
        theirs
            .iter()
            .all(|r| r.id != wangs && r.kind != RecordKind::FeedbackReply)
    );
    assert!(theirs.iter().any(|r| r.id == lins));

    let response = reply(&app, &admin, wangs, json!({"close": true})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: FeedbackPage = list(&app, &admin, "status=closed")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((page.total, page.items[0].replies.len()), (1, 2));
    let page: FeedbackPage = list(&app, &admin, "status=sent")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.items[0].id, lins);
}

#[tokio::test]
async fn bad_input_is_named_and_writes_nothing() {
    let app = spawn().await;
    let admin = session(&app, "admin").await;
    let wang = session(&app, "wangjianguo").await;
    let results = push_in(&app, &wang, &[feedback_put(id(), "praise", "x")], "en").await;
    match &results[0].outcome {
        OpOutcome::Rejected { error } => {
            assert_eq!(
                (error.field.as_deref(), error.code),
                (Some("feedback_kind"), ErrorCode::InvalidFormat)
            );
        }
        other => panic!("{other:?}"),
    }
    // Only administrators answer, even through sync.
    let forged = json!({"op_id": id(), "record_id": id(), "kind": "feedback_reply_put",
                        "record": {"feedback_id": id(), "answer": "x"}});
    match &push(&app, &wang, &[forged]).await[0].outcome {
        OpOutcome::Rejected { error } => assert_eq!(error.field.as_deref(), Some("kind")),
        other => panic!("{other:?}"),
    }

    let mine = id();
    push_applied(&app, &wang, feedback_put(mine, "suggestion", "建议")).await;
    let before: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM records")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    let e = api_error(
        reply(&app, &admin, mine, json!({"answer": "  "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        (e.field.as_deref(), e.code, e.message.as_str()),
        (Some("answer"), ErrorCode::Required, "请填写答复")
    );
    api_error(
        reply(&app, &admin, id(), json!({"answer": "x"})).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let after: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM records")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(before, after);
    field_error_on_status(&app, &admin).await;
}

async fn field_error_on_status(app: &TestApp, admin: &Session) {
    let e = api_error(
        list(app, admin, "status=lost").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(e.field.as_deref(), Some("status"));
}
