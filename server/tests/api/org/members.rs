//! Members: add, search, edit, codes, transfer and deactivation, each refused to other
//! branches' secretaries and plain members, each bad field named with nothing written;
//! the branch figures before a transfer or a departure stay as they were.

use super::*;
use crate::sync::{id, push_applied, session};
use chrono::{Datelike, Duration, NaiveDate};
use zhibu_model::branch_study::BranchStudyOverview;
use zhibu_model::org::IssuedCode;
use zhibu_model::org::views::{MemberCreated, MemberDetail};
use zhibu_model::{ErrorCode, Me};

fn new_member(login: &str, branch: Option<BranchId>) -> Value {
    json!({
        "display_name": "赵新", "login": login, "mobile": "13900001111", "gender": "女",
        "born_on": "1990-01-02", "joined_party_on": "2015-07-01", "full_member_on": "2016-07-01",
        "category": "full", "branch_id": branch.map(|b| b.to_string()).unwrap_or_default(),
    })
}

fn china_today() -> NaiveDate {
    zhibu_server::sync::today_in_china(zhibu_server::clock::now_millis())
}

fn study_on(date: NaiveDate, minutes: i64) -> Value {
    json!({
        "op_id": id(), "record_id": id(), "base_revision": null, "kind": "study_put",
        "record": {"date": date.to_string(), "minutes": minutes, "form": "self_study", "topic": "学习"},
    })
}

async fn tenths(
    app: &TestApp,
    admin: &Session,
    branch: BranchId,
    year: i32,
    login: &str,
) -> Option<u32> {
    let o: BranchStudyOverview = ok(Org::new(app).branch_study(admin, branch, year).await).await;
    o.members
        .iter()
        .find(|m| m.login == login)
        .map(|m| m.tenths)
}

#[tokio::test]
async fn a_secretary_adds_a_member_to_their_own_branch_who_activates() {
    let app = spawn().await;
    let org = Org::new(&app);
    let admin = session(&app, "admin").await;
    let (office, dispatch) = demo_branches(&app, &admin).await;
    let lin = session(&app, "linxiaolan").await;
    let chen = session(&app, "chenzhiyuan").await;
    let wang = session(&app, "wangjianguo").await;

    let created: MemberCreated = ok(org.add_member(&lin, new_member("zhaoxin", None)).await).await;
    assert_eq!(created.member.summary.branch_id, Some(office));
    assert!(!created.member.summary.activated);
    let response = app
        .activate(
            &browser(),
            "zhaoxin",
            &created.activation.code,
            "zhaoxin password",
            "zh-CN",
        )
        .await;
    let me: Me = ok(response).await;
    assert_eq!(me.branch_id, Some(office));

    let members = count(&app, "members").await;
    let response = org
        .add_member(&lin, new_member("zhaoxin2", Some(dispatch)))
        .await;
    field_error(response, "branch_id", ErrorCode::Forbidden).await;
    api_error(
        org.add_member(&chen, new_member("zhaoxin3", None)).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    api_error(
        org.add_member(&wang, new_member("zhaoxin4", None)).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // The administrator adds to any branch, but must name it.
    field_error(
        org.add_member(&admin, new_member("zhaoxin5", None)).await,
        "branch_id",
        ErrorCode::Required,
    )
    .await;
    assert_eq!(count(&app, "members").await, members, "nothing half done");
    let created: MemberCreated = ok(org
        .add_member(&admin, new_member("zhaoxin6", Some(dispatch)))
        .await)
    .await;
    assert_eq!(created.member.summary.branch_id, Some(dispatch));
}

#[tokio::test]
async fn each_bad_field_is_named_in_the_callers_language_and_nothing_is_written() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let before = (
        count(&app, "members").await,
        count(&app, "memberships").await,
        count(&app, "audit_log").await,
    );
    let cases: [(&str, Value, &str, ErrorCode, &str); 9] = [
        (
            "display_name",
            json!(""),
            "display_name",
            ErrorCode::Required,
            "Name is required",
        ),
        (
            "login",
            json!("王"),
            "login",
            ErrorCode::InvalidFormat,
            "Login name is not in a valid format",
        ),
        (
            "login",
            json!("linxiaolan"),
            "login",
            ErrorCode::Conflict,
            "This login name is taken",
        ),
        (
            "mobile",
            json!("555"),
            "mobile",
            ErrorCode::InvalidFormat,
            "Mobile number is not in a valid format",
        ),
        (
            "gender",
            json!("x"),
            "gender",
            ErrorCode::InvalidFormat,
            "Gender is not in a valid format",
        ),
        (
            "born_on",
            json!("1990-13-01"),
            "born_on",
            ErrorCode::InvalidFormat,
            "Date of birth is not in a valid format",
        ),
        (
            "joined_party_on",
            json!("2999-01-01"),
            "joined_party_on",
            ErrorCode::InFuture,
            "Date of joining the Party cannot be later than today",
        ),
        (
            "category",
            json!("预备党员"),
            "full_member_on",
            ErrorCode::Conflict,
            "A probationary member has no date of full membership",
        ),
        (
            "party_group_id",
            json!("nope"),
            "party_group_id",
            ErrorCode::NotFound,
            "Party group does not exist or was deleted",
        ),
    ];
    for (key, value, field, code, message) in cases {
        let mut body = new_member("zhaoxin", None);
        body[key] = value;
        let m = field_error(Org::en(&app).add_member(&lin, body).await, field, code).await;
        assert_eq!(m, message);
    }
    let m = field_error(
        Org::new(&app)
            .add_member(&lin, {
                let mut b = new_member("zhaoxin", None);
                b["login"] = json!("linxiaolan");
                b
            })
            .await,
        "login",
        ErrorCode::Conflict,
    )
    .await;
    assert_eq!(m, "登录名已被占用");
    let after = (
        count(&app, "members").await,
        count(&app, "memberships").await,
        count(&app, "audit_log").await,
    );
    assert_eq!(before, after);
}

#[tokio::test]
async fn search_is_paged_and_confined_to_the_callers_branch() {
    let app = spawn().await;
    let admin = session(&app, "admin").await;
    let lin = session(&app, "linxiaolan").await;
    let he = session(&app, "hezhendong").await;
    let all = search(&app, &admin, "per_page=5").await;
    assert_eq!(
        (all.total, all.members.len()),
        (14, 5),
        "administrators are not members"
    );
    let page3 = search(&app, &admin, "per_page=5&page=3").await;
    assert_eq!(page3.members.len(), 4);
    // By 姓名 in pinyin order, across the pages too.
    let key =
        |m: &zhibu_model::org::views::MemberSummary| zhibu_server::name_order::key(&m.display_name);
    assert!(all.members.windows(2).all(|w| key(&w[0]) <= key(&w[1])));
    assert!(key(&all.members[4]) <= key(&page3.members[0]));
    let found = search(&app, &admin, "q=晓").await;
    assert_eq!(found.members.len(), 1);
    assert_eq!(found.members[0].login, "linxiaolan");
    let found = search(&app, &admin, "q=WANGJ").await;
    assert_eq!(found.members[0].login, "wangjianguo");
    // A secretary sees only their branch, whatever they ask.
    let (_, dispatch) = demo_branches(&app, &admin).await;
    let theirs = search(&app, &lin, &format!("branch_id={dispatch}")).await;
    assert_eq!(theirs.total, 11);
    let found = search(&app, &he, "q=wangjianguo").await;
    assert_eq!(found.total, 0);
    let wang = session(&app, "wangjianguo").await;
    api_error(
        Org::new(&app).members(&wang, "").await,
        StatusCode::FORBIDDEN,
    )
    .await;
    field_error(
        Org::new(&app).members(&admin, "per_page=1000").await,
        "per_page",
        ErrorCode::OutOfRange,
    )
    .await;
    field_error(
        Org::new(&app).members(&admin, "status=gone").await,
        "status",
        ErrorCode::InvalidFormat,
    )
    .await;
}

#[tokio::test]
async fn reading_and_editing_a_member_follow_the_branch() {
    let app = spawn().await;
    let org = Org::new(&app);
    let lin = session(&app, "linxiaolan").await;
    let chen = session(&app, "chenzhiyuan").await;
    let he = session(&app, "hezhendong").await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let target = wang.me.id;

    let d: MemberDetail = ok(org.member(&chen, target).await).await;
    assert_eq!(d.memberships.len(), 1);
    let own: MemberDetail = ok(org.member(&wang, target).await).await;
    assert_eq!(own.summary.login, "wangjianguo");
    api_error(org.member(&he, target).await, StatusCode::NOT_FOUND).await;
    api_error(org.member(&li, target).await, StatusCode::FORBIDDEN).await;

    let edit = json!({"display_name": "王建国", "gender": "male", "born_on": "1970-05-01", "mobile": "13800138000"});
    api_error(
        org.edit_member(&chen, target, edit.clone()).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    api_error(
        org.edit_member(&he, target, edit.clone()).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    api_error(
        org.edit_member(&wang, target, edit.clone()).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    field_error(
        org.edit_member(
            &lin,
            target,
            json!({"display_name": "王建国", "born_on": "1970-02-30"}),
        )
        .await,
        "born_on",
        ErrorCode::InvalidFormat,
    )
    .await;
    let d: MemberDetail = ok(org.edit_member(&lin, target, edit).await).await;
    assert_eq!(d.mobile.as_deref(), Some("13800138000"));
    assert_eq!(
        d.born_on.map(|b| b.to_string()).as_deref(),
        Some("1970-05-01")
    );
}

#[tokio::test]
async fn a_new_code_ends_every_session_of_the_member() {
    let app = spawn().await;
    let org = Org::new(&app);
    let lin = session(&app, "linxiaolan").await;
    let chen = session(&app, "chenzhiyuan").await;
    let he = session(&app, "hezhendong").await;
    let wang = session(&app, "wangjianguo").await;
    let phone = app.token_for("wangjianguo").await;
    assert_eq!(app.me_with(&phone).await.status(), StatusCode::OK);

    api_error(org.issue_code(&he, wang.me.id).await, StatusCode::NOT_FOUND).await;
    api_error(
        org.issue_code(&chen, wang.me.id).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    api_error(
        org.issue_code(&wang, wang.me.id).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let admin_id = session(&app, "admin").await.me.id;
    api_error(org.issue_code(&lin, admin_id).await, StatusCode::FORBIDDEN).await;
    assert_eq!(
        app.me_with(&phone).await.status(),
        StatusCode::OK,
        "refusals change nothing"
    );

    let issued: IssuedCode = ok(org.issue_code(&lin, wang.me.id).await).await;
    assert_eq!(app.me_with(&phone).await.status(), StatusCode::UNAUTHORIZED);
    let response = wang.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    api_error(
        app.login(&browser(), "wangjianguo", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let response = app
        .activate(
            &browser(),
            "wangjianguo",
            &issued.code,
            "wang new password",
            "zh-CN",
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_transfer_keeps_the_old_branchs_past_figures() {
    let app = spawn().await;
    let org = Org::new(&app);
    let admin = session(&app, "admin").await;
    let (office, dispatch) = demo_branches(&app, &admin).await;
    let wang = session(&app, "wangjianguo").await;
    let today = china_today();
    let earlier = today - Duration::days(5);
    let moved = today - Duration::days(2);
    push_applied(&app, &wang, study_on(earlier, 90)).await;
    let before = tenths(&app, &admin, office, earlier.year(), "wangjianguo").await;
    assert_eq!(before, Some(20));

    let lin = session(&app, "linxiaolan").await;
    let he = session(&app, "hezhendong").await;
    let chen = session(&app, "chenzhiyuan").await;
    let body = json!({"branch_id": dispatch.to_string(), "date": moved.to_string()});
    api_error(
        org.transfer(&he, wang.me.id, body.clone()).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    api_error(
        org.transfer(&chen, wang.me.id, body.clone()).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    api_error(
        org.transfer(&wang, wang.me.id, body.clone()).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    field_error(
        org.transfer(
            &lin,
            wang.me.id,
            json!({"branch_id": dispatch.to_string(), "date": ""}),
        )
        .await,
        "date",
        ErrorCode::Required,
    )
    .await;
    field_error(
        org.transfer(
            &lin,
            wang.me.id,
            json!({"branch_id": office.to_string(), "date": moved.to_string()}),
        )
        .await,
        "branch_id",
        ErrorCode::Conflict,
    )
    .await;
    assert_eq!(count(&app, "memberships").await, 14, "nothing half done");
    // The source branch's secretary transfers out.
    assert_eq!(
        org.transfer(&lin, wang.me.id, body).await.status(),
        StatusCode::NO_CONTENT
    );

    // Same session, new branch: the member's own records follow them.
    let me: Me = ok(wang.client.get(app.url("/api/v1/me")).send().await.unwrap()).await;
    assert_eq!(me.branch_id, Some(dispatch));
    push_applied(&app, &wang, study_on(today, 45)).await;

    // The old branch: exactly the figure it had, the member marked as gone since.
    let o: BranchStudyOverview = ok(org.branch_study(&admin, office, earlier.year()).await).await;
    let line = o.members.iter().find(|m| m.login == "wangjianguo").unwrap();
    assert_eq!((line.tenths, line.counted_until), (20, Some(moved)));
    // The new branch counts the member from the date: today's hour, not the earlier.
    assert_eq!(
        tenths(&app, &admin, dispatch, today.year(), "wangjianguo").await,
        Some(10)
    );
    // The old secretary no longer sees the member; the new one does.
    api_error(org.member(&lin, wang.me.id).await, StatusCode::NOT_FOUND).await;
    let d: MemberDetail = ok(org.member(&he, wang.me.id).await).await;
    assert_eq!(d.memberships.len(), 2);
    assert_eq!(d.memberships[1].from, Some(moved));
}

#[tokio::test]
async fn a_member_who_leaves_cannot_log_in_and_still_counts_for_the_past() {
    let app = spawn().await;
    let org = Org::new(&app);
    let admin = session(&app, "admin").await;
    let (office, _) = demo_branches(&app, &admin).await;
    let wang = session(&app, "wangjianguo").await;
    let today = china_today();
    let earlier = today - Duration::days(3);
    push_applied(&app, &wang, study_on(earlier, 45)).await;
    let before = tenths(&app, &admin, office, earlier.year(), "wangjianguo").await;
    assert_eq!(before, Some(10));

    let lin = session(&app, "linxiaolan").await;
    let he = session(&app, "hezhendong").await;
    let chen = session(&app, "chenzhiyuan").await;
    let body = json!({"leave_reason": "deceased", "date": today.to_string()});
    api_error(
        org.deactivate(&he, wang.me.id, body.clone()).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    api_error(
        org.deactivate(&chen, wang.me.id, body.clone()).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let m = field_error(
        org.deactivate(
            &lin,
            wang.me.id,
            json!({"leave_reason": "retired", "date": today.to_string()}),
        )
        .await,
        "leave_reason",
        ErrorCode::InvalidFormat,
    )
    .await;
    assert_eq!(m, "离开原因的格式不正确");
    assert_eq!(
        org.deactivate(&lin, wang.me.id, body).await.status(),
        StatusCode::NO_CONTENT
    );

    let response = wang.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    api_error(
        app.login(&browser(), "wangjianguo", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(
        tenths(&app, &admin, office, earlier.year(), "wangjianguo").await,
        before
    );
    // Off the current roster (talk counterparts, attendance), on the "all" search.
    let roster: Vec<zhibu_model::account::RosterMember> = ok(lin
        .client
        .get(app.url("/api/v1/branch/roster"))
        .send()
        .await
        .unwrap())
    .await;
    assert!(roster.iter().all(|m| m.id != wang.me.id));
    let all = search(&app, &admin, "q=wangjianguo&status=all").await;
    assert_eq!(
        all.members[0].status,
        zhibu_model::org::MemberStatus::Deceased
    );
    // No new code for someone who left.
    api_error(
        org.issue_code(&admin, wang.me.id).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn every_change_is_in_the_audit_log_with_its_address() {
    let app = spawn().await;
    let org = Org::new(&app);
    let admin = session(&app, "admin").await;
    let lin = session(&app, "linxiaolan").await;
    let created: MemberCreated = ok(org.add_member(&lin, new_member("zhaoxin", None)).await).await;
    let id = created.member.summary.id;
    ok::<IssuedCode>(org.issue_code(&lin, id).await).await;

    let page: Value = ok(org.audit(&admin, &format!("subject_id={id}")).await).await;
    assert_eq!(page["total"], 2);
    let entries = page["entries"].as_array().unwrap();
    assert_eq!(
        entries[0]["action"], "activation_code_issued",
        "newest first"
    );
    assert_eq!(entries[1]["action"], "member_added");
    assert_eq!(entries[1]["actor_name"], "林晓岚");
    assert_eq!(entries[1]["addr"], "127.0.0.1");
    assert!(
        !page.to_string().contains(&created.activation.code),
        "never the code"
    );
    let page: Value = ok(org.audit(&admin, "action=member_added&per_page=1").await).await;
    assert_eq!(page["entries"].as_array().unwrap().len(), 1);
    api_error(org.audit(&lin, "").await, StatusCode::FORBIDDEN).await;
    let wang = session(&app, "wangjianguo").await;
    api_error(org.audit(&wang, "").await, StatusCode::FORBIDDEN).await;
}
