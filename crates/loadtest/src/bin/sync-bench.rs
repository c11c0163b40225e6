//! `sync-bench`: push throughput and latency of the real release server on SQLite (a file
//! in a temp dir, WAL), with authentication and validation on: each client is a demo
//! member with a real session cookie, pushing batches of new study records to the real
//! push endpoint. Prints one line, e.g.
//! `sync push: 20 ops/batch, 8 clients, 5000 batches: 23456 ops/s, p50 3.1 ms, p99 9.8 ms`.
//!
//! Request bodies are made before the clock starts, and answers are checked (every op
//! applied) after it stops, so the figures are the server's and the network stack's, not
//! the client's JSON work. `cargo xtask bench` builds in release and runs this.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use zhibu_loadtest::args::Args;
use zhibu_loadtest::client::{Member, http};
use zhibu_loadtest::server::{ServerProcess, own_cpu_time};
use zhibu_loadtest::{MEMBERS, Result, ops};
use zhibu_model::sync::{OpOutcome, PushRequest, PushResponse};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    match run().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("sync-bench: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run() -> Result<bool> {
    let args = Args::from_env(&[
        "server", "clients", "batches", "batch", "warmup", "log", "keep-log",
    ])?;
    let exe = args
        .string("server")
        .ok_or("--server PATH (the release zhibu-server) is required")?;
    let clients = args.get("clients", 8usize)?.clamp(1, MEMBERS.len());
    let batches = args.get("batches", 5000usize)?;
    let batch = args.get("batch", 20usize)?;
    let warmup = args.get("warmup", 200usize)?;
    // The server's own default log level, as in production.
    let log = args.get("log", "info".to_owned())?;

    let dir = tempfile::tempdir()?;
    let server = ServerProcess::start(exe.as_ref(), dir.path(), &log).await?;
    let http = http();
    let mut members = Vec::new();
    for login in &MEMBERS[..clients] {
        members.push(Member::login(&http, &server.base, login).await?);
    }

    let bodies = |n: usize, tag: &str| -> Result<Vec<Vec<u8>>> {
        (0..n)
            .map(|b| {
                let ops = (0..batch)
                    .map(|i| ops::new_study(&format!("{tag}{b}.{i}")))
                    .collect();
                Ok(serde_json::to_vec(&PushRequest { ops })?)
            })
            .collect()
    };
    run_phase(&members, &server.base, bodies(warmup, "w")?).await?;
    let measured = bodies(batches, "b")?;
    let cpu_before = (server.cpu_time(), own_cpu_time());
    let (wall, latencies, answers) = run_phase(&members, &server.base, measured).await?;
    let cpu_after = (server.cpu_time(), own_cpu_time());

    let mut applied = 0;
    for bytes in &answers {
        let response: PushResponse = serde_json::from_slice(bytes)?;
        applied += response
            .results
            .iter()
            .filter(|r| matches!(r.outcome, OpOutcome::Applied { .. }))
            .count();
    }
    let mut sorted = latencies;
    sorted.sort();
    let pct = |p: f64| sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)];
    let ops_total = batches * batch;
    println!(
        "sync push: {batch} ops/batch, {clients} clients, {batches} batches: {:.0} ops/s, p50 {:.1} ms, p99 {:.1} ms (max {:.1} ms, {:.2} s)",
        ops_total as f64 / wall.as_secs_f64(),
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(*sorted.last().unwrap_or(&Duration::ZERO)),
        wall.as_secs_f64(),
    );
    // CPU per op, steadier than ops/s on a shared machine: what the server spent, and the
    // share of the machine the clients took.
    if let ((Some(s0), Some(c0)), (Some(s1), Some(c1))) = (cpu_before, cpu_after) {
        println!(
            "  server cpu {:.1} µs/op ({:.0}% of one core), bench clients {:.0}% of one core",
            (s1 - s0).as_secs_f64() * 1e6 / ops_total as f64,
            100.0 * (s1 - s0).as_secs_f64() / wall.as_secs_f64(),
            100.0 * (c1 - c0).as_secs_f64() / wall.as_secs_f64(),
        );
    }
    // SQLite starts the WAL over only once all of it is checkpointed; a WAL that grows
    // with the run means it never is (see the server's `checkpointer`).
    println!(
        "  WAL after the run: {:.1} MB",
        server.wal_bytes() as f64 / 1e6
    );
    server.stop().await?;
    // `--keep-log FILE` keeps the server's log (e.g. with `--log zhibu_server=debug`).
    if let Some(keep) = args.string("keep-log") {
        std::fs::copy(dir.path().join("server.log"), keep)?;
    }
    if applied != ops_total {
        eprintln!("error: {applied} of {ops_total} ops applied");
        return Ok(false);
    }
    Ok(true)
}

/// Sends every body once, spread over the members, each member one request at a time.
/// Returns the wall time, each request's latency, and the answers.
async fn run_phase(
    members: &[Member],
    base: &str,
    bodies: Vec<Vec<u8>>,
) -> Result<(Duration, Vec<Duration>, Vec<Vec<u8>>)> {
    let bodies = Arc::new(bodies);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for member in members {
        let (member, base, bodies, next) = (
            member.clone(),
            base.to_owned(),
            bodies.clone(),
            next.clone(),
        );
        tasks.spawn(async move {
            let mut timings = Vec::new();
            let mut answers = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(body) = bodies.get(i) else {
                    return Ok::<_, zhibu_loadtest::Error>((timings, answers));
                };
                let t = Instant::now();
                let answer = member.push_body(&base, body.clone()).await?;
                timings.push(t.elapsed());
                answers.push(answer);
            }
        });
    }
    let mut latencies = Vec::new();
    let mut answers = Vec::new();
    for result in tasks.join_all().await {
        let (t, a) = result?;
        latencies.extend(t);
        answers.extend(a);
    }
    Ok((started.elapsed(), latencies, answers))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
