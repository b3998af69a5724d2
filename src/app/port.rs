//! The store port: what the use cases need from storage, whatever the backend. The
//! SQLite [`Store`] is its implementation; a server backend implements the same.

use chrono::{DateTime, Utc};

use crate::bundle::{self, Bundle, BundleError, ImportSummary};
use crate::domain::{CaseId, CaseRecord, CaseSummary, EvidenceId, TrailRecord};
use crate::events::{EventBatch, EventError, EventFile};
use crate::store::{Applied, Change, ImportSummary as EventImportSummary, Store, StoreError};

/// Storage as the application layer sees it.
pub trait CaseStore {
    /// Who this process's writes are recorded under.
    fn os_user(&self) -> &str;
    /// Apply one validated change in one transaction dated `now`.
    fn apply(&mut self, change: Change, now: DateTime<Utc>) -> Result<Applied, StoreError>;
    /// Import a validated bundle in one transaction dated `now` (idempotent).
    fn import_bundle(
        &mut self,
        bundle: &Bundle,
        now: DateTime<Utc>,
    ) -> Result<ImportSummary, BundleError>;
    /// Write a batch of audit events into `case` in one transaction dated `now`
    /// (idempotent: events the case already has are counted, not written again).
    fn import_events(
        &mut self,
        case: CaseId,
        batch: &EventBatch,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<EventImportSummary, StoreError>;
    /// Write event files into `case` as `files` yields them, in one transaction
    /// dated `now`; the first refused file rolls it back
    /// ([`StoreError::ImportRefused`]).
    fn import_event_files(
        &mut self,
        case: CaseId,
        files: &mut dyn Iterator<Item = Result<EventFile, EventError>>,
        now: DateTime<Utc>,
    ) -> Result<EventImportSummary, StoreError>;
    fn case_id_by_ref(&self, reference: &str) -> Result<Option<CaseId>, StoreError>;
    /// Every reference in the store (for the next free one).
    fn references(&self) -> Result<Vec<String>, StoreError>;
    fn case_summary(&self, id: CaseId) -> Result<CaseSummary, StoreError>;
    fn case_record(&self, id: CaseId) -> Result<CaseRecord, StoreError>;
    /// The record with evidence whose bytes no longer match their hash marked.
    fn case_record_rehashed(&self, id: CaseId) -> Result<CaseRecord, StoreError>;
    fn case_trail(&self, id: CaseId) -> Result<TrailRecord, StoreError>;
    fn evidence_bytes(&self, id: EvidenceId) -> Result<Vec<u8>, StoreError>;
    /// `map` over the trail of every case, the results handed to `emit` a chunk of
    /// cases at a time in case-reference order (memory does not grow with the
    /// store); the work is shared out among the backend's readers.
    fn visit_trails<T: Send, E: From<StoreError>>(
        &self,
        map: &(dyn Fn(TrailRecord) -> T + Sync),
        emit: &mut dyn FnMut(Vec<T>) -> Result<(), E>,
    ) -> Result<(), E>;
    /// The length in bytes of the longest case reference.
    fn longest_reference(&self) -> Result<usize, StoreError>;
}

impl CaseStore for Store {
    fn os_user(&self) -> &str {
        Store::os_user(self)
    }

    fn apply(&mut self, change: Change, now: DateTime<Utc>) -> Result<Applied, StoreError> {
        Store::apply(self, change, now)
    }

    fn import_bundle(
        &mut self,
        bundle: &Bundle,
        now: DateTime<Utc>,
    ) -> Result<ImportSummary, BundleError> {
        bundle::import_at(self, bundle, now)
    }

    fn import_events(
        &mut self,
        case: CaseId,
        batch: &EventBatch,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<EventImportSummary, StoreError> {
        let actor = self.os_user().to_string();
        self.write_at(now, |w| {
            w.import_events_with_progress(case, batch, &actor, now, progress)
        })
    }

    fn import_event_files(
        &mut self,
        case: CaseId,
        files: &mut dyn Iterator<Item = Result<EventFile, EventError>>,
        now: DateTime<Utc>,
    ) -> Result<EventImportSummary, StoreError> {
        let actor = self.os_user().to_string();
        self.write_at(now, |w| w.import_event_files(case, files, &actor, now))
    }

    fn case_id_by_ref(&self, reference: &str) -> Result<Option<CaseId>, StoreError> {
        Store::case_id_by_ref(self, reference)
    }

    fn references(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .case_summaries()?
            .into_iter()
            .map(|summary| summary.reference)
            .collect())
    }

    fn case_summary(&self, id: CaseId) -> Result<CaseSummary, StoreError> {
        Store::case_summary(self, id)
    }

    fn case_record(&self, id: CaseId) -> Result<CaseRecord, StoreError> {
        Store::case_record(self, id)
    }

    fn case_record_rehashed(&self, id: CaseId) -> Result<CaseRecord, StoreError> {
        Store::case_record_rehashed(self, id)
    }

    fn case_trail(&self, id: CaseId) -> Result<TrailRecord, StoreError> {
        Store::case_trail(self, id)
    }

    fn evidence_bytes(&self, id: EvidenceId) -> Result<Vec<u8>, StoreError> {
        Store::evidence_bytes(self, id)
    }

    fn visit_trails<T: Send, E: From<StoreError>>(
        &self,
        map: &(dyn Fn(TrailRecord) -> T + Sync),
        emit: &mut dyn FnMut(Vec<T>) -> Result<(), E>,
    ) -> Result<(), E> {
        // A server store's readers mostly wait on the server: twice as many
        // overlap its work with theirs.
        let threads = if self.is_server() {
            Store::walk_threads().saturating_mul(2)
        } else {
            Store::walk_threads()
        };
        Store::visit_trails(self, threads, Store::CHUNK, map, emit)
    }

    fn longest_reference(&self) -> Result<usize, StoreError> {
        Store::longest_reference(self)
    }
}
