//! The store: one SQLite file. This module tree is the only place that speaks SQL
//! or names rusqlite.
//!
//! CONTRACT SKELETON — the store helper replaces the bodies; signatures are shared.

use std::path::{Path, PathBuf};

use crate::domain::{
    Asset, AssetId, Case, CaseId, CaseRecord, CaseSummary, EntryId, Evidence, EvidenceId, Relation,
    TimelineEntry,
};

mod error;
pub use error::StoreError;

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
}

/// A write in progress: every method runs inside one `BEGIN IMMEDIATE` transaction,
/// committed when the closure passed to [`Store::write`] returns `Ok`.
pub struct Writer<'a> {
    _p: std::marker::PhantomData<&'a ()>,
}

impl Store {
    /// Open (or create, per `mode`) the store at `path`. A file that is not a nhitrace
    /// store, is corrupt, or has a newer schema is refused and not modified.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store, StoreError> {
        let _ = mode;
        Ok(Store {
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        unimplemented!()
    }

    /// Run `f` in one immediate transaction (bounded retry while busy); commit on Ok,
    /// roll back on Err, so a failed write leaves the store as it was.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let _ = f;
        unimplemented!()
    }

    /// Every case as a list row, ordered by reference.
    pub fn case_summaries(&self) -> Result<Vec<CaseSummary>, StoreError> {
        unimplemented!()
    }

    /// One case with its assets, timeline and evidence metadata (no bytes).
    pub fn case_record(&self, id: CaseId) -> Result<CaseRecord, StoreError> {
        let _ = id;
        unimplemented!()
    }

    /// Every case as a record, in reference order (bulk-loaded, not one query per case).
    pub fn all_records(&self) -> Result<Vec<CaseRecord>, StoreError> {
        unimplemented!()
    }

    /// Look a case up by its reference.
    pub fn case_id_by_ref(&self, reference: &str) -> Result<Option<CaseId>, StoreError> {
        let _ = reference;
        unimplemented!()
    }

    /// The stored bytes of one evidence item.
    pub fn evidence_bytes(&self, id: EvidenceId) -> Result<Vec<u8>, StoreError> {
        let _ = id;
        unimplemented!()
    }
}

impl Writer<'_> {
    /// Insert a case (and its external references); sets and returns `case.id`.
    pub fn insert_case(&mut self, case: &mut Case) -> Result<CaseId, StoreError> {
        let _ = case;
        unimplemented!()
    }

    /// Insert an asset; sets and returns `asset.id`.
    pub fn insert_asset(&mut self, asset: &mut Asset) -> Result<AssetId, StoreError> {
        let _ = asset;
        unimplemented!()
    }

    /// Link an asset to a case with a relation.
    pub fn link_asset(
        &mut self,
        case: CaseId,
        asset: AssetId,
        relation: Relation,
    ) -> Result<(), StoreError> {
        let _ = (case, asset, relation);
        unimplemented!()
    }

    /// Insert a timeline entry; sets and returns `entry.id`.
    pub fn insert_entry(&mut self, entry: &mut TimelineEntry) -> Result<EntryId, StoreError> {
        let _ = entry;
        unimplemented!()
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
        let _ = (record, evidence_bytes);
        unimplemented!()
    }

    /// Insert evidence with its bytes; computes size and SHA-256, sets and returns the id.
    pub fn insert_evidence(
        &mut self,
        evidence: &mut Evidence,
        bytes: &[u8],
    ) -> Result<EvidenceId, StoreError> {
        let _ = (evidence, bytes);
        unimplemented!()
    }
}
