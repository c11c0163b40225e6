//! The branch study plan: published by the branch's secretary or committee, seen by every
//! member of that branch only, ticked off by members.

use super::*;
use zhibu_model::ErrorCode;
use zhibu_model::sync::{RecordData, RecordKind};

#[tokio::test]
async fn a_member_cannot_publish_plan_items() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let answer = push(&app, &wang, &[plan_item_put(id(), None, "自封的计划")]).await;
    assert_eq!(rejected(&answer[0]).code, ErrorCode::Forbidden);
    assert_eq!(record_count(&app).await, 0);
}

#[tokio::test]
async fn the_secretary_and_committee_publish_and_the_whole_branch_pulls() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let chen = session(&app, "chenzhiyuan").await;
    let by_secretary = id();
    let by_committee = id();
    let row = push_applied(
        &app,
        &lin,
        plan_item_put(by_secretary, None, "学习二十届四中全会精神"),
    )
    .await;
    assert_eq!(row.kind, RecordKind::PlanItem);
    push_applied(&app, &chen, plan_item_put(by_committee, None, "学习党章")).await;
    // The committee member may edit the secretary's item too: it is the branch's.
    let edited = push_applied(
        &app,
        &chen,
        plan_item_put(by_secretary, Some(row.revision), "学习全会精神"),
    )
    .await;
    assert_eq!(
        edited.owner, chen.me.id.0,
        "the owner of a branch record is its last writer"
    );

    for member in [
        "wangjianguo",
        "lixiuying",
        "linxiaolan",
        "chenzhiyuan",
        "zhouyutong",
    ] {
        let who = session(&app, member).await;
        let rows = pull_all(&app, &who).await;
        let mut titles: Vec<String> = rows
            .iter()
            .filter_map(|r| match &r.data {
                Some(RecordData::PlanItem(p)) => Some(p.title.clone()),
                _ => None,
            })
            .collect();
        titles.sort();
        assert_eq!(titles, ["学习党章", "学习全会精神"], "{member}");
        assert_eq!(rows.len(), 2, "{member}: the current version of each, once");
    }
    for outsider in ["hezhendong", "xuting", "admin"] {
        let who = session(&app, outsider).await;
        assert!(pull_all(&app, &who).await.is_empty(), "{outsider}");
    }
}

#[tokio::test]
async fn another_branchs_secretary_cannot_touch_the_plan() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let he = session(&app, "hezhendong").await;
    let item = id();
    let row = push_applied(&app, &lin, plan_item_put(item, None, "支部一的计划")).await;
    let answers = push(
        &app,
        &he,
        &[
            plan_item_put(item, Some(row.revision), "支部二改的"),
            delete("plan_item_delete", item, Some(row.revision)),
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
    let wang = session(&app, "wangjianguo").await;
    assert_eq!(pulled(&app, &wang, item).await.unwrap(), row);
}

#[tokio::test]
async fn a_tick_must_name_a_live_plan_item_of_ones_own_branch() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let he = session(&app, "hezhendong").await;
    let wang = session(&app, "wangjianguo").await;
    let ours = id();
    let theirs = id();
    let withdrawn = id();
    push_applied(&app, &lin, plan_item_put(ours, None, "本支部计划")).await;
    push_applied(&app, &he, plan_item_put(theirs, None, "别的支部的计划")).await;
    let row = push_applied(&app, &lin, plan_item_put(withdrawn, None, "撤回的计划")).await;
    push_applied(
        &app,
        &lin,
        delete("plan_item_delete", withdrawn, Some(row.revision)),
    )
    .await;
    let study = id();
    push_applied(&app, &wang, study_put(study, None, "学习", 45)).await;

    let answers = push(
        &app,
        &wang,
        &[
            plan_tick_put(id(), theirs),
            plan_tick_put(id(), withdrawn),
            plan_tick_put(id(), id()),
            plan_tick_put(id(), study),
            plan_tick_put(id(), ours),
        ],
    )
    .await;
    for a in &answers[..4] {
        assert_eq!(rejected(a).field.as_deref(), Some("plan_item_id"));
    }
    assert!(matches!(answers[4].outcome, OpOutcome::Applied { .. }));
    // And a study record may only name one of its own branch's plan items.
    let mut op = study_put(id(), None, "学别人的计划", 45);
    op["record"]["plan_item_id"] = json!(theirs);
    let answer = push(&app, &wang, &[op]).await;
    assert_eq!(rejected(&answer[0]).field.as_deref(), Some("plan_item_id"));
}

#[tokio::test]
async fn a_tick_may_only_point_at_ones_own_study_record() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let item = id();
    push_applied(&app, &lin, plan_item_put(item, None, "计划")).await;
    let lis_study = id();
    push_applied(&app, &li, study_put(lis_study, None, "李秀英的学习", 45)).await;
    let mut tick = plan_tick_put(id(), item);
    tick["record"]["study_id"] = json!(lis_study);
    let answer = push(&app, &wang, &[tick]).await;
    assert_eq!(rejected(&answer[0]).field.as_deref(), Some("study_id"));
    // Its own study record, even one pushed later in the same batch, is fine.
    let mine = id();
    let mut tick = plan_tick_put(id(), item);
    tick["record"]["study_id"] = json!(mine);
    let answers = push(&app, &wang, &[tick, study_put(mine, None, "我的学习", 45)]).await;
    assert!(
        answers
            .iter()
            .all(|a| matches!(a.outcome, OpOutcome::Applied { .. }))
    );
}

#[tokio::test]
async fn a_plan_item_published_earlier_in_the_batch_can_be_ticked_in_it() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let item = id();
    let study = id();
    let mut tick = plan_tick_put(id(), item);
    tick["record"]["study_id"] = json!(study);
    let mut covered = study_put(study, None, "学习计划条目", 45);
    covered["record"]["plan_item_id"] = json!(item);
    let answers = push(
        &app,
        &lin,
        &[plan_item_put(item, None, "计划"), covered, tick],
    )
    .await;
    assert!(
        answers
            .iter()
            .all(|a| matches!(a.outcome, OpOutcome::Applied { .. })),
        "{answers:?}"
    );
    // In the other order the tick comes before its item exists: refused, nothing else is.
    let (item, tick_id) = (id(), id());
    let answers = push(
        &app,
        &lin,
        &[
            plan_tick_put(tick_id, item),
            plan_item_put(item, None, "计划二"),
        ],
    )
    .await;
    assert_eq!(rejected(&answers[0]).field.as_deref(), Some("plan_item_id"));
    assert!(matches!(answers[1].outcome, OpOutcome::Applied { .. }));
}
