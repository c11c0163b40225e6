//! 党小组 (issue 4): the branch's managers put members in party groups; the roster shows
//! them; a party-group event expects exactly that group. Demo: 林晓岚 secretary, 陈志远
//! committee, 王建国 / 李秀英 members of one branch; 何振东 (secretary) and 许婷 of another.

use crate::common::*;
use crate::events::{event_put, event_record, now};
use crate::sync::*;
use reqwest::StatusCode;
use serde_json::json;
use zhibu_model::account::RosterMember;
use zhibu_model::attendance::SheetView;
use zhibu_model::chrono::Duration;
use zhibu_model::party_group::PartyGroupAssigned;
use zhibu_model::{ErrorCode, MemberId};

async fn put_group(
    app: &TestApp,
    who: &Session,
    member: MemberId,
    group: &str,
    lang: &str,
) -> reqwest::Response {
    who.client
        .put(app.url(&format!("/api/v1/branch/members/{member}/party-group")))
        .header("accept-language", lang)
        .json(&json!({ "party_group": group }))
        .send()
        .await
        .unwrap()
}

async fn roster(app: &TestApp, who: &Session) -> Vec<RosterMember> {
    let response = who
        .client
        .get(app.url("/api/v1/branch/roster"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn group_of(list: &[RosterMember], member: MemberId) -> Option<&str> {
    list.iter()
        .find(|m| m.id == member)
        .and_then(|m| m.party_group.as_deref())
}

#[tokio::test]
async fn the_secretary_assigns_groups_and_the_roster_shows_them() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let response = put_group(&app, &lin, wang.me.id, "  第一党小组 ", "zh-CN").await;
    assert_eq!(response.status(), StatusCode::OK);
    let assigned: PartyGroupAssigned = response.json().await.unwrap();
    assert_eq!(assigned.party_group.as_deref(), Some("第一党小组"));

    // Every member of the branch reads the group (the event form offers it, offline too).
    assert_eq!(
        group_of(&roster(&app, &wang).await, wang.me.id),
        Some("第一党小组")
    );

    // The committee may change it too; empty takes the member out of any group.
    let chen = session(&app, "chenzhiyuan").await;
    let response = put_group(&app, &chen, wang.me.id, "", "zh-CN").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(group_of(&roster(&app, &lin).await, wang.me.id), None);

    // Both changes are audited with before and after.
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT detail FROM audit_log WHERE action = 'party_group_changed' ORDER BY at, id",
    )
    .fetch_all(&app.db().await)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].0.contains("第一党小组") && rows[0].0.contains(&wang.me.id.to_string()));
}

#[tokio::test]
async fn a_member_and_another_branch_cannot_assign_groups() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let response = put_group(&app, &wang, li.me.id, "第一党小组", "zh-CN").await;
    assert_eq!(
        api_error(response, StatusCode::FORBIDDEN).await.code,
        ErrorCode::Forbidden
    );
    // Not even their own.
    let response = put_group(&app, &wang, wang.me.id, "第一党小组", "zh-CN").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // The other branch's secretary finds no such member here, and Lin none there.
    let he = session(&app, "hezhendong").await;
    let response = put_group(&app, &he, li.me.id, "第一党小组", "zh-CN").await;
    assert_eq!(
        api_error(response, StatusCode::NOT_FOUND).await.code,
        ErrorCode::NotFound
    );
    let xu = session(&app, "xuting").await;
    let lin = session(&app, "linxiaolan").await;
    let response = put_group(&app, &lin, xu.me.id, "第一党小组", "zh-CN").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(group_of(&roster(&app, &lin).await, li.me.id), None);
    assert_eq!(group_of(&roster(&app, &he).await, xu.me.id), None);

    // An id that is no id is not found either, not a fault.
    let response = lin
        .client
        .put(app.url("/api/v1/branch/members/not-an-id/party-group"))
        .json(&json!({ "party_group": "第一党小组" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_bad_group_name_is_a_field_error_in_the_callers_language() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let long = "组".repeat(51);
    let cases = [
        (
            long.as_str(),
            "zh-CN",
            ErrorCode::TooLong,
            "所在党小组不能超过 50 个字符",
        ),
        (
            long.as_str(),
            "en",
            ErrorCode::TooLong,
            "Party group of the member must be at most 50 characters",
        ),
        (
            "第一\n党小组",
            "zh-CN",
            ErrorCode::ControlCharacter,
            "所在党小组不能包含控制字符",
        ),
    ];
    for (group, lang, code, message) in cases {
        let response = put_group(&app, &lin, wang.me.id, group, lang).await;
        let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!((e.code, e.field.as_deref()), (code, Some("party_group")));
        assert_eq!(e.message, message);
    }
    // Not JSON at all is a 4xx too.
    let response = lin
        .client
        .put(app.url(&format!(
            "/api/v1/branch/members/{}/party-group",
            wang.me.id
        )))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error());
    assert_eq!(group_of(&roster(&app, &lin).await, wang.me.id), None);
}

#[tokio::test]
async fn a_party_group_event_expects_exactly_that_groups_members() {
    let app = spawn().await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    let li = session(&app, "lixiuying").await;
    let chen = session(&app, "chenzhiyuan").await;
    for (who, group) in [
        (&wang, "第一党小组"),
        (&li, "第一党小组"),
        (&chen, "第二党小组"),
    ] {
        let response = put_group(&app, &lin, who.me.id, group, "zh-CN").await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let start = now() + Duration::days(1);
    let mut body = event_record("党小组会", start, start + Duration::hours(1));
    body["kinds"] = json!(["group_meeting"]);
    body["audience"] = json!("group");
    body["group"] = json!("第一党小组");
    let event = id();
    push_applied(&app, &lin, event_put(event, None, body)).await;

    let sheet: SheetView = lin
        .client
        .get(app.url(&format!("/api/v1/branch/events/{event}/attendance")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut expected: Vec<MemberId> = sheet
        .lines
        .iter()
        .filter(|l| l.expected)
        .map(|l| l.member_id)
        .collect();
    expected.sort();
    let mut group = vec![wang.me.id, li.me.id];
    group.sort();
    assert_eq!(expected, group);
    assert_eq!(sheet.expected, 2);
}
