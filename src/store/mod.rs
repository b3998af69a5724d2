//! The store: one SQLite file. This module tree is the only place that speaks SQL
//! or names rusqlite; nothing of rusqlite appears in its public API.
//!
//! - `open` refuses foreign, corrupt and too-new files without touching them, creates
//!   new files 0600 and sets the connection up (WAL, foreign keys, busy timeout).
//! - `schema` holds the versioned migrations.
//! - `writer` and `record` write, inside one transaction per [`Store::write`].
//! - `edits` makes audited changes; `audit` appends the hash-chained log.
//! - `reads` loads cases, records and evidence bytes; `verify` checks everything.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sql::Connection;

use crate::clock::Clock;

mod asset_reads;
mod audit;
mod audit_batch;
mod audit_pipe;
mod bulk_load;
mod bulk_record;
mod change;
mod codec;
mod copy;
mod edits;
mod error;
mod event_import;
mod flags;
mod list_reads;
mod location;
mod open;
mod pg_open;
mod pg_schema;
mod query;
mod read_api;
mod reads;
mod record;
mod reveal;
mod row_insert;
mod rows;
mod schema;
mod schema_check;
mod search_reads;
mod sql;
mod trail_reads;
mod transaction;
mod verify;
mod walk;
mod walk_ordered;
mod writer;
mod writer_api;

pub use asset_reads::AssetCase;
pub use audit::{AuditEntry, GENESIS_HASH};
pub use change::{Applied, AssetRef, Change};
pub use copy::CopySummary;
pub use error::StoreError;
pub use event_import::{ImportSummary, ImportedFile};
pub use flags::{CachedCodes, CachedFlags};
pub use location::StoreLocation;
pub use search_reads::{
    CaseSearchRow, CaseSearchText, FIELD_SEPARATOR, SearchAsset, SearchTextSink,
};
pub use verify::{BadAuditRow, ChainBreak, VerifyReport};

/// How to open a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Open an existing store for reading and writing, or create a new one (mode 0600).
    ReadWrite,
    /// Open an existing store with SQLITE_OPEN_READ_ONLY; never creates or changes a file.
    ReadOnly,
    /// Create a new store; refuse when the path already exists.
    CreateNew,
}

/// An open nhitrace store.
pub struct Store {
    /// Where it is; `path` names it in messages (a server store's URL without
    /// its password).
    location: StoreLocation,
    path: PathBuf,
    conn: Connection,
    read_only: bool,
    /// Who the audit log names for this process's writes.
    os_user: String,
    /// When a write made with [`Store::write`] happened (see [`Store::write_at`]).
    clock: Clock,
}

/// A write in progress: every method runs inside one `BEGIN IMMEDIATE` transaction,
/// committed when the closure passed to [`Store::write`] returns `Ok`.
pub struct Writer<'a> {
    conn: &'a Connection,
    /// Who writes and when: every audit row of this transaction carries it.
    stamp: audit::Stamp<'a>,
    location: &'a StoreLocation,
    /// The connection's change count when the transaction began: while it is
    /// unchanged, the transaction has written nothing (see [`Writer::map_records_of`]).
    changes_at_begin: u64,
}

/// A connection to the store at `location`, opened per `mode`.
pub(crate) fn open_connection(
    location: &StoreLocation,
    mode: OpenMode,
) -> Result<Connection, StoreError> {
    match location {
        StoreLocation::File(path) => open::open(path, mode),
        StoreLocation::Postgres(target) => pg_open::open(target, mode),
    }
}

impl Store {
    /// Cases per chunk that bulk walks hold in memory at once by default.
    pub const CHUNK: usize = walk::CHUNK_CASES;

    /// Open (or create, per `mode`) the store at `path`. A file that is not a nhitrace
    /// store, is corrupt, or has a newer schema is refused and not modified.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store, StoreError> {
        Store::open_at(&StoreLocation::file(path), mode)
    }

    /// Open (or create, per `mode`) the store at `location`: a SQLite file, or a
    /// database on a PostgreSQL server. The same refusals hold for both.
    pub fn open_at(location: &StoreLocation, mode: OpenMode) -> Result<Store, StoreError> {
        let conn = open_connection(location, mode)?;
        Ok(Store {
            location: location.clone(),
            path: location.display_path(),
            conn,
            read_only: mode == OpenMode::ReadOnly,
            os_user: audit::os_user(),
            clock: Clock::System,
        })
    }

    /// Use `clock` for the time of writes made with [`Store::write`].
    pub fn with_clock(mut self, clock: Clock) -> Store {
        self.clock = clock;
        self
    }

    /// The file of a SQLite store; a server store's URL (without password).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where this store lives.
    pub fn location(&self) -> StoreLocation {
        self.location.clone()
    }

    /// Whether this store is on a database server.
    pub fn is_server(&self) -> bool {
        self.location.is_server()
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The OS user this process's writes are recorded under (`$USER`, `$LOGNAME`).
    pub fn os_user(&self) -> &str {
        &self.os_user
    }

    /// [`Store::write_at`] at the time of the store's clock.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let now = self.clock.now();
        self.write_at(now, f)
    }

    /// Run `f` in one immediate transaction (bounded retry while busy); commit on Ok,
    /// roll back on Err, so a failed write leaves the store as it was. Every audit
    /// row the write appends is dated `now`: the store never reads the clock itself.
    pub fn write_at<T>(
        &mut self,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let transaction = transaction::Immediate::begin(&self.conn)?;
        let mut writer = Writer {
            conn: &self.conn,
            stamp: audit::Stamp {
                os_user: &self.os_user,
                at: now,
            },
            location: &self.location,
            changes_at_begin: self.conn.total_changes(),
        };
        let value = f(&mut writer)?;
        transaction.commit()?;
        Ok(value)
    }

    /// Apply one validated change in one immediate transaction dated `now`.
    pub fn apply(&mut self, change: Change, now: DateTime<Utc>) -> Result<Applied, StoreError> {
        self.write_at(now, |w| w.apply(change))
    }
}
