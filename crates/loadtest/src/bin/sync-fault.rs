//! `sync-fault`: nothing a member pushes is lost or applied twice, whatever happens to the
//! server. Several demo members push thousands of new study records (each topic carries a
//! unique marker) in shuffled batches with re-sent ops and batches mixed in, while the
//! server is killed with SIGKILL in the middle of batches and restarted on the same
//! database; clients retry unanswered batches with the same op ids, as the SPA's engine
//! does. Then every member pulls everything back, the database is counted, and it prints
//! `lost=N duplicated=N`, exiting non-zero unless both are 0.
//!
//! `cargo xtask fault` builds the release server and runs this against it.

use std::collections::{HashMap, HashSet};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use zhibu_loadtest::args::Args;
use zhibu_loadtest::client::{Member, http};
use zhibu_loadtest::server::ServerProcess;
use zhibu_loadtest::{MEMBERS, Result, ops};
use zhibu_model::Uuid;
use zhibu_model::sync::{OpOutcome, Operation, PushRequest, PushResponse, RecordData};

struct Config {
    members: usize,
    ops: usize,
    batch: usize,
    /// Chance that a request re-sends a whole batch already answered.
    replay: f64,
    /// Chance that a new batch also carries ops already answered.
    mix: f64,
    kills: usize,
    seed: u64,
}

/// What the clients and the killer share.
struct Shared {
    base: RwLock<String>,
    inflight: AtomicUsize,
    answered: AtomicUsize,
    clients_done: AtomicUsize,
}

impl Shared {
    fn base(&self) -> String {
        self.base.read().expect("not poisoned").clone()
    }
}

/// One client's account of what it sent and what came back.
#[derive(Default)]
struct Tally {
    requests: usize,
    sent_ops: usize,
    duplicates_sent: usize,
    retried_requests: usize,
    /// Ops re-sent on purpose (replayed batches, answered ops mixed in, repeats).
    resent_on_purpose: usize,
    /// Retried batches whose first attempt had committed before the kill (the answer was
    /// lost, the retry was answered `duplicate`): at most once, exercised.
    committed_unanswered: usize,
    server_duplicates: usize,
    errors: Vec<String>,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    match run().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("sync-fault: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run() -> Result<bool> {
    let args = Args::from_env(&[
        "server", "members", "ops", "batch", "replay", "mix", "kills", "seed",
    ])?;
    let exe = args
        .string("server")
        .ok_or("--server PATH (the release zhibu-server) is required")?;
    let seed = args.get("seed", now_seed())?;
    let cfg = Config {
        members: args.get("members", 8usize)?.clamp(1, MEMBERS.len()),
        ops: args.get("ops", 10_400usize)?,
        batch: args.get("batch", 20usize)?,
        replay: args.get("replay", 0.12)?,
        mix: args.get("mix", 0.3)?,
        kills: args.get("kills", 25usize)?,
        seed,
    };
    let started = Instant::now();
    let dir = tempfile::tempdir()?;
    let mut server = ServerProcess::start(exe.as_ref(), dir.path(), "warn").await?;
    let http = http();
    let mut members = Vec::new();
    for login in &MEMBERS[..cfg.members] {
        members.push(Member::login(&http, &server.base, login).await?);
    }
    // The demo's own records (the branch's templates, events, …) are there before the
    // run: only what changes from here counts.
    let mut demo_ids = HashSet::new();
    for member in &members {
        demo_ids.extend(
            member
                .pull_all(&server.base)
                .await?
                .into_iter()
                .map(|r| r.id),
        );
    }
    let before = count_database(&server.database_url()).await?;
    let shared = Arc::new(Shared {
        base: RwLock::new(server.base.clone()),
        inflight: AtomicUsize::new(0),
        answered: AtomicUsize::new(0),
        clients_done: AtomicUsize::new(0),
    });

    // Each member's outbox: new records, markers in creation order, then shuffled.
    let mut rng = fastrand::Rng::with_seed(cfg.seed);
    let per_member = cfg.ops.div_ceil(cfg.members);
    let mut expected: HashMap<String, HashSet<String>> = HashMap::new();
    let mut clients = tokio::task::JoinSet::new();
    for member in &members {
        let mut outbox: Vec<Operation> = (0..per_member)
            .map(|i| ops::new_study(&format!("{}#{i}", member.login)))
            .collect();
        expected.insert(
            member.login.clone(),
            (0..per_member)
                .map(|i| format!("{}#{i}", member.login))
                .collect(),
        );
        rng.shuffle(&mut outbox);
        let (member, shared, seed) = (member.clone(), shared.clone(), rng.u64(..));
        let cfg = Config { seed, ..cfg };
        clients.spawn(async move {
            let tally = push_everything(&member, outbox, &shared, &cfg).await;
            shared.clients_done.fetch_add(1, Ordering::SeqCst);
            tally
        });
    }
    let total_ops = per_member * cfg.members;
    let push_started = Instant::now();

    // The killer: every `step` answered requests, while a request is in flight, kill -9.
    let expected_requests = (total_ops / cfg.batch.max(1)) as f64 * (1.0 + cfg.replay);
    let step = ((expected_requests / (cfg.kills as f64 * 1.8)) as usize).max(1);
    let mut next_kill = step;
    let mut kills = 0;
    let mut kills_in_flight = 0;
    let mut restart_time = Duration::ZERO;
    while shared.clients_done.load(Ordering::SeqCst) < cfg.members {
        if shared.answered.load(Ordering::SeqCst) >= next_kill
            && shared.inflight.load(Ordering::SeqCst) > 0
        {
            // Land somewhere inside the request, not always at its start.
            tokio::time::sleep(Duration::from_micros(rng.u64(0..1500))).await;
            if shared.inflight.load(Ordering::SeqCst) > 0 {
                kills_in_flight += 1;
            }
            server.restart().await?;
            restart_time += server.last_start;
            *shared.base.write().expect("not poisoned") = server.base.clone();
            kills += 1;
            next_kill = shared.answered.load(Ordering::SeqCst) + step;
        } else {
            tokio::time::sleep(Duration::from_micros(300)).await;
        }
    }
    let mut tally = Tally::default();
    for t in clients.join_all().await {
        tally.requests += t.requests;
        tally.sent_ops += t.sent_ops;
        tally.duplicates_sent += t.duplicates_sent;
        tally.retried_requests += t.retried_requests;
        tally.resent_on_purpose += t.resent_on_purpose;
        tally.committed_unanswered += t.committed_unanswered;
        tally.server_duplicates += t.server_duplicates;
        tally.errors.extend(t.errors);
    }
    let push_time = push_started.elapsed();

    // One more kill -9 before reading back: what was answered must have been durable.
    server.restart().await?;
    let (lost, duplicated) = read_back(&members, &server.base, &expected, &demo_ids).await?;
    let db_url = server.database_url();
    server.stop().await?;
    let db = count_database(&db_url).await?.since(&before);

    println!(
        "sync fault: ops={total_ops} members={} requests={} sent_ops={} duplicates_sent={} ({:.1}%; \
         on purpose {} = {:.1}% of ops, the rest retries) server_duplicate_answers={} \
         retried_requests={} committed_but_unanswered={} kills={kills} (with requests in flight: \
         {kills_in_flight}) avg_restart={:.0}ms push_time={:.1}s total_time={:.1}s seed={}",
        cfg.members,
        tally.requests,
        tally.sent_ops,
        tally.duplicates_sent,
        100.0 * tally.duplicates_sent as f64 / tally.sent_ops.max(1) as f64,
        tally.resent_on_purpose,
        100.0 * tally.resent_on_purpose as f64 / total_ops.max(1) as f64,
        tally.server_duplicates,
        tally.retried_requests,
        tally.committed_unanswered,
        restart_time.as_secs_f64() * 1000.0 / kills.max(1) as f64,
        push_time.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        cfg.seed,
    );
    println!(
        "database, added by the run: records={} distinct_bodies={} remembered_ops={} history_rows={}",
        db.records, db.distinct_bodies, db.remembered_ops, db.history
    );
    let db_extra = (db.records - total_ops as i64).max(0) as usize
        + (db.records - db.distinct_bodies).max(0) as usize
        + db.history as usize;
    let db_missing = (total_ops as i64 - db.distinct_bodies).max(0) as usize;
    let lost = lost.max(db_missing);
    let duplicated = duplicated.max(db_extra);
    println!("lost={lost} duplicated={duplicated}");
    for e in tally.errors.iter().take(20) {
        eprintln!("error: {e}");
    }
    let mut ok = lost == 0 && duplicated == 0 && tally.errors.is_empty();
    if db.remembered_ops != total_ops as i64 {
        eprintln!(
            "error: {} ops remembered, {total_ops} sent",
            db.remembered_ops
        );
        ok = false;
    }
    if kills < cfg.kills.min(20) {
        eprintln!(
            "error: only {kills} kills happened (wanted {})",
            cfg.kills.min(20)
        );
        ok = false;
    }
    Ok(ok)
}

/// Pushes the outbox to the end, retrying unanswered requests as they were, re-sending
/// answered batches and ops now and then, and checking every answer.
async fn push_everything(
    member: &Member,
    mut outbox: Vec<Operation>,
    shared: &Shared,
    cfg: &Config,
) -> Tally {
    let mut rng = fastrand::Rng::with_seed(cfg.seed);
    let mut tally = Tally::default();
    let mut first_answers: HashMap<Uuid, OpOutcome> = HashMap::new();
    let mut sent: HashSet<Uuid> = HashSet::new();
    let mut answered_batches: Vec<Vec<Operation>> = Vec::new();
    let mut answered_ops: Vec<Operation> = Vec::new();
    while !outbox.is_empty() {
        let replay = !answered_batches.is_empty() && rng.f64() < cfg.replay;
        let batch = if replay {
            answered_batches[rng.usize(..answered_batches.len())].clone()
        } else {
            let take = cfg.batch.min(outbox.len());
            let mut batch: Vec<Operation> = outbox.drain(..take).collect();
            if !answered_ops.is_empty() && rng.f64() < cfg.mix {
                for _ in 0..rng.usize(1..=2) {
                    let old = answered_ops[rng.usize(..answered_ops.len())].clone();
                    batch.insert(rng.usize(..=batch.len()), old);
                }
            }
            if rng.f64() < cfg.mix / 3.0 {
                let again = batch[rng.usize(..batch.len())].clone();
                batch.insert(rng.usize(..=batch.len()), again);
            }
            batch
        };
        for op in &batch {
            tally.sent_ops += 1;
            if !sent.insert(op.op_id) {
                tally.duplicates_sent += 1;
                tally.resent_on_purpose += 1;
            }
        }
        let body = match serde_json::to_vec(&PushRequest { ops: batch.clone() }) {
            Ok(b) => b,
            Err(e) => {
                tally.errors.push(format!("{}: {e}", member.login));
                return tally;
            }
        };
        let retries_before = tally.retried_requests;
        let response =
            match send_until_answered(member, shared, &body, batch.len(), &mut tally, &mut rng)
                .await
            {
                Ok(r) => r,
                Err(e) => {
                    tally.errors.push(format!("{}: {e}", member.login));
                    return tally;
                }
            };
        let retried = tally.retried_requests > retries_before;
        let fresh = |op: &Operation| !first_answers.contains_key(&op.op_id);
        let fresh_dupes = batch
            .iter()
            .zip(&response.results)
            .filter(|(op, r)| fresh(op) && matches!(r.outcome, OpOutcome::Duplicate { .. }))
            .count();
        if retried && fresh_dupes > 0 {
            tally.committed_unanswered += 1;
        }
        check_answers(member, &batch, &response, &mut first_answers, &mut tally);
        shared.answered.fetch_add(1, Ordering::SeqCst);
        if !replay {
            answered_ops.extend(batch.iter().cloned());
            answered_batches.push(batch);
        }
    }
    tally
}

async fn send_until_answered(
    member: &Member,
    shared: &Shared,
    body: &[u8],
    ops: usize,
    tally: &mut Tally,
    rng: &mut fastrand::Rng,
) -> Result<PushResponse> {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        tally.requests += 1;
        shared.inflight.fetch_add(1, Ordering::SeqCst);
        let answer = member.push_body(&shared.base(), body.to_vec()).await;
        shared.inflight.fetch_sub(1, Ordering::SeqCst);
        match answer {
            Ok(bytes) => return Ok(serde_json::from_slice(&bytes)?),
            Err(e) if Instant::now() > deadline => return Err(format!("gave up: {e}").into()),
            Err(_) => {
                // The same body again: every op in it is now a re-send.
                tally.retried_requests += 1;
                tally.sent_ops += ops;
                tally.duplicates_sent += ops;
                tokio::time::sleep(Duration::from_millis(rng.u64(5..30))).await;
            }
        }
    }
}

/// Each op is applied once: one `applied` answer at most, every later answer a duplicate
/// carrying exactly that first answer.
fn check_answers(
    member: &Member,
    batch: &[Operation],
    response: &PushResponse,
    first_answers: &mut HashMap<Uuid, OpOutcome>,
    tally: &mut Tally,
) {
    let who = &member.login;
    if response.results.len() != batch.len() {
        tally.errors.push(format!(
            "{who}: {} answers for {} ops",
            response.results.len(),
            batch.len()
        ));
        return;
    }
    for (op, result) in batch.iter().zip(&response.results) {
        if op.op_id != result.op_id {
            tally.errors.push(format!("{who}: answers out of order"));
            return;
        }
        match &result.outcome {
            OpOutcome::Applied { .. } => {
                if first_answers
                    .insert(op.op_id, result.outcome.clone())
                    .is_some()
                {
                    tally
                        .errors
                        .push(format!("{who}: op {} applied twice", op.op_id));
                }
            }
            OpOutcome::Duplicate { first } => {
                tally.server_duplicates += 1;
                if !matches!(**first, OpOutcome::Applied { .. }) {
                    tally
                        .errors
                        .push(format!("{who}: op {} first answer {first:?}", op.op_id));
                }
                // The first answer may have been lost with a killed server; then this is it.
                let known = first_answers
                    .entry(op.op_id)
                    .or_insert_with(|| (**first).clone());
                if known != &**first {
                    tally.errors.push(format!(
                        "{who}: op {} duplicate differs from its first answer",
                        op.op_id
                    ));
                }
            }
            other => tally
                .errors
                .push(format!("{who}: op {}: {other:?}", op.op_id)),
        }
    }
}

/// Pulls every member's records and compares the markers with what was pushed.
async fn read_back(
    members: &[Member],
    base: &str,
    expected: &HashMap<String, HashSet<String>>,
    demo_ids: &HashSet<Uuid>,
) -> Result<(usize, usize)> {
    let (mut lost, mut duplicated) = (0, 0);
    for member in members {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let pulled = member.pull_all(base).await?;
        for row in pulled.into_iter().filter(|r| !demo_ids.contains(&r.id)) {
            match row.data {
                Some(RecordData::Study(s)) if !row.deleted => {
                    let marker = ops::marker(&s.topic).unwrap_or_default().to_owned();
                    *seen.entry(marker).or_default() += 1;
                }
                _ => duplicated += 1, // nothing else was pushed during the run
            }
        }
        let mine = &expected[&member.login];
        lost += mine.iter().filter(|m| !seen.contains_key(*m)).count();
        for (marker, n) in &seen {
            if !mine.contains(marker) {
                duplicated += n;
            } else {
                duplicated += n - 1;
            }
        }
    }
    Ok((lost, duplicated))
}

struct DbCounts {
    records: i64,
    distinct_bodies: i64,
    remembered_ops: i64,
    history: i64,
}

impl DbCounts {
    /// What the run added to the database.
    fn since(self, before: &DbCounts) -> DbCounts {
        DbCounts {
            records: self.records - before.records,
            distinct_bodies: self.distinct_bodies - before.distinct_bodies,
            remembered_ops: self.remembered_ops - before.remembered_ops,
            history: self.history - before.history,
        }
    }
}

async fn count_database(url: &str) -> Result<DbCounts> {
    let db = sqlx::SqlitePool::connect(url).await?;
    let (records, distinct_bodies): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT body) FROM records")
            .fetch_one(&db)
            .await?;
    let (remembered_ops,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sync_ops")
        .fetch_one(&db)
        .await?;
    let (history,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM record_history")
        .fetch_one(&db)
        .await?;
    db.close().await;
    Ok(DbCounts {
        records,
        distinct_bodies,
        remembered_ops,
        history,
    })
}

fn now_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}
