//! Issue 19: the organisation's tree, members over their life, and who may do what.
//! Demo: 林晓岚 (secretary), 陈志远 (committee), 王建国 (member) of 综合办公室党支部; 何振东
//! (secretary) and 许婷 of 调度所党支部; 管理员 the administrator.

mod codes;
mod import;
mod members;
mod transfer_year;
mod tree;

use crate::common::*;
use crate::sync::Session;
use reqwest::{Method, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use zhibu_model::org::views::{BranchDetail, MemberPage, OrgTree};
use zhibu_model::{BranchId, MemberId};

/// One method per endpoint of `/api/v1/org`, as `who`, in `lang`.
pub struct Org<'a> {
    pub app: &'a TestApp,
    pub lang: &'static str,
}

impl<'a> Org<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self { app, lang: "zh-CN" }
    }

    pub fn en(app: &'a TestApp) -> Self {
        Self { app, lang: "en" }
    }

    pub async fn call(
        &self,
        who: &Session,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Response {
        let mut request = who
            .client
            .request(method, self.app.url(&format!("/api/v1/org{path}")))
            .header("accept-language", self.lang);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    pub async fn tree(&self, who: &Session) -> Response {
        self.call(who, Method::GET, "", None).await
    }

    pub async fn create_branch(&self, who: &Session, name: &str) -> Response {
        self.call(who, Method::POST, "/branches", Some(json!({"name": name})))
            .await
    }

    pub async fn update_branch(&self, who: &Session, branch: BranchId, body: Value) -> Response {
        self.call(who, Method::PUT, &format!("/branches/{branch}"), Some(body))
            .await
    }

    pub async fn close_branch(&self, who: &Session, branch: BranchId, date: &str) -> Response {
        self.call(
            who,
            Method::POST,
            &format!("/branches/{branch}/close"),
            Some(json!({"date": date})),
        )
        .await
    }

    pub async fn create_general(&self, who: &Session, name: &str) -> Response {
        self.call(
            who,
            Method::POST,
            "/general-branches",
            Some(json!({"name": name})),
        )
        .await
    }

    pub async fn branch(&self, who: &Session, branch: BranchId) -> Response {
        self.call(who, Method::GET, &format!("/branches/{branch}"), None)
            .await
    }

    pub async fn branch_study(&self, who: &Session, branch: BranchId, year: i32) -> Response {
        self.call(
            who,
            Method::GET,
            &format!("/branches/{branch}/study?year={year}"),
            None,
        )
        .await
    }

    pub async fn create_group(&self, who: &Session, branch: BranchId, name: &str) -> Response {
        self.call(
            who,
            Method::POST,
            &format!("/branches/{branch}/groups"),
            Some(json!({"name": name})),
        )
        .await
    }

    pub async fn appoint(&self, who: &Session, branch: BranchId, body: Value) -> Response {
        self.call(
            who,
            Method::POST,
            &format!("/branches/{branch}/posts"),
            Some(body),
        )
        .await
    }

    pub async fn end_post(&self, who: &Session, post: &str, until: &str) -> Response {
        self.call(
            who,
            Method::POST,
            &format!("/posts/{post}/end"),
            Some(json!({"until": until})),
        )
        .await
    }

    pub async fn elect(&self, who: &Session, branch: BranchId, body: Value) -> Response {
        self.call(
            who,
            Method::POST,
            &format!("/branches/{branch}/committee"),
            Some(body),
        )
        .await
    }

    pub async fn members(&self, who: &Session, query: &str) -> Response {
        self.call(who, Method::GET, &format!("/members?{query}"), None)
            .await
    }

    pub async fn add_member(&self, who: &Session, body: Value) -> Response {
        self.call(who, Method::POST, "/members", Some(body)).await
    }

    pub async fn member(&self, who: &Session, member: MemberId) -> Response {
        self.call(who, Method::GET, &format!("/members/{member}"), None)
            .await
    }

    pub async fn edit_member(&self, who: &Session, member: MemberId, body: Value) -> Response {
        self.call(who, Method::PUT, &format!("/members/{member}"), Some(body))
            .await
    }

    pub async fn issue_code(&self, who: &Session, member: MemberId) -> Response {
        self.call(
            who,
            Method::POST,
            &format!("/members/{member}/activation-code"),
            Some(json!({})),
        )
        .await
    }

    pub async fn issue_branch_codes(&self, who: &Session, branch: BranchId) -> Response {
        self.call(
            who,
            Method::POST,
            &format!("/branches/{branch}/activation-codes"),
            Some(json!({})),
        )
        .await
    }

    pub async fn transfer(&self, who: &Session, member: MemberId, body: Value) -> Response {
        self.call(
            who,
            Method::POST,
            &format!("/members/{member}/transfer"),
            Some(body),
        )
        .await
    }

    pub async fn deactivate(&self, who: &Session, member: MemberId, body: Value) -> Response {
        self.call(
            who,
            Method::POST,
            &format!("/members/{member}/deactivate"),
            Some(body),
        )
        .await
    }

    pub async fn audit(&self, who: &Session, query: &str) -> Response {
        self.call(who, Method::GET, &format!("/audit?{query}"), None)
            .await
    }
}

pub async fn ok<T: DeserializeOwned>(response: Response) -> T {
    let status = response.status();
    assert!(
        status.is_success(),
        "{status}: {}",
        response.text().await.unwrap()
    );
    response.json().await.unwrap()
}

pub async fn tree_of(app: &TestApp, admin: &Session) -> OrgTree {
    ok(Org::new(app).tree(admin).await).await
}

/// The demo's two branches: (综合办公室, 调度所).
pub async fn demo_branches(app: &TestApp, admin: &Session) -> (BranchId, BranchId) {
    let tree = tree_of(app, admin).await;
    let find = |prefix: &str| {
        tree.branches
            .iter()
            .find(|b| b.name.starts_with(prefix))
            .unwrap()
            .id
    };
    (find("综合办公室"), find("调度所"))
}

pub async fn detail_of(app: &TestApp, admin: &Session, branch: BranchId) -> BranchDetail {
    ok(Org::new(app).branch(admin, branch).await).await
}

pub async fn search(app: &TestApp, who: &Session, query: &str) -> MemberPage {
    ok(Org::new(app).members(who, query).await).await
}

/// How many rows a table has (to check that a refused request wrote nothing).
pub async fn count(app: &TestApp, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    n
}

/// Asserts a field error in the request's language and returns its message.
pub async fn field_error(response: Response, field: &str, code: zhibu_model::ErrorCode) -> String {
    let e = api_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        (e.field.as_deref(), e.code),
        (Some(field), code),
        "{}",
        e.message
    );
    e.message
}
