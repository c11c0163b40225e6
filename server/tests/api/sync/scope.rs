//! What a phone may see follows branch and post changes (issue 19): the pull's scope
//! version changes, and pulling again from 0 brings exactly the new branch's rows.

use super::*;
use crate::events::{event_put, event_record, now};
use crate::org::{Org, demo_branches, ok};
use zhibu_model::chrono::Duration;
use zhibu_model::sync::RecordKind;

#[tokio::test]
async fn a_transfer_changes_the_scope_and_a_pull_from_zero_shows_the_new_branch() {
    let app = spawn().await;
    let admin = session(&app, "admin").await;
    let (office, dispatch) = demo_branches(&app, &admin).await;
    let lin = session(&app, "linxiaolan").await;
    let he = session(&app, "hezhendong").await;
    let wang = session(&app, "wangjianguo").await;
    let start = now() + Duration::days(3);
    let office_event = id();
    push_applied(
        &app,
        &lin,
        event_put(
            office_event,
            None,
            event_record("办公室主题党日", start, start + Duration::hours(2)),
        ),
    )
    .await;
    // Written before the transfer: its revision is below wang's cursor afterwards.
    let dispatch_event = id();
    push_applied(
        &app,
        &he,
        event_put(
            dispatch_event,
            None,
            event_record("调度所主题党日", start, start + Duration::hours(2)),
        ),
    )
    .await;
    let own = id();
    push_applied(&app, &wang, study_put(own, None, "自学", 45)).await;

    let first = pull_page(&app, &wang, 0, None).await;
    let ids: Vec<_> = first.rows.iter().map(|r| r.id).collect();
    assert!(ids.contains(&office_event) && !ids.contains(&dispatch_event));
    let again = pull_page(&app, &wang, first.cursor, None).await;
    assert_eq!(
        (again.rows.len(), again.scope),
        (0, first.scope),
        "nothing changed"
    );

    let response = Org::new(&app)
        .transfer(
            &lin,
            wang.me.id,
            json!({"branch_id": dispatch.to_string(), "date": today()}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    // From the old cursor nothing would ever bring the dispatch event: the scope says so.
    let after = pull_page(&app, &wang, first.cursor, None).await;
    assert_ne!(after.scope, first.scope);
    assert!(after.rows.iter().all(|r| r.id != dispatch_event));
    let fresh = pull_all(&app, &wang).await;
    let ids: Vec<_> = fresh.iter().map(|r| r.id).collect();
    assert!(ids.contains(&dispatch_event), "visible at its old revision");
    assert!(!ids.contains(&office_event), "no longer visible");
    assert!(ids.contains(&own), "their own records follow them");
    assert_eq!(pull_page(&app, &wang, 0, None).await.scope, after.scope);
    let _ = office;
}

#[tokio::test]
async fn a_post_that_changes_the_role_changes_the_scope() {
    let app = spawn().await;
    let admin = session(&app, "admin").await;
    let (office, _) = demo_branches(&app, &admin).await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let start = now() + Duration::days(3);
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
    let before = pull_page(&app, &wang, 0, None).await;
    let as_member = before.rows.iter().find(|r| r.id == event).unwrap().clone();

    let response = Org::new(&app)
        .appoint(
            &admin,
            office,
            json!({"member_id": wang.me.id.to_string(), "post": "propaganda"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let after = pull_page(&app, &wang, 0, None).await;
    assert_ne!(after.scope, before.scope);
    let as_committee = after.rows.iter().find(|r| r.id == event).unwrap();
    // The same revision, now with what only managers see (the check-in secret).
    assert_eq!(as_committee.revision, as_member.revision);
    assert_ne!(as_committee.data, as_member.data);
    assert_eq!(as_committee.kind, RecordKind::Event);

    // A group leader's post gives no rights: the scope stays.
    #[derive(serde::Deserialize)]
    struct Created {
        id: String,
    }
    let group: Created = ok(Org::new(&app)
        .create_group(&lin, office, "第一党小组")
        .await)
    .await;
    let li = session(&app, "lixiuying").await;
    let first = pull_page(&app, &li, 0, None).await.scope;
    let response = Org::new(&app)
        .appoint(&lin, office, json!({"member_id": li.me.id.to_string(), "post": "group_leader", "party_group_id": group.id}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(pull_page(&app, &li, 0, None).await.scope, first);
}
