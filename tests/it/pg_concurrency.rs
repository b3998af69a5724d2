//! Several processes writing to one PostgreSQL store at once: every write lands and the audit
//! chain stays linear; a client killed in the middle of a transaction loses nothing it was told
//! was committed, leaves no half-written transaction behind, and does not keep the write lock.
//!
//! The writers are this test binary run again as the ignored test `child_pg_writer`, told what to
//! do through environment variables. Each prints one line per committed write to its standard
//! output (`ACK` then the case's reference), flushed before the next write begins.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::support::pg;
use crate::support::store::case;
use nhitrace::store::{OpenMode, Store, StoreLocation};

/// Writes per process in `four_processes_write_250_each_to_one_postgres_store`.
const WRITES: usize = 250;
const PROCESSES: usize = 4;

const CHILD_URL: &str = "NHITRACE_TEST_PG_URL";
const CHILD_PREFIX: &str = "NHITRACE_TEST_PG_PREFIX";
/// How many writes the child makes (default [`WRITES`]).
const CHILD_WRITES: &str = "NHITRACE_TEST_PG_WRITES";
/// Write number `n` (from 0) inserts its case, prints [`IN_FLIGHT`] and then never commits.
const CHILD_HANG_AT: &str = "NHITRACE_TEST_PG_HANG_AT";

/// Printed by a child after each write has committed, before the reference.
const ACK: &str = "nhitrace-test-ack ";
/// Printed by a child inside a transaction it will never commit, before the reference.
const IN_FLIGHT: &str = "nhitrace-test-in-flight ";

/// No step of these tests may take longer than this; they fail instead of hanging.
const TIMEOUT: Duration = Duration::from_secs(120);
/// How soon the store must take writes again once the client holding its lock is killed.
const RELEASE_WITHIN: Duration = Duration::from_secs(10);

fn reference(prefix: &str, n: usize) -> String {
    format!("{prefix}-{n:04}")
}

/// A child writer process, killed (and reaped) when dropped, so a failing test leaves none behind.
struct Writer {
    child: Child,
    prefix: String,
}

impl Writer {
    fn spawn(url: &str, prefix: &str, writes: usize, hang_at: Option<usize>) -> Writer {
        let mut command = Command::new(std::env::current_exe().unwrap());
        command
            .args([
                "--exact",
                "pg_concurrency::child_pg_writer",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_URL, url)
            .env(CHILD_PREFIX, prefix)
            .env(CHILD_WRITES, writes.to_string())
            .env_remove(CHILD_HANG_AT)
            .stdin(Stdio::null())
            .stdout(Stdio::piped());
        if let Some(n) = hang_at {
            command.env(CHILD_HANG_AT, n.to_string());
        }
        Writer {
            child: command.spawn().unwrap(),
            prefix: prefix.to_string(),
        }
    }

    /// Its standard output, read line by line on a thread of its own.
    fn acks(&mut self) -> Acks {
        let stdout = self.child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Acks {
            prefix: self.prefix.clone(),
            lines,
            reader: Some(reader),
            acked: Vec::new(),
            in_flight: None,
            closed: false,
        }
    }

    /// SIGKILL, then reap it; asserts that it was the kill that ended it.
    fn kill(&mut self) {
        self.child.kill().unwrap();
        let status = self.child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(libc::SIGKILL),
            "{}: {status}",
            self.prefix
        );
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What one child has said so far.
struct Acks {
    prefix: String,
    lines: Receiver<String>,
    reader: Option<JoinHandle<()>>,
    /// References whose writes the child reported committed, in order.
    acked: Vec<String>,
    /// The reference inserted by a transaction the child said it will not commit.
    in_flight: Option<String>,
    /// The child's standard output has reached end of file.
    closed: bool,
}

impl Acks {
    /// Takes lines until `done` holds, the pipe closes or `deadline` passes; returns `done`.
    fn read_until(&mut self, deadline: Instant, done: impl Fn(&Acks) -> bool) -> bool {
        while !done(self) && !self.closed {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.take(&line),
                Err(RecvTimeoutError::Disconnected) => self.closed = true,
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        done(self)
    }

    /// Like [`Acks::read_until`], but panics unless `done` comes to hold.
    fn expect(&mut self, deadline: Instant, what: &str, done: impl Fn(&Acks) -> bool) {
        if !self.read_until(deadline, done) {
            panic!(
                "{}: {what}: not seen (pipe closed: {}; {} acknowledged writes so far)",
                self.prefix,
                self.closed,
                self.acked.len()
            );
        }
    }

    /// Reads what is left in the pipe once the child is gone, up to end of file.
    fn drain(&mut self, deadline: Instant) {
        self.expect(deadline, "end of file", |acks| acks.closed);
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
    }

    fn take(&mut self, line: &str) {
        // libtest may print the test's name on the same line before the child's first output.
        if let Some((_, reference)) = line.split_once(ACK) {
            self.acked.push(reference.trim().to_string());
        } else if let Some((_, reference)) = line.split_once(IN_FLIGHT) {
            self.in_flight = Some(reference.trim().to_string());
        }
    }
}

/// The references in the store, sorted.
fn references(store: &Store) -> BTreeSet<String> {
    store
        .case_summaries()
        .unwrap()
        .into_iter()
        .map(|summary| summary.reference)
        .collect()
}

/// One writer's references in the store: a contiguous run from `<prefix>-0000`, which holds
/// every write the writer acknowledged and at most `unacknowledged` more.
fn assert_prefix_run(all: &BTreeSet<String>, acks: &Acks, unacknowledged: usize) {
    let acked = acks.acked.len();
    let expected: Vec<String> = (0..acked).map(|n| reference(&acks.prefix, n)).collect();
    assert_eq!(
        acks.acked, expected,
        "{}: acknowledged out of order",
        acks.prefix
    );
    let ours: Vec<&String> = all
        .iter()
        .filter(|r| r.starts_with(&format!("{}-", acks.prefix)))
        .collect();
    let run: Vec<String> = (0..ours.len())
        .map(|n| reference(&acks.prefix, n))
        .collect();
    assert_eq!(
        ours.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        run,
        "{}: the stored writes are not a contiguous run",
        acks.prefix
    );
    assert!(
        (acked..=acked + unacknowledged).contains(&ours.len()),
        "{}: {} writes stored, {acked} acknowledged",
        acks.prefix,
        ours.len()
    );
}

/// Reads the whole store back: `verify` passes (`seq` 1, 2, 3… with each `prev_hash` the hash of
/// the row before: one linear chain), and every case has exactly one audit row.
fn assert_verified(store: &Store, cases: usize) {
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.audit_entries, cases as u64, "{report:?}");
    assert_eq!(store.case_count().unwrap(), cases);
    let (head_seq, head_hash) = store.chain_head().unwrap();
    assert_eq!(head_seq, cases as u64);
    assert_eq!(head_hash, report.chain_head);
}

/// How many cases of `url`'s store have references that start with `<prefix>-`.
fn stored_with_prefix(url: &str, prefix: &str) -> usize {
    let count: i64 = pg::connect(url)
        .query_one(
            "SELECT count(*) FROM cases WHERE starts_with(reference, $1)",
            &[&format!("{prefix}-")],
        )
        .unwrap()
        .get(0);
    usize::try_from(count).unwrap()
}

/// Advisory locks on the database of `url`: (held, waited for).
fn advisory_locks(url: &str) -> (i64, i64) {
    let row = pg::connect(url)
        .query_one(
            "SELECT count(*) FILTER (WHERE granted), count(*) FILTER (WHERE NOT granted)
               FROM pg_catalog.pg_locks
              WHERE locktype = 'advisory'
                AND database = (SELECT oid FROM pg_catalog.pg_database
                                 WHERE datname = current_database())",
            &[],
        )
        .unwrap();
    (row.get(0), row.get(1))
}

#[test]
fn four_processes_write_250_each_to_one_postgres_store() {
    let Some(url) = pg::new_database_url() else {
        return pg::skipped("pg_concurrency::four_processes_write_250_each_to_one_postgres_store");
    };
    let location = StoreLocation::parse(&url);
    drop(Store::open_at(&location, OpenMode::CreateNew).unwrap());

    let started = Instant::now();
    let deadline = started + TIMEOUT;
    let prefixes = ["P0", "P1", "P2", "P3"];
    let mut writers: Vec<(Writer, Acks)> = prefixes
        .into_iter()
        .map(|prefix| {
            let mut writer = Writer::spawn(&url, prefix, WRITES, None);
            let acks = writer.acks();
            (writer, acks)
        })
        .collect();
    for (writer, acks) in &mut writers {
        acks.drain(deadline);
        let status = writer.child.wait().unwrap();
        assert!(status.success(), "{}: {status}", writer.prefix);
        assert_eq!(acks.acked.len(), WRITES, "{}", writer.prefix);
    }
    let elapsed = started.elapsed();

    let store = Store::open_at(&location, OpenMode::ReadOnly).unwrap();
    let all = references(&store);
    assert_eq!(store.case_summaries().unwrap().len(), PROCESSES * WRITES);
    for (_, acks) in &writers {
        assert_prefix_run(&all, acks, 0);
    }
    assert_verified(&store, PROCESSES * WRITES);

    // Whether the writers really overlapped: how often the chain passes from one to another.
    let rows = pg::connect(&url)
        .query(
            "SELECT c.reference FROM audit_log a JOIN cases c ON c.id = a.case_id ORDER BY a.seq",
            &[],
        )
        .unwrap();
    let owners: Vec<String> = rows
        .iter()
        .map(|row| row.get::<_, String>(0)[..2].to_string())
        .collect();
    let switches = owners.windows(2).filter(|pair| pair[0] != pair[1]).count();
    eprintln!(
        "pg_concurrency: {PROCESSES} processes x {WRITES} writes in {elapsed:.2?} \
         ({:.0} writes/s); the chain switches writer {switches} times",
        (PROCESSES * WRITES) as f64 / elapsed.as_secs_f64()
    );
}

#[test]
fn a_client_killed_mid_transaction_loses_nothing_acknowledged() {
    let Some(url) = pg::new_database_url() else {
        return pg::skipped(
            "pg_concurrency::a_client_killed_mid_transaction_loses_nothing_acknowledged",
        );
    };
    let location = StoreLocation::parse(&url);
    drop(Store::open_at(&location, OpenMode::CreateNew).unwrap());

    let deadline = Instant::now() + TIMEOUT;
    // The victim, and a bystander writing at the same time.
    let mut victim = Writer::spawn(&url, "K", 5000, None);
    let mut bystander = Writer::spawn(&url, "L", 5000, None);
    let mut killed = victim.acks();
    let mut live = bystander.acks();

    killed.expect(deadline, "100 acknowledged writes", |acks| {
        acks.acked.len() >= 100
    });
    live.expect(deadline, "a first write", |acks| !acks.acked.is_empty());
    victim.kill();
    let killed_at = Instant::now();
    let seen_before_kill = killed.acked.len();
    killed.drain(deadline);

    // The bystander keeps going: the server ended the victim's transaction and freed its lock.
    // Acknowledgements still in the pipe prove nothing, so count from what the store held after
    // the kill: those are the bystander's first cases, so 50 acknowledged beyond them took 50
    // commits after the kill.
    let live_at_kill = stored_with_prefix(&url, "L");
    live.expect(
        killed_at + RELEASE_WITHIN,
        "50 writes after the kill",
        |acks| acks.acked.len() >= live_at_kill + 50,
    );
    let live_resumed = killed_at.elapsed();
    bystander.kill();
    live.drain(deadline);

    // A fresh client can write too.
    let fresh = Instant::now();
    let mut store = Store::open_at(&location, OpenMode::ReadWrite).unwrap();
    store.write(|w| w.insert_case(&mut case("M-0000"))).unwrap();
    let fresh_write = fresh.elapsed();
    assert!(fresh_write < RELEASE_WITHIN, "{fresh_write:?}");
    drop(store);

    let store = Store::open_at(&location, OpenMode::ReadOnly).unwrap();
    for reference in killed.acked.iter().chain(&live.acked) {
        assert!(
            store.case_id_by_ref(reference).unwrap().is_some(),
            "{reference} was acknowledged but is not in the store"
        );
    }
    let all = references(&store);
    // Each killed writer may have committed one write it did not get to acknowledge.
    assert_prefix_run(&all, &killed, 1);
    assert_prefix_run(&all, &live, 1);
    assert!(all.contains("M-0000"));
    assert_verified(&store, all.len());
    eprintln!(
        "pg_concurrency: killed K after {seen_before_kill} acknowledged writes ({} in all, \
         {} stored); L had {live_at_kill} stored at the kill, acknowledged 50 more within \
         {live_resumed:.2?}, {} in all ({} stored); a fresh client wrote in {fresh_write:.2?}",
        killed.acked.len(),
        all.iter().filter(|r| r.starts_with("K-")).count(),
        live.acked.len(),
        all.iter().filter(|r| r.starts_with("L-")).count(),
    );
}

#[test]
fn a_client_killed_holding_the_write_lock_releases_it() {
    let Some(url) = pg::new_database_url() else {
        return pg::skipped("pg_concurrency::a_client_killed_holding_the_write_lock_releases_it");
    };
    let location = StoreLocation::parse(&url);
    drop(Store::open_at(&location, OpenMode::CreateNew).unwrap());

    let deadline = Instant::now() + TIMEOUT;
    // The victim commits 20 writes, then inserts a 21st case and stalls before committing.
    let mut victim = Writer::spawn(&url, "K", 1000, Some(20));
    let mut killed = victim.acks();
    killed.expect(deadline, "the stalled transaction", |acks| {
        acks.in_flight.is_some()
    });
    assert_eq!(killed.acked.len(), 20);
    let stalled = killed.in_flight.clone().unwrap();
    assert_eq!(stalled, reference("K", 20));

    // The bystander queues behind the victim's lock: it writes nothing while the victim lives.
    let mut bystander = Writer::spawn(&url, "L", 5000, None);
    let mut live = bystander.acks();
    let queued = loop {
        match advisory_locks(&url) {
            (1, 1) => break true,
            _ if Instant::now() > deadline => break false,
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    assert!(queued, "the bystander never waited for the lock");
    assert!(
        !live.read_until(Instant::now() + Duration::from_millis(300), |acks| {
            !acks.acked.is_empty()
        })
    );

    victim.kill();
    let killed_at = Instant::now();
    killed.drain(deadline);
    assert_eq!(killed.acked.len(), 20);
    live.expect(
        killed_at + RELEASE_WITHIN,
        "20 writes after the kill",
        |acks| acks.acked.len() >= 20,
    );
    let live_resumed = killed_at.elapsed();
    bystander.kill();
    live.drain(deadline);

    let store = Store::open_at(&location, OpenMode::ReadOnly).unwrap();
    // The stalled transaction is gone whole: its case and its audit row.
    assert_eq!(store.case_id_by_ref(&stalled).unwrap(), None);
    let all = references(&store);
    assert_prefix_run(&all, &killed, 0);
    assert_prefix_run(&all, &live, 1);
    assert_verified(&store, all.len());
    eprintln!(
        "pg_concurrency: the bystander, queued behind a killed client's lock, wrote 20 cases \
         within {live_resumed:.2?} of the kill"
    );
}

/// The body of one writer process of the tests above.
#[test]
#[ignore = "run as a child process by the pg_concurrency tests"]
fn child_pg_writer() {
    let (Ok(url), Ok(prefix)) = (std::env::var(CHILD_URL), std::env::var(CHILD_PREFIX)) else {
        return;
    };
    let number = |name: &str| {
        std::env::var(name)
            .ok()
            .map(|n| n.parse::<usize>().unwrap())
    };
    let writes = number(CHILD_WRITES).unwrap_or(WRITES);
    let hang_at = number(CHILD_HANG_AT);
    let mut store = Store::open_at(&StoreLocation::parse(&url), OpenMode::ReadWrite).unwrap();
    let mut out = std::io::stdout();
    for n in 0..writes {
        let reference = reference(&prefix, n);
        store
            .write(|w| {
                let id = w.insert_case(&mut case(&reference))?;
                if hang_at == Some(n) {
                    writeln!(out, "{IN_FLIGHT}{reference}").unwrap();
                    out.flush().unwrap();
                    // Killed long before this ends; should it not be, the write rolls back.
                    std::thread::sleep(TIMEOUT);
                    panic!("{reference}: still alive {TIMEOUT:?} after stalling");
                }
                Ok(id)
            })
            .unwrap_or_else(|err| panic!("{reference}: {err}"));
        writeln!(out, "{ACK}{reference}").unwrap();
        out.flush().unwrap();
    }
}
