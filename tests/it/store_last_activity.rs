//! Each case's last activity kept on its row (schema version 5): the migration
//! fills it from the entries, the triggers keep it equal to the latest entry's
//! time through inserts, edits and deletes, and the list reads it instead of the
//! entries.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use crate::support::store::{at, case, entry};
use nhitrace::domain::{CaseSummary, EntryKind};
use nhitrace::generate::{GenerateOptions, generate};
use nhitrace::store::{OpenMode, Store, StoreError};
use rusqlite::Connection;

/// Every case's stored last activity next to its latest entry's time (both as
/// stored), where they differ.
fn mismatches(path: &Path) -> Vec<(i64, Option<String>, Option<String>)> {
    let conn = Connection::open(path).unwrap();
    conn.prepare(
        "SELECT c.id, c.last_activity,
                (SELECT max(e.occurred_at) FROM entries e WHERE e.case_id = c.id) AS latest
           FROM cases c WHERE c.last_activity IS NOT latest",
    )
    .unwrap()
    .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// What a store of schema version 4 looked like: no column, no triggers, the
/// flags trigger on every column of a case.
fn back_to_version_4(path: &Path) {
    let conn = Connection::open(path).unwrap();
    // The trigger's text exactly as version 3 wrote it: the schema is checked
    // against each version's before it is migrated.
    conn.execute_batch(
        "DROP TRIGGER activity_entry_insert; DROP TRIGGER activity_entry_update;
         DROP TRIGGER activity_entry_delete; DROP TRIGGER flags_case_update;
         ALTER TABLE cases DROP COLUMN last_activity;
         CREATE TRIGGER flags_case_update AFTER UPDATE ON cases
BEGIN DELETE FROM case_flags WHERE case_id IN (OLD.id, NEW.id); END;
         PRAGMA user_version = 4;",
    )
    .unwrap();
}

fn summaries(path: &Path) -> Vec<CaseSummary> {
    Store::open(path, OpenMode::ReadOnly)
        .unwrap()
        .case_summaries()
        .unwrap()
}

#[test]
fn a_version_4_store_is_migrated_and_its_list_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path, OpenMode::CreateNew).unwrap();
    generate(&mut store, GenerateOptions { cases: 60, seed: 3 }, |_| {}).unwrap();
    // A case without entries: its last activity is its opening.
    store
        .write(|w| w.insert_case(&mut case("NHI-EMPTY")))
        .unwrap();
    drop(store);
    let before = summaries(&path);
    assert!(mismatches(&path).is_empty());
    back_to_version_4(&path);
    let err = Store::open(&path, OpenMode::ReadOnly).err().unwrap();
    assert!(
        matches!(err, StoreError::Outdated { found: 4, .. }),
        "{err}"
    );
    let store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    assert!(store.verify().unwrap().is_ok());
    drop(store);
    assert!(
        mismatches(&path).is_empty(),
        "the migration filled the column"
    );
    assert_eq!(summaries(&path), before);
    let empty = before.iter().find(|c| c.reference == "NHI-EMPTY").unwrap();
    assert_eq!(empty.last_activity, empty.opened_at);
}

#[test]
fn the_triggers_keep_the_latest_entry_through_inserts_edits_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path, OpenMode::CreateNew).unwrap();
    let (id, other) = store
        .write(|w| {
            let mut first = case("NHI-1");
            w.insert_case(&mut first)?;
            let mut second = case("NHI-2");
            w.insert_case(&mut second)?;
            w.insert_entry(&mut entry(first.id, EntryKind::Reported, 3, 9))?;
            // An entry dated before the latest does not move it back.
            w.insert_entry(&mut entry(first.id, EntryKind::Triaged, 2, 9))?;
            Ok((first.id, second.id))
        })
        .unwrap();
    let last = |path: &Path, id: i64| -> Option<String> {
        Connection::open(path)
            .unwrap()
            .query_row("SELECT last_activity FROM cases WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let latest = last(&path, id).unwrap();
    assert!(
        latest.starts_with(&at(3, 9).format("%Y-%m-%dT%H").to_string()),
        "{latest}"
    );
    assert_eq!(last(&path, other), None, "no entries yet");
    let listed = store.case_summary(id).unwrap();
    assert_eq!(listed.last_activity, at(3, 9));
    assert_eq!(
        store.case_summary(other).unwrap().last_activity,
        case("NHI-2").opened_at
    );
    drop(store);
    // Edits and deletes (which nhitrace never makes; a store may be changed by
    // other tools) move it back to what the entries say.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE entries SET occurred_at = '2030-01-01T00:00:00.000000000Z'
          WHERE occurred_at = (SELECT min(occurred_at) FROM entries);",
    )
    .unwrap();
    assert_eq!(last(&path, id).unwrap(), "2030-01-01T00:00:00.000000000Z");
    conn.execute_batch(
        "UPDATE entries SET case_id = (SELECT max(id) FROM cases) WHERE occurred_at LIKE '2030%';",
    )
    .unwrap();
    assert_eq!(
        last(&path, other).unwrap(),
        "2030-01-01T00:00:00.000000000Z"
    );
    assert_eq!(last(&path, id).unwrap(), latest);
    conn.execute_batch("DELETE FROM entries WHERE case_id = (SELECT max(id) FROM cases);")
        .unwrap();
    assert_eq!(last(&path, other), None);
    assert!(mismatches(&path).is_empty());
}

#[test]
fn moving_the_last_activity_keeps_the_cached_flags_and_editing_a_case_drops_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path, OpenMode::CreateNew).unwrap();
    let id = store
        .write(|w| {
            let mut c = case("NHI-1");
            w.insert_case(&mut c)?;
            Ok(c.id)
        })
        .unwrap();
    nhitrace::flags::load(&mut store, at(20, 9), &Default::default()).unwrap();
    assert_eq!(store.cached_flags_for(&[id]).unwrap().len(), 1);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("UPDATE cases SET last_activity = '2030-01-01T00:00:00.000000000Z';")
        .unwrap();
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    assert_eq!(store.cached_flags_for(&[id]).unwrap().len(), 1, "kept");
    drop(store);
    conn.execute_batch("UPDATE cases SET title = 'edited';")
        .unwrap();
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    assert!(store.cached_flags_for(&[id]).unwrap().is_empty(), "dropped");
}
