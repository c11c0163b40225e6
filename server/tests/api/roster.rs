//! `GET /api/v1/branch/roster`: a member's own branch only, whom a talk can name.

use crate::common::*;
use crate::sync::session;
use reqwest::StatusCode;
use zhibu_model::Role;
use zhibu_model::account::RosterMember;

async fn roster(app: &TestApp, login: &str) -> Vec<RosterMember> {
    let who = session(app, login).await;
    let response = who
        .client
        .get(app.url("/api/v1/branch/roster"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn names(list: &[RosterMember]) -> Vec<&str> {
    list.iter().map(|m| m.display_name.as_str()).collect()
}

#[tokio::test]
async fn a_member_sees_their_own_branch_and_no_other() {
    let app = spawn().await;
    let wang = roster(&app, "wangjianguo").await;
    let wang_names = names(&wang);
    assert!(wang_names.contains(&"王建国") && wang_names.contains(&"李秀英"));
    assert!(wang.iter().any(|m| m.role == Role::Secretary));
    // 何振东 and 许婷 are of the other branch.
    assert!(!wang_names.contains(&"何振东") && !wang_names.contains(&"许婷"));
    assert_eq!(wang.len(), 11);

    let xu = roster(&app, "xuting").await;
    let xu_names = names(&xu);
    assert!(xu_names.contains(&"何振东") && xu_names.contains(&"许婷"));
    assert!(!xu_names.contains(&"王建国"));
    assert!(xu.iter().all(|m| !wang.contains(m)));

    // The organisation's admin belongs to no branch and is on no roster.
    assert!(roster(&app, "admin").await.is_empty());
    assert!(wang.iter().chain(&xu).all(|m| m.role != Role::Admin));
}

#[tokio::test]
async fn the_roster_needs_a_session() {
    let app = spawn().await;
    let response = reqwest::get(app.url("/api/v1/branch/roster"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_roster_is_in_pinyin_order_of_names() {
    let app = spawn().await;
    let wang = roster(&app, "wangjianguo").await;
    // By 姓名 as a Chinese reader looks it up: 李 (li) before 林 (lin), whatever the logins.
    assert_eq!(
        names(&wang),
        [
            "陈志远",
            "李秀英",
            "林晓岚",
            "刘思源",
            "孙丽华",
            "王建国",
            "吴泽宇",
            "张海峰",
            "赵明轩",
            "郑雅琴",
            "周雨桐"
        ]
    );
}
