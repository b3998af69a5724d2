//! Several CLI writers on one store at once, and a writer killed mid-write: every
//! completed write is there with its audit row, the chain stays linear, `verify`
//! passes, and nobody sees "database is locked".

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::support::cli::Bench;
use crate::support::harness::stderr;
use nhitrace::domain::EntryKind;

const WRITES: usize = 500;

fn bench_with_one_case() -> Bench {
    let bench = Bench::new();
    bench.ok(&[
        "case",
        "add",
        "--ref",
        "NHI-2026-0001",
        "--title",
        "Busy case",
        "--category",
        "other",
        "--reporter",
        "ops",
    ]);
    bench
}

#[test]
fn two_processes_write_500_times_each_at_once() {
    let bench = bench_with_one_case();
    let writing = AtomicBool::new(true);
    let failures = std::thread::scope(|scope| {
        let entries = scope.spawn(|| {
            let mut failures = Vec::new();
            for n in 0..WRITES {
                let summary = format!("entry {n}");
                let out = bench.run(&[
                    "entry",
                    "add",
                    "NHI-2026-0001",
                    "--kind",
                    "note",
                    "--actor",
                    "bob",
                    "--summary",
                    &summary,
                ]);
                if !out.status.success() || !stderr(&out).is_empty() {
                    failures.push(format!(
                        "entry {n}: {:?} {}",
                        out.status.code(),
                        stderr(&out)
                    ));
                }
            }
            writing.store(false, Ordering::SeqCst);
            failures
        });
        let evidence = scope.spawn(|| {
            let mut failures = Vec::new();
            for n in 0..WRITES {
                let text = format!("log line {n}");
                let out = bench.run(&[
                    "evidence",
                    "add",
                    "NHI-2026-0001",
                    "--text",
                    &text,
                    "--kind",
                    "log_excerpt",
                    "--title",
                    &text,
                ]);
                if !out.status.success() || !stderr(&out).is_empty() {
                    failures.push(format!(
                        "evidence {n}: {:?} {}",
                        out.status.code(),
                        stderr(&out)
                    ));
                }
            }
            failures
        });
        // A read-only reviewer keeps working while both write.
        let reader = scope.spawn(|| {
            let mut failures = Vec::new();
            let start = Instant::now();
            while writing.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(120) {
                let out = bench.run(&["--read-only", "check", "--case", "NHI-2026-0001"]);
                if out.status.code().is_none_or(|code| code > 1) {
                    failures.push(format!("reader: {:?} {}", out.status.code(), stderr(&out)));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            failures
        });
        let mut failures = reader.join().unwrap();
        failures.extend(entries.join().unwrap());
        failures.extend(evidence.join().unwrap());
        failures
    });
    assert!(
        failures.is_empty(),
        "{} failed writes, first: {}",
        failures.len(),
        failures[0]
    );
    let record = bench.record("NHI-2026-0001");
    assert_eq!(record.entries.len(), WRITES);
    assert_eq!(record.evidence.len(), WRITES);
    let out = bench.ok(&["verify"]);
    assert!(
        out.starts_with(&format!(
            "audit log: {} entries checked, chain intact\n",
            1 + 2 * WRITES
        )),
        "{out}"
    );
    assert!(out.ends_with("verified: every check passed\n"), "{out}");
}

#[test]
fn a_writer_killed_mid_write_leaves_a_store_that_verifies() {
    let bench = bench_with_one_case();
    // A shell loop of writes, killed with its current child after a while.
    let exe = env!("CARGO_BIN_EXE_nhitrace");
    let mut shell = std::process::Command::new("sh");
    bench.sandbox.confine(&mut shell);
    let mut looping = shell
        .env("NT", exe)
        .env("DB", &bench.db)
        .env("USER", "analyst")
        .args([
            "-c",
            r#"i=0; while :; do i=$((i+1)); "$NT" --db "$DB" evidence add NHI-2026-0001 --text "line $i" --kind log_excerpt --title "line $i" >/dev/null || exit 9; done"#,
        ])
        .process_group(0)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        looping.try_wait().unwrap().is_none(),
        "the write loop ended early"
    );
    let group = format!("-{}", looping.id());
    let killed = std::process::Command::new("kill")
        .args(["-KILL", "--", &group])
        .status()
        .unwrap();
    assert!(killed.success());
    looping.wait().unwrap();

    // Then single writers killed at varying moments of their run.
    for n in 0..20u64 {
        let mut child = bench
            .command(&[
                "entry",
                "add",
                "NHI-2026-0001",
                "--kind",
                "note",
                "--actor",
                "bob",
                "--summary",
                "killed",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(2 + n * 3));
        child.kill().unwrap();
        child.wait().unwrap();
    }

    let record = bench.record("NHI-2026-0001");
    assert!(
        !record.evidence.is_empty(),
        "the loop wrote nothing before it was killed"
    );
    let store = bench.store();
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{report:?}");
    // Each write is whole: every row that landed has its audit row, and no more.
    assert_eq!(
        report.audit_entries as usize,
        1 + record.evidence.len() + record.entries.len(),
        "{report:?}"
    );
    assert!(record.entries.iter().all(|e| e.kind == EntryKind::Note));
    assert_eq!(bench.run(&["verify"]).status.code(), Some(0));
    // The store takes new writes afterwards.
    bench.ok(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "note",
        "--actor",
        "bob",
        "--summary",
        "after",
    ]);
}
