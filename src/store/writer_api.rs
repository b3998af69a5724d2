//! What a write transaction can do, as [`Writer`] methods: every one runs inside the
//! transaction of [`Store::write_at`] and appends its audit rows there.

use chrono::{DateTime, Utc};

use super::{
    CachedFlags, StoreError, Writer, bulk_record, edits, flags, reads, record, walk, writer,
};
use crate::domain::{
    Asset, AssetId, Case, CaseId, CaseRecord, CaseStatus, EntryId, Evidence, EvidenceId, Relation,
    TimelineEntry, TrailRecord,
};

impl Writer<'_> {
    /// The cached rule codes, read inside this transaction.
    pub fn cached_flags(&self) -> Result<Vec<CachedFlags>, StoreError> {
        flags::cached(self.conn)
    }

    /// The cached rows, read inside this transaction, handed to `take` one at a time.
    pub fn for_each_cached_flags(
        &self,
        take: impl FnMut(flags::CachedCodes<'_>),
    ) -> Result<(), StoreError> {
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
        let threads = self.walk_threads(threads);
        walk::map_records_of::<walk::Records, _>(
            self.conn,
            self.location,
            threads,
            cases_per_chunk,
            ids,
            map,
        )
    }

    /// [`Writer::map_records_of`] over the lean [`TrailRecord`]s (see
    /// [`Store::map_trails_of`]).
    pub fn map_trails_of<T: Send>(
        &self,
        ids: &[CaseId],
        threads: usize,
        cases_per_chunk: usize,
        map: impl Fn(TrailRecord) -> T + Sync,
    ) -> Result<Vec<T>, StoreError> {
        let threads = self.walk_threads(threads);
        walk::map_records_of::<walk::Trails, _>(
            self.conn,
            self.location,
            threads,
            cases_per_chunk,
            ids,
            map,
        )
    }

    /// `threads` while this transaction has written nothing; one after (the other
    /// connections could not see its changes).
    fn walk_threads(&self, threads: usize) -> usize {
        if self.conn.total_changes() == self.changes_at_begin {
            threads
        } else {
            1
        }
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
        writer::insert_case(self.conn, self.stamp, case)
    }

    /// Insert an asset; sets and returns `asset.id`.
    pub fn insert_asset(&mut self, asset: &mut Asset) -> Result<AssetId, StoreError> {
        writer::insert_asset(self.conn, self.stamp, asset)
    }

    /// Link an asset to a case with a relation.
    pub fn link_asset(
        &mut self,
        case: CaseId,
        asset: AssetId,
        relation: Relation,
    ) -> Result<(), StoreError> {
        writer::link_asset(self.conn, self.stamp, case, asset, relation)
    }

    /// Insert a timeline entry; sets and returns `entry.id`.
    pub fn insert_entry(&mut self, entry: &mut TimelineEntry) -> Result<EntryId, StoreError> {
        writer::insert_entry(self.conn, self.stamp, entry)
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

    /// [`Writer::insert_record`] for each of `records` (a record and the bytes of its
    /// evidence) in order: the same rows and audit rows, written faster (statements
    /// prepared once, the audit chain head kept in memory). Returns the new case ids.
    pub fn insert_records(
        &mut self,
        records: &[(CaseRecord, Vec<Vec<u8>>)],
    ) -> Result<Vec<CaseId>, StoreError> {
        bulk_record::insert_records(self.conn, self.stamp, records)
    }

    /// Write a batch of imported audit events into case `case` (see
    /// [`crate::events`]): each file as `log_excerpt` evidence, each new event as an
    /// entry pointing at it, its assets found or created and linked as affected.
    /// Events the case already has (same source and event id) are skipped and
    /// counted. `actor` records it, at `now`.
    pub fn import_events(
        &mut self,
        case: CaseId,
        batch: &crate::events::EventBatch,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<super::ImportSummary, StoreError> {
        self.import_events_with_progress(case, batch, actor, now, &mut |_, _| {})
    }

    /// [`Writer::import_events`], calling `progress(done, total)` now and then.
    pub fn import_events_with_progress(
        &mut self,
        case: CaseId,
        batch: &crate::events::EventBatch,
        actor: &str,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<super::ImportSummary, StoreError> {
        super::event_import::import_events(self.conn, self.stamp, case, batch, actor, now, progress)
    }

    /// Write event files into `case` as `files` yields them, in this one
    /// transaction; the first refused file stops it with
    /// [`StoreError::ImportRefused`] (the caller's write then rolls back).
    pub fn import_event_files(
        &mut self,
        case: CaseId,
        files: &mut dyn Iterator<
            Item = Result<crate::events::EventFile, crate::events::EventError>,
        >,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<super::ImportSummary, StoreError> {
        super::event_import::import_event_files(self.conn, self.stamp, case, files, actor, now)
    }

    /// Insert evidence with its bytes; computes size and SHA-256, sets and returns the id.
    pub fn insert_evidence(
        &mut self,
        evidence: &mut Evidence,
        bytes: &[u8],
    ) -> Result<EvidenceId, StoreError> {
        writer::insert_evidence(self.conn, self.stamp, evidence, bytes)
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
        edits::update_case(self.conn, self.stamp, case)
    }

    /// Move a case to another status (not `closed`: use [`Writer::close_case`]).
    pub fn set_case_status(&mut self, case: CaseId, status: CaseStatus) -> Result<(), StoreError> {
        edits::set_case_status(self.conn, self.stamp, case, status)
    }

    /// Close a case with a closing note, at `at`.
    pub fn close_case(
        &mut self,
        case: CaseId,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        edits::close_case(self.conn, self.stamp, case, note, at)
    }

    /// Remove an asset's link to a case; the asset itself stays.
    pub fn unlink_asset(&mut self, case: CaseId, asset: AssetId) -> Result<(), StoreError> {
        edits::unlink_asset(self.conn, self.stamp, case, asset)
    }
}
