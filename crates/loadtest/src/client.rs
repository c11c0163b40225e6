//! One member's HTTP session, holding its session token by hand (not a cookie jar) so it
//! follows the server to a new port after a restart.

use crate::Result;
use std::time::Duration;
use zhibu_model::sync::{PullResponse, PushRequest, PushResponse, SyncRow};

#[derive(Clone)]
pub struct Member {
    pub login: String,
    http: reqwest::Client,
    cookie: String,
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(64)
        .build()
        .expect("a plain HTTP client builds")
}

impl Member {
    pub async fn login(http: &reqwest::Client, base: &str, login: &str) -> Result<Self> {
        let response = http
            .post(format!("{base}/api/v1/auth/login"))
            .json(&serde_json::json!({"login": login, "password": crate::DEMO_PASSWORD}))
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(format!("login {login}: {}", response.status()).into());
        }
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| {
                c.split(';')
                    .next()
                    .filter(|kv| kv.starts_with("zhibu_session="))
            })
            .ok_or("login: no session cookie")?
            .to_owned();
        Ok(Self {
            login: login.to_owned(),
            http: http.clone(),
            cookie,
        })
    }

    /// One push request with a ready JSON body; an error for anything but 200.
    pub async fn push_body(&self, base: &str, body: Vec<u8>) -> Result<Vec<u8>> {
        let response = self
            .http
            .post(format!("{base}/api/v1/sync/push"))
            .header("cookie", &self.cookie)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await?;
        let status = response.status();
        let bytes = response.bytes().await?;
        if status != reqwest::StatusCode::OK {
            return Err(format!("push: {status}: {}", String::from_utf8_lossy(&bytes)).into());
        }
        Ok(bytes.to_vec())
    }

    pub async fn push(&self, base: &str, request: &PushRequest) -> Result<PushResponse> {
        let bytes = self.push_body(base, serde_json::to_vec(request)?).await?;
        Ok(serde_json::from_slice(&bytes)?)
    }

    /// One pull page as the server sent it (`limit`: the server's page size when `None`).
    pub async fn pull_bytes(
        &self,
        base: &str,
        since: i64,
        limit: Option<usize>,
    ) -> Result<Vec<u8>> {
        let limit = limit.map_or(String::new(), |l| format!("&limit={l}"));
        let response = self
            .http
            .get(format!("{base}/api/v1/sync/pull?since={since}{limit}"))
            .header("cookie", &self.cookie)
            .send()
            .await?;
        let status = response.status();
        let bytes = response.bytes().await?;
        if !status.is_success() {
            return Err(format!("pull: {status}").into());
        }
        Ok(bytes.to_vec())
    }

    /// Everything the member may see, page after page.
    pub async fn pull_all(&self, base: &str) -> Result<Vec<SyncRow>> {
        let mut rows = Vec::new();
        let mut since = 0;
        loop {
            let response = self
                .http
                .get(format!("{base}/api/v1/sync/pull?since={since}"))
                .header("cookie", &self.cookie)
                .send()
                .await?;
            if !response.status().is_success() {
                return Err(format!("pull: {}", response.status()).into());
            }
            let page: PullResponse = response.json().await?;
            rows.extend(page.rows);
            since = page.cursor;
            if !page.more {
                return Ok(rows);
            }
        }
    }
}
