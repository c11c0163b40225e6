//! Talk records (issue 6): who sees what through push, pull and the secretary's
//! overview; confirmation and dispute; bad input. Roster (demo): 林晓岚 secretary, 陈志远
//! committee, 王建国 / 李秀英 / 张海峰 members of one branch; 何振东 (secretary) and 许婷 of
//! another.

use crate::common::*;
use crate::sync::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use zhibu_model::sync::{OpOutcome, RecordData, RecordKind, SyncRow};
use zhibu_model::talk::{BranchTalks, TalkStatus};
use zhibu_model::{ErrorCode, Uuid};

const SECRET: &str = "谈到家庭困难和工作调动的想法";

fn talk_put(record: Uuid, base: Option<i64>, with: &[Uuid], topics: &str) -> Value {
    json!({
        "op_id": id(),
        "record_id": record,
        "base_revision": base,
        "kind": "talk_put",
        "record": {
            "date": today(),
            "kind": "heart_to_heart",
            "members": with,
            "place": "党员活动室",
            "topics": topics,
            "issues": "希望多参加业务培训",
        },
    })
}

fn answer(record: Uuid, talk: Uuid, verdict: &str, note: &str) -> Value {
    json!({
        "op_id": id(),
        "record_id": record,
        "kind": "talk_confirmation_put",
        "record": {"talk_id": talk, "verdict": verdict, "note": note},
    })
}

async fn overview(app: &TestApp, who: &Session) -> reqwest::Response {
    who.client
        .get(app.url("/api/v1/branch/talks"))
        .send()
        .await
        .unwrap()
}

async fn overview_ok(app: &TestApp, who: &Session) -> BranchTalks {
    let response = overview(app, who).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn of_kind(rows: &[SyncRow], kind: RecordKind) -> Vec<&SyncRow> {
    rows.iter().filter(|r| r.kind == kind).collect()
}

#[tokio::test]
async fn only_the_writer_the_counterpart_and_the_branch_managers_see_a_talk() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let talk = id();
    let row = push_applied(&app, &wang, talk_put(talk, None, &[li.me.id.0], SECRET)).await;

    // Pull: writer and counterpart read it all.
    for who in [&wang, &li] {
        let rows = pull_all(&app, who).await;
        assert_eq!(rows.len(), 1);
        match &rows[0].data {
            Some(RecordData::Talk(t)) => assert_eq!(t.topics, SECRET),
            other => panic!("expected the talk, got {other:?}"),
        }
    }
    // The branch's secretary and committee: that it happened, not what was said.
    for login in ["linxiaolan", "chenzhiyuan"] {
        let who = session(&app, login).await;
        let response = who
            .client
            .get(app.url("/api/v1/sync/pull?since=0"))
            .send()
            .await
            .unwrap();
        let text = response.text().await.unwrap();
        assert!(
            !text.contains(SECRET) && !text.contains("党员活动室"),
            "{login}"
        );
        let rows = pull_all(&app, &who).await;
        assert_eq!(rows.len(), 1, "{login}");
        match &rows[0].data {
            Some(RecordData::TalkSummary(s)) => {
                assert_eq!(s.members, vec![li.me.id]);
                assert_eq!(rows[0].owner, wang.me.id.0);
            }
            other => panic!("{login}: expected a summary, got {other:?}"),
        }
    }
    // Anyone else: nothing.
    for login in ["zhanghaifeng", "xuting", "hezhendong", "admin"] {
        let who = session(&app, login).await;
        assert!(pull_all(&app, &who).await.is_empty(), "{login}");
    }

    // Push: only the writer changes it.
    for login in [
        "lixiuying",
        "linxiaolan",
        "zhanghaifeng",
        "xuting",
        "hezhendong",
    ] {
        let who = session(&app, login).await;
        let answers = push(
            &app,
            &who,
            &[
                talk_put(talk, Some(row.revision), &[wang.me.id.0], "改过的"),
                delete("talk_delete", talk, Some(row.revision)),
            ],
        )
        .await;
        // (Another branch's member is refused already for naming Wang, a stranger to
        // them: the record is checked before the access to it.)
        let put = rejected(&answers[0]);
        assert!(
            put.code == ErrorCode::Forbidden || put.field.as_deref() == Some("counterparts"),
            "{login}: {put:?}"
        );
        let e = rejected(&answers[1]);
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Forbidden, Some("record_id")),
            "{login}"
        );
    }

    // The overview: the branch's managers only, and without content.
    for login in [
        "wangjianguo",
        "lixiuying",
        "zhanghaifeng",
        "xuting",
        "admin",
    ] {
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
    let text = response.text().await.unwrap();
    assert!(
        !text.contains(SECRET),
        "no content for a secretary who was not there"
    );
    let o: BranchTalks = serde_json::from_str(&text).unwrap();
    assert_eq!(o.talks.len(), 1);
    assert_eq!(o.talks[0].writer_name, "王建国");
    assert_eq!(o.talks[0].member_names, ["李秀英"]);
    assert_eq!(o.talks[0].status, TalkStatus::Unconfirmed);
    assert!(o.talks[0].record.is_none());
    let he = session(&app, "hezhendong").await;
    assert!(overview_ok(&app, &he).await.talks.is_empty());
}

#[tokio::test]
async fn a_secretary_who_took_part_reads_the_content() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let chen = session(&app, "chenzhiyuan").await;
    let talk = id();
    push_applied(&app, &wang, talk_put(talk, None, &[lin.me.id.0], SECRET)).await;
    let rows = pull_all(&app, &lin).await;
    assert!(matches!(&rows[0].data, Some(RecordData::Talk(t)) if t.topics == SECRET));
    let rows = pull_all(&app, &chen).await;
    assert!(matches!(&rows[0].data, Some(RecordData::TalkSummary(_))));
    let o = overview_ok(&app, &lin).await;
    assert_eq!(o.talks[0].record.as_ref().unwrap().topics, SECRET);
    assert!(overview_ok(&app, &chen).await.talks[0].record.is_none());
}

#[tokio::test]
async fn a_confirmation_is_read_by_its_counterpart_and_the_writer_and_fixes_the_talk() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let lin = session(&app, "linxiaolan").await;
    let talk = id();
    let row = push_applied(&app, &wang, talk_put(talk, None, &[li.me.id.0], SECRET)).await;

    // Only a named member counterpart answers.
    for login in ["zhanghaifeng", "linxiaolan", "xuting", "wangjianguo"] {
        let who = session(&app, login).await;
        let a = push(&app, &who, &[answer(id(), talk, "confirmed", "")]).await;
        assert_eq!(rejected(&a[0]).field.as_deref(), Some("talk_id"), "{login}");
    }
    let confirmation = id();
    push_applied(&app, &li, answer(confirmation, talk, "confirmed", "")).await;
    // A second answer under another id is refused: one per counterpart.
    let a = push(&app, &li, &[answer(id(), talk, "disputed", "不对")]).await;
    assert_eq!(rejected(&a[0]).code, ErrorCode::Conflict);

    for who in [&wang, &li] {
        let rows = pull_all(&app, who).await;
        assert_eq!(of_kind(&rows, RecordKind::TalkConfirmation).len(), 1);
    }
    for login in ["linxiaolan", "chenzhiyuan", "zhanghaifeng", "xuting"] {
        let who = session(&app, login).await;
        let rows = pull_all(&app, &who).await;
        assert!(
            of_kind(&rows, RecordKind::TalkConfirmation).is_empty(),
            "{login}"
        );
    }

    // Confirmed: the writer can neither edit nor delete it any more.
    let answers = push_in(
        &app,
        &wang,
        &[
            talk_put(talk, Some(row.revision), &[li.me.id.0], "改"),
            delete("talk_delete", talk, Some(row.revision)),
        ],
        "en",
    )
    .await;
    for a in &answers {
        let e = rejected(a);
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Conflict, Some("talk_id"))
        );
        assert_eq!(
            e.message,
            "Talk record was confirmed by a counterpart and can no longer be changed"
        );
    }

    let o = overview_ok(&app, &lin).await;
    assert_eq!(o.talks[0].status, TalkStatus::Confirmed);
    assert!(o.done.iter().any(|p| [&p.a_name, &p.b_name]
        == [&"王建国".to_owned(), &"李秀英".to_owned()]
        || [&p.a_name, &p.b_name] == [&"李秀英".to_owned(), &"王建国".to_owned()]));
    assert_eq!(o.done.len(), 1);
    // 11 members in the branch: 55 pairs.
    assert_eq!(o.done.len() + o.missing.len(), 55);
}

#[tokio::test]
async fn a_disputed_talk_is_marked_does_not_count_and_stays_editable() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let zhang = session(&app, "zhanghaifeng").await;
    let lin = session(&app, "linxiaolan").await;
    let talk = id();
    let both = [li.me.id.0, zhang.me.id.0];
    let row = push_applied(&app, &wang, talk_put(talk, None, &both, SECRET)).await;
    let e = push(&app, &li, &[answer(id(), talk, "disputed", "")]).await;
    assert_eq!(rejected(&e[0]).field.as_deref(), Some("note"));
    push_applied(&app, &li, answer(id(), talk, "disputed", "谈话日期记错了")).await;
    push_applied(&app, &zhang, answer(id(), talk, "confirmed", "")).await;

    let o = overview_ok(&app, &lin).await;
    assert_eq!(o.talks[0].status, TalkStatus::Disputed);
    assert_eq!(o.done.len(), 1, "only 张海峰 confirmed");

    // Zhang's confirmation fixes the record, dispute or not.
    let a = push(
        &app,
        &wang,
        &[talk_put(talk, Some(row.revision), &both, "改")],
    )
    .await;
    assert_eq!(rejected(&a[0]).field.as_deref(), Some("talk_id"));
}

#[tokio::test]
async fn an_unconfirmed_talk_may_be_edited_but_keeps_its_member_counterparts() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let zhang = session(&app, "zhanghaifeng").await;
    let talk = id();
    let row = push_applied(&app, &wang, talk_put(talk, None, &[li.me.id.0], SECRET)).await;
    let row = push_applied(
        &app,
        &wang,
        talk_put(
            talk,
            Some(row.revision),
            &[li.me.id.0, zhang.me.id.0],
            "补充",
        ),
    )
    .await;
    assert!(
        pulled(&app, &zhang, talk).await.is_some(),
        "a new counterpart reads it"
    );
    let a = push(
        &app,
        &wang,
        &[talk_put(talk, Some(row.revision), &[zhang.me.id.0], "x")],
    )
    .await;
    let e = rejected(&a[0]);
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Forbidden, Some("counterparts"))
    );
    let gone = push_applied(&app, &wang, delete("talk_delete", talk, Some(row.revision))).await;
    for who in [&li, &zhang] {
        assert!(
            pulled(&app, who, talk).await.unwrap().deleted,
            "the deletion reaches them"
        );
    }
    let a = push(
        &app,
        &wang,
        &[talk_put(talk, Some(gone.revision), &[li.me.id.0], "x")],
    )
    .await;
    assert_eq!(rejected(&a[0]).field.as_deref(), Some("record_id"));
}

/// (spoil the record, field, code, zh-CN message, English message)
type Case = (
    fn(&mut Value, &Value),
    &'static str,
    ErrorCode,
    &'static str,
    &'static str,
);

const CASES: [Case; 6] = [
    (
        |r, _| r["members"] = json!([]),
        "counterparts",
        ErrorCode::Required,
        "请填写谈话对象",
        "Counterparts is required",
    ),
    (
        |r, me| r["members"] = json!([me]),
        "counterparts",
        ErrorCode::InvalidFormat,
        "谈话对象不能重复，也不能是本人",
        "Counterparts must not repeat anyone or include yourself",
    ),
    (
        |r, other_branch| r["members"] = json!([other_branch]),
        "counterparts",
        ErrorCode::NotFound,
        "谈话对象不存在或已删除",
        "Counterparts does not exist or was deleted",
    ),
    (
        |r, _| r["date"] = json!("2099-01-01"),
        "date",
        ErrorCode::InFuture,
        "日期不能晚于今天",
        "Date cannot be later than today",
    ),
    (
        |r, _| r["topics"] = json!("谈".repeat(5001)),
        "topics",
        ErrorCode::TooLong,
        "谈话内容不能超过 5000 个字符",
        "Topics must be at most 5000 characters",
    ),
    (
        |r, _| r["kind"] = json!("chat"),
        "talk_kind",
        ErrorCode::InvalidFormat,
        "谈话类型的格式不正确",
        "Kind of talk is not in a valid format",
    ),
];

#[tokio::test]
async fn bad_talks_are_refused_by_field_in_chinese_and_english() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let xu = session(&app, "xuting").await;
    for (lang, zh) in [("zh-CN", true), ("en", false)] {
        for (i, case) in CASES.iter().enumerate() {
            let mut op = talk_put(id(), None, &[li.me.id.0], "好记录");
            // Case 1 names the writer; case 2 a member of another branch.
            let extra = match i {
                1 => json!(wang.me.id),
                _ => json!(xu.me.id),
            };
            (case.0)(&mut op["record"], &extra);
            let a = push_in(&app, &wang, &[op], lang).await;
            let e = rejected(&a[0]);
            assert_eq!((e.field.as_deref(), e.code), (Some(case.1), case.2), "{i}");
            assert_eq!(e.message, if zh { case.3 } else { case.4 });
        }
    }
    assert_eq!(record_count(&app).await, 0);
    assert!(matches!(
        push(
            &app,
            &wang,
            &[talk_put(id(), None, &[li.me.id.0], "好记录")]
        )
        .await[0]
            .outcome,
        OpOutcome::Applied { .. }
    ));
}

#[tokio::test]
async fn the_writer_marks_the_follow_up_of_a_confirmed_talk_done_and_nothing_else() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let talk = id();
    let mut put = talk_put(talk, None, &[li.me.id.0], SECRET);
    put["record"]["follow_up"] = json!("下月交一份学习心得");
    put["record"]["follow_up_due"] = json!(today());
    let row = push_applied(&app, &wang, put.clone()).await;
    push_applied(&app, &li, answer(id(), talk, "confirmed", "")).await;

    let mut done = put.clone();
    done["op_id"] = json!(id());
    done["base_revision"] = json!(row.revision);
    done["record"]["follow_up_done"] = json!(today());
    let marked = push_applied(&app, &wang, done.clone()).await;
    let Some(RecordData::Talk(t)) = marked.data else {
        panic!("a talk: {marked:?}")
    };
    assert_eq!(t.open_follow_up(), None);

    // Marking it done does not open the rest of the record.
    let mut sneaky = done;
    sneaky["op_id"] = json!(id());
    sneaky["base_revision"] = json!(marked.revision);
    sneaky["record"]["topics"] = json!("改");
    let a = push(&app, &wang, &[sneaky]).await;
    assert_eq!(rejected(&a[0]).code, ErrorCode::Conflict);
    // Nor may the counterpart mark it: the record is the writer's.
    let mut theirs = put;
    theirs["op_id"] = json!(id());
    theirs["base_revision"] = json!(marked.revision);
    theirs["record"]["follow_up_done"] = json!(today());
    let a = push(&app, &li, &[theirs]).await;
    assert!(matches!(a[0].outcome, OpOutcome::Rejected { .. }), "{a:?}");
}
