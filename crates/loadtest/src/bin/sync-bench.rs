//! `sync-bench`: push throughput and latency of the real release server on SQLite (a file
//! in a temp dir, WAL), with authentication and validation on: each client is a demo
//! member with a real session cookie, pushing batches of new study records to the real
//! push endpoint. Prints one line, e.g.
//! `sync push: 20 ops/batch, 8 clients, 5000 batches: 23456 ops/s, p50 3.1 ms, p99 9.8 ms`.
//!
//! Request bodies are made before the clock starts, and answers are checked (every op
//! applied) after it stops, so the figures are the server's and the network stack's, not
//! the client's JSON work. `cargo xtask bench` builds in release and runs this.
//!
//! `--readers N`: N phones of the first member pull everything from cursor 0 in pages,
//! again and again, while the clients push; their page latency and the WAL's largest
//! size are printed. `--seed N` first gives that member N records (in batches of 200),
//! then times one-row and full pages from cursor 0 and from near the end on the quiet
//! database: a page should cost the same wherever the cursor is. `--keep-db FILE` keeps
//! the database (to read its query plans).

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use zhibu_loadtest::args::Args;
use zhibu_loadtest::client::{Member, http};
use zhibu_loadtest::server::{ServerProcess, own_cpu_time};
use zhibu_loadtest::{MEMBERS, Result, ops};
use zhibu_model::sync::{OpOutcome, PushRequest, PushResponse};

/// What a reader needs of a page: the rows are skipped, not built.
#[derive(serde::Deserialize)]
struct PageHead {
    rows: Vec<serde::de::IgnoredAny>,
    cursor: i64,
    more: bool,
}

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
        "server", "clients", "batches", "batch", "warmup", "log", "keep-log", "readers", "seed",
        "keep-db",
    ])?;
    let exe = args
        .string("server")
        .ok_or("--server PATH (the release zhibu-server) is required")?;
    let clients = args.get("clients", 8usize)?.clamp(1, MEMBERS.len());
    let batches = args.get("batches", 5000usize)?;
    let batch = args.get("batch", 20usize)?;
    let warmup = args.get("warmup", 200usize)?;
    let readers = args.get("readers", 0usize)?;
    let seed = args.get("seed", 0usize)?;
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
    // The phones that pull: sessions of the first member, whose records `--seed` makes.
    let mut phones = Vec::new();
    for _ in 0..clients.max(readers) {
        phones.push(Member::login(&http, &server.base, MEMBERS[0]).await?);
    }
    let wal = dir.path().join("zhibu.db-wal");
    if seed > 0 {
        let last = seed_records(&phones[..clients], &server.base, seed).await?;
        println!(
            "seeded {seed} records of {} (last revision {last}); WAL {:.1} MB",
            MEMBERS[0],
            server.wal_bytes() as f64 / 1e6
        );
        // Pages from cursor 0 and from near the end, nothing else running: a page's cost
        // should not depend on how many visible rows lie above its cursor.
        for limit in [1usize, 500] {
            for (what, since) in [("cursor 0", 0), ("near the end", last - limit as i64 - 1)] {
                let mut times = Vec::new();
                for _ in 0..40 {
                    let t = Instant::now();
                    let page = phones[0]
                        .pull_bytes(&server.base, since, Some(limit))
                        .await?;
                    times.push(t.elapsed());
                    let head: PageHead = serde_json::from_slice(&page)?;
                    if head.rows.len() != limit {
                        return Err(
                            format!("a page of {} rows, not {limit}", head.rows.len()).into()
                        );
                    }
                }
                times.sort();
                println!(
                    "  pull page of {limit:>3} from {what:<12}: p50 {:.2} ms, p99 {:.2} ms",
                    ms(times[times.len() / 2]),
                    ms(times[times.len() * 99 / 100]),
                );
            }
        }
    }
    run_phase(&members, &server.base, bodies(warmup, "w")?).await?;
    let measured = bodies(batches, "b")?;
    let stop = Arc::new(AtomicBool::new(false));
    let wal_max = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (stop, wal_max, wal) = (stop.clone(), wal_max.clone(), wal.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let size = std::fs::metadata(&wal).map_or(0, |m| m.len());
                wal_max.fetch_max(size, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
    };
    let mut pullers = tokio::task::JoinSet::new();
    for phone in phones.iter().take(readers) {
        let (phone, base, stop) = (phone.clone(), server.base.clone(), stop.clone());
        pullers.spawn(async move {
            let (mut pages, mut rounds) = (Vec::new(), 0usize);
            'pulling: while !stop.load(Ordering::Relaxed) {
                let mut since = 0;
                loop {
                    if stop.load(Ordering::Relaxed) {
                        break 'pulling;
                    }
                    let t = Instant::now();
                    let page = phone.pull_bytes(&base, since, None).await?;
                    pages.push(t.elapsed());
                    let head: PageHead = serde_json::from_slice(&page)?;
                    since = head.cursor;
                    if !head.more {
                        break;
                    }
                }
                rounds += 1;
            }
            Ok::<_, zhibu_loadtest::Error>((pages, rounds))
        });
    }
    let cpu_before = (server.cpu_time(), own_cpu_time());
    let (wall, latencies, answers) = run_phase(&members, &server.base, measured).await?;
    let cpu_after = (server.cpu_time(), own_cpu_time());
    stop.store(true, Ordering::Relaxed);
    let (mut pages, mut rounds) = (Vec::new(), 0);
    for result in pullers.join_all().await {
        let (p, r) = result?;
        pages.extend(p);
        rounds += r;
    }
    sampler.await?;

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
    if readers > 0 {
        pages.sort();
        let pct = |p: f64| pages[((pages.len() as f64 * p) as usize).min(pages.len() - 1)];
        println!(
            "  {readers} readers: {} pages of up to 500 rows ({rounds} pulls from 0 to the end), p50 {:.1} ms, p99 {:.1} ms (max {:.1} ms)",
            pages.len(),
            ms(pct(0.50)),
            ms(pct(0.99)),
            ms(*pages.last().unwrap_or(&Duration::ZERO)),
        );
    }
    // SQLite starts the WAL over only once all of it is checkpointed; a WAL that grows
    // with the run means it never is (see the server's `checkpointer`).
    let after = server.wal_bytes();
    tokio::time::sleep(Duration::from_secs(2)).await;
    println!(
        "  WAL: at most {:.1} MB during the run, {:.1} MB after it, {:.1} MB 2 s later",
        wal_max.load(Ordering::Relaxed) as f64 / 1e6,
        after as f64 / 1e6,
        server.wal_bytes() as f64 / 1e6
    );
    server.stop().await?;
    if let Some(keep) = args.string("keep-db") {
        std::fs::copy(dir.path().join("zhibu.db"), keep)?;
    }
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

/// Pushes `total` new study records through `phones` (sessions of one member), in
/// batches of 200 made as they go. Returns the last revision handed out.
async fn seed_records(phones: &[Member], base: &str, total: usize) -> Result<i64> {
    const BATCH: usize = 200;
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for phone in phones {
        let (phone, base, next) = (phone.clone(), base.to_owned(), next.clone());
        tasks.spawn(async move {
            let mut last = 0;
            loop {
                let from = next.fetch_add(BATCH, Ordering::Relaxed);
                if from >= total {
                    return Ok::<_, zhibu_loadtest::Error>(last);
                }
                let ops = (from..total.min(from + BATCH))
                    .map(|i| ops::new_study(&format!("s{i}")))
                    .collect();
                let answer = phone.push(&base, &PushRequest { ops }).await?;
                for result in answer.results {
                    match result.outcome {
                        OpOutcome::Applied { row } => last = last.max(row.revision),
                        other => return Err(format!("seeding: {other:?}").into()),
                    }
                }
            }
        });
    }
    let mut last = 0;
    for result in tasks.join_all().await {
        last = last.max(result?);
    }
    Ok(last)
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
