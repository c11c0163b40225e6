//! Activation codes for a whole branch at once (after a roster import): every active
//! member who has not activated gets one, those who did keep their password.

use super::*;
use crate::sync::{session, today};
use zhibu_model::ErrorCode;
use zhibu_model::org::IssuedCode;
use zhibu_model::org::views::MemberCreated;

fn newcomer(name: &str, login: &str) -> Value {
    json!({
        "display_name": name, "login": login, "mobile": "13900001111", "gender": "女",
        "born_on": "1990-01-02", "joined_party_on": "2015-07-01", "full_member_on": "2016-07-01",
        "category": "full", "branch_id": "",
    })
}

fn logins(codes: &[IssuedCode]) -> Vec<&str> {
    codes.iter().map(|c| c.login.as_str()).collect()
}

#[tokio::test]
async fn a_branch_gets_codes_for_exactly_its_members_who_have_not_activated() {
    let app = spawn().await;
    let org = Org::new(&app);
    let admin = session(&app, "admin").await;
    let (office, dispatch) = demo_branches(&app, &admin).await;
    let lin = session(&app, "linxiaolan").await;
    // Added in an order that is not the pinyin one.
    let mut added = Vec::new();
    for (name, login) in [("周雨", "zhouyu"), ("李娜", "lina"), ("白云", "baiyun")] {
        let created: MemberCreated = ok(org.add_member(&lin, newcomer(name, login)).await).await;
        added.push(created);
    }
    let lina = &added[1];
    let response = app
        .activate(
            &browser(),
            "lina",
            &lina.activation.code,
            "lina password",
            "zh-CN",
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    // Refused before anything is written.
    let he = session(&app, "hezhendong").await;
    let chen = session(&app, "chenzhiyuan").await;
    let wang = session(&app, "wangjianguo").await;
    let audited = count(&app, "audit_log").await;
    api_error(
        org.issue_branch_codes(&he, office).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    api_error(
        org.issue_branch_codes(&chen, office).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    api_error(
        org.issue_branch_codes(&wang, office).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(
        count(&app, "audit_log").await,
        audited,
        "refusals write nothing"
    );

    let by_admin: Vec<IssuedCode> = ok(org.issue_branch_codes(&admin, office).await).await;
    assert_eq!(logins(&by_admin), ["baiyun", "zhouyu"], "by name in pinyin");
    assert!(
        by_admin
            .iter()
            .all(|c| c.expires_at > 0 && c.code.len() == 14)
    );
    // The branch's secretary too; the newer codes replace the administrator's.
    let by_lin: Vec<IssuedCode> = ok(org.issue_branch_codes(&lin, office).await).await;
    assert_eq!(logins(&by_lin), ["baiyun", "zhouyu"]);
    assert_eq!(by_lin[0].display_name, "白云");
    assert_eq!(by_lin[0].member_id, added[2].member.summary.id);

    let response = app
        .activate(
            &browser(),
            "baiyun",
            &by_lin[0].code,
            "baiyun password",
            "zh-CN",
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    // Activated members kept their password: nothing of theirs was reset.
    for (login, password) in [("lina", "lina password"), ("linxiaolan", PASSWORD)] {
        let response = app.login(&browser(), login, password).await;
        assert_eq!(response.status(), StatusCode::OK, "{login}");
    }
    let left: Vec<IssuedCode> = ok(org.issue_branch_codes(&admin, office).await).await;
    assert_eq!(logins(&left), ["zhouyu"]);
    let none: Vec<IssuedCode> = ok(org.issue_branch_codes(&admin, dispatch).await).await;
    assert!(
        none.is_empty(),
        "every demo member of 调度所 has a password"
    );

    // Each code issued is audited, without the code.
    let zhou = added[0].member.summary.id;
    let page: Value = ok(org
        .audit(
            &admin,
            &format!("subject_id={zhou}&action=activation_code_issued"),
        )
        .await)
    .await;
    assert_eq!(
        page["total"], 3,
        "the administrator's, the secretary's, the last"
    );
    assert_eq!(page["entries"][1]["actor_name"], "林晓岚");
    assert!(
        !page.to_string().contains(&by_lin[1].code),
        "never the code"
    );
}

#[tokio::test]
async fn an_unknown_or_closed_branch_gets_no_codes() {
    let app = spawn().await;
    let org = Org::new(&app);
    let admin = session(&app, "admin").await;
    api_error(
        org.issue_branch_codes(&admin, BranchId::new()).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    #[derive(serde::Deserialize)]
    struct Created {
        id: BranchId,
    }
    let made: Created = ok(org.create_branch(&admin, "车间党支部").await).await;
    let response = org.close_branch(&admin, made.id, &today()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    field_error(
        org.issue_branch_codes(&admin, made.id).await,
        "branch_id",
        ErrorCode::Immutable,
    )
    .await;
}
