//! At most once per (member, op_id), whatever order and however often ops arrive.

use super::*;
use zhibu_model::ErrorCode;
use zhibu_model::sync::MAX_PUSH_BATCH;

#[tokio::test]
async fn a_batch_sent_three_times_is_applied_once() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let ops: Vec<Value> = (0..5)
        .map(|i| study_put(id(), None, &format!("第{i}次学习"), 45))
        .collect();
    let first = push(&app, &wang, &ops).await;
    assert!(
        first
            .iter()
            .all(|r| matches!(r.outcome, OpOutcome::Applied { .. }))
    );
    for _ in 0..2 {
        let again = push(&app, &wang, &ops).await;
        for (a, f) in again.iter().zip(&first) {
            match &a.outcome {
                OpOutcome::Duplicate { first: inner } => assert_eq!(**inner, f.outcome),
                other => panic!("expected duplicate, got {other:?}"),
            }
        }
    }
    assert_eq!(record_count(&app).await, 5);
    assert_eq!(pull_all(&app, &wang).await.len(), 5);
}

#[tokio::test]
async fn the_same_op_id_from_another_member_is_another_op() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let op = study_put(id(), None, "学习党章", 45);
    push_applied(&app, &wang, op.clone()).await;
    // Li replays Wang's op (same op_id, same record id): not a duplicate of Wang's, and
    // Wang's record is not Li's to write.
    let answer = push(&app, &li, &[op]).await.remove(0);
    assert_eq!(rejected(&answer).code, ErrorCode::Forbidden);
}

#[tokio::test]
async fn shuffled_and_duplicated_batches_apply_each_op_exactly_once() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let records: Vec<Uuid> = (0..12).map(|_| id()).collect();
    let ops: Vec<Value> = records
        .iter()
        .enumerate()
        .map(|(i, r)| study_put(*r, None, &format!("记录{i}"), 30 + i as i64))
        .collect();
    // Out of order, with an op repeated inside the batch.
    let batch_a = vec![
        ops[7].clone(),
        ops[2].clone(),
        ops[11].clone(),
        ops[2].clone(),
        ops[0].clone(),
        ops[5].clone(),
    ];
    let answers = push(&app, &wang, &batch_a).await;
    assert!(matches!(answers[1].outcome, OpOutcome::Applied { .. }));
    match &answers[3].outcome {
        OpOutcome::Duplicate { first } => assert_eq!(**first, answers[1].outcome),
        other => panic!("a repeat inside one batch is a duplicate, got {other:?}"),
    }
    // The rest, shuffled, overlapping the first batch.
    let batch_b: Vec<Value> = [10, 0, 3, 9, 7, 1, 4, 6, 8, 5, 11]
        .iter()
        .map(|i| ops[*i].clone())
        .collect();
    let answers = push(&app, &wang, &batch_b).await;
    let dupes = answers
        .iter()
        .filter(|r| matches!(r.outcome, OpOutcome::Duplicate { .. }))
        .count();
    assert_eq!(dupes, 4, "0, 7, 5 and 11 were in the first batch");
    push(&app, &wang, &ops).await;

    let rows = pull_all(&app, &wang).await;
    assert_eq!(rows.len(), 12);
    let mut pulled: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    pulled.sort();
    let mut expected = records.clone();
    expected.sort();
    assert_eq!(pulled, expected);
    assert_eq!(record_count(&app).await, 12);
    let (ops_seen,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sync_ops")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(ops_seen, 12);
}

#[tokio::test]
async fn a_malformed_op_is_rejected_alone() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let good = study_put(id(), None, "学习条例", 45);
    let garbage = json!({"op_id": id(), "record_id": 42, "kind": "study_put", "record": "?"});
    let unknown_kind = json!({"op_id": id(), "record_id": id(), "kind": "karaoke", "record": {}});
    let answers = push(&app, &wang, &[garbage, good, unknown_kind]).await;
    for bad in [&answers[0], &answers[2]] {
        let e = rejected(bad);
        assert_eq!(e.code, ErrorCode::MalformedRequest);
        assert_eq!(e.field.as_deref(), Some("record"));
    }
    assert!(matches!(answers[1].outcome, OpOutcome::Applied { .. }));
    assert_eq!(record_count(&app).await, 1);
}

#[tokio::test]
async fn an_op_without_op_id_refuses_the_whole_batch() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let good = study_put(id(), None, "学习条例", 45);
    let mut nameless = study_put(id(), None, "没有编号", 45);
    nameless.as_object_mut().unwrap().remove("op_id");
    let not_a_uuid = json!({"op_id": "7", "record_id": id(), "kind": "study_delete"});
    for (bad, code, message) in [
        (nameless, ErrorCode::Required, "Operation id is required"),
        (
            not_a_uuid,
            ErrorCode::InvalidFormat,
            "Operation id is not in a valid format",
        ),
    ] {
        let response = push_raw(&app, &wang, json!({"ops": [good.clone(), bad]}), "en").await;
        let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!((e.code, e.field.as_deref()), (code, Some("op_id")));
        assert_eq!(e.message, message);
    }
    assert_eq!(record_count(&app).await, 0);
}

#[tokio::test]
async fn more_than_the_batch_limit_is_refused_whole() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let ops: Vec<Value> = (0..=MAX_PUSH_BATCH)
        .map(|_| delete("study_delete", id(), None))
        .collect();
    let response = push_raw(&app, &wang, json!({ "ops": ops }), "zh-CN").await;
    let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::TooLarge, Some("ops"))
    );
    assert_eq!(e.message, "待同步条目不能超过 200");
    assert_eq!(record_count(&app).await, 0);
    // Exactly the limit is fine.
    let answers = push(&app, &wang, &ops[..MAX_PUSH_BATCH]).await;
    assert_eq!(answers.len(), MAX_PUSH_BATCH);
}

#[tokio::test]
async fn a_full_batch_of_the_longest_notes_fits() {
    // The engine sends 20 ops at a time; 5000 characters of Chinese notes are 15 kB each.
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let ops: Vec<Value> = (0..20)
        .map(|i| {
            let mut op = study_put(id(), None, &format!("长篇心得{i}"), 45);
            op["record"]["notes"] = json!("学".repeat(5000));
            op
        })
        .collect();
    let answers = push(&app, &wang, &ops).await;
    assert!(
        answers
            .iter()
            .all(|r| matches!(r.outcome, OpOutcome::Applied { .. }))
    );
}

#[tokio::test]
async fn an_empty_batch_is_answered_with_nothing() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    assert!(push(&app, &wang, &[]).await.is_empty());
}

#[tokio::test]
async fn push_and_pull_need_a_session() {
    let app = spawn().await;
    let client = Client::new();
    let response = client
        .post(app.url("/api/v1/sync/push"))
        .json(&json!({"ops": [study_put(id(), None, "匿名", 45)]}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        api_error(response, StatusCode::UNAUTHORIZED).await.code,
        ErrorCode::Unauthenticated
    );
    let response = client
        .get(app.url("/api/v1/sync/pull?since=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        api_error(response, StatusCode::UNAUTHORIZED).await.code,
        ErrorCode::Unauthenticated
    );
    assert_eq!(record_count(&app).await, 0);
}

#[tokio::test]
async fn a_push_over_the_byte_limit_is_413_json() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let mut op = study_put(id(), None, "太大", 45);
    op["record"]["notes"] = json!("a".repeat(zhibu_model::sync::MAX_PUSH_BYTES));
    let response = push_raw(&app, &wang, json!({ "ops": [op] }), "zh-CN").await;
    let e = api_error(response, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(e.code, ErrorCode::PayloadTooLarge);
    assert_eq!(record_count(&app).await, 0);
}

#[tokio::test]
async fn the_same_batch_racing_on_several_connections_is_applied_once() {
    // A phone that times out and retries while the first request is still running.
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let ops: Vec<Value> = (0..20)
        .map(|i| study_put(id(), None, &format!("并发{i}"), 45))
        .collect();
    let answers = push_concurrently(&app, &wang, &ops, 8).await;
    for i in 0..ops.len() {
        let applied = answers
            .iter()
            .filter(|a| matches!(a[i].outcome, OpOutcome::Applied { .. }))
            .count();
        assert_eq!(applied, 1, "op {i}: exactly one request applied it");
    }
    assert_eq!(record_count(&app).await, 20);
}

async fn push_concurrently(
    app: &TestApp,
    who: &Session,
    ops: &[Value],
    n: usize,
) -> Vec<Vec<OpResult>> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..n {
        let client = who.client.clone();
        let url = app.url("/api/v1/sync/push");
        let body = json!({ "ops": ops });
        tasks.spawn(async move {
            let response = client.post(url).json(&body).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            response.json::<PushResponse>().await.unwrap().results
        });
    }
    tasks.join_all().await
}

#[tokio::test]
async fn a_failed_write_leaves_nothing_behind_and_the_next_push_works() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let record = id();
    let v1 = push_applied(&app, &wang, study_put(record, None, "初稿", 45)).await;
    // Break the history table, so that the next edit fails while writing.
    sqlx::query("DROP TABLE record_history")
        .execute(&app.db().await)
        .await
        .unwrap();
    let edit = study_put(record, Some(v1.revision), "改稿", 45);
    let response = push_raw(&app, &wang, json!({ "ops": [edit.clone()] }), "zh-CN").await;
    let e = api_error(response, StatusCode::INTERNAL_SERVER_ERROR).await;
    assert_eq!(e.code, ErrorCode::Internal);
    // Rolled back: the record is as it was and the op was not remembered.
    assert_eq!(pulled(&app, &wang, record).await.unwrap(), v1);
    // The writer is free and clean: a push that needs no history goes through.
    push_applied(&app, &wang, study_put(id(), None, "新的", 45)).await;
    // And the failed op, re-sent, is applied (not a duplicate) once the table is back.
    sqlx::query(
        "CREATE TABLE record_history (record_id TEXT NOT NULL, revision INTEGER NOT NULL, \
         owner_id TEXT NOT NULL, deleted INTEGER NOT NULL, body TEXT NULL, \
         replaced_at INTEGER NOT NULL, replaced_by_op TEXT NOT NULL, conflict INTEGER NOT NULL, \
         PRIMARY KEY (record_id, revision))",
    )
    .execute(&app.db().await)
    .await
    .unwrap();
    let row = push_applied(&app, &wang, edit).await;
    assert_eq!(topic(&row), "改稿");
}

#[tokio::test]
async fn a_push_that_fails_does_not_fail_the_pushes_written_with_it() {
    // Pushes that queue while another is written are committed together; if that fails,
    // each is retried alone.
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let record = id();
    let v1 = push_applied(&app, &wang, study_put(record, None, "初稿", 45)).await;
    let others = other_members(&app).await;
    let db = app.db().await;
    sqlx::query("DROP TABLE record_history")
        .execute(&db)
        .await
        .unwrap();
    // Hold SQLite's write lock, so the writer stalls on its first push and the rest queue.
    let mut lock = db.acquire().await.unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut *lock)
        .await
        .unwrap();
    let url = app.url("/api/v1/sync/push");
    let mut tasks = tokio::task::JoinSet::new();
    let first = json!({"ops": [study_put(id(), None, "先到的", 45)]});
    tasks.spawn(send(others[0].client.clone(), url.clone(), first));
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let edit = json!({"ops": [study_put(record, Some(v1.revision), "改稿", 45)]});
    tasks.spawn(send(wang.client.clone(), url.clone(), edit));
    for who in &others[1..] {
        let body = json!({"ops": [study_put(id(), None, "同时提交", 45)]});
        tasks.spawn(send(who.client.clone(), url.clone(), body));
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    sqlx::query("COMMIT").execute(&mut *lock).await.unwrap();
    drop(lock);

    let statuses = tasks.join_all().await;
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(ok, others.len(), "{statuses:?}");
    assert!(statuses.contains(&StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(record_count(&app).await, 1 + others.len() as i64);
    assert_eq!(pulled(&app, &wang, record).await.unwrap(), v1);
}

async fn send(client: Client, url: String, body: Value) -> StatusCode {
    client.post(url).json(&body).send().await.unwrap().status()
}

async fn other_members(app: &TestApp) -> Vec<Session> {
    let mut sessions = Vec::new();
    for login in [
        "lixiuying",
        "zhanghaifeng",
        "liusiyuan",
        "sunlihua",
        "xuting",
    ] {
        sessions.push(session(app, login).await);
    }
    sessions
}
