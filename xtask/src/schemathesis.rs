//! Schemathesis (pinned, in a venv under the target folder) against the debug server
//! with the demo on a fresh database: every operation of `/api/v1/openapi.json`, logged
//! in as a member, as a secretary, and without a session. It fails on any 5xx and on any answer the document
//! does not describe (status, content type, body schema: errors included).

use crate::bundle::{self, target_dir};
use crate::proc::{Result, cmd, exec, output};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

pub const VERSION: &str = "4.32.5";

/// The demo accounts the runs log in as (`server/src/demo.rs`).
const USERS: [(&str, &str); 2] = [("member", "wangjianguo"), ("secretary", "linxiaolan")];
const DEMO_PASSWORD: &str = "zhibu-demo-2026";

/// Operations that end the session the run is logged in with (or every session of a
/// member the run may pick from a listing, the caller included). Run after the rest, so
/// that a session they end does not turn the remaining operations into 401s.
const SESSION_ENDING: [&str; 6] = [
    "auth_logout",
    "auth_change_password",
    "me_end_session",
    "org_issue_code",
    "org_deactivate",
    "org_transfer",
];

/// Examples per operation and run: enough to reach every status of each operation,
/// small enough that the four runs take about two minutes.
const MAX_EXAMPLES: &str = "20";
/// Fixed, so a failure in CI is the same failure on a developer's machine.
const SEED: &str = "20260701";

fn venv() -> PathBuf {
    target_dir().join("schemathesis-venv")
}

fn st() -> PathBuf {
    venv().join("bin").join("st")
}

/// Installs the pinned Schemathesis with the machine's python3, unless it is there.
pub fn install() -> Result {
    let have = output(cmd(&st().to_string_lossy()).arg("--version")).unwrap_or_default();
    if have.ends_with(&format!("version {VERSION}")) {
        return Ok(());
    }
    exec(cmd("python3").args(["-m", "venv"]).arg(venv()))?;
    let pip = venv().join("bin").join("pip");
    exec(cmd(&pip.to_string_lossy()).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("schemathesis=={VERSION}"),
    ]))
}

/// Stops the server however the run ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn run() -> Result {
    install()?;
    let server = bundle::server(false)?;
    let tmp = std::env::temp_dir().join(format!("zhibu-schemathesis-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let result = against(&server, &tmp);
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

fn against(server: &std::path::Path, tmp: &std::path::Path) -> Result {
    let child = cmd(&server.to_string_lossy())
        .arg("--bind")
        .arg("127.0.0.1:0")
        .arg("--database-url")
        .arg(format!("sqlite://{}/schemathesis.db", tmp.display()))
        // No SPA: the API is what is tested.
        .arg("--dist")
        .arg(tmp.join("dist"))
        .arg("--demo")
        // Schemathesis also asks for `/`, which without a built SPA is the 503 "not built"
        // page; the API's own answers are what it checks, so tower-http's error line for
        // that page would only mislead.
        .env("RUST_LOG", "warn,tower_http::trace=off")
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", server.display()))?;
    let mut running = Running(child);
    let addr = listening_addr(&mut running.0)?;

    // Both log in before any run fuzzes the login, whose failures slow down the address.
    let mut sessions = Vec::new();
    for (role, login) in USERS {
        sessions.push((role, login, log_in(&addr, login)?));
    }

    let schema = format!("http://{addr}/api/v1/openapi.json");
    // Schemathesis keeps a cache of what it found in its working folder: the throwaway
    // one, not the repository.
    let work = tmp.to_path_buf();
    let st_run = || {
        let mut c = cmd(&st().to_string_lossy());
        c.current_dir(&work)
            .args(["run", &schema])
            .args([
                "--checks",
                "not_a_server_error,status_code_conformance,\
                 content_type_conformance,response_schema_conformance",
            ])
            .args(["--max-examples", MAX_EXAMPLES, "--seed", SEED])
            .args(["--generation-database", "none", "--no-color"]);
        c
    };
    let mut total = 0;
    for (role, login, cookie) in &sessions {
        for session_ending in [false, true] {
            let what = if session_ending {
                "the operations that end sessions"
            } else {
                "every other operation"
            };
            eprintln!("schemathesis as {role} ({login}): {what}");
            let mut c = st_run();
            c.args(["--header", &format!("Cookie: {cookie}")]);
            let flag = if session_ending {
                "--include-operation-id"
            } else {
                "--exclude-operation-id"
            };
            for id in SESSION_ENDING {
                c.args([flag, id]);
            }
            total += run_counting(&mut c)?;
        }
    }
    // Without a session: the public operations with real data, every other one's 401.
    eprintln!("schemathesis without a session: every operation");
    total += run_counting(&mut st_run())?;
    println!(
        "schemathesis {VERSION}: {total} test cases, as a member, as a secretary and \
         without a session: no server error and no answer outside the document"
    );
    Ok(())
}

/// Reads the server's `zhibu listening on http://ADDR` line.
fn listening_addr(child: &mut Child) -> Result<String> {
    let stdout = child.stdout.take().ok_or("the server has no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let Some(line) = lines.next() else { break };
        let line = line.map_err(|e| e.to_string())?;
        if let Some(url) = line.strip_prefix("zhibu listening on http://") {
            let addr = url.trim().to_owned();
            // Keep draining stdout (the demo's login table) so the server never blocks.
            std::thread::spawn(move || lines.for_each(drop));
            return Ok(addr);
        }
    }
    Err("the server did not say where it listens".into())
}

/// Logs in with the demo password; the session cookie as `name=value`.
fn log_in(addr: &str, login: &str) -> Result<String> {
    let body = format!(r#"{{"login":"{login}","password":"{DEMO_PASSWORD}"}}"#);
    let request = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("cannot reach {addr}: {e}"))?;
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .map_err(|e| e.to_string())?;
    let head = response.split("\r\n\r\n").next().unwrap_or_default();
    if !head.starts_with("HTTP/1.1 200") {
        return Err(format!("login as {login} failed: {head}"));
    }
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .and_then(|(_, value)| value.trim().split(';').next())
        .map(str::to_owned)
        .ok_or_else(|| format!("login as {login}: no cookie"))
}

/// Runs Schemathesis, passing its output through; the number of test cases it generated.
fn run_counting(c: &mut std::process::Command) -> Result<u64> {
    let args: Vec<_> = c.get_args().map(|a| a.to_string_lossy()).collect();
    // The cookie is a live credential of a throwaway server; still, no need to print it.
    let shown: Vec<_> = args
        .iter()
        .map(|a| {
            if a.starts_with("Cookie:") {
                "Cookie: …".into()
            } else {
                a.clone()
            }
        })
        .collect();
    eprintln!("$ st {}", shown.join(" "));
    let mut child = c
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start schemathesis: {e}"))?;
    let mut generated = 0;
    let stdout = child.stdout.take().ok_or("schemathesis has no stdout")?;
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| e.to_string())?;
        println!("{line}");
        // "  3705 generated, 3705 passed" in the summary.
        if let Some((n, _)) = line.trim().split_once(" generated")
            && let Ok(n) = n.parse::<u64>()
        {
            generated = n;
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("schemathesis failed with {status}"));
    }
    Ok(generated)
}
