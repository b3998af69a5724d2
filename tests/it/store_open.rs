//! Opening stores: creation, refusals that leave files untouched, read-only use.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use crate::support::store::{case, listing, sidecar};
use nhitrace::store::{OpenMode, Store, StoreError};
use rusqlite::Connection;

const MODES: [OpenMode; 3] = [OpenMode::ReadWrite, OpenMode::ReadOnly, OpenMode::CreateNew];
const NHITRACE_APPLICATION_ID: i32 = 0x4E48_4954;

fn pragma(path: &Path, name: &str) -> i64 {
    let conn = Connection::open(path).unwrap();
    conn.query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))
        .unwrap()
}

fn new_store_with_a_case(path: &Path) {
    let mut store = Store::open(path, OpenMode::CreateNew).unwrap();
    store.write(|w| w.insert_case(&mut case("NHI-1"))).unwrap();
}

/// Open `path` in every mode; each must be refused as `expected` says, and the file
/// must stay byte-identical with no journal files appearing next to it.
fn assert_refused_untouched(path: &Path, expected: fn(&StoreError) -> bool) {
    let before = std::fs::read(path).unwrap();
    let dir_before = listing(path.parent().unwrap());
    for mode in MODES {
        match Store::open(path, mode) {
            Err(err) if mode == OpenMode::CreateNew => {
                assert!(
                    matches!(err, StoreError::AlreadyExists { .. }),
                    "{mode:?}: {err}"
                )
            }
            Err(err) => assert!(expected(&err), "{mode:?}: unexpected error {err}"),
            Ok(_) => panic!("{mode:?}: opened {}", path.display()),
        }
        assert_eq!(
            std::fs::read(path).unwrap(),
            before,
            "{mode:?} changed the file"
        );
        assert_eq!(
            listing(path.parent().unwrap()),
            dir_before,
            "{mode:?} added files"
        );
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(!sidecar(path, suffix).exists(), "{suffix} appeared");
    }
}

#[test]
fn an_empty_file_is_refused_and_left_empty() {
    // A store always has a header; an empty file is someone else's (a mktemp, a
    // truncation) and is not ours to fill.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    for mode in [OpenMode::ReadWrite, OpenMode::ReadOnly] {
        let err = Store::open(&path, mode).err().unwrap();
        assert!(err.to_string().contains("an empty file"), "{err}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), b"");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_new_store_is_in_wal_mode_with_our_application_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    store.write(|w| w.insert_case(&mut case("NHI-1"))).unwrap();
    drop(store);
    assert_eq!(
        pragma(&path, "application_id"),
        i64::from(NHITRACE_APPLICATION_ID)
    );
    assert!(pragma(&path, "user_version") >= 1);
    assert_eq!(
        Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |row| row.get::<_, String>(0))
            .unwrap(),
        "wal"
    );
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    assert_eq!(store.case_summaries().unwrap()[0].reference, "NHI-1");
}

#[test]
fn random_bytes_are_refused_as_corrupt_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("random.db");
    let mut state: u32 = 0x9E37_79B9;
    let noise: Vec<u8> = (0..8192)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    std::fs::write(&path, &noise).unwrap();
    assert_refused_untouched(&path, |err| matches!(err, StoreError::Corrupt { .. }));
    let message = Store::open(&path, OpenMode::ReadWrite)
        .err()
        .unwrap()
        .to_string();
    assert_eq!(
        message,
        format!("{}: file is corrupt or not a database", path.display())
    );
}

#[test]
fn a_short_file_is_refused_as_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.db");
    std::fs::write(&path, b"SQLite format 3\0").unwrap();
    assert_refused_untouched(&path, |err| matches!(err, StoreError::Corrupt { .. }));
}

#[test]
fn a_plain_sqlite_file_is_refused_as_foreign_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    for journal in ["delete", "wal"] {
        let path = dir.path().join(format!("notes-{journal}.db"));
        let conn = Connection::open(&path).unwrap();
        conn.query_row(&format!("PRAGMA journal_mode = {journal}"), [], |_| Ok(()))
            .unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');")
            .unwrap();
        drop(conn);
        assert_refused_untouched(&path, |err| matches!(err, StoreError::Foreign { .. }));
    }
}

#[test]
fn a_damaged_store_is_refused_as_corrupt_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("original.db");
    new_store_with_a_case(&original);
    let mut bytes = std::fs::read(&original).unwrap();
    // Keep the 100-byte header (so it still looks like ours); wreck the schema page.
    for byte in &mut bytes[100..4096] {
        *byte = 0xA5;
    }
    let sub = dir.path().join("damaged");
    std::fs::create_dir(&sub).unwrap();
    let path = sub.join("damaged.db");
    std::fs::write(&path, &bytes).unwrap();
    for mode in [OpenMode::ReadWrite, OpenMode::ReadOnly] {
        let err = Store::open(&path, mode).err().unwrap();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{mode:?}: {err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    new_store_with_a_case(&path);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    for mode in [OpenMode::ReadWrite, OpenMode::ReadOnly] {
        let err = Store::open(&path, mode).err().unwrap();
        assert!(
            matches!(err, StoreError::TooNew { found: 99, .. }),
            "{mode:?}: {err}"
        );
        assert!(err.to_string().contains("upgrade nhitrace"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}

#[cfg(unix)]
#[test]
fn new_stores_and_their_journals_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    store.write(|w| w.insert_case(&mut case("NHI-1"))).unwrap();
    for file in [path.clone(), sidecar(&path, "-wal"), sidecar(&path, "-shm")] {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
}

#[test]
fn read_only_refuses_every_write_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let err = Store::open(&missing, OpenMode::ReadOnly).err().unwrap();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert!(listing(dir.path()).is_empty());

    let path = dir.path().join("shared.db");
    new_store_with_a_case(&path);
    let files = listing(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    let mut store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    assert!(store.is_read_only());
    let mut called = false;
    let err = store
        .write(|w| {
            called = true;
            w.insert_case(&mut case("NHI-2"))
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly));
    assert_eq!(err.to_string(), "the store is open read-only");
    assert!(
        !called,
        "the write closure must not run on a read-only store"
    );
    assert_eq!(store.all_records().unwrap().len(), 1);
    drop(store);
    assert_eq!(listing(dir.path()), files);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn read_only_sees_what_a_writer_commits_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    new_store_with_a_case(&path);
    let reader = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let mut writer = Store::open(&path, OpenMode::ReadWrite).unwrap();
    writer.write(|w| w.insert_case(&mut case("NHI-2"))).unwrap();
    assert_eq!(reader.case_summaries().unwrap().len(), 2);
}

#[test]
fn create_new_refuses_an_existing_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taken.db");
    std::fs::write(&path, b"").unwrap();
    let err = Store::open(&path, OpenMode::CreateNew).err().unwrap();
    assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), b"");
    assert_eq!(listing(dir.path()), ["taken.db"]);
    let fresh = dir.path().join("fresh.db");
    let store = Store::open(&fresh, OpenMode::CreateNew).unwrap();
    assert!(!store.is_read_only());
    assert_eq!(store.path(), fresh);
}
