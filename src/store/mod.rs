//! The store: one SQLite file. This module tree is the only place that speaks SQL
//! or names rusqlite; nothing of rusqlite appears in its public API.
//!
//! - `open` refuses foreign, corrupt and too-new files without touching them, creates
//!   new files 0600 and sets the connection up (WAL, foreign keys, busy timeout).
//! - `schema` holds the versioned migrations.
//! - `writer` and `record` write, inside one transaction per [`Store::write`].
//! - `edits` makes audited changes; `audit` appends the hash-chained log.
//! - `reads` loads cases, records and evidence bytes; `verify` checks everything.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::domain::{
    Asset, AssetId, Case, CaseId, CaseRecord, CaseStatus, CaseSummary, EntryId, Evidence,
    EvidenceId, Relation, TimelineEntry, TrailRecord,
};

mod asset_reads;
mod audit;
mod codec;
mod edits;
mod error;
mod flags;
mod list_reads;
mod open;
mod reads;
mod record;
mod rows;
mod schema;
mod search_reads;
mod trail_reads;
mod transaction;
mod verify;
mod walk;
mod writer;

pub use asset_reads::AssetCase;
pub use audit::{AuditEntry, GENESIS_HASH};
pub use error::StoreError;
pub use flags::CachedFlags;
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
    path: PathBuf,
    conn: Connection,
    read_only: bool,
    /// Who the audit log names for this process's writes.
    os_user: String,
}

/// A write in progress: every method runs inside one `BEGIN IMMEDIATE` transaction,
/// committed when the closure passed to [`Store::write`] returns `Ok`.
pub struct Writer<'a> {
    conn: &'a Connection,
    os_user: &'a str,
    path: &'a Path,
    /// The connection's change count when the transaction began: while it is
    /// unchanged, the transaction has written nothing (see [`Writer::map_records_of`]).
    changes_at_begin: u64,
}

impl Store {
    /// Cases per chunk that bulk walks hold in memory at once by default.
    pub const CHUNK: usize = walk::CHUNK_CASES;

    /// Open (or create, per `mode`) the store at `path`. A file that is not a nhitrace
    /// store, is corrupt, or has a newer schema is refused and not modified.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store, StoreError> {
        let conn = open::open(path, mode)?;
        Ok(Store {
            path: path.to_path_buf(),
            conn,
            read_only: mode == OpenMode::ReadOnly,
            os_user: audit::os_user(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The OS user this process's writes are recorded under (`$USER`, `$LOGNAME`).
    pub fn os_user(&self) -> &str {
        &self.os_user
    }

    /// Run `f` in one immediate transaction (bounded retry while busy); commit on Ok,
    /// roll back on Err, so a failed write leaves the store as it was.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let transaction = transaction::Immediate::begin(&self.conn)?;
        let mut writer = Writer {
            conn: &self.conn,
            os_user: &self.os_user,
            path: &self.path,
            changes_at_begin: self.conn.total_changes(),
        };
        let value = f(&mut writer)?;
        transaction.commit()?;
        Ok(value)
    }

    /// Every case as a list row, ordered by reference.
    pub fn case_summaries(&self) -> Result<Vec<CaseSummary>, StoreError> {
        reads::case_summaries(&self.conn)
    }

    /// Every case as a list row, ordered by reference, handed to `take` one at a
    /// time (so a large list can be kept in a compact form as it is read).
    pub fn for_each_case_summary(&self, take: impl FnMut(CaseSummary)) -> Result<(), StoreError> {
        reads::each_case_summary(&self.conn, take)
    }

    /// How many cases the store holds.
    pub fn case_count(&self) -> Result<usize, StoreError> {
        list_reads::case_count(&self.conn)
    }

    /// The first `limit` list rows by reference (the first screenful of a large store).
    pub fn first_summaries(&self, limit: usize) -> Result<Vec<CaseSummary>, StoreError> {
        list_reads::first_summaries(&self.conn, limit)
    }

    /// One case's list row, as [`Store::case_summaries`] would give it (the row of
    /// a case just written, without reading the whole list).
    pub fn case_summary(&self, id: CaseId) -> Result<CaseSummary, StoreError> {
        list_reads::case_summary(&self.conn, id)
    }

    /// The cached rule codes of those cases in `ids` that have a cache row.
    pub fn cached_flags_for(&self, ids: &[CaseId]) -> Result<Vec<CachedFlags>, StoreError> {
        list_reads::cached_flags_for(&self.conn, ids)
    }

    /// One case with its assets, timeline and evidence metadata (no bytes).
    pub fn case_record(&self, id: CaseId) -> Result<CaseRecord, StoreError> {
        reads::case_record(&self.conn, id)
    }

    /// The records of the cases in `ids`, in reference order (unknown ids skipped).
    pub fn records_for(&self, ids: &[CaseId]) -> Result<Vec<CaseRecord>, StoreError> {
        reads::records_for(&self.conn, ids)
    }

    /// The cached rule codes of every case that has them (see [`CachedFlags`]).
    pub fn cached_flags(&self) -> Result<Vec<CachedFlags>, StoreError> {
        flags::cached(&self.conn)
    }

    /// The cached rows handed to `take` one at a time (no list of them all).
    pub fn for_each_cached_flags(&self, take: impl FnMut(CachedFlags)) -> Result<(), StoreError> {
        flags::each_cached(&self.conn, take)
    }

    /// Every case id.
    pub fn case_ids(&self) -> Result<Vec<CaseId>, StoreError> {
        reads::case_ids(&self.conn)
    }

    /// A value of the store's settings table, e.g. what the flags were computed with.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        flags::meta(&self.conn, key)
    }

    /// Every case as a record, in reference order (bulk-loaded, not one query per case).
    pub fn all_records(&self) -> Result<Vec<CaseRecord>, StoreError> {
        reads::all_records(&self.conn)
    }

    /// Every case as a record, in id order, handed to `visit` one at a time: the same
    /// records as [`Store::all_records`] from one snapshot of the store, loaded a few
    /// thousand cases at a time, so memory stays bounded however large the store.
    /// Stops at the first error `visit` returns.
    pub fn for_each_record<E: From<StoreError>>(
        &self,
        visit: impl FnMut(CaseRecord) -> Result<(), E>,
    ) -> Result<(), E> {
        walk::for_each_record(&self.conn, walk::CHUNK_CASES, visit)
    }

    /// `map` applied to every record, results in id order, the work shared among
    /// `threads` threads (this connection and `threads - 1` more opened read-only),
    /// `cases_per_chunk` records in memory per thread at once (see [`Store::CHUNK`]). Each connection reads its own
    /// snapshot: a write committed while the walk starts may be seen by some cases
    /// and not others, but each record is read whole from one snapshot.
    pub fn map_records<T: Send>(
        &self,
        threads: usize,
        cases_per_chunk: usize,
        map: impl Fn(CaseRecord) -> T + Sync,
    ) -> Result<Vec<T>, StoreError> {
        walk::map_records::<walk::Records, _>(
            &self.conn,
            &self.path,
            threads,
            cases_per_chunk,
            None,
            map,
        )
    }

    /// [`Store::map_records`] over the records of the cases in `ids` only (unknown
    /// ids skipped), results in id order. Chunks of the store with few of them
    /// read those cases one by one.
    pub fn map_records_of<T: Send>(
        &self,
        ids: &[CaseId],
        threads: usize,
        cases_per_chunk: usize,
        map: impl Fn(CaseRecord) -> T + Sync,
    ) -> Result<Vec<T>, StoreError> {
        let only: HashSet<CaseId> = ids.iter().copied().collect();
        walk::map_records::<walk::Records, _>(
            &self.conn,
            &self.path,
            threads,
            cases_per_chunk,
            Some(&only),
            map,
        )
    }

    /// What the rules read of one case: the same gaps as its [`CaseRecord`] (no
    /// evidence is re-hashed), read with a fraction of the work.
    pub fn case_trail(&self, id: CaseId) -> Result<TrailRecord, StoreError> {
        trail_reads::case_trail(&self.conn, id)
    }

    /// [`Store::map_records`] over the lean [`TrailRecord`] of every case: only the
    /// columns the rules read, so what `check` walks.
    pub fn map_trails<T: Send>(
        &self,
        threads: usize,
        cases_per_chunk: usize,
        map: impl Fn(TrailRecord) -> T + Sync,
    ) -> Result<Vec<T>, StoreError> {
        walk::map_records::<walk::Trails, _>(
            &self.conn,
            &self.path,
            threads,
            cases_per_chunk,
            None,
            map,
        )
    }

    /// How many threads a walk uses by default: one per core, up to 4.
    pub fn walk_threads() -> usize {
        walk::threads()
    }

    /// [`Store::for_each_record`] holding at most `cases_per_chunk` records at once.
    pub fn for_each_record_in_chunks<E: From<StoreError>>(
        &self,
        cases_per_chunk: usize,
        visit: impl FnMut(CaseRecord) -> Result<(), E>,
    ) -> Result<(), E> {
        walk::for_each_record(&self.conn, cases_per_chunk, visit)
    }

    /// Every case linked to an asset (affected or related), oldest first: the way a
    /// recurring failure on one identity is found.
    pub fn asset_cases(&self, asset: AssetId) -> Result<Vec<AssetCase>, StoreError> {
        asset_reads::asset_cases(&self.conn, asset)
    }

    /// Every asset in the store, ordered by name then identifier (for pickers).
    pub fn all_assets(&self) -> Result<Vec<Asset>, StoreError> {
        reads::all_assets(&self.conn)
    }

    /// Per case, the text fuzzy search runs over (reference, title, reporter, owner,
    /// linked assets, external reference keys), in reference order, collected.
    pub fn case_search_texts(&self) -> Result<Vec<CaseSearchText>, StoreError> {
        search_reads::case_search_texts(&self.conn)
    }

    /// The same text streamed into `sink` without collecting it: every asset's
    /// name and identifier, then every case in reference order, each row borrowed
    /// only for its call (how the search corpus is built).
    pub fn read_search_texts(&self, sink: &mut impl SearchTextSink) -> Result<(), StoreError> {
        search_reads::read_search_texts(&self.conn, sink)
    }

    /// Look a case up by its reference.
    pub fn case_id_by_ref(&self, reference: &str) -> Result<Option<CaseId>, StoreError> {
        reads::case_id_by_ref(&self.conn, reference)
    }

    /// The stored bytes of one evidence item.
    pub fn evidence_bytes(&self, id: EvidenceId) -> Result<Vec<u8>, StoreError> {
        reads::evidence_bytes(&self.conn, id)
    }

    /// The audit log rows about one case, oldest first: who changed what, when.
    pub fn case_history(&self, case: CaseId) -> Result<Vec<AuditEntry>, StoreError> {
        audit::case_history(&self.conn, case)
    }

    /// The audit chain head: number of rows and the hash of the last one
    /// ([`GENESIS_HASH`] when the log is empty). Export it to anchor the log elsewhere.
    pub fn chain_head(&self) -> Result<(u64, String), StoreError> {
        audit::chain_head(&self.conn)
    }

    /// Recompute the audit chain and every evidence hash, and run SQLite's integrity
    /// and foreign-key checks. Works on a read-only store.
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        verify::verify(&self.conn)
    }

    /// Evidence of one case whose stored bytes no longer match their size and SHA-256.
    pub fn tampered_evidence(&self, case: CaseId) -> Result<Vec<EvidenceId>, StoreError> {
        Ok(verify::rehash(&self.conn, Some(case))?
            .into_iter()
            .filter(|(_, _, intact)| !intact)
            .map(|(_, id, _)| id)
            .collect())
    }

    /// Like [`Store::case_record`], with `tampered_evidence` filled by re-hashing
    /// the case's evidence bytes (rule NT013).
    pub fn case_record_rehashed(&self, id: CaseId) -> Result<CaseRecord, StoreError> {
        let mut record = self.case_record(id)?;
        record.tampered_evidence = self.tampered_evidence(id)?;
        Ok(record)
    }

    /// Like [`Store::all_records`], with every record's `tampered_evidence` filled by
    /// re-hashing all evidence bytes once (rule NT013).
    pub fn all_records_rehashed(&self) -> Result<Vec<CaseRecord>, StoreError> {
        let mut records = self.all_records()?;
        let tampered: Vec<(CaseId, EvidenceId)> = verify::rehash(&self.conn, None)?
            .into_iter()
            .filter(|(_, _, intact)| !intact)
            .map(|(case, id, _)| (case, id))
            .collect();
        for record in &mut records {
            record.tampered_evidence = tampered
                .iter()
                .filter(|(case, _)| *case == record.case.id)
                .map(|(_, id)| *id)
                .collect();
        }
        Ok(records)
    }
}

impl Writer<'_> {
    /// The cached rule codes, read inside this transaction.
    pub fn cached_flags(&self) -> Result<Vec<CachedFlags>, StoreError> {
        flags::cached(self.conn)
    }

    /// The cached rows, read inside this transaction, handed to `take` one at a time.
    pub fn for_each_cached_flags(&self, take: impl FnMut(CachedFlags)) -> Result<(), StoreError> {
        flags::each_cached(self.conn, take)
    }

    /// A value of the store's settings table, read inside this transaction.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        flags::meta(self.conn, key)
    }

    /// The records of the cases in `ids`, read inside this transaction.
    pub fn records_for(&self, ids: &[CaseId]) -> Result<Vec<CaseRecord>, StoreError> {
        reads::records_for(self.conn, ids)
    }

    /// [`Store::map_records_of`] inside this transaction: every record as the
    /// transaction sees it. Until the transaction writes, the walk is shared out
    /// among `threads` read-only connections: this one holds the write lock, so no
    /// other write can commit before it ends and each of their snapshots is this
    /// transaction's. Once it has written (changes the others cannot see), the walk
    /// runs on this connection alone.
    pub fn map_records_of<T: Send>(
        &self,
        ids: &[CaseId],
        threads: usize,
        cases_per_chunk: usize,
        map: impl Fn(CaseRecord) -> T + Sync,
    ) -> Result<Vec<T>, StoreError> {
        let threads = if self.conn.total_changes() == self.changes_at_begin {
            threads
        } else {
            1
        };
        let only: HashSet<CaseId> = ids.iter().copied().collect();
        walk::map_records::<walk::Records, _>(
            self.conn,
            self.path,
            threads,
            cases_per_chunk,
            Some(&only),
            map,
        )
    }

    /// Every case id, read inside this transaction.
    pub fn case_ids(&self) -> Result<Vec<CaseId>, StoreError> {
        reads::case_ids(self.conn)
    }

    /// Store the cached rule codes of some cases (derived data: not audited).
    pub fn put_flags(&mut self, rows: &[CachedFlags]) -> Result<(), StoreError> {
        flags::put(self.conn, rows)
    }

    /// Drop every cached rule code, e.g. after the rule settings changed.
    pub fn clear_flags(&mut self) -> Result<(), StoreError> {
        flags::clear(self.conn)
    }

    /// Set a value of the store's settings table (not audited).
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        flags::set_meta(self.conn, key, value)
    }

    /// Insert a case (and its external references); sets and returns `case.id`.
    pub fn insert_case(&mut self, case: &mut Case) -> Result<CaseId, StoreError> {
        writer::insert_case(self.conn, self.os_user, case)
    }

    /// Insert an asset; sets and returns `asset.id`.
    pub fn insert_asset(&mut self, asset: &mut Asset) -> Result<AssetId, StoreError> {
        writer::insert_asset(self.conn, self.os_user, asset)
    }

    /// Link an asset to a case with a relation.
    pub fn link_asset(
        &mut self,
        case: CaseId,
        asset: AssetId,
        relation: Relation,
    ) -> Result<(), StoreError> {
        writer::link_asset(self.conn, self.os_user, case, asset, relation)
    }

    /// Insert a timeline entry; sets and returns `entry.id`.
    pub fn insert_entry(&mut self, entry: &mut TimelineEntry) -> Result<EntryId, StoreError> {
        writer::insert_entry(self.conn, self.os_user, entry)
    }

    /// Insert a whole case record as new rows: the case, its assets (an asset that
    /// already exists with the same provider and identifier is reused), links, entries
    /// (approval `covers` remapped to the new entry ids) and evidence
    /// (`evidence_bytes[i]` are the bytes of `record.evidence[i]`). Ids in `record`
    /// are only used to connect its parts. Returns the new case id.
    pub fn insert_record(
        &mut self,
        record: &CaseRecord,
        evidence_bytes: &[Vec<u8>],
    ) -> Result<CaseId, StoreError> {
        record::insert_record(self, record, evidence_bytes)
    }

    /// Insert evidence with its bytes; computes size and SHA-256, sets and returns the id.
    pub fn insert_evidence(
        &mut self,
        evidence: &mut Evidence,
        bytes: &[u8],
    ) -> Result<EvidenceId, StoreError> {
        writer::insert_evidence(self.conn, self.os_user, evidence, bytes)
    }

    /// The id of the asset with this provider and identifier, if one exists.
    pub fn asset_id_by_identifier(
        &mut self,
        provider: &str,
        identifier: &str,
    ) -> Result<Option<AssetId>, StoreError> {
        writer::asset_id_by_identifier(self.conn, provider, identifier)
    }

    /// Replace a stored case's fields (and external references) with `case`'s,
    /// auditing old → new. Returns false, writing nothing, when nothing changed.
    pub fn update_case(&mut self, case: &Case) -> Result<bool, StoreError> {
        edits::update_case(self.conn, self.os_user, case)
    }

    /// Move a case to another status (not `closed`: use [`Writer::close_case`]).
    pub fn set_case_status(&mut self, case: CaseId, status: CaseStatus) -> Result<(), StoreError> {
        edits::set_case_status(self.conn, self.os_user, case, status)
    }

    /// Close a case with a closing note, at `at`.
    pub fn close_case(
        &mut self,
        case: CaseId,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        edits::close_case(self.conn, self.os_user, case, note, at)
    }

    /// Remove an asset's link to a case; the asset itself stays.
    pub fn unlink_asset(&mut self, case: CaseId, asset: AssetId) -> Result<(), StoreError> {
        edits::unlink_asset(self.conn, self.os_user, case, asset)
    }
}
