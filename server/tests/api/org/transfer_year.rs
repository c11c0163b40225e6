//! A transfer in the middle of a year: each branch's study, talk and pledge overviews for
//! that year list the member with what they did while they belonged there, in the post
//! they held there; the following year only the new branch lists them.

use super::*;
use crate::sync::{id, push_applied, session};
use chrono::{Datelike, NaiveDate};
use zhibu_model::Role;
use zhibu_model::branch_study::BranchStudyOverview;
use zhibu_model::pledge::{BranchPledges, PledgeInput, PledgeKind, PledgeTemplate, Signature};
use zhibu_model::talk::BranchTalks;

fn study_on(date: NaiveDate, minutes: i64) -> Value {
    json!({
        "op_id": id(), "record_id": id(), "base_revision": null, "kind": "study_put",
        "record": {"date": date.to_string(), "minutes": minutes, "form": "self_study", "topic": "学习"},
    })
}

fn talk_on(record: zhibu_model::Uuid, date: NaiveDate, with: MemberId) -> Value {
    json!({
        "op_id": id(), "record_id": record, "base_revision": null, "kind": "talk_put",
        "record": {"date": date.to_string(), "kind": "heart_to_heart", "members": [with],
                   "place": "党员活动室", "topics": "工作和学习", "issues": ""},
    })
}

fn confirm(talk: zhibu_model::Uuid) -> Value {
    json!({
        "op_id": id(), "record_id": id(), "kind": "talk_confirmation_put",
        "record": {"talk_id": talk, "verdict": "confirmed", "note": ""},
    })
}

fn template(year: i32) -> PledgeTemplate {
    PledgeTemplate {
        kind: PledgeKind::Commitment,
        year,
        title: format!("{year}年度党员承诺书"),
        body: "我是中国共产党党员，我承诺：".into(),
    }
}

fn signed(template_id: zhibu_model::Uuid, year: i32) -> Value {
    let mut input = PledgeInput::from_template(template_id, &template(year));
    input.items = vec!["每月参加主题党日".into(), "完成学习任务".into()];
    let signature = Signature {
        width: 600,
        height: 200,
        strokes: vec![vec![[40, 120], [80, 60], [120, 130]]],
    };
    input
        .sign(signature, zhibu_server::clock::now_millis())
        .unwrap();
    json!({"op_id": id(), "record_id": id(), "base_revision": null, "kind": "pledge_put",
           "record": input})
}

fn kept(pledge: zhibu_model::Uuid, item: u32, date: NaiveDate) -> Value {
    json!({
        "op_id": id(), "record_id": id(), "kind": "pledge_progress_put",
        "record": {"pledge_id": pledge, "item": item, "date": date.to_string(),
                   "done": "按时参加", "status": "done", "reason": ""},
    })
}

async fn year_of<T: DeserializeOwned>(app: &TestApp, who: &Session, what: &str, year: i32) -> T {
    ok(who
        .client
        .get(app.url(&format!("/api/v1/branch/{what}?year={year}")))
        .send()
        .await
        .unwrap())
    .await
}

fn in_pairs(o: &BranchTalks, member: MemberId) -> bool {
    o.done
        .iter()
        .chain(&o.missing)
        .any(|p| p.a == member || p.b == member)
}

#[tokio::test]
async fn each_branch_keeps_what_a_member_did_there_in_the_year_they_moved() {
    let app = spawn().await;
    let org = Org::new(&app);
    let admin = session(&app, "admin").await;
    let (office, dispatch) = demo_branches(&app, &admin).await;
    let lin = session(&app, "linxiaolan").await;
    let he = session(&app, "hezhendong").await;
    // 陈志远, a committee member of 综合办公室, moves to 调度所 on 1 July of last year.
    let chen = session(&app, "chenzhiyuan").await;
    let wang = session(&app, "wangjianguo").await;
    let xu = session(&app, "xuting").await;
    let this_year = zhibu_server::sync::today_in_china(zhibu_server::clock::now_millis()).year();
    let year = this_year - 1;
    let day = |m, d| NaiveDate::from_ymd_opt(year, m, d).unwrap();
    let (before, moved, after) = (day(3, 10), day(7, 1), day(9, 15));

    // Before the move, in the old branch: two hours' study, a talk 王建国 confirmed, the
    // branch's pledge signed and one commitment kept.
    push_applied(&app, &chen, study_on(before, 90)).await;
    let old_talk = id();
    push_applied(&app, &chen, talk_on(old_talk, before, wang.me.id)).await;
    push_applied(&app, &wang, confirm(old_talk)).await;
    let office_template = id();
    let publish = json!({
        "op_id": id(), "record_id": office_template, "base_revision": null,
        "kind": "pledge_template_put", "record": template(year).to_input(),
    });
    push_applied(&app, &lin, publish).await;
    let pledge = push_applied(&app, &chen, signed(office_template, year))
        .await
        .id;
    push_applied(&app, &chen, kept(pledge, 0, before)).await;

    let body = json!({"branch_id": dispatch.to_string(), "date": moved.to_string()});
    let response = org.transfer(&admin, chen.me.id, body).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    // After it, in the new branch: an hour's study, a talk 许婷 confirmed, and the second
    // commitment of the old pledge kept (the old branch's figure must not change).
    push_applied(&app, &chen, study_on(after, 45)).await;
    let new_talk = id();
    push_applied(&app, &chen, talk_on(new_talk, after, xu.me.id)).await;
    push_applied(&app, &xu, confirm(new_talk)).await;
    push_applied(&app, &chen, kept(pledge, 1, after)).await;

    // Study: each branch its own part, each with the target of the post held there.
    let study = |branch, year| org.branch_study(&admin, branch, year);
    let o: BranchStudyOverview = ok(study(office, year).await).await;
    let line = o
        .members
        .iter()
        .find(|m| m.member_id == chen.me.id)
        .unwrap();
    assert_eq!((line.tenths, line.counted_until), (20, Some(moved)));
    assert_eq!(
        line.role,
        Role::Committee,
        "a committee member until the move"
    );
    assert_eq!(line.target_hours, Some(56), "the cadres' target");
    let o: BranchStudyOverview = ok(study(dispatch, year).await).await;
    let line = o
        .members
        .iter()
        .find(|m| m.member_id == chen.me.id)
        .unwrap();
    assert_eq!((line.tenths, line.counted_from), (10, Some(moved)));
    assert_eq!((line.role, line.target_hours), (Role::Member, Some(32)));
    let o: BranchStudyOverview = ok(study(office, this_year).await).await;
    assert!(o.members.iter().all(|m| m.member_id != chen.me.id));
    let o: BranchStudyOverview = ok(study(dispatch, this_year).await).await;
    assert!(o.members.iter().any(|m| m.member_id == chen.me.id));
    // The branch's own study page says the same as the organisation's.
    let o: BranchStudyOverview = year_of(&app, &lin, "study", year).await;
    let line = o
        .members
        .iter()
        .find(|m| m.member_id == chen.me.id)
        .unwrap();
    assert_eq!((line.tenths, line.target_hours), (20, Some(56)));

    // Talks: each branch the talk written while the member belonged there.
    let o: BranchTalks = year_of(&app, &lin, "talks", year).await;
    let ids: Vec<_> = o.talks.iter().map(|t| t.id).collect();
    assert_eq!(ids, [old_talk]);
    let pair = |a: MemberId, b: MemberId| {
        move |p: &zhibu_model::talk::CoveragePair| (p.a, p.b) == (a, b) || (p.a, p.b) == (b, a)
    };
    assert!(o.done.iter().any(pair(chen.me.id, wang.me.id)));
    assert!(o.missing.iter().any(pair(chen.me.id, lin.me.id)));
    let o: BranchTalks = year_of(&app, &he, "talks", year).await;
    let ids: Vec<_> = o.talks.iter().map(|t| t.id).collect();
    assert_eq!(ids, [new_talk]);
    assert!(o.done.iter().any(pair(chen.me.id, xu.me.id)));
    let o: BranchTalks = year_of(&app, &lin, "talks", this_year).await;
    assert!(!in_pairs(&o, chen.me.id), "gone from the old branch since");
    let o: BranchTalks = year_of(&app, &he, "talks", this_year).await;
    assert!(in_pairs(&o, chen.me.id));

    // Pledges: the old branch keeps the signed pledge and what was kept before the move.
    let o: BranchPledges = year_of(&app, &lin, "pledges", year).await;
    assert_eq!(o.templates.len(), 1);
    let line = o.members.iter().find(|m| m.member == chen.me.id).unwrap();
    assert_eq!(line.pledges[0].pledge_id, Some(pledge));
    assert_eq!(
        (line.pledges[0].items, line.pledges[0].follow.done),
        (2, 1),
        "the commitment kept after the move is not the old branch's"
    );
    let o: BranchPledges = year_of(&app, &he, "pledges", year).await;
    assert!(o.templates.is_empty());
    assert!(o.members.iter().any(|m| m.member == chen.me.id));
    let o: BranchPledges = year_of(&app, &lin, "pledges", this_year).await;
    assert!(o.members.iter().all(|m| m.member != chen.me.id));
    let o: BranchPledges = year_of(&app, &he, "pledges", this_year).await;
    assert!(o.members.iter().any(|m| m.member == chen.me.id));
}

#[tokio::test]
async fn a_member_who_left_is_listed_for_the_years_they_belonged() {
    let app = spawn().await;
    let org = Org::new(&app);
    let admin = session(&app, "admin").await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let this_year = zhibu_server::sync::today_in_china(zhibu_server::clock::now_millis()).year();
    let year = this_year - 1;
    let left = NaiveDate::from_ymd_opt(year, 11, 1).unwrap();
    push_applied(
        &app,
        &wang,
        study_on(NaiveDate::from_ymd_opt(year, 5, 4).unwrap(), 45),
    )
    .await;
    let body = json!({"leave_reason": "deceased", "date": left.to_string()});
    let response = org.deactivate(&admin, wang.me.id, body).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    let o: BranchStudyOverview = year_of(&app, &lin, "study", year).await;
    let line = o
        .members
        .iter()
        .find(|m| m.member_id == wang.me.id)
        .unwrap();
    assert_eq!((line.tenths, line.counted_until), (10, Some(left)));
    let o: BranchTalks = year_of(&app, &lin, "talks", year).await;
    assert!(in_pairs(&o, wang.me.id));
    let o: BranchPledges = year_of(&app, &lin, "pledges", year).await;
    assert!(o.members.iter().any(|m| m.member == wang.me.id));
    for what in ["talks", "pledges"] {
        let o: Value = year_of(&app, &lin, what, this_year).await;
        assert!(!o.to_string().contains(&wang.me.id.to_string()), "{what}");
    }
}
