//! Study settings, waivers, the member's profile and the secretary's overview: scoped by
//! the session's member and role, computed from the records members pushed.

use crate::common::*;
use crate::sync::{
    Session, delete, id, plan_item_put, plan_tick_put, push, push_applied, session, study_put,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use zhibu_model::ErrorCode;
use zhibu_model::branch_study::{BranchStudyOverview, MemberStudy, StudyProfile};
use zhibu_model::rules::StudySettings;

async fn get(app: &TestApp, who: &Session, path: &str) -> reqwest::Response {
    who.client.get(app.url(path)).send().await.unwrap()
}

async fn put(app: &TestApp, who: &Session, path: &str, body: Value) -> reqwest::Response {
    who.client
        .put(app.url(path))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn overview(app: &TestApp, who: &Session) -> BranchStudyOverview {
    let response = get(app, who, "/api/v1/branch/study").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn line<'a>(o: &'a BranchStudyOverview, login: &str) -> &'a MemberStudy {
    o.members.iter().find(|m| m.login == login).unwrap()
}

fn settings(minutes_per_hour: u32) -> Value {
    json!({"target_hours_member": 32, "target_hours_cadre": 56, "minutes_per_hour": minutes_per_hour})
}

fn waiver_path(who: &Session) -> String {
    format!("/api/v1/branch/members/{}/study-waiver", who.me.id)
}

#[tokio::test]
async fn members_and_admins_cannot_see_or_change_the_branch() {
    let app = spawn().await;
    let li = session(&app, "lixiuying").await;
    for login in ["wangjianguo", "admin"] {
        let who = session(&app, login).await;
        let answers = [
            get(&app, &who, "/api/v1/branch/study").await,
            put(&app, &who, "/api/v1/branch/study-settings", settings(60)).await,
            put(&app, &who, &waiver_path(&li), json!({"waived": true})).await,
        ];
        for response in answers {
            let e = api_error(response, StatusCode::FORBIDDEN).await;
            assert_eq!(e.code, ErrorCode::Forbidden, "{login}");
        }
    }
    let (changes,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM branch_settings) + \
                (SELECT COUNT(*) FROM members WHERE study_waived = 1)",
    )
    .fetch_one(&app.db().await)
    .await
    .unwrap();
    assert_eq!(changes, 0);
}

#[tokio::test]
async fn the_overview_lists_the_branch_by_name_from_pushed_records() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    // Wang: 90 minutes, plus a record he deleted and one from last year; Li: 45 minutes.
    push_applied(&app, &wang, study_put(id(), None, "学习党章", 90)).await;
    let gone = id();
    let row = push_applied(&app, &wang, study_put(gone, None, "删掉的", 600)).await;
    push_applied(
        &app,
        &wang,
        delete("study_delete", gone, Some(row.revision)),
    )
    .await;
    let mut last_year = study_put(id(), None, "去年的", 600);
    let year: i32 = crate::sync::today()[..4].parse().unwrap();
    last_year["record"]["date"] = json!(format!("{}-06-01", year - 1));
    push_applied(&app, &wang, last_year).await;
    push_applied(&app, &li, study_put(id(), None, "学习条例", 45)).await;

    let o = overview(&app, &lin).await;
    assert_eq!(o.year, year);
    let logins: Vec<&str> = o.members.iter().map(|m| m.login.as_str()).collect();
    let keys: Vec<String> = o
        .members
        .iter()
        .map(|m| zhibu_server::name_order::key(&m.display_name))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "by name in pinyin order, never by hours"
    );
    assert_eq!(logins.len(), 11, "branch 1 only");
    assert!(!logins.contains(&"hezhendong") && !logins.contains(&"admin"));
    let w = line(&o, "wangjianguo");
    assert_eq!(
        (w.tenths, w.target_hours),
        (20, Some(32)),
        "90 min = 2 学时 at 45 min"
    );
    assert_eq!(w.member_id, wang.me.id);
    assert_eq!(line(&o, "lixiuying").tenths, 10);
    assert_eq!(line(&o, "linxiaolan").target_hours, Some(56));
    assert_eq!(line(&o, "zhaomingxuan").tenths, 0);

    // Last year's figures on request.
    let response = get(
        &app,
        &lin,
        &format!("/api/v1/branch/study?year={}", year - 1),
    )
    .await;
    let past: BranchStudyOverview = response.json().await.unwrap();
    assert_eq!(line(&past, "wangjianguo").tenths, 133);
    assert!(
        !line(&past, "wangjianguo").behind,
        "a past year is never 'behind'"
    );

    // A committee member sees the same.
    let chen = session(&app, "chenzhiyuan").await;
    assert_eq!(overview(&app, &chen).await, overview(&app, &lin).await);
}

#[tokio::test]
async fn settings_change_the_figures_and_are_audited() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    push_applied(&app, &wang, study_put(id(), None, "学习党章", 90)).await;

    let body = json!({"target_hours_member": 40, "target_hours_cadre": 60, "minutes_per_hour": 60});
    let response = put(&app, &lin, "/api/v1/branch/study-settings", body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let saved: StudySettings = response.json().await.unwrap();
    assert_eq!(saved.minutes_per_hour, 60);

    let o = overview(&app, &lin).await;
    let w = line(&o, "wangjianguo");
    assert_eq!(
        (w.tenths, w.target_hours),
        (15, Some(40)),
        "90 min = 1.5 学时 at 60 min"
    );
    assert_eq!(line(&o, "chenzhiyuan").target_hours, Some(60));

    let profile: StudyProfile = get(&app, &wang, "/api/v1/study/profile")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile.settings, saved);
    assert_eq!(profile.target_hours, Some(40));

    let (actor, detail): (String, String) = sqlx::query_as(
        "SELECT actor_id, detail FROM audit_log WHERE action = 'study_settings_changed'",
    )
    .fetch_one(&app.db().await)
    .await
    .unwrap();
    assert_eq!(actor, lin.me.id.to_string());
    let detail: Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["before"]["minutes_per_hour"], 45);
    assert_eq!(detail["after"]["minutes_per_hour"], 60);
}

#[tokio::test]
async fn settings_are_validated_by_field() {
    let app = spawn().await;
    let chen = session(&app, "chenzhiyuan").await;
    let cases = [
        (
            settings(29),
            "minutes_per_hour",
            ErrorCode::OutOfRange,
            "每学时分钟数超出了允许的范围",
        ),
        (
            settings(61),
            "minutes_per_hour",
            ErrorCode::OutOfRange,
            "每学时分钟数超出了允许的范围",
        ),
        (
            json!({"target_hours_member": 201, "target_hours_cadre": 56, "minutes_per_hour": 45}),
            "target_hours_member",
            ErrorCode::TooLarge,
            "党员年度学时目标不能超过 200",
        ),
        (
            json!({"target_hours_member": 32, "target_hours_cadre": -1, "minutes_per_hour": 45}),
            "target_hours_cadre",
            ErrorCode::OutOfRange,
            "支部书记、支委年度学时目标超出了允许的范围",
        ),
    ];
    for (body, field, code, message) in cases {
        let response = put(&app, &chen, "/api/v1/branch/study-settings", body).await;
        let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!((e.field.as_deref(), e.code), (Some(field), code));
        assert_eq!(e.message, message);
    }
    let response = chen
        .client
        .put(app.url("/api/v1/branch/study-settings"))
        .header("accept-language", "en")
        .json(&settings(15))
        .send()
        .await
        .unwrap();
    let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        e.message,
        "Minutes per study hour is outside the allowed range"
    );
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM branch_settings")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn a_waiver_clears_the_target_and_is_audited() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let response = put(&app, &lin, &waiver_path(&wang), json!({"waived": true})).await;
    assert_eq!(response.status(), StatusCode::OK);

    let o = overview(&app, &lin).await;
    let w = line(&o, "wangjianguo");
    assert_eq!((w.target_hours, w.behind), (None, false));
    let profile: StudyProfile = get(&app, &wang, "/api/v1/study/profile")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((profile.waived, profile.target_hours), (true, None));

    let response = put(&app, &lin, &waiver_path(&wang), json!({"waived": false})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let profile: StudyProfile = get(&app, &wang, "/api/v1/study/profile")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((profile.waived, profile.target_hours), (false, Some(32)));

    let entries: Vec<(String, String)> = sqlx::query_as(
        "SELECT actor_id, detail FROM audit_log WHERE action = 'study_waiver_changed' ORDER BY at, id",
    )
    .fetch_all(&app.db().await)
    .await
    .unwrap();
    assert_eq!(entries.len(), 2);
    assert!(
        entries
            .iter()
            .all(|(actor, _)| *actor == lin.me.id.to_string())
    );
    let first: Value = serde_json::from_str(&entries[0].1).unwrap();
    assert_eq!(first["member_id"], json!(wang.me.id));
    assert_eq!(
        (first["before"].clone(), first["after"].clone()),
        (json!(false), json!(true))
    );
}

#[tokio::test]
async fn another_branchs_secretary_can_neither_see_nor_change_branch_one() {
    let app = spawn().await;
    let he = session(&app, "hezhendong").await;
    let wang = session(&app, "wangjianguo").await;
    push_applied(&app, &wang, study_put(id(), None, "学习党章", 90)).await;

    let o = overview(&app, &he).await;
    let logins: Vec<&str> = o.members.iter().map(|m| m.login.as_str()).collect();
    assert_eq!(logins, ["gaoyuan", "hezhendong", "xuting"]);
    assert!(o.members.iter().all(|m| m.tenths == 0));

    // Wang is not in his branch: as unknown as nobody.
    let response = put(&app, &he, &waiver_path(&wang), json!({"waived": true})).await;
    assert_eq!(
        api_error(response, StatusCode::NOT_FOUND).await.code,
        ErrorCode::NotFound
    );
    let response = put(
        &app,
        &he,
        "/api/v1/branch/members/nobody/study-waiver",
        json!({"waived": true}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let profile: StudyProfile = get(&app, &wang, "/api/v1/study/profile")
        .await
        .json()
        .await
        .unwrap();
    assert!(!profile.waived);

    // His settings are his branch's only.
    let response = put(&app, &he, "/api/v1/branch/study-settings", settings(60)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let lin = session(&app, "linxiaolan").await;
    assert_eq!(line(&overview(&app, &lin).await, "wangjianguo").tenths, 20);
    let profile: StudyProfile = get(&app, &wang, "/api/v1/study/profile")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile.settings, StudySettings::default());
}

#[tokio::test]
async fn plan_progress_counts_live_items_of_the_year_once() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let year: i32 = crate::sync::today()[..4].parse().unwrap();
    let (a, b, withdrawn, old) = (id(), id(), id(), id());
    let mut items = vec![
        plan_item_put(a, None, "全会精神"),
        plan_item_put(b, None, "党章"),
        plan_item_put(withdrawn, None, "撤回的"),
        plan_item_put(old, None, "去年的"),
    ];
    for item in &mut items {
        item["record"]["due"] = json!(format!("{year}-12-31"));
    }
    items[3]["record"]["due"] = json!(format!("{}-12-31", year - 1));
    push(&app, &lin, &items).await;
    // Wang ticks a twice, the withdrawn one and last year's; Li ticks b then un-ticks it.
    let ticks = [
        plan_tick_put(id(), a),
        plan_tick_put(id(), a),
        plan_tick_put(id(), withdrawn),
        plan_tick_put(id(), old),
    ];
    push(&app, &wang, &ticks).await;
    let untick = id();
    let row = push_applied(&app, &li, plan_tick_put(untick, b)).await;
    push_applied(
        &app,
        &li,
        delete("plan_tick_delete", untick, Some(row.revision)),
    )
    .await;
    let pulled = crate::sync::pulled(&app, &lin, withdrawn).await.unwrap();
    push_applied(
        &app,
        &lin,
        delete("plan_item_delete", withdrawn, Some(pulled.revision)),
    )
    .await;

    let o = overview(&app, &lin).await;
    assert_eq!(o.plan_items, 2, "a and b: live and due this year");
    assert_eq!(line(&o, "wangjianguo").plan_done, 1);
    assert_eq!(line(&o, "lixiuying").plan_done, 0);
}

#[tokio::test]
async fn the_year_must_be_plausible() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    for year in ["1999", "3000"] {
        let response = get(&app, &lin, &format!("/api/v1/branch/study?year={year}")).await;
        let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(
            (e.field.as_deref(), e.code),
            (Some("year"), ErrorCode::OutOfRange)
        );
    }
    let response = get(&app, &lin, "/api/v1/branch/study?year=soon").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_profile_follows_role_and_needs_a_session() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let profile: StudyProfile = get(&app, &lin, "/api/v1/study/profile")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile.settings, StudySettings::default());
    assert_eq!((profile.waived, profile.target_hours), (false, Some(56)));
    let response = reqwest::Client::new()
        .get(app.url("/api/v1/study/profile"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}
