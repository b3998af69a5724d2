//! Hostile and broken stores given to the real binary: each gets a one-line message
//! and exit 2 (or, read-only, an honest report), never a panic, and the file is
//! never modified.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::cli::Bench;
use crate::support::harness::{stderr, stdout};
use rusqlite::Connection;

const WRITE: &[&str] = &[
    "case",
    "add",
    "--title",
    "t",
    "--category",
    "other",
    "--reporter",
    "r",
];

/// A store with a few cases, closed (no WAL content), and its bytes.
fn store_bytes(bench: &Bench) -> Vec<u8> {
    for n in 0..3 {
        let title = format!("case {n}");
        bench.ok(&[
            "case",
            "add",
            "--title",
            &title,
            "--category",
            "other",
            "--reporter",
            "r",
        ]);
    }
    std::fs::read(&bench.db).unwrap()
}

/// Run `args` against `db` (written as --db); the run must end with `code` within a
/// few seconds, print no panic, and leave `db`'s bytes as they were. Returns stderr.
fn refused_untouched(bench: &Bench, db: &Path, args: &[&str], codes: &[i32]) -> String {
    // Reading a FIFO would wait for a writer: only regular files are compared.
    let contents = |db: &Path| {
        std::fs::symlink_metadata(db)
            .is_ok_and(|m| m.is_file())
            .then(|| std::fs::read(db).ok())
            .flatten()
    };
    let before = contents(db);
    let started = Instant::now();
    let mut cmd = bench.sandbox.command();
    cmd.env("USER", "analyst").arg("--db").arg(db).args(args);
    let out = cmd.output().unwrap();
    let err = stderr(&out);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{args:?} took too long"
    );
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert!(
        codes.contains(&out.status.code().unwrap_or(-1)),
        "{args:?} exit {:?}\n{}\n{err}",
        out.status.code(),
        stdout(&out)
    );
    assert_eq!(contents(db), before, "{args:?} modified {}", db.display());
    err
}

#[test]
fn truncated_stores_are_refused_at_every_cut_and_left_as_cut() {
    let bench = Bench::new();
    let bytes = store_bytes(&bench);
    assert!(bytes.len() >= 8192, "{}", bytes.len());
    for cut in [1, 50, 99, 100, 1000, 4096, bytes.len() / 2, bytes.len() - 1] {
        let path = bench.sandbox.path(&format!("cut-{cut}.db"));
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let err = refused_untouched(&bench, &path, WRITE, &[2]);
        assert!(
            err.contains("truncated") || err.contains("corrupt"),
            "cut at {cut}: {err}"
        );
        let err = refused_untouched(&bench, &path, &["--read-only", "check"], &[2]);
        assert!(err.starts_with("nhitrace: "), "{err}");
        let err = refused_untouched(&bench, &path, &["verify"], &[1, 2]);
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_zero_length_file_a_directory_and_a_fifo_are_refused_at_once() {
    let bench = Bench::new();
    let empty = bench.sandbox.path("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let err = refused_untouched(&bench, &empty, WRITE, &[2]);
    assert!(err.contains("an empty file"), "{err}");
    refused_untouched(&bench, &empty, &["check"], &[2]);

    let dir = bench.sandbox.path("dir.db");
    std::fs::create_dir(&dir).unwrap();
    let err = refused_untouched(&bench, &dir, WRITE, &[2]);
    assert!(err.contains("is a directory, not a store file"), "{err}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);

    let fifo = bench.sandbox.path("fifo.db");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for args in [WRITE, &["--read-only", "check"][..], &["verify"][..]] {
        let err = refused_untouched(&bench, &fifo, args, &[2]);
        assert!(err.contains("FIFO"), "{err}");
    }
}

#[test]
fn a_symlink_is_refused_and_its_target_untouched() {
    let bench = Bench::new();
    let bytes = store_bytes(&bench);
    let link = bench.sandbox.path("link.db");
    std::os::unix::fs::symlink(&bench.db, &link).unwrap();
    let err = refused_untouched(&bench, &link, WRITE, &[2]);
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read(&bench.db).unwrap(), bytes);
}

/// A copy of a good store with `sql` run on it by someone else.
fn tampered(bench: &Bench, bytes: &[u8], name: &str, sql: &str) -> std::path::PathBuf {
    let path = bench.sandbox.path(name);
    std::fs::write(&path, bytes).unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(sql).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    path
}

#[test]
fn foreign_triggers_and_views_are_refused_by_name_for_writing() {
    let bench = Bench::new();
    let bytes = store_bytes(&bench);
    let trigger = tampered(
        &bench,
        &bytes,
        "trigger.db",
        "CREATE TRIGGER sneaky AFTER INSERT ON cases BEGIN DELETE FROM case_flags; END;",
    );
    let err = refused_untouched(&bench, &trigger, WRITE, &[2]);
    assert!(
        err.contains("trigger sneaky") && err.contains("did not create"),
        "{err}"
    );
    let view = tampered(
        &bench,
        &bytes,
        "view.db",
        "CREATE VIEW peek AS SELECT title FROM cases;",
    );
    let err = refused_untouched(&bench, &view, WRITE, &[2]);
    assert!(err.contains("view peek"), "{err}");
    // A reviewer can still read and verify it: reads run none of it.
    refused_untouched(&bench, &view, &["--read-only", "check"], &[0, 1]);
}

#[test]
fn an_altered_schema_is_refused_naming_what_changed() {
    let bench = Bench::new();
    let bytes = store_bytes(&bench);
    let column = tampered(
        &bench,
        &bytes,
        "column.db",
        "ALTER TABLE cases ADD COLUMN note TEXT;",
    );
    let err = refused_untouched(&bench, &column, WRITE, &[2]);
    assert!(err.contains("table cases altered"), "{err}");
    let dropped = tampered(
        &bench,
        &bytes,
        "dropped.db",
        "DROP TRIGGER audit_log_refuses_delete;",
    );
    let err = refused_untouched(&bench, &dropped, WRITE, &[2]);
    assert!(
        err.contains("trigger audit_log_refuses_delete missing"),
        "{err}"
    );
    // An index of someone else's runs nothing: tolerated.
    let index = tampered(
        &bench,
        &bytes,
        "index.db",
        "CREATE INDEX extra ON cases(title);",
    );
    refused_untouched(&bench, &index, &["check"], &[0, 1]);
}

#[test]
fn a_read_only_store_file_is_refused_for_writing_with_a_hint() {
    use std::os::unix::fs::PermissionsExt;
    let bench = Bench::new();
    let bytes = store_bytes(&bench);
    let path = bench.sandbox.path("ro.db");
    std::fs::write(&path, &bytes).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
    if std::fs::OpenOptions::new().write(true).open(&path).is_ok() {
        // Root writes anyway; a read-only mount is what stops root.
        let Some(mount) = crate::support::tmpfs::Tmpfs::mount("1m") else {
            eprintln!("skipped: running as root and cannot mount a tmpfs to make a read-only file");
            return;
        };
        let inside = mount.path().join("ro.db");
        std::fs::write(&inside, &bytes).unwrap();
        if !mount.remount_read_only() {
            eprintln!("skipped: cannot remount the tmpfs read-only");
            return;
        }
        let err = refused_untouched(&bench, &inside, WRITE, &[2]);
        assert!(
            err.contains("not writable") && err.contains("--read-only"),
            "{err}"
        );
        return;
    }
    let err = refused_untouched(&bench, &path, WRITE, &[2]);
    assert!(
        err.contains("not writable") && err.contains("--read-only"),
        "{err}"
    );
}
