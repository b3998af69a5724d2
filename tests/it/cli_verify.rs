//! `nhitrace verify [--head]` through the real binary: an untouched store verifies,
//! altered evidence bytes and an edited audit row are found and named.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::cli::Bench;
use crate::support::harness::{stderr, stdout};
use rusqlite::Connection;

/// A case with an entry and one evidence item, all written through the CLI.
fn bench_with_evidence() -> (Bench, i64) {
    let bench = Bench::with_case();
    bench.ok(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "note",
        "--actor",
        "bob",
        "--summary",
        "Looked",
    ]);
    let json = bench.json(&[
        "evidence",
        "add",
        "NHI-2026-0001",
        "--text",
        "rotated at 10:00",
        "--kind",
        "rotation_log",
        "--title",
        "Rotation log",
    ]);
    (bench, json["evidence"]["id"].as_i64().unwrap())
}

#[test]
fn an_untouched_store_verifies() {
    let (bench, _) = bench_with_evidence();
    let (count, hash) = bench.store().chain_head().unwrap();
    let out = bench.ok(&["verify"]);
    assert_eq!(
        out,
        format!(
            "audit log: {count} entries checked, chain intact\n\
             chain head: {count} {hash}\n\
             evidence: 1 checked, all match their SHA-256\n\
             integrity check: ok\n\
             foreign keys: ok\n\
             verified: every check passed\n"
        )
    );
    assert_eq!(count, 5, "case, asset, link, entry and evidence");
    assert_eq!(bench.ok(&["verify", "--head"]), format!("{count} {hash}\n"));
    assert_eq!(
        bench.ok(&["--read-only", "verify", "--head"]),
        format!("{count} {hash}\n")
    );
    let json = bench.json(&["--read-only", "verify"]);
    assert_eq!(json["audit_entries"], count);
    assert_eq!(json["chain_head"], hash);
    assert_eq!(json["first_bad_row"], serde_json::Value::Null);
}

#[test]
fn altered_evidence_bytes_fail_verify_naming_the_item() {
    let (bench, id) = bench_with_evidence();
    let conn = Connection::open(&bench.db).unwrap();
    conn.execute(
        "UPDATE evidence_bytes SET bytes = ?1 WHERE evidence_id = ?2",
        rusqlite::params![b"rotated at 11:00".to_vec(), id],
    )
    .unwrap();
    drop(conn);
    let out = bench.run(&["verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("audit log: 5 entries checked, chain intact"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "evidence: 1 checked, ALTERED or missing bytes: evidence #{id}\n"
        )),
        "{text}"
    );
    assert!(
        text.ends_with("FAILED: the store does not verify\n"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&bench.run(&["verify", "--format", "json"]))).unwrap();
    assert_eq!(json["tampered_evidence"], serde_json::json!([id]));
}

#[test]
fn an_edited_audit_row_fails_verify_naming_the_row() {
    let (bench, _) = bench_with_evidence();
    let conn = Connection::open(&bench.db).unwrap();
    let refused = conn.execute("UPDATE audit_log SET os_user = 'mallory' WHERE seq = 3", []);
    assert!(
        refused.is_err(),
        "the log refuses edits while its triggers stand"
    );
    conn.execute_batch(
        "DROP TRIGGER audit_log_refuses_update; DROP TRIGGER audit_log_refuses_delete;
         UPDATE audit_log SET os_user = 'mallory' WHERE seq = 3;",
    )
    .unwrap();
    drop(conn);
    let out = bench.run(&["verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "audit log: 5 entries checked, BROKEN at row #3: content does not match its hash (edited)\n"
        ),
        "{text}"
    );
    assert!(text.contains("evidence: 1 checked, all match"), "{text}");
    // `--head` only reports the head; it does not judge the chain.
    assert_eq!(bench.run(&["verify", "--head"]).status.code(), Some(0));
}

#[test]
fn a_deleted_audit_row_fails_verify() {
    let (bench, _) = bench_with_evidence();
    let conn = Connection::open(&bench.db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_refuses_delete; DELETE FROM audit_log WHERE seq = 2;",
    )
    .unwrap();
    drop(conn);
    let out = bench.run(&["--read-only", "verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("audit log: 4 entries checked, BROKEN at row #3: sequence gap"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn verify_of_a_missing_store_exits_2_and_creates_nothing() {
    let bench = Bench::new();
    let err = bench.refused(&["verify"]);
    assert!(err.starts_with("nhitrace: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!bench.db.exists());
}
