//! Group commit: pushes queue for one writer thread, which applies everything queued in
//! one transaction. Each request is answered only after the commit that holds its
//! operations is durable (synced to disk by another thread, `answerer`), so nothing
//! answered is ever uncommitted, even after a power cut; what a group saves is the fixed
//! cost of a transaction (BEGIN and COMMIT, the WAL pages every commit rewrites) per
//! request. A client hanging up cannot abandon a transaction half way: the writer thread,
//! not the request, runs it.
//!
//! A thread, not a task: the writer holds SQLite's write lock while it works, so it must
//! never wait for a turn on the runtime's workers behind HTTP requests (measured with
//! `cargo xtask bench` in interleaved runs: a task → a thread took a group's reads from
//! ~490 to ~290 µs and the bench from 41–42k to 46–52k ops/s).

use super::apply::Prepared;
use super::write::apply_jobs;
use crate::error::AppError;
use crate::repo::Repo;
use std::panic::AssertUnwindSafe;
use tokio::sync::{mpsc, oneshot};
use zhibu_model::{Lang, Me};

/// A group stops taking jobs at this many operations (its statements stay well inside
/// SQLite's limit of bound values); a single job of any allowed size still goes alone.
const GROUP_OPS: usize = 2000;

/// Answers held until the commits they report are durable (`WalSync`).
type Answered = Vec<(Reply, Result<String, AppError>)>;

/// One push request: its member, language, time and operations (`(op_id, parsed op)`).
pub struct Job {
    pub me: Me,
    pub lang: Lang,
    pub ops: Vec<(String, Result<Prepared, serde_json::Error>)>,
    pub now: i64,
}

type Reply = oneshot::Sender<Result<String, AppError>>;

/// The way to the writer task. Cheap to clone; the task ends when the last clone is gone.
#[derive(Clone)]
pub struct Pushes {
    queue: mpsc::UnboundedSender<(Job, Reply)>,
}

impl Pushes {
    /// Starts the writer thread.
    pub fn new(repo: Repo) -> Self {
        let (queue, jobs) = mpsc::unbounded_channel();
        let (answers, answered) = std::sync::mpsc::channel();
        let wal = repo.wal_sync();
        std::thread::Builder::new()
            .name("sync-writer".into())
            .spawn(move || writer(&repo, jobs, &answers))
            .expect("the sync writer thread");
        std::thread::Builder::new()
            .name("sync-answers".into())
            .spawn(move || answerer(wal, &answered))
            .expect("the sync answering thread");
        Self { queue }
    }

    /// Applies the job (with whatever else is queued) and returns its `PushResponse` JSON.
    pub async fn submit(&self, job: Job) -> Result<String, AppError> {
        let (reply, answer) = oneshot::channel();
        self.queue.send((job, reply)).map_err(|_| abandoned())?;
        answer.await.unwrap_or_else(|_| Err(abandoned()))
    }
}

/// Takes what is queued (up to `GROUP_OPS` operations, at least one job) and writes it,
/// until every `Pushes` is dropped.
fn writer(
    repo: &Repo,
    mut jobs: mpsc::UnboundedReceiver<(Job, Reply)>,
    answers: &std::sync::mpsc::Sender<Answered>,
) {
    let mut held_over = None;
    loop {
        let first = match held_over.take() {
            Some(job) => job,
            None => match jobs.blocking_recv() {
                Some(job) => job,
                None => return,
            },
        };
        let mut ops = first.0.ops.len();
        let mut group = vec![first];
        while let Ok(job) = jobs.try_recv() {
            if ops + job.0.ops.len() > GROUP_OPS {
                held_over = Some(job);
                break;
            }
            ops += job.0.ops.len();
            group.push(job);
        }
        // A bug that panics fails this group's requests (their replies are dropped), not
        // every push after it.
        match std::panic::catch_unwind(AssertUnwindSafe(|| write_group(repo, group))) {
            Ok(answered) => {
                if answers.send(answered).is_err() {
                    return;
                }
            }
            Err(_) => tracing::error!("the sync writer panicked writing a group; carrying on"),
        }
    }
}

/// Answers what the writer committed once it is durable: everything waiting, after one
/// sync of the WAL. A failed sync answers 500 (the phone sends the ops again and gets
/// their first answers).
fn answerer(mut wal: crate::repo::WalSync, answered: &std::sync::mpsc::Receiver<Answered>) {
    while let Ok(mut waiting) = answered.recv() {
        while let Ok(more) = answered.try_recv() {
            waiting.extend(more);
        }
        let synced = wal.sync();
        if let Err(e) = &synced {
            tracing::error!(error = %e, "syncing the WAL before answering pushes");
        }
        for (reply, answer) in waiting {
            let answer = match &synced {
                Ok(()) => answer,
                Err(_) => Err(AppError::internal("the push could not be made durable")),
            };
            let _ = reply.send(answer);
        }
    }
}

fn abandoned() -> AppError {
    AppError::internal("a push group ended without answering")
}

/// Writes a group in one transaction. If that fails, each job is tried alone, so one
/// job that the database refuses cannot fail the others.
fn write_group(repo: &Repo, group: Vec<(Job, Reply)>) -> Answered {
    let (jobs, replies): (Vec<Job>, Vec<Reply>) = group.into_iter().unzip();
    match apply_jobs(repo, &jobs) {
        Ok(answers) => replies
            .into_iter()
            .zip(answers.into_iter().map(Ok))
            .collect(),
        Err(e) if jobs.len() == 1 => replies
            .into_iter()
            .next()
            .map(|reply| (reply, Err(e)))
            .into_iter()
            .collect(),
        Err(e) => {
            tracing::warn!(error = ?e, jobs = jobs.len(), "a push group failed; writing its pushes one by one");
            jobs.iter()
                .zip(replies)
                .map(|(job, reply)| {
                    let alone = apply_jobs(repo, std::slice::from_ref(job));
                    (reply, alone.map(|mut answers| answers.remove(0)))
                })
                .collect()
        }
    }
}
