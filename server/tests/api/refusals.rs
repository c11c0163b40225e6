//! Issue 20, finding 10: refused requests are logged with the member, the route and the
//! reason, never with a secret from the path. (The per-minute bound is unit-tested in
//! `middleware::refusals`.)

use crate::common::*;
use crate::sync::session;
use reqwest::{Client, StatusCode};
use std::io;
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Clone)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Everything logged at WARN and above by every server of this test binary.
fn log() -> Captured {
    static LOG: OnceLock<Captured> = OnceLock::new();
    LOG.get_or_init(|| {
        let captured = Captured(Arc::default());
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::WARN)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        captured
    })
    .clone()
}

fn lines_with(log: &Captured, needle: &str) -> Vec<String> {
    String::from_utf8_lossy(&log.0.lock().unwrap())
        .lines()
        .filter(|l| l.contains(needle))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn refusals_are_logged_with_member_route_and_reason() {
    let log = log();
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let member = wang.me.id.to_string();
    let response = wang
        .client
        .get(app.url("/api/v1/branch/study"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let lines = lines_with(&log, &member);
    assert_eq!(lines.len(), 1, "{lines:?}");
    for part in [
        "refused a request",
        "route=\"/api/v1/branch/study\"",
        "status=403",
        "reason=\"Forbidden\"",
        "method=GET",
    ] {
        assert!(lines[0].contains(part), "{part} in {}", lines[0]);
    }

    // Nobody logged in; and a secret in the path stays out of the log.
    let anonymous = Client::new();
    let secret = "NotARealFeedTokenButSecretLooking";
    let response = anonymous
        .get(app.url(&format!("/api/v1/calendar/{secret}.ics")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = anonymous.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(lines_with(&log, secret).is_empty());
    let me = lines_with(&log, "route=\"/api/v1/me\"");
    assert!(
        me.iter()
            .any(|l| l.contains("member=\"(none)\"") && l.contains("reason=\"Unauthenticated\"")),
        "{me:?}"
    );
}
