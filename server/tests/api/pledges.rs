//! Pledges (issue 5): templates by the branch's managers, signed versions that never
//! change, amendments, 践诺 entries, verification and the secretary's overview. Roster
//! (demo): 林晓岚 secretary, 陈志远 committee, 王建国 / 李秀英 / 张海峰 members of one
//! branch; 何振东 (secretary) and 许婷 of another.

use crate::common::*;
use crate::sync::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use zhibu_model::pledge::{
    BranchPledges, PledgeInput, PledgeKind, PledgeTemplate, PledgeVerification, Signature,
};
use zhibu_model::sync::{RecordData, RecordKind, SyncRow};
use zhibu_model::{ErrorCode, Uuid};

fn year() -> i32 {
    today()[..4].parse().unwrap()
}

fn template() -> PledgeTemplate {
    PledgeTemplate {
        kind: zhibu_model::pledge::PledgeKind::Commitment,
        year: year(),
        title: format!("{}年度党员承诺书", year()),
        body: "我是中国共产党党员，我承诺：".into(),
    }
}

fn template_put(record: Uuid, base: Option<i64>, t: &PledgeTemplate) -> Value {
    json!({
        "op_id": id(), "record_id": record, "base_revision": base,
        "kind": "pledge_template_put", "record": t.to_input(),
    })
}

fn signature() -> Signature {
    Signature {
        width: 600,
        height: 200,
        strokes: vec![
            vec![[40, 120], [80, 60], [120, 130], [160, 70]],
            vec![[200, 100], [260, 100]],
        ],
    }
}

/// A signed 承诺践诺 input with two commitments under `template_id`.
fn signed_input(template_id: Uuid) -> PledgeInput {
    let mut input = PledgeInput::from_template(template_id, &template());
    input.items = vec!["每月参加主题党日".into(), "完成32学时学习".into()];
    input
        .sign(signature(), zhibu_server::clock::now_millis())
        .unwrap();
    input
}

fn pledge_put(record: Uuid, base: Option<i64>, input: &PledgeInput) -> Value {
    json!({
        "op_id": id(), "record_id": record, "base_revision": base,
        "kind": "pledge_put", "record": input,
    })
}

fn progress_put(record: Uuid, pledge: Uuid, item: u32, status: &str, reason: &str) -> Value {
    json!({
        "op_id": id(), "record_id": record, "kind": "pledge_progress_put",
        "record": {"pledge_id": pledge, "item": item, "date": today(),
                   "done": "按时参加", "status": status, "reason": reason},
    })
}

/// The secretary publishes this year's template; its id.
async fn published(app: &TestApp) -> Uuid {
    let lin = session(app, "linxiaolan").await;
    let t = id();
    push_applied(app, &lin, template_put(t, None, &template())).await;
    t
}

async fn verify(app: &TestApp, who: &Session, pledge: Uuid) -> reqwest::Response {
    who.client
        .get(app.url(&format!("/api/v1/pledges/{pledge}/verify")))
        .send()
        .await
        .unwrap()
}

async fn overview(app: &TestApp, who: &Session) -> reqwest::Response {
    who.client
        .get(app.url("/api/v1/branch/pledges"))
        .send()
        .await
        .unwrap()
}

fn pledges_of(rows: &[SyncRow]) -> Vec<&SyncRow> {
    rows.iter()
        .filter(|r| r.kind == RecordKind::Pledge)
        .collect()
}

#[tokio::test]
async fn templates_are_written_by_the_branch_managers_only_and_read_by_the_branch() {
    let app = spawn().await;
    for login in ["wangjianguo", "lixiuying", "xuting", "admin"] {
        let who = session(&app, login).await;
        let answers = push(&app, &who, &[template_put(id(), None, &template())]).await;
        let e = rejected(&answers[0]);
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Forbidden, Some("kind")),
            "{login}"
        );
    }
    let t = published(&app).await;
    let chen = session(&app, "chenzhiyuan").await;
    let mut changed = template();
    changed.body.push_str("（修订）");
    let rows = pull_all(&app, &chen).await;
    let base = rows.iter().find(|r| r.id == t).unwrap().revision;
    push_applied(&app, &chen, template_put(t, Some(base), &changed)).await;
    // Another branch's secretary can neither change it nor see it.
    let he = session(&app, "hezhendong").await;
    let answers = push(&app, &he, &[template_put(t, None, &template())]).await;
    assert_eq!(rejected(&answers[0]).code, ErrorCode::Forbidden);
    assert!(pull_all(&app, &he).await.is_empty());
    let wang = session(&app, "wangjianguo").await;
    let rows = pull_all(&app, &wang).await;
    assert!(matches!(&rows[0].data, Some(RecordData::PledgeTemplate(x)) if x.body == changed.body));
    // Bad input is named.
    let mut bad = template().to_input();
    bad.year = 1999;
    let op =
        json!({"op_id": id(), "record_id": id(), "kind": "pledge_template_put", "record": bad});
    let answers = push(&app, &chen, &[op]).await;
    assert_eq!(rejected(&answers[0]).field.as_deref(), Some("year"));
}

#[tokio::test]
async fn a_signed_version_never_changes_and_amendments_keep_both() {
    let app = spawn().await;
    let t = published(&app).await;
    let wang = session(&app, "wangjianguo").await;

    // A draft may change and be signed.
    let v1 = id();
    let mut draft = PledgeInput::from_template(t, &template());
    draft.items = vec!["草稿".into()];
    let row = push_applied(&app, &wang, pledge_put(v1, None, &draft)).await;
    let input = signed_input(t);
    let row = push_applied(&app, &wang, pledge_put(v1, Some(row.revision), &input)).await;
    let Some(RecordData::Pledge(p)) = &row.data else {
        panic!("{row:?}")
    };
    let signed = p.signed.as_ref().unwrap();
    assert_eq!(signed.signed_at, input.signed_at.unwrap());
    let received = signed
        .received_at
        .expect("the server stamps its receipt time");
    assert!(received >= signed.signed_at);

    // Neither the member nor the secretary can change or delete it.
    let mut edited = input.clone();
    edited.items[0] = "少参加一次".into();
    edited
        .sign(signature(), zhibu_server::clock::now_millis())
        .unwrap();
    let answers = push(
        &app,
        &wang,
        &[
            pledge_put(v1, Some(row.revision), &edited),
            delete("pledge_delete", v1, Some(row.revision)),
        ],
    )
    .await;
    for a in &answers {
        let e = rejected(a);
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Immutable, Some("record_id"))
        );
        assert_eq!(
            e.message,
            "记录已签署，不能修改或删除；如需修改，请签署新版本"
        );
    }
    let lin = session(&app, "linxiaolan").await;
    let answers = push(
        &app,
        &lin,
        &[
            pledge_put(v1, Some(row.revision), &edited),
            delete("pledge_delete", v1, Some(row.revision)),
        ],
    )
    .await;
    for a in &answers {
        let e = rejected(a);
        assert_eq!(e.field.as_deref(), Some("record_id"));
        assert!(matches!(
            e.code,
            ErrorCode::Forbidden | ErrorCode::Immutable
        ));
    }
    // Not in the database either.
    let db = app.db().await;
    let direct = sqlx::query("DELETE FROM records WHERE id = $1")
        .bind(v1.to_string())
        .execute(&db)
        .await;
    assert!(
        direct.is_err(),
        "the trigger refuses deleting a signed version"
    );
    assert_eq!(
        pulled(&app, &wang, v1).await.unwrap().revision,
        row.revision
    );

    // An amendment is a new version pointing at the old one; both stay readable.
    let v2 = id();
    let old = match pulled(&app, &wang, v1).await.unwrap().data {
        Some(RecordData::Pledge(p)) => *p,
        other => panic!("{other:?}"),
    };
    let mut amendment = PledgeInput::amending(v1, &old);
    amendment.items.push("结对帮扶一名困难职工".into());
    amendment
        .sign(signature(), zhibu_server::clock::now_millis())
        .unwrap();
    push_applied(&app, &wang, pledge_put(v2, None, &amendment)).await;
    let rows = pull_all(&app, &wang).await;
    let versions = pledges_of(&rows);
    assert_eq!(versions.len(), 2);
    let new = versions.iter().find(|r| r.id == v2).unwrap();
    assert!(
        matches!(&new.data, Some(RecordData::Pledge(p)) if p.replaces == Some(v1) && p.text.items.len() == 3)
    );
    for v in [v1, v2] {
        let response = verify(&app, &wang, v).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.json::<PledgeVerification>().await.unwrap().matches);
    }
    // The secretary's overview counts both versions and follows the amendment.
    let o: BranchPledges = overview(&app, &lin).await.json().await.unwrap();
    let mine = o.members.iter().find(|m| m.member == wang.me.id).unwrap();
    assert_eq!(
        (
            mine.pledges[0].pledge_id,
            mine.pledges[0].versions,
            mine.pledges[0].items
        ),
        (Some(v2), 2, 3)
    );
    // Amending someone else's version, or one that does not exist, is refused.
    let li = session(&app, "lixiuying").await;
    let mut theirs = signed_input(t);
    theirs.replaces = Some(v1);
    let answers = push(&app, &li, &[pledge_put(id(), None, &theirs)]).await;
    assert_eq!(rejected(&answers[0]).field.as_deref(), Some("replaces"));
}

#[tokio::test]
async fn a_member_cannot_sign_read_or_verify_anothers_pledge() {
    let app = spawn().await;
    let t = published(&app).await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let v1 = id();
    let row = push_applied(&app, &wang, pledge_put(v1, None, &signed_input(t))).await;

    // Li pushes with Wang's record id: refused, nothing changes.
    let answers = push(
        &app,
        &li,
        &[
            pledge_put(v1, Some(row.revision), &signed_input(t)),
            delete("pledge_delete", v1, Some(row.revision)),
            progress_put(id(), v1, 0, "done", ""),
        ],
    )
    .await;
    assert_eq!(rejected(&answers[0]).code, ErrorCode::Forbidden);
    assert_eq!(rejected(&answers[1]).code, ErrorCode::Forbidden);
    assert_eq!(rejected(&answers[2]).field.as_deref(), Some("pledge_id"));
    // Nobody else pulls it, not even the branch's managers (they use the overview).
    for login in [
        "lixiuying",
        "linxiaolan",
        "chenzhiyuan",
        "hezhendong",
        "xuting",
    ] {
        let who = session(&app, login).await;
        assert!(
            pledges_of(&pull_all(&app, &who).await).is_empty(),
            "{login}"
        );
    }
    // Verify: the owner and the branch's managers; 404 for everyone else.
    for login in ["lixiuying", "zhanghaifeng", "hezhendong", "xuting", "admin"] {
        let who = session(&app, login).await;
        assert_eq!(
            verify(&app, &who, v1).await.status(),
            StatusCode::NOT_FOUND,
            "{login}"
        );
    }
    for login in ["wangjianguo", "linxiaolan", "chenzhiyuan"] {
        let who = session(&app, login).await;
        let response = verify(&app, &who, v1).await;
        assert_eq!(response.status(), StatusCode::OK, "{login}");
    }
    assert_eq!(
        verify(&app, &wang, id()).await.status(),
        StatusCode::NOT_FOUND
    );
    // A template of another branch cannot be signed under.
    let he = session(&app, "hezhendong").await;
    let other = id();
    push_applied(&app, &he, template_put(other, None, &template())).await;
    let answers = push(&app, &wang, &[pledge_put(id(), None, &signed_input(other))]).await;
    assert_eq!(rejected(&answers[0]).field.as_deref(), Some("template_id"));
}

#[tokio::test]
async fn forged_hashes_empty_signatures_and_foreign_texts_are_refused() {
    let app = spawn().await;
    let t = published(&app).await;
    let wang = session(&app, "wangjianguo").await;

    let mut forged = signed_input(t);
    forged.items[1] = "完成8学时学习".into(); // the text changed after hashing
    let mut empty = signed_input(t);
    empty.signature = Some(Signature {
        width: 600,
        height: 200,
        strokes: vec![],
    });
    let mut dot = signed_input(t);
    dot.signature = Some(Signature {
        width: 600,
        height: 200,
        strokes: vec![vec![[300, 100]]],
    });
    let mut own_text = PledgeInput::from_template(t, &template());
    own_text.body = "我承诺的是别的内容".into();
    own_text.items = vec!["一项".into()];
    own_text
        .sign(signature(), zhibu_server::clock::now_millis())
        .unwrap();
    let mut ahead = signed_input(t);
    ahead.signed_at = Some(zhibu_server::clock::now_millis() + 3 * 24 * 3600 * 1000);
    let ops = [
        pledge_put(id(), None, &ahead),
        pledge_put(id(), None, &forged),
        pledge_put(id(), None, &empty),
        pledge_put(id(), None, &dot),
        pledge_put(id(), None, &own_text),
    ];
    let zh = push(&app, &wang, &ops).await;
    let en = push_in(&app, &wang, &ops, "en").await;
    let expect = [
        ("signed_at", ErrorCode::InFuture, "签署时间不能晚于今天"),
        (
            "hash",
            ErrorCode::InvalidFormat,
            "校验值与承诺文本不一致，签署无效",
        ),
        ("signature", ErrorCode::Required, "请在签名区手写签名"),
        (
            "signature",
            ErrorCode::InvalidFormat,
            "签名无法辨认（过短或只有一点），请重新签名",
        ),
        ("template_id", ErrorCode::Conflict, ""),
    ];
    for (answer, (field, code, message)) in zh.iter().zip(expect) {
        let e = rejected(answer);
        assert_eq!((e.field.as_deref(), e.code), (Some(field), code));
        if !message.is_empty() {
            assert_eq!(e.message, message);
        }
    }
    // (Duplicates of the same op ids: the first answers, in Chinese.)
    assert!(
        en.iter()
            .all(|r| matches!(&r.outcome, zhibu_model::sync::OpOutcome::Duplicate { .. }))
    );
    let en = push_in(&app, &wang, &[pledge_put(id(), None, &empty)], "en").await;
    assert_eq!(
        rejected(&en[0]).message,
        "Please sign by hand in the signature box"
    );
    assert!(pledges_of(&pull_all(&app, &wang).await).is_empty());
}

#[tokio::test]
async fn verify_says_true_untouched_and_false_after_tampering_in_the_database() {
    let app = spawn().await;
    let t = published(&app).await;
    let wang = session(&app, "wangjianguo").await;
    let v1 = id();
    push_applied(&app, &wang, pledge_put(v1, None, &signed_input(t))).await;
    let v: PledgeVerification = verify(&app, &wang, v1).await.json().await.unwrap();
    assert!(v.matches);
    assert_eq!(v.stored_hash.as_deref(), Some(v.computed_hash.as_str()));
    assert!(v.received_at.is_some() && v.signed_at.is_some());

    // Someone with the database file drops the guard and edits the text.
    let db = app.db().await;
    let edit = "UPDATE records SET body = REPLACE(body, '32学时', '8学时') WHERE id = $1";
    assert!(
        sqlx::query(edit)
            .bind(v1.to_string())
            .execute(&db)
            .await
            .is_err()
    );
    sqlx::query("DROP TRIGGER records_signed_pledge_never_updated")
        .execute(&db)
        .await
        .unwrap();
    let done = sqlx::query(edit)
        .bind(v1.to_string())
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1);
    let v: PledgeVerification = verify(&app, &wang, v1).await.json().await.unwrap();
    assert!(!v.matches);
    assert_ne!(v.stored_hash.as_deref(), Some(v.computed_hash.as_str()));
}

#[tokio::test]
async fn progress_entries_and_the_secretarys_overview() {
    let app = spawn().await;
    let t = published(&app).await;
    let wang = session(&app, "wangjianguo").await;
    let v1 = id();
    push_applied(&app, &wang, pledge_put(v1, None, &signed_input(t))).await;

    // Entries on the member's own signed pledge, on one of its items.
    push_applied(&app, &wang, progress_put(id(), v1, 0, "done", "")).await;
    push_applied(&app, &wang, progress_put(id(), v1, 1, "in_progress", "")).await;
    push_applied(
        &app,
        &wang,
        progress_put(id(), v1, 1, "not_done", "脱产培训未能成行"),
    )
    .await;
    let answers = push(
        &app,
        &wang,
        &[
            progress_put(id(), v1, 2, "done", ""),
            progress_put(id(), v1, 0, "not_done", ""),
            progress_put(id(), id(), 0, "done", ""),
        ],
    )
    .await;
    assert_eq!(rejected(&answers[0]).field.as_deref(), Some("item"));
    assert_eq!(
        rejected(&answers[1]).field.as_deref(),
        Some("not_done_reason")
    );
    assert_eq!(rejected(&answers[2]).field.as_deref(), Some("pledge_id"));
    // A draft cannot carry entries.
    let draft = id();
    let mut input = PledgeInput::from_template(t, &template());
    input.items = vec!["草稿".into()];
    let li = session(&app, "lixiuying").await;
    push_applied(&app, &li, pledge_put(draft, None, &input)).await;
    let answers = push(&app, &li, &[progress_put(id(), draft, 0, "done", "")]).await;
    assert_eq!(rejected(&answers[0]).field.as_deref(), Some("pledge_id"));
    // …and verifies as unsigned.
    let v: PledgeVerification = verify(&app, &li, draft).await.json().await.unwrap();
    assert!(!v.matches && v.stored_hash.is_none() && v.received_at.is_none());

    // The overview: the branch's managers only.
    for login in ["wangjianguo", "lixiuying", "xuting", "admin"] {
        let who = session(&app, login).await;
        assert_eq!(
            overview(&app, &who).await.status(),
            StatusCode::FORBIDDEN,
            "{login}"
        );
    }
    let lin = session(&app, "linxiaolan").await;
    let response = overview(&app, &lin).await;
    assert_eq!(response.status(), StatusCode::OK);
    let o: BranchPledges = response.json().await.unwrap();
    assert_eq!(o.year, year());
    assert_eq!(o.templates.len(), 1);
    assert_eq!(o.templates[0].id, t);
    let mut names: Vec<&str> = o.members.iter().map(|m| m.name.as_str()).collect();
    let listed = names.clone();
    names.sort();
    assert_eq!(listed, names, "by name");
    assert!(listed.contains(&"王建国") && listed.contains(&"林晓岚"));
    assert!(!listed.contains(&"许婷"));
    for m in &o.members {
        let s = &m.pledges[0];
        if m.name == "王建国" {
            assert_eq!(s.pledge_id, Some(v1));
            assert!(s.received_at.is_some());
            assert_eq!((s.versions, s.items), (1, 2));
            assert_eq!(
                (s.follow.done, s.follow.in_progress, s.follow.not_done),
                (1, 1, 1)
            );
        } else {
            // 李秀英 has only a draft.
            assert!(!s.is_signed(), "{}", m.name);
        }
    }
    // Another branch's secretary sees their own branch: no template, nobody of ours.
    let he = session(&app, "hezhendong").await;
    let o: BranchPledges = overview(&app, &he).await.json().await.unwrap();
    assert!(o.templates.is_empty());
    assert!(o.members.iter().all(|m| m.name != "王建国"));
    let response = lin
        .client
        .get(app.url("/api/v1/branch/pledges?year=1990"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_demo_templates_reach_the_first_branch_and_not_the_second() {
    let app = spawn_with_demo_pledges().await;
    let expected = zhibu_server::demo_pledges::templates(year());
    let wang = session(&app, "wangjianguo").await;
    let rows = pull_all(&app, &wang).await;
    let pulled: Vec<&PledgeTemplate> = rows
        .iter()
        .filter_map(|r| match &r.data {
            Some(RecordData::PledgeTemplate(t)) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(pulled.len(), 2);
    for t in &expected {
        // Stored as parsed: the bodies are already in canonical form.
        assert!(pulled.contains(&t), "{}", t.title);
    }
    let kinds: Vec<_> = pulled.iter().map(|t| t.kind).collect();
    assert!(kinds.contains(&PledgeKind::Integrity) && kinds.contains(&PledgeKind::Commitment));
    // A member can sign under the demo's 承诺践诺 at once.
    let commitment = rows
        .iter()
        .find(|r| matches!(&r.data, Some(RecordData::PledgeTemplate(t)) if t.kind == PledgeKind::Commitment))
        .unwrap();
    let Some(RecordData::PledgeTemplate(t)) = &commitment.data else {
        unreachable!()
    };
    let mut input = PledgeInput::from_template(commitment.id, t);
    input.items = vec!["每月按时参加主题党日".into()];
    input
        .sign(signature(), zhibu_server::clock::now_millis())
        .unwrap();
    push_applied(&app, &wang, pledge_put(id(), None, &input)).await;
    // Published by the branch's secretary: the overview lists them for this year.
    let lin = session(&app, "linxiaolan").await;
    let o: BranchPledges = overview(&app, &lin).await.json().await.unwrap();
    assert_eq!(o.templates.len(), 2);
    // The second branch sees none of them.
    for login in ["hezhendong", "xuting"] {
        let who = session(&app, login).await;
        assert!(
            pull_all(&app, &who)
                .await
                .iter()
                .all(|r| r.kind != RecordKind::PledgeTemplate),
            "{login}"
        );
    }
    let he = session(&app, "hezhendong").await;
    let o: BranchPledges = overview(&app, &he).await.json().await.unwrap();
    assert!(o.templates.is_empty());
}

#[tokio::test]
async fn the_overview_is_the_managers_and_lists_only_their_own_branch() {
    let app = spawn().await;
    published(&app).await;
    // The committee reads it as the secretary does.
    let chen = session(&app, "chenzhiyuan").await;
    let o: BranchPledges = overview(&app, &chen).await.json().await.unwrap();
    assert_eq!(o.templates.len(), 1);
    assert!(o.members.iter().any(|m| m.name == "林晓岚"));
    // Another branch's secretary: exactly their own three members, none of ours.
    let he = session(&app, "hezhendong").await;
    let o: BranchPledges = overview(&app, &he).await.json().await.unwrap();
    let mut names: Vec<&str> = o.members.iter().map(|m| m.name.as_str()).collect();
    names.sort();
    let mut theirs = vec!["何振东", "许婷", "高远"];
    theirs.sort();
    assert_eq!(names, theirs);
    assert!(o.members.iter().all(|m| m.pledges.is_empty()));
}
