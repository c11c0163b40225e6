//! Branches, groups and posts: who may change them, field errors, 换届 history, and the
//! role following the posts.

use super::*;
use crate::sync::{session, today};
use zhibu_model::org::post::Post;
use zhibu_model::{ErrorCode, Me, Role};

async fn me(app: &TestApp, login: &str) -> Me {
    crate::sync::session(app, login).await.me
}

#[tokio::test]
async fn the_tree_is_for_administrators_and_branch_managers() {
    let app = spawn().await;
    let org = Org::new(&app);
    let admin = session(&app, "admin").await;
    let tree = tree_of(&app, &admin).await;
    assert_eq!(tree.organisation.as_deref(), Some("示例铁路局机关党委"));
    let counts: Vec<u32> = tree.branches.iter().map(|b| b.members).collect();
    assert_eq!(counts.iter().sum::<u32>(), 14);

    let lin = session(&app, "linxiaolan").await;
    let seen = tree_of(&app, &lin).await;
    assert_eq!(
        seen.branches.len(),
        2,
        "names of every branch, for transfers"
    );
    let other = seen
        .branches
        .iter()
        .find(|b| Some(b.id) != lin.me.branch_id)
        .unwrap();
    assert_eq!(other.members, 0, "not another branch's figures");

    let wang = session(&app, "wangjianguo").await;
    api_error(org.tree(&wang).await, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn only_the_administrator_creates_renames_and_closes_branches() {
    let app = spawn().await;
    let org = Org::new(&app);
    let admin = session(&app, "admin").await;
    let lin = session(&app, "linxiaolan").await;
    let wang = session(&app, "wangjianguo").await;
    for who in [&lin, &wang] {
        api_error(
            org.create_branch(who, "新支部").await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let before = count(&app, "branches").await;
    let m = field_error(
        org.create_branch(&admin, "  ").await,
        "name",
        ErrorCode::Required,
    )
    .await;
    assert_eq!(m, "请填写名称");
    let m = field_error(
        Org::en(&app).create_branch(&admin, &"支".repeat(61)).await,
        "name",
        ErrorCode::TooLong,
    )
    .await;
    assert_eq!(m, "Name must be at most 60 characters");
    let (office, dispatch) = demo_branches(&app, &admin).await;
    let taken = detail_of(&app, &admin, office).await.branch.name;
    field_error(
        org.create_branch(&admin, &taken).await,
        "name",
        ErrorCode::Conflict,
    )
    .await;
    assert_eq!(count(&app, "branches").await, before, "nothing half done");

    #[derive(serde::Deserialize)]
    struct Created {
        id: BranchId,
    }
    let general: Created = ok(org.create_general(&admin, "机务段党总支").await).await;
    let made: Created = ok(org.create_branch(&admin, "车间党支部").await).await;
    let response = org
        .update_branch(
            &admin,
            made.id,
            json!({"name": "检修车间党支部", "general_branch_id": general.id.to_string()}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let detail = detail_of(&app, &admin, made.id).await;
    assert_eq!(detail.branch.name, "检修车间党支部");
    assert_eq!(
        detail.branch.general_branch_id.map(|g| g.to_string()),
        Some(general.id.to_string())
    );
    api_error(
        org.update_branch(&lin, dispatch, json!({"name": "x"}))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;

    // A branch with members cannot close; an empty one can, and is read-only after.
    let m = field_error(
        org.close_branch(&admin, dispatch, &today()).await,
        "branch_id",
        ErrorCode::Conflict,
    )
    .await;
    assert!(m.contains("在册党员"), "{m}");
    let response = org.close_branch(&admin, made.id, &today()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    field_error(
        org.update_branch(&admin, made.id, json!({"name": "又改名"}))
            .await,
        "branch_id",
        ErrorCode::Immutable,
    )
    .await;
    field_error(
        org.create_group(&admin, made.id, "第一党小组").await,
        "branch_id",
        ErrorCode::Immutable,
    )
    .await;
    let closed = detail_of(&app, &admin, made.id).await;
    assert!(closed.branch.closed_on.is_some());
}

#[tokio::test]
async fn groups_belong_to_their_branch_and_its_secretary() {
    let app = spawn().await;
    let org = Org::new(&app);
    let admin = session(&app, "admin").await;
    let (office, _) = demo_branches(&app, &admin).await;
    let lin = session(&app, "linxiaolan").await;
    let he = session(&app, "hezhendong").await;
    let chen = session(&app, "chenzhiyuan").await;
    let wang = session(&app, "wangjianguo").await;

    assert_eq!(
        org.create_group(&lin, office, "第一党小组").await.status(),
        StatusCode::CREATED
    );
    api_error(
        org.create_group(&he, office, "第二党小组").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    api_error(
        org.create_group(&chen, office, "第二党小组").await,
        StatusCode::FORBIDDEN,
    )
    .await;
    api_error(
        org.create_group(&wang, office, "第二党小组").await,
        StatusCode::FORBIDDEN,
    )
    .await;
    field_error(
        org.create_group(&lin, office, "第一党小组").await,
        "name",
        ErrorCode::Conflict,
    )
    .await;
    field_error(
        org.create_group(&lin, office, "第一\n小组").await,
        "name",
        ErrorCode::ControlCharacter,
    )
    .await;

    // The committee reads the branch; another branch's secretary does not find it.
    assert_eq!(org.branch(&chen, office).await.status(), StatusCode::OK);
    api_error(org.branch(&he, office).await, StatusCode::NOT_FOUND).await;
    api_error(org.branch(&wang, office).await, StatusCode::FORBIDDEN).await;
    let groups = detail_of(&app, &admin, office).await.groups;
    assert_eq!(groups.len(), 1);

    // The party-group endpoint of issue 4 puts members into these very rows.
    let response = wang
        .client
        .put(app.url(&format!(
            "/api/v1/branch/members/{}/party-group",
            wang.me.id
        )))
        .json(&json!({"party_group": "第一党小组"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = lin
        .client
        .put(app.url(&format!(
            "/api/v1/branch/members/{}/party-group",
            wang.me.id
        )))
        .json(&json!({"party_group": "第一党小组"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let groups = detail_of(&app, &admin, office).await.groups;
    assert_eq!((groups.len(), groups[0].members), (1, 1));
}

#[tokio::test]
async fn the_role_follows_the_posts_and_elections_keep_history() {
    let app = spawn().await;
    let org = Org::new(&app);
    let admin = session(&app, "admin").await;
    let (office, _) = demo_branches(&app, &admin).await;
    let lin = session(&app, "linxiaolan").await;
    let wang = me(&app, "wangjianguo").await;
    let li = me(&app, "lixiuying").await;

    // Only the administrator appoints committee posts; the secretary may not.
    let appoint = json!({"member_id": wang.id.to_string(), "post": "discipline"});
    api_error(
        org.appoint(&lin, office, appoint.clone()).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let m = field_error(
        org.appoint(
            &admin,
            office,
            json!({"member_id": wang.id.to_string(), "post": "boss"}),
        )
        .await,
        "post",
        ErrorCode::InvalidFormat,
    )
    .await;
    assert_eq!(m, "党内职务的格式不正确");
    field_error(
        org.appoint(
            &admin,
            office,
            json!({"member_id": wang.id.to_string(), "post": "discipline", "from": "2999-01-01"}),
        )
        .await,
        "from",
        ErrorCode::InFuture,
    )
    .await;
    assert_eq!(
        org.appoint(&admin, office, appoint).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(me(&app, "wangjianguo").await.role, Role::Committee);

    // A second secretary while the first holds the post is a conflict.
    let m = field_error(
        org.appoint(
            &admin,
            office,
            json!({"member_id": li.id.to_string(), "post": "secretary"}),
        )
        .await,
        "post",
        ErrorCode::Conflict,
    )
    .await;
    assert!(m.contains("已有人担任"), "{m}");

    // 换届: 李秀英 secretary, 王建国 stays on as 纪检委员; 林晓岚 and the others step down.
    let response = org
        .elect(
            &admin,
            office,
            json!({"date": today(), "posts": [
                {"member_id": li.id.to_string(), "post": "secretary"},
                {"member_id": wang.id.to_string(), "post": "discipline"},
            ]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&app, "lixiuying").await.role, Role::Secretary);
    assert_eq!(me(&app, "linxiaolan").await.role, Role::Member);
    // 陈志远 held a committee post until the election ended it.
    assert_eq!(me(&app, "chenzhiyuan").await.role, Role::Member);
    let posts = detail_of(&app, &admin, office).await.posts;
    let lin_terms: Vec<_> = posts
        .iter()
        .filter(|p| p.display_name == "林晓岚")
        .collect();
    assert_eq!(lin_terms.len(), 1);
    assert_eq!(lin_terms[0].post, Post::Secretary);
    assert_eq!(
        lin_terms[0].until.map(|d| d.to_string()),
        Some(today()),
        "kept, with its end"
    );
    let current: Vec<_> = posts.iter().filter(|p| p.until.is_none()).collect();
    assert_eq!(current.len(), 2);

    // The new secretary appoints a group leader; ending the term takes it away again.
    let li_session = session(&app, "lixiuying").await;
    #[derive(serde::Deserialize)]
    struct Created {
        id: String,
    }
    let group: Created = ok(org.create_group(&li_session, office, "第二党小组").await).await;
    let zhang = me(&app, "zhanghaifeng").await;
    let post: Created = ok(org
        .appoint(
            &li_session,
            office,
            json!({"member_id": zhang.id.to_string(), "post": "group_leader", "party_group_id": group.id}),
        )
        .await)
    .await;
    assert_eq!(
        me(&app, "zhanghaifeng").await.role,
        Role::Member,
        "党小组长 gives no rights"
    );
    let wang_post = detail_of(&app, &admin, office)
        .await
        .posts
        .into_iter()
        .find(|p| p.display_name == "王建国" && p.until.is_none())
        .unwrap();
    api_error(
        org.end_post(&li_session, &wang_post.id.to_string(), &today())
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(
        org.end_post(&li_session, &post.id, &today()).await.status(),
        StatusCode::NO_CONTENT
    );
}
