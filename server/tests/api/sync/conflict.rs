//! Last write wins, but the version it overwrote stays in the record's history.

use super::*;

/// `(revision, deleted, body, conflict)` of each replaced version, oldest first.
async fn history(app: &TestApp, record: Uuid) -> Vec<(i64, bool, Option<String>, bool)> {
    sqlx::query_as(
        "SELECT revision, deleted, body, conflict FROM record_history \
         WHERE record_id = $1 ORDER BY revision",
    )
    .bind(record.to_string())
    .fetch_all(&app.db().await)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_stale_base_is_a_conflict_and_nothing_is_lost() {
    let app = spawn().await;
    // Two phones of one member, both starting from the same version.
    let phone = session(&app, "wangjianguo").await;
    let tablet = session(&app, "wangjianguo").await;
    let record = id();
    let v1 = push_applied(&app, &phone, study_put(record, None, "初稿", 45)).await;
    let v2 = push_applied(
        &app,
        &phone,
        study_put(record, Some(v1.revision), "手机上改的", 60),
    )
    .await;

    let answer = push(
        &app,
        &tablet,
        &[study_put(record, Some(v1.revision), "平板上改的", 90)],
    )
    .await;
    let (row, replaced) = match &answer[0].outcome {
        OpOutcome::Conflict { row, replaced } => (row.clone(), replaced.clone()),
        other => panic!("expected conflict, got {other:?}"),
    };
    assert_eq!(
        replaced, v2,
        "the answer carries the server's version it overwrote"
    );
    assert_eq!(topic(&row), "平板上改的");
    assert!(row.revision > v2.revision);
    assert_eq!(
        pulled(&app, &phone, record).await.unwrap(),
        row,
        "the new write is current"
    );

    let kept = history(&app, record).await;
    assert_eq!(
        kept.len(),
        2,
        "v1 (replaced in order) and v2 (replaced in conflict)"
    );
    assert_eq!((kept[0].0, kept[0].3), (v1.revision, false));
    assert_eq!(
        (kept[1].0, kept[1].1, kept[1].3),
        (v2.revision, false, true)
    );
    assert!(kept[1].2.as_deref().unwrap().contains("手机上改的"));
}

#[tokio::test]
async fn deleting_a_version_one_has_not_seen_keeps_it() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let record = id();
    let v1 = push_applied(&app, &wang, study_put(record, None, "初稿", 45)).await;
    let v2 = push_applied(
        &app,
        &wang,
        study_put(record, Some(v1.revision), "改稿", 45),
    )
    .await;
    let answer = push(
        &app,
        &wang,
        &[delete("study_delete", record, Some(v1.revision))],
    )
    .await;
    match &answer[0].outcome {
        OpOutcome::Conflict { row, replaced } => {
            assert!(row.deleted && row.data.is_none());
            assert_eq!(*replaced, v2);
        }
        other => panic!("expected conflict, got {other:?}"),
    }
    let kept = history(&app, record).await;
    assert!(
        kept.iter()
            .any(|h| h.0 == v2.revision && h.2.as_deref().unwrap().contains("改稿"))
    );
}

#[tokio::test]
async fn an_edit_of_a_deleted_record_brings_it_back_and_keeps_the_tombstone() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let record = id();
    let v1 = push_applied(&app, &wang, study_put(record, None, "初稿", 45)).await;
    let gone = push_applied(
        &app,
        &wang,
        delete("study_delete", record, Some(v1.revision)),
    )
    .await;
    // Another phone edited v1 offline.
    let answer = push(
        &app,
        &wang,
        &[study_put(record, Some(v1.revision), "离线改的", 45)],
    )
    .await;
    match &answer[0].outcome {
        OpOutcome::Conflict { row, replaced } => {
            assert_eq!(topic(row), "离线改的");
            assert_eq!(*replaced, gone);
        }
        other => panic!("expected conflict, got {other:?}"),
    }
    let kept = history(&app, record).await;
    assert_eq!(kept.len(), 2);
    assert!(kept[1].1, "the tombstone is in the history");
}

#[tokio::test]
async fn an_edit_on_the_current_revision_is_applied_not_a_conflict() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let record = id();
    let mut base = None;
    for i in 0..5 {
        let row = push_applied(
            &app,
            &wang,
            study_put(record, base, &format!("第{i}稿"), 45),
        )
        .await;
        base = Some(row.revision);
    }
    let kept = history(&app, record).await;
    assert_eq!(kept.len(), 4);
    assert!(kept.iter().all(|h| !h.3));
}

#[tokio::test]
async fn two_writes_of_one_record_in_one_batch_keep_the_first_in_history() {
    // The engine sends one op per record per batch; another client might not.
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let record = id();
    let answers = push(
        &app,
        &wang,
        &[
            study_put(record, None, "第一稿", 45),
            study_put(record, None, "第二稿", 45),
        ],
    )
    .await;
    let first = match &answers[0].outcome {
        OpOutcome::Applied { row } => row.clone(),
        other => panic!("expected applied, got {other:?}"),
    };
    match &answers[1].outcome {
        OpOutcome::Conflict { row, replaced } => {
            assert_eq!(*replaced, first);
            assert_eq!(topic(row), "第二稿");
            assert_eq!(pulled(&app, &wang, record).await.unwrap(), *row);
        }
        other => panic!("expected conflict, got {other:?}"),
    }
    let kept = history(&app, record).await;
    assert_eq!(kept.len(), 1);
    assert_eq!((kept[0].0, kept[0].3), (first.revision, true));
    assert_eq!(record_count(&app).await, 1);
}
