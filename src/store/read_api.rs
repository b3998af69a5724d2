//! What the store reads, as [`Store`] methods: list rows, records and trails,
//! walks over every case, assets, search text, evidence bytes, history and verify.

use super::{
    AssetCase, AuditEntry, CachedFlags, CaseSearchText, SearchTextSink, Store, StoreError,
    VerifyReport, asset_reads, audit, flags, list_reads, reads, search_reads, trail_reads, verify,
    walk,
};
use crate::domain::{Asset, AssetId, CaseId, CaseRecord, CaseSummary, EvidenceId, TrailRecord};

impl Store {
    /// How many events of `batch` are already on `case`'s trail (or twice in the
    /// batch): what an import would count as already imported. Only reads.
    pub fn already_imported(
        &self,
        case: CaseId,
        batch: &crate::events::EventBatch,
    ) -> Result<usize, StoreError> {
        super::event_import::already_imported(&self.conn, case, batch)
    }

    /// Every case as a list row, ordered by reference.
    pub fn case_summaries(&self) -> Result<Vec<CaseSummary>, StoreError> {
        list_reads::case_summaries(&self.conn)
    }

    /// Every case as a list row, in id order (a scan; put them in the list's order
    /// after), handed to `take` one at a time (so a large list can be kept in a
    /// compact form as it is read).
    pub fn for_each_case_summary(&self, take: impl FnMut(CaseSummary)) -> Result<(), StoreError> {
        list_reads::each_case_summary(&self.conn, true, take)
    }

    /// As [`Store::for_each_case_summary`], but every title is left empty (and not
    /// read): a large list holds none, and reads those it shows with
    /// [`Store::case_titles`].
    pub fn for_each_untitled_summary(
        &self,
        take: impl FnMut(CaseSummary),
    ) -> Result<(), StoreError> {
        list_reads::each_case_summary(&self.conn, false, take)
    }

    /// The titles of the cases in `ids` the store holds (any number of distinct
    /// ids), in no particular order.
    pub fn case_titles(&self, ids: &[CaseId]) -> Result<Vec<(CaseId, String)>, StoreError> {
        list_reads::case_titles(&self.conn, ids)
    }

    /// How many cases the store holds.
    pub fn case_count(&self) -> Result<usize, StoreError> {
        list_reads::case_count(&self.conn)
    }

    /// How many cases there are, but counting stops at `limit`.
    pub fn case_count_up_to(&self, limit: usize) -> Result<usize, StoreError> {
        list_reads::case_count_up_to(&self.conn, limit)
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
    pub fn for_each_cached_flags(
        &self,
        take: impl FnMut(flags::CachedCodes<'_>),
    ) -> Result<(), StoreError> {
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
            &self.location,
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
        walk::map_records_of::<walk::Records, _>(
            &self.conn,
            &self.location,
            threads,
            cases_per_chunk,
            ids,
            map,
        )
    }

    /// [`Store::map_records_of`] over the lean [`TrailRecord`]s: what the rules
    /// read, with the same gaps (the flags cache is filled this way).
    pub fn map_trails_of<T: Send>(
        &self,
        ids: &[CaseId],
        threads: usize,
        cases_per_chunk: usize,
        map: impl Fn(TrailRecord) -> T + Sync,
    ) -> Result<Vec<T>, StoreError> {
        walk::map_records_of::<walk::Trails, _>(
            &self.conn,
            &self.location,
            threads,
            cases_per_chunk,
            ids,
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
            &self.location,
            threads,
            cases_per_chunk,
            None,
            map,
        )
    }

    /// `map` over the lean [`TrailRecord`] of every case, the results handed to
    /// `emit` a chunk of `cases_per_chunk` cases at a time in case-reference order,
    /// as they are ready: a walk whose memory does not grow with the store.
    pub fn visit_trails<T: Send, E: From<StoreError>>(
        &self,
        threads: usize,
        cases_per_chunk: usize,
        map: impl Fn(TrailRecord) -> T + Sync,
        emit: impl FnMut(Vec<T>) -> Result<(), E>,
    ) -> Result<(), E> {
        super::walk_ordered::visit_in_reference_order::<walk::Trails, _, _>(
            &self.conn,
            &self.location,
            threads,
            cases_per_chunk,
            map,
            |record: &TrailRecord| record.reference.as_str(),
            emit,
        )
    }

    /// The length in bytes of the longest case reference (0 for an empty store).
    pub fn longest_reference(&self) -> Result<usize, StoreError> {
        list_reads::longest_reference(&self.conn)
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
    /// The hash of audit row `seq` (rows count from 1), if the log has that many.
    pub fn audit_hash_at(&self, seq: u64) -> Result<Option<String>, StoreError> {
        super::audit::hash_at(&self.conn, seq)
    }

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
