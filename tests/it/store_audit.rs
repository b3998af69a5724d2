//! The audit log: every write appends a chained row; verify finds the first bad one.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use crate::support::store::{asset, at, case, entry, evidence};
use nhitrace::domain::{CaseStatus, EntryKind, Relation};
use nhitrace::store::{BadAuditRow, ChainBreak, GENESIS_HASH, OpenMode, Store, StoreError};
use rusqlite::Connection;

/// A store with one case and eight audit rows; returns (case id, evidence id).
fn store_with_history(path: &Path) -> (i64, i64) {
    let mut store = Store::open(path, OpenMode::CreateNew).unwrap();
    store
        .write(|w| {
            let mut case = case("NHI-1");
            w.insert_case(&mut case)?; // 1
            let key = w.insert_asset(&mut asset("AKIA1"))?; // 2
            w.link_asset(case.id, key, Relation::Affected)?; // 3
            let mut rotation = entry(case.id, EntryKind::Rotation, 2, 1);
            w.insert_entry(&mut rotation)?; // 4
            let mut log = evidence(case.id, Some(rotation.id), None);
            let evidence = w.insert_evidence(&mut log, b"rotated")?; // 5
            case.title = "Leaked deploy key, rotated".to_string();
            w.update_case(&case)?; // 6
            w.set_case_status(case.id, CaseStatus::Remediating)?; // 7
            w.close_case(case.id, "verified", at(4, 1))?; // 8
            Ok((case.id, evidence))
        })
        .unwrap()
}

/// A raw connection with the append-only triggers dropped, as an attacker would.
fn tamper(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_refuses_update; DROP TRIGGER audit_log_refuses_delete;",
    )
    .unwrap();
    conn.execute_batch(sql).unwrap();
}

fn first_bad_row(path: &Path) -> Option<BadAuditRow> {
    let report = Store::open(path, OpenMode::ReadOnly)
        .unwrap()
        .verify()
        .unwrap();
    assert_eq!(report.is_ok(), report.first_bad_row.is_none());
    report.first_bad_row
}

#[test]
fn every_write_appends_to_the_case_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let (case_id, _) = store_with_history(&path);
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let history = store.case_history(case_id).unwrap();
    let actions: Vec<&str> = history.iter().map(|row| row.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_case",
            "link_asset",
            "add_entry",
            "add_evidence",
            "update_case",
            "set_case_status",
            "close_case"
        ]
    );
    let seqs: Vec<i64> = history.iter().map(|row| row.seq).collect();
    assert_eq!(seqs, [1, 3, 4, 5, 6, 7, 8]);
    assert!(history.iter().all(|row| !row.os_user.is_empty()));
    let update = &history[4];
    assert_eq!(update.entity, format!("case:{case_id}"));
    // Canonical JSON: keys sorted, so "new" comes before "old".
    assert!(
        update.change.starts_with(r#"{"new":{"#),
        "{}",
        update.change
    );
    assert!(
        update
            .change
            .contains(r#""title":"Leaked deploy key, rotated""#)
    );
    assert!(
        update
            .change
            .contains(r#""title":"Leaked deploy key NHI-1""#)
    );
    let close = &history[6];
    assert!(
        close.change.contains(r#""closing_note":"verified""#),
        "{}",
        close.change
    );
    assert_eq!(history[0].prev_hash, GENESIS_HASH);
    assert_eq!(history[2].prev_hash, history[1].hash);

    let (count, head) = store.chain_head().unwrap();
    assert_eq!((count, head), (8, history[6].hash.clone()));
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!((report.audit_entries, report.evidence_checked), (8, 1));
    assert_eq!(report.chain_head, history[6].hash);
}

#[test]
fn the_log_refuses_update_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    store_with_history(&path);
    let conn = Connection::open(&path).unwrap();
    for sql in [
        "UPDATE audit_log SET os_user = 'mallory'",
        "DELETE FROM audit_log WHERE seq = 2",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

#[test]
fn verify_names_the_first_edited_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    store_with_history(&path);
    tamper(
        &path,
        "UPDATE audit_log SET os_user = os_user || 'x' WHERE seq = 4",
    );
    let bad = first_bad_row(&path).unwrap();
    assert_eq!(
        bad,
        BadAuditRow {
            seq: 4,
            reason: ChainBreak::HashMismatch
        }
    );
    assert!(bad.reason.to_string().contains("edited"));
}

#[test]
fn verify_names_the_row_after_a_deleted_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    store_with_history(&path);
    tamper(&path, "DELETE FROM audit_log WHERE seq = 5");
    let bad = first_bad_row(&path).unwrap();
    assert_eq!(
        bad,
        BadAuditRow {
            seq: 6,
            reason: ChainBreak::SequenceGap { expected: 5 }
        }
    );
}

#[test]
fn verify_names_the_first_of_two_swapped_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    store_with_history(&path);
    tamper(
        &path,
        "UPDATE audit_log SET seq = 100 WHERE seq = 3;
         UPDATE audit_log SET seq = 3 WHERE seq = 6;
         UPDATE audit_log SET seq = 6 WHERE seq = 100;",
    );
    let bad = first_bad_row(&path).unwrap();
    assert_eq!(
        bad,
        BadAuditRow {
            seq: 3,
            reason: ChainBreak::PrevHashBreak
        }
    );
}

#[test]
fn altered_evidence_bytes_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let (case_id, evidence_id) = store_with_history(&path);
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    assert!(store.tampered_evidence(case_id).unwrap().is_empty());
    assert!(
        store
            .case_record_rehashed(case_id)
            .unwrap()
            .tampered_evidence
            .is_empty()
    );
    drop(store);

    let conn = Connection::open(&path).unwrap();
    conn.execute("UPDATE evidence_bytes SET bytes = x'726f7461746564ff'", [])
        .unwrap();
    drop(conn);
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let report = store.verify().unwrap();
    assert!(!report.is_ok());
    assert_eq!(report.first_bad_row, None);
    assert_eq!(report.tampered_evidence, [evidence_id]);
    assert_eq!(store.tampered_evidence(case_id).unwrap(), [evidence_id]);
    assert_eq!(
        store
            .case_record_rehashed(case_id)
            .unwrap()
            .tampered_evidence,
        [evidence_id]
    );
    assert_eq!(
        store.all_records_rehashed().unwrap()[0].tampered_evidence,
        [evidence_id]
    );
    assert!(
        store
            .case_record(case_id)
            .unwrap()
            .tampered_evidence
            .is_empty()
    );
}

#[test]
fn a_failed_write_appends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let (case_id, _) = store_with_history(&path);
    let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    let head = store.chain_head().unwrap();
    let err = store
        .write(|w| {
            w.set_case_status(case_id, CaseStatus::Investigating)?;
            w.close_case(case_id, "  ", at(5, 1))
        })
        .unwrap_err();
    assert!(err.to_string().contains("closing note"), "{err}");
    let err = store
        .write(|w| w.set_case_status(case_id, CaseStatus::Closed))
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)));
    assert_eq!(store.chain_head().unwrap(), head);
    assert_eq!(
        store.case_record(case_id).unwrap().case.status,
        CaseStatus::Closed
    );
    store.write(|w| w.unlink_asset(case_id, 1)).unwrap();
    assert!(store.case_record(case_id).unwrap().assets.is_empty());
    let last = store.case_history(case_id).unwrap().pop().unwrap();
    assert_eq!(last.action, "unlink_asset");
    assert!(
        last.change.contains(r#""relation":"affected""#),
        "{}",
        last.change
    );
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn a_store_from_schema_1_still_opens_and_gains_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    store_with_history(&path);
    let conn = Connection::open(&path).unwrap();
    // Undo every migration after the first: what a schema-1 store looked like.
    let triggers: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'
              AND (name LIKE 'flags_%' OR name LIKE 'activity_%')",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for trigger in triggers {
        conn.execute_batch(&format!("DROP TRIGGER {trigger};"))
            .unwrap();
    }
    conn.execute_batch(
        "DROP TABLE imported_events; DROP TABLE audit_log; DROP TABLE case_flags; DROP TABLE meta;
         ALTER TABLE cases DROP COLUMN last_activity; PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(conn);
    let err = Store::open(&path, OpenMode::ReadOnly).err().unwrap();
    assert!(
        matches!(err, StoreError::Outdated { found: 1, .. }),
        "{err}"
    );
    let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    assert_eq!(store.chain_head().unwrap(), (0, GENESIS_HASH.to_string()));
    store.write(|w| w.insert_case(&mut case("NHI-2"))).unwrap();
    assert_eq!(store.chain_head().unwrap().0, 1);
    assert_eq!(store.all_records().unwrap().len(), 2);
    assert!(store.verify().unwrap().is_ok());
}
