//! The sync contract (docs/ARCHITECTURE.md) over HTTP: push applies each operation at
//! most once, answers every one, checks it against the session's member and role; pull
//! returns what changed, tombstones included, only what the member may see.
//!
//! The helpers below speak the wire format as JSON values, so a test can also send what
//! the typed client never would (garbage, missing ids).

mod access;
mod conflict;
mod plan;
mod pull;
mod push;
mod scope;
mod validation;

use crate::common::*;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use zhibu_model::sync::{OpOutcome, OpResult, PullResponse, PushResponse, SyncRow};
use zhibu_model::{Me, Uuid};

/// A logged-in member: their cookie jar and who they are.
pub struct Session {
    pub client: Client,
    pub me: Me,
}

pub async fn session(app: &TestApp, login: &str) -> Session {
    let client = browser();
    let response = app.login(&client, login, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK, "{login}");
    Session {
        me: response.json().await.unwrap(),
        client,
    }
}

/// Today in China (the server's reference for "not in the future").
pub fn today() -> String {
    zhibu_server::sync::today_in_china(zhibu_server::clock::now_millis()).to_string()
}

pub fn id() -> Uuid {
    Uuid::now_v7()
}

/// A new study record of `minutes` with `topic`, dated today.
pub fn study_put(record: Uuid, base: Option<i64>, topic: &str, minutes: i64) -> Value {
    json!({
        "op_id": id(),
        "record_id": record,
        "base_revision": base,
        "kind": "study_put",
        "record": {"date": today(), "minutes": minutes, "form": "self_study", "topic": topic},
    })
}

pub fn delete(kind: &str, record: Uuid, base: Option<i64>) -> Value {
    json!({"op_id": id(), "record_id": record, "base_revision": base, "kind": kind})
}

pub fn plan_item_put(record: Uuid, base: Option<i64>, title: &str) -> Value {
    json!({
        "op_id": id(),
        "record_id": record,
        "base_revision": base,
        "kind": "plan_item_put",
        "record": {"title": title, "due": "2026-12-31"},
    })
}

pub fn plan_tick_put(record: Uuid, plan_item: Uuid) -> Value {
    json!({
        "op_id": id(),
        "record_id": record,
        "kind": "plan_tick_put",
        "record": {"plan_item_id": plan_item, "done_on": today()},
    })
}

pub async fn push_raw(app: &TestApp, who: &Session, body: Value, lang: &str) -> Response {
    who.client
        .post(app.url("/api/v1/sync/push"))
        .header("accept-language", lang)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Pushes `ops` (zh-CN) and returns the answers, checking there is one per op, in order.
pub async fn push(app: &TestApp, who: &Session, ops: &[Value]) -> Vec<OpResult> {
    push_in(app, who, ops, "zh-CN").await
}

pub async fn push_in(app: &TestApp, who: &Session, ops: &[Value], lang: &str) -> Vec<OpResult> {
    let response = push_raw(app, who, json!({ "ops": ops }), lang).await;
    assert_eq!(response.status(), StatusCode::OK);
    let results = response.json::<PushResponse>().await.unwrap().results;
    let sent: Vec<String> = ops
        .iter()
        .map(|o| o["op_id"].as_str().unwrap().to_owned())
        .collect();
    let answered: Vec<String> = results.iter().map(|r| r.op_id.to_string()).collect();
    assert_eq!(sent, answered, "one answer per op, in order");
    results
}

/// Pushes one op and returns the row it wrote (it must be applied).
pub async fn push_applied(app: &TestApp, who: &Session, op: Value) -> SyncRow {
    match push(app, who, &[op]).await.remove(0).outcome {
        OpOutcome::Applied { row } => row,
        other => panic!("expected applied, got {other:?}"),
    }
}

pub async fn pull_page(
    app: &TestApp,
    who: &Session,
    since: i64,
    limit: Option<usize>,
) -> PullResponse {
    let mut url = format!("/api/v1/sync/pull?since={since}");
    if let Some(limit) = limit {
        url.push_str(&format!("&limit={limit}"));
    }
    let response = who.client.get(app.url(&url)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// Every row the member may see, following the cursor until `more` is false.
pub async fn pull_all(app: &TestApp, who: &Session) -> Vec<SyncRow> {
    let mut rows = Vec::new();
    let mut since = 0;
    loop {
        let page = pull_page(app, who, since, None).await;
        rows.extend(page.rows);
        since = page.cursor;
        if !page.more {
            return rows;
        }
    }
}

/// The current version of a record as the member's pull shows it.
pub async fn pulled(app: &TestApp, who: &Session, record: Uuid) -> Option<SyncRow> {
    // A pull carries each record once, at its current revision.
    pull_all(app, who)
        .await
        .into_iter()
        .find(|r| r.id == record)
}

pub fn rejected(result: &OpResult) -> &zhibu_model::ApiError {
    match &result.outcome {
        OpOutcome::Rejected { error } => error,
        other => panic!("expected rejected, got {other:?}"),
    }
}

pub fn topic(row: &SyncRow) -> &str {
    match &row.data {
        Some(zhibu_model::sync::RecordData::Study(s)) => &s.topic,
        other => panic!("not a study record: {other:?}"),
    }
}

/// Rows in the records table (all members), to check nothing was written twice.
pub async fn record_count(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM records")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    n
}
