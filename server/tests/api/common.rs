//! Spawns a server per test and offers the small helpers the tests share.

use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;
use zhibu_model::ApiError;
pub use zhibu_server::admin::AdminCommand;
use zhibu_server::{Config, PasswordCost, Server};

/// The activation code in what `zhibu-server admin …` printed (`XXXX-XXXX-XXXX`).
pub fn code_in(printed: &str) -> String {
    printed
        .split_whitespace()
        .find(|w| w.len() == 14 && w.matches('-').count() == 2)
        .unwrap_or_else(|| panic!("no code in {printed:?}"))
        .to_owned()
}

pub const PASSWORD: &str = zhibu_server::demo::DEMO_PASSWORD;

pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    pub db_url: String,
    /// The server's clock: tests move it on instead of waiting.
    pub clock: zhibu_server::clock::Clock,
    /// The server's configuration, for `zhibu-server admin …` on the same database.
    pub config: Config,
    /// Holds the database (and any dist folder) until the test ends.
    _dir: TempDir,
}

/// The production defaults, except: port 0, files in `dir`, the demo roster seeded, and
/// cheap password hashes (the only knob that exists for tests).
pub fn config(dir: &Path) -> Config {
    Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: format!("sqlite://{}", dir.join("zhibu.db").display()),
        dist: dir.join("dist"),
        secure_cookies: false,
        trust_proxy: false,
        trusted_proxies: 1,
        demo: true,
        session_idle_days: 30,
        session_max_days: 180,
        login_max_failures_per_account: 5,
        login_max_failures_per_address: 20,
        login_max_failures_per_account_everywhere: 50,
        max_concurrent_hashes: 0,
        login_window_secs: 900,
        password_cost: PasswordCost::TestsOnly,
        clock: zhibu_server::clock::Clock::adjustable(),
    }
}

pub async fn spawn() -> TestApp {
    spawn_with(|_| {}).await
}

pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path());
    tweak(&mut config);
    let db_url = config.database_url.clone();
    let server = Server::bind(config.clone()).await.unwrap();
    serving(server, db_url, dir, config)
}

/// As [`spawn`], with the demo's pledge templates published as `serve --demo` does.
pub async fn spawn_with_demo_pledges() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    let db_url = config.database_url.clone();
    let server = Server::bind(config.clone()).await.unwrap();
    zhibu_server::demo_pledges::seed(server.state())
        .await
        .unwrap();
    serving(server, db_url, dir, config)
}

fn serving(server: Server, db_url: String, dir: TempDir, config: Config) -> TestApp {
    let base = format!("http://{}", server.local_addr());
    tokio::spawn(server.run_until(std::future::pending()));
    TestApp {
        base,
        db_url,
        clock: config.clock.clone(),
        config,
        _dir: dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn db(&self) -> sqlx::SqlitePool {
        sqlx::SqlitePool::connect(&self.db_url).await.unwrap()
    }

    pub async fn login(&self, client: &Client, login: &str, password: &str) -> Response {
        self.post(
            client,
            "/api/v1/auth/login",
            serde_json::json!({"login": login, "password": password}),
        )
        .await
    }

    pub async fn post(&self, client: &Client, path: &str, body: Value) -> Response {
        client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// `POST /api/v1/auth/activate` in `lang`.
    pub async fn activate(
        &self,
        client: &Client,
        login: &str,
        code: &str,
        password: &str,
        lang: &str,
    ) -> Response {
        client
            .post(self.url("/api/v1/auth/activate"))
            .header("accept-language", lang)
            .json(
                &serde_json::json!({"login": login, "activation_code": code, "password": password}),
            )
            .send()
            .await
            .unwrap()
    }

    /// `zhibu-server admin …` on this server's database; what it printed, or its error.
    pub async fn admin_cli(&self, command: AdminCommand) -> Result<String, String> {
        zhibu_server::admin::run(&self.config, &command)
            .await
            .map_err(|e| e.to_string())
    }

    /// Logs in with a cookie-less client and returns the session token.
    pub async fn token_for(&self, login: &str) -> String {
        let response = self.login(&Client::new(), login, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK);
        session_token(&response).expect("a session cookie")
    }

    /// `GET /api/v1/me` with this token sent by hand.
    pub async fn me_with(&self, token: &str) -> Response {
        Client::new()
            .get(self.url("/api/v1/me"))
            .header("cookie", format!("zhibu_session={token}"))
            .send()
            .await
            .unwrap()
    }
}

/// A client that keeps cookies, like a browser.
pub fn browser() -> Client {
    Client::builder().cookie_store(true).build().unwrap()
}

pub fn set_cookie(response: &Response) -> Option<String> {
    response
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_owned())
}

pub fn session_token(response: &Response) -> Option<String> {
    let cookie = set_cookie(response)?;
    let value = cookie.strip_prefix("zhibu_session=")?.split(';').next()?;
    (!value.is_empty()).then(|| value.to_owned())
}

/// Asserts a JSON error response and returns its body.
pub async fn api_error(response: Response, status: StatusCode) -> ApiError {
    assert_eq!(response.status(), status);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(content_type, "application/json");
    response.json().await.unwrap()
}
