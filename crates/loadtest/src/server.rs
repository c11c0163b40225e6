//! The real server binary as a child process on a free port, over one SQLite file that
//! outlives its restarts.

use crate::Result;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub struct ServerProcess {
    exe: PathBuf,
    dir: PathBuf,
    log_level: String,
    child: Option<Child>,
    /// `http://127.0.0.1:PORT` of the running instance.
    pub base: String,
    /// How long the last start took, to listening.
    pub last_start: Duration,
}

impl ServerProcess {
    /// Starts `exe` with `--demo` on a database in `dir`. `log_level` is its `RUST_LOG`.
    pub async fn start(exe: &Path, dir: &Path, log_level: &str) -> Result<Self> {
        let mut server = Self {
            exe: exe.to_owned(),
            dir: dir.to_owned(),
            log_level: log_level.to_owned(),
            child: None,
            base: String::new(),
            last_start: Duration::ZERO,
        };
        server.spawn().await?;
        Ok(server)
    }

    pub fn database_url(&self) -> String {
        format!("sqlite://{}", self.dir.join("zhibu.db").display())
    }

    /// The size of the database's WAL file now (0 when there is none).
    pub fn wal_bytes(&self) -> u64 {
        std::fs::metadata(self.dir.join("zhibu.db-wal")).map_or(0, |m| m.len())
    }

    async fn spawn(&mut self) -> Result {
        let started = Instant::now();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("server.log"))?;
        let mut child = Command::new(&self.exe)
            .args(["--bind", "127.0.0.1:0", "--demo", "--database-url"])
            .arg(self.database_url())
            .arg("--dist")
            .arg(self.dir.join("dist"))
            .env("RUST_LOG", &self.log_level)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.exe.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
                .await
                .map_err(|_| "the server did not say where it listens within 60 s")??
                .ok_or("the server exited before listening (see server.log)")?;
            if let Some(url) = line.strip_prefix("zhibu listening on ") {
                break url.trim().to_owned();
            }
        };
        // Keep reading so the demo logins table never fills the pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        self.child = Some(child);
        self.base = base;
        self.last_start = started.elapsed();
        Ok(())
    }

    /// CPU time (user + system) the server has used so far, where /proc tells (Linux).
    pub fn cpu_time(&self) -> Option<Duration> {
        let pid = self.child.as_ref()?.id()?;
        cpu_time_of(&format!("/proc/{pid}/stat"))
    }

    /// SIGKILL: no graceful shutdown, no WAL checkpoint, requests cut mid-flight.
    pub async fn kill9(&mut self) -> Result {
        if let Some(mut child) = self.child.take() {
            child.start_kill()?;
            child.wait().await?;
        }
        Ok(())
    }

    /// Kills (-9) and starts again on the same database.
    pub async fn restart(&mut self) -> Result {
        self.kill9().await?;
        self.spawn().await
    }

    /// SIGTERM and wait: the graceful path (finish requests, checkpoint).
    pub async fn stop(mut self) -> Result {
        if let Some(mut child) = self.child.take() {
            if let Some(pid) = child.id() {
                let _ = std::process::Command::new("kill")
                    .args(["-TERM", &pid.to_string()])
                    .status();
            }
            match tokio::time::timeout(Duration::from_secs(10), child.wait()).await {
                Ok(status) => drop(status?),
                Err(_) => child.kill().await?,
            }
        }
        Ok(())
    }
}

/// CPU time of this process (user + system), where /proc tells (Linux).
pub fn own_cpu_time() -> Option<Duration> {
    cpu_time_of("/proc/self/stat")
}

/// utime + stime (fields 14 and 15 of /proc/PID/stat, after the parenthesised name), in
/// clock ticks of 1/100 s (the value on Linux everywhere this runs).
fn cpu_time_of(stat: &str) -> Option<Duration> {
    let text = std::fs::read_to_string(stat).ok()?;
    let rest = &text[text.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}
