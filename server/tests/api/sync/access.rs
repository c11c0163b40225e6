//! Every operation is checked against the session's member and role; every pull is
//! scoped by them.

use super::*;
use zhibu_model::ErrorCode;

#[tokio::test]
async fn another_members_record_cannot_be_written_or_deleted() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let record = id();
    let row = push_applied(&app, &wang, study_put(record, None, "王建国的学习", 45)).await;

    // Li, same branch, knows the id and even the revision: still not hers.
    let answers = push(
        &app,
        &li,
        &[
            study_put(record, Some(row.revision), "李秀英改的", 45),
            delete("study_delete", record, Some(row.revision)),
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
    // The secretary manages the branch, not its members' own records.
    let lin = session(&app, "linxiaolan").await;
    let answer = push(
        &app,
        &lin,
        &[study_put(record, Some(row.revision), "书记改的", 45)],
    )
    .await;
    assert_eq!(rejected(&answer[0]).code, ErrorCode::Forbidden);

    let now = pulled(&app, &wang, record).await.unwrap();
    assert_eq!(now, row, "the record is unchanged");
    let (history,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM record_history")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(history, 0);
}

#[tokio::test]
async fn nobody_else_pulls_my_own_records() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let record = id();
    push_applied(&app, &wang, study_put(record, None, "只有我能看", 45)).await;
    push_applied(&app, &wang, delete("study_delete", id(), None)).await;
    for other in [
        "lixiuying",
        "linxiaolan",
        "chenzhiyuan",
        "hezhendong",
        "xuting",
        "admin",
    ] {
        let who = session(&app, other).await;
        assert!(
            pull_all(&app, &who).await.is_empty(),
            "{other} sees nothing of Wang's"
        );
    }
    assert_eq!(pull_all(&app, &wang).await.len(), 2);
}

#[tokio::test]
async fn a_record_id_of_another_kind_is_refused() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let record = id();
    let row = push_applied(&app, &wang, study_put(record, None, "学习", 45)).await;
    let lin = session(&app, "linxiaolan").await;
    // Neither the owner nor the secretary can turn a study record into a plan item.
    for who in [&wang, &lin] {
        let answer = push(
            &app,
            who,
            &[plan_item_put(record, Some(row.revision), "计划")],
        )
        .await;
        assert_eq!(rejected(&answer[0]).code, ErrorCode::Forbidden);
    }
    let answer = push(
        &app,
        &wang,
        &[delete("plan_tick_delete", record, Some(row.revision))],
    )
    .await;
    assert_eq!(rejected(&answer[0]).code, ErrorCode::Forbidden);
    assert_eq!(pulled(&app, &wang, record).await.unwrap(), row);
}

#[tokio::test]
async fn the_session_decides_the_owner_not_the_body() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let mut op = study_put(id(), None, "冒名", 45);
    // Fields the contract does not have are ignored, never trusted.
    op["owner"] = json!(li.me.id);
    op["owner_id"] = json!(li.me.id);
    let row = push_applied(&app, &wang, op).await;
    assert_eq!(row.owner, wang.me.id.0);
    assert!(pull_all(&app, &li).await.is_empty());
}
