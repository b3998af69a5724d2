//! Faults the real binary must survive: SIGKILL in a burst of writes, a full disk,
//! and evidence files that are not files.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::cli::Bench;
use crate::support::harness::{stderr, stdout};
use crate::support::tmpfs::Tmpfs;

fn entry_args(n: usize) -> Vec<String> {
    [
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "note",
        "--actor",
        "bob",
        "--summary",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("burst note {n}")])
    .collect()
}

#[test]
fn sigkill_in_a_burst_of_writes_loses_no_acknowledged_write() {
    let bench = Bench::with_case();
    let mut acknowledged = Vec::new();
    let mut seed: u64 = 0x0BAD_5EED;
    for n in 0..20 {
        // A second writer runs alongside, so the kill can land mid-transaction.
        let steady = bench
            .command(
                &entry_args(1000 + n)
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
            )
            .output();
        let mut victim = bench
            .command(&entry_args(n).iter().map(String::as_str).collect::<Vec<_>>())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % 40_000));
        let _ = victim.kill();
        let out = victim.wait_with_output().unwrap();
        if out.status.success() && stdout(&out).contains("added") {
            acknowledged.push(format!("burst note {n}"));
        }
        if steady.as_ref().is_ok_and(|o| o.status.success()) {
            acknowledged.push(format!("burst note {}", 1000 + n));
        }
    }
    let verify = bench.run(&["verify"]);
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}{}",
        stdout(&verify),
        stderr(&verify)
    );
    let summaries: Vec<String> = bench
        .record("NHI-2026-0001")
        .entries
        .iter()
        .map(|e| e.summary.clone())
        .collect();
    for summary in &acknowledged {
        assert!(
            summaries.contains(summary),
            "{summary} was acknowledged but is missing"
        );
    }
    assert!(acknowledged.len() >= 20, "{acknowledged:?}");
}

#[test]
fn a_full_disk_is_a_clear_message_and_the_store_survives() {
    let Some(disk) = Tmpfs::mount("2m") else {
        eprintln!("skipped: cannot mount a tmpfs here (not root, or no mount permission)");
        return;
    };
    let bench = Bench::with_case();
    let db = disk.path().join("trail.db");
    std::fs::copy(&bench.db, &db).unwrap();
    let run = |args: &[&str]| {
        let mut cmd = bench.sandbox.command();
        cmd.env("USER", "analyst").arg("--db").arg(&db).args(args);
        cmd.output().unwrap()
    };
    let head_before = stdout(&run(&["verify", "--head"]));
    assert!(!head_before.is_empty());
    // Fill the disk to the last few KiB.
    let filler = disk.path().join("filler");
    let mut size = 2 * 1024 * 1024;
    while size > 4096 {
        if std::fs::write(&filler, vec![0u8; size]).is_ok() {
            break;
        }
        size -= 64 * 1024;
    }
    let big_file = bench.sandbox.path("big.log");
    std::fs::write(&big_file, "x".repeat(400_000)).unwrap();
    let big = big_file.to_str().unwrap();
    let out = run(&[
        "evidence",
        "add",
        "NHI-2026-0001",
        "--kind",
        "log_excerpt",
        "--title",
        "big",
        "--file",
        big,
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("disk is full") || err.contains("No space left"),
        "{err}"
    );
    // While the disk is still full a reader may need room for SQLite's shared-memory
    // index: it verifies or says the disk is full, nothing else.
    let verify = run(&["verify"]);
    let said = format!("{}{}", stdout(&verify), stderr(&verify));
    assert!(
        verify.status.code() == Some(0) || said.contains("disk is full"),
        "{said}"
    );
    // Space returns: unchanged, verifiable, and the next write works.
    std::fs::remove_file(&filler).unwrap();
    let verify = run(&["verify"]);
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}{}",
        stdout(&verify),
        stderr(&verify)
    );
    assert_eq!(stdout(&run(&["verify", "--head"])), head_before);
    let out = run(&[
        "evidence",
        "add",
        "NHI-2026-0001",
        "--kind",
        "log_excerpt",
        "--title",
        "big",
        "--file",
        big,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(run(&["verify"]).status.code(), Some(0));
}

#[test]
fn evidence_files_that_are_not_files_are_refused_within_a_second() {
    let bench = Bench::with_case();
    let fifo = bench.sandbox.path("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let dir = bench.sandbox.path("folder");
    std::fs::create_dir(&dir).unwrap();
    let big = bench.sandbox.path("big.log");
    std::fs::write(&big, vec![b'a'; 2048]).unwrap();
    let config = bench.sandbox.path("small.conf");
    std::fs::write(&config, "[evidence]\nmax_file_bytes = 1024\n").unwrap();
    let state = bench.state();
    for (path, needle) in [
        ("/dev/zero", "is a device"),
        ("/dev/urandom", "is a device"),
        (fifo.to_str().unwrap(), "is a FIFO"),
        (dir.to_str().unwrap(), "is a directory"),
        (
            big.to_str().unwrap(),
            "is 2048 bytes; the limit is 1024 bytes",
        ),
    ] {
        let started = Instant::now();
        let out = bench
            .command(&[
                "--config",
                config.to_str().unwrap(),
                "evidence",
                "add",
                "NHI-2026-0001",
                "--kind",
                "log_excerpt",
                "--title",
                "t",
                "--file",
                path,
            ])
            .output()
            .unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{path} took {:?}",
            started.elapsed()
        );
        assert_eq!(out.status.code(), Some(2), "{path}");
        assert!(stderr(&out).contains(needle), "{path}: {}", stderr(&out));
    }
    assert_eq!(bench.state(), state);
}
