//! The schema and its migrations. Each migration runs once, in order, inside one
//! immediate transaction; `PRAGMA user_version` records how many have run.

use super::sql::Connection;

use super::StoreError;
use super::error::db;
use super::transaction::Immediate;

/// `PRAGMA application_id` of every nhitrace store ("NHIT" in ASCII).
pub(crate) const APPLICATION_ID: i32 = 0x4E48_4954;

/// Migrations in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    MIGRATION_1,
    MIGRATION_2,
    MIGRATION_3,
    MIGRATION_4,
    MIGRATION_5,
];

/// The schema version this build reads and writes.
pub(crate) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Version 1: cases, assets, links, timeline, evidence (metadata and bytes apart).
const MIGRATION_1: &str = "
CREATE TABLE cases (
    id           INTEGER PRIMARY KEY,
    reference    TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL,
    severity     TEXT NOT NULL,
    status       TEXT NOT NULL,
    reporter     TEXT,
    reported_via TEXT,
    owner        TEXT,
    reviewer     TEXT,
    opened_at    TEXT NOT NULL,
    closed_at    TEXT,
    closing_note TEXT,
    root_cause   TEXT
) STRICT;

CREATE TABLE assets (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    identifier      TEXT NOT NULL,
    provider        TEXT NOT NULL,
    environment     TEXT,
    owner           TEXT,
    status          TEXT NOT NULL,
    created_at      TEXT,
    last_rotated_at TEXT,
    expires_at      TEXT,
    consumers       TEXT NOT NULL DEFAULT '[]',
    UNIQUE (provider, identifier)
) STRICT;

CREATE TABLE case_assets (
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    asset_id INTEGER NOT NULL REFERENCES assets(id),
    relation TEXT NOT NULL,
    PRIMARY KEY (case_id, asset_id)
) STRICT;
CREATE INDEX case_assets_by_asset ON case_assets(asset_id);

CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    kind        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    channel     TEXT,
    summary     TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '',
    asset_id    INTEGER REFERENCES assets(id),
    fields      TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX entries_by_case ON entries(case_id, occurred_at, id);
CREATE INDEX entries_by_asset ON entries(asset_id) WHERE asset_id IS NOT NULL;

CREATE TABLE external_refs (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER REFERENCES cases(id),
    entry_id INTEGER REFERENCES entries(id),
    system   TEXT NOT NULL,
    key      TEXT NOT NULL,
    url      TEXT,
    CHECK ((case_id IS NULL) <> (entry_id IS NULL))
) STRICT;
CREATE INDEX external_refs_by_case ON external_refs(case_id) WHERE case_id IS NOT NULL;
CREATE UNIQUE INDEX external_refs_by_entry ON external_refs(entry_id) WHERE entry_id IS NOT NULL;

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    entry_id     INTEGER REFERENCES entries(id),
    asset_id     INTEGER REFERENCES assets(id),
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    source       TEXT,
    collected_by TEXT NOT NULL,
    collected_at TEXT NOT NULL
) STRICT;
CREATE INDEX evidence_by_case ON evidence(case_id, id);
CREATE INDEX evidence_by_entry ON evidence(entry_id) WHERE entry_id IS NOT NULL;
CREATE INDEX evidence_by_asset ON evidence(asset_id) WHERE asset_id IS NOT NULL;

-- The bytes live apart so metadata queries never page through blobs.
CREATE TABLE evidence_bytes (
    evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id),
    bytes       BLOB NOT NULL
) STRICT;
";

/// Version 2: the append-only, hash-chained audit log (see `audit.rs`).
const MIGRATION_2: &str = "
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    os_user   TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    case_id   INTEGER,
    change    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_by_case ON audit_log(case_id, seq) WHERE case_id IS NOT NULL;
CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
";

/// Version 3: a cache of each case's rule codes (derived data, see `flags.rs`), and
/// triggers that drop a case's cached codes whenever any of its records change, in
/// the same transaction as the change.
const MIGRATION_3: &str = "
CREATE TABLE case_flags (
    case_id    INTEGER PRIMARY KEY REFERENCES cases(id),
    codes      TEXT NOT NULL,
    recheck_at TEXT
) STRICT;
CREATE INDEX case_flags_by_recheck ON case_flags(recheck_at) WHERE recheck_at IS NOT NULL;
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
CREATE TRIGGER flags_case_update AFTER UPDATE ON cases
BEGIN DELETE FROM case_flags WHERE case_id IN (OLD.id, NEW.id); END;
CREATE TRIGGER flags_entry_insert AFTER INSERT ON entries
BEGIN DELETE FROM case_flags WHERE case_id = NEW.case_id; END;
CREATE TRIGGER flags_entry_update AFTER UPDATE ON entries
BEGIN DELETE FROM case_flags WHERE case_id IN (OLD.case_id, NEW.case_id); END;
CREATE TRIGGER flags_entry_delete AFTER DELETE ON entries
BEGIN DELETE FROM case_flags WHERE case_id = OLD.case_id; END;
CREATE TRIGGER flags_evidence_insert AFTER INSERT ON evidence
BEGIN DELETE FROM case_flags WHERE case_id = NEW.case_id; END;
CREATE TRIGGER flags_evidence_update AFTER UPDATE ON evidence
BEGIN DELETE FROM case_flags WHERE case_id IN (OLD.case_id, NEW.case_id); END;
CREATE TRIGGER flags_evidence_delete AFTER DELETE ON evidence
BEGIN DELETE FROM case_flags WHERE case_id = OLD.case_id; END;
CREATE TRIGGER flags_link_insert AFTER INSERT ON case_assets
BEGIN DELETE FROM case_flags WHERE case_id = NEW.case_id; END;
CREATE TRIGGER flags_link_update AFTER UPDATE ON case_assets
BEGIN DELETE FROM case_flags WHERE case_id IN (OLD.case_id, NEW.case_id); END;
CREATE TRIGGER flags_link_delete AFTER DELETE ON case_assets
BEGIN DELETE FROM case_flags WHERE case_id = OLD.case_id; END;
";

/// Version 4: the ids of audit events imported into each case (`event_import.rs`),
/// so importing the same events again adds nothing, and the evidence (the file)
/// each imported entry came from.
const MIGRATION_4: &str = "
CREATE TABLE imported_events (
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    source      TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    entry_id    INTEGER NOT NULL REFERENCES entries(id),
    evidence_id INTEGER NOT NULL REFERENCES evidence(id),
    PRIMARY KEY (case_id, source, event_id)
) STRICT;
CREATE INDEX imported_events_by_entry ON imported_events(entry_id);
CREATE INDEX imported_events_by_evidence ON imported_events(evidence_id);
";

/// Version 5: each case's last activity (its latest entry's `occurred_at`, NULL
/// without entries) kept on the case row by triggers, so the list reads it with
/// the row instead of looking up every case's entries (3.3 s of the list's 8.7 s
/// at a million cases). A case update that only moves it does not drop the
/// case's cached rule codes: the entry change that moved it already did.
const MIGRATION_5: &str = "
ALTER TABLE cases ADD COLUMN last_activity TEXT;
DROP TRIGGER flags_case_update;
UPDATE cases SET last_activity =
    (SELECT max(e.occurred_at) FROM entries e WHERE e.case_id = cases.id);
CREATE TRIGGER flags_case_update AFTER UPDATE OF id, reference, title, summary, category,
    severity, status, reporter, reported_via, owner, reviewer, opened_at, closed_at,
    closing_note, root_cause ON cases
BEGIN DELETE FROM case_flags WHERE case_id IN (OLD.id, NEW.id); END;
CREATE TRIGGER activity_entry_insert AFTER INSERT ON entries
BEGIN
    UPDATE cases SET last_activity = NEW.occurred_at
     WHERE id = NEW.case_id AND (last_activity IS NULL OR last_activity < NEW.occurred_at);
END;
CREATE TRIGGER activity_entry_update AFTER UPDATE OF case_id, occurred_at ON entries
BEGIN
    UPDATE cases SET last_activity =
        (SELECT max(e.occurred_at) FROM entries e WHERE e.case_id = cases.id)
     WHERE id IN (OLD.case_id, NEW.case_id);
END;
CREATE TRIGGER activity_entry_delete AFTER DELETE ON entries
BEGIN
    UPDATE cases SET last_activity =
        (SELECT max(e.occurred_at) FROM entries e WHERE e.case_id = cases.id)
     WHERE id = OLD.case_id;
END;
";

/// The migrations that bring a fresh store to `version` (all of them past the last).
pub(crate) fn migrations_to(version: i64) -> &'static [&'static str] {
    let count = usize::try_from(version.max(0))
        .unwrap_or(0)
        .min(MIGRATIONS.len());
    &MIGRATIONS[..count]
}

/// Bring the schema up to [`SCHEMA_VERSION`]. Runs in one immediate transaction and
/// re-reads the version inside it, so two processes opening a fresh store at once
/// migrate it exactly once.
pub(crate) fn migrate(conn: &Connection, path: &std::path::Path) -> Result<(), StoreError> {
    let transaction = Immediate::begin(conn)?;
    migrate_in_transaction(conn, path)?;
    transaction.commit()
}

fn migrate_in_transaction(conn: &Connection, path: &std::path::Path) -> Result<(), StoreError> {
    let Some(conn) = conn.sqlite() else {
        return Err(StoreError::Invalid("not a SQLite store".into()));
    };
    let db = |err: rusqlite::Error| db(err.into());
    let application_id: i32 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(db)?;
    if application_id == 0 {
        let objects: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
            .map_err(db)?;
        if objects != 0 {
            return Err(StoreError::Foreign {
                path: path.to_path_buf(),
            });
        }
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(db)?;
    } else if application_id != APPLICATION_ID {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
        });
    }
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(db)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        conn.execute_batch(migration).map_err(db)?;
        conn.pragma_update(None, "user_version", index as i64 + 1)
            .map_err(db)?;
    }
    Ok(())
}
