use crate::common::*;
use reqwest::StatusCode;
use zhibu_model::{Me, Role};
use zhibu_server::Server;
use zhibu_server::demo::{DEMO_BRANCHES, demo_logins};

#[tokio::test]
async fn the_demo_roster_is_seeded_and_every_account_logs_in() {
    let app = spawn().await;
    for account in demo_logins() {
        let response = app.login(&browser(), account.login, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "{}", account.login);
        let me: Me = response.json().await.unwrap();
        assert_eq!(me.display_name, account.display_name);
        assert_eq!(me.role, account.role);
        assert_eq!(
            me.branch_name.as_deref(),
            account.branch.map(|i| DEMO_BRANCHES[i])
        );
        assert_eq!(
            me.joined_party_on.map(|d| d.to_string()).as_deref(),
            account.joined_party_on
        );
    }
    let admin = demo_logins().iter().find(|a| a.login == "admin").unwrap();
    assert_eq!((admin.role, admin.branch), (Role::Admin, None));
}

#[tokio::test]
async fn seeding_happens_once() {
    let dir = tempfile::tempdir().unwrap();
    let first = Server::bind(config(dir.path())).await.unwrap();
    assert!(first.demo_seeded());
    drop(first);
    let second = Server::bind(config(dir.path())).await.unwrap();
    assert!(!second.demo_seeded());

    let db = sqlx::SqlitePool::connect(&config(dir.path()).database_url)
        .await
        .unwrap();
    let (branches,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM branches")
        .fetch_one(&db)
        .await
        .unwrap();
    let (members,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM members")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!((branches, members), (2, 15));
}

#[tokio::test]
async fn without_demo_nothing_is_seeded() {
    let app = spawn_with(|c| c.demo = false).await;
    let (members,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM members")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(members, 0);
}
