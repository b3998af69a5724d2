//! Walking every record of the store without holding them all: a chunk of cases at
//! a time (by id range), on one connection or spread over several threads, each
//! with its own read-only connection.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::sql::Connection;

use super::error::db;
use super::reads::{AssetCache, case_ids, case_record, records_in_range};
use super::trail_reads::{case_trail, trails_for, trails_in_range};
use super::{OpenMode, StoreError};
use crate::domain::{CaseId, CaseRecord, TrailRecord};

/// How many cases a walk holds in memory at once (per thread): about 10 kB each on a
/// generated store. Small enough that the threads of a walk finish together; the
/// queries per chunk cost nothing measurable down to 1,000.
pub(crate) const CHUNK_CASES: usize = 2_000;

/// Every case id, sorted, cut into id ranges of `chunk_cases` cases.
fn chunks(conn: &Connection, chunk_cases: usize) -> Result<Vec<(CaseId, CaseId)>, StoreError> {
    let mut ids = case_ids(conn)?;
    ids.sort_unstable();
    Ok(ids
        .chunks(chunk_cases.max(1))
        .filter_map(|chunk| Some((*chunk.first()?, *chunk.last()?)))
        .collect())
}

/// The cases one step of a walk loads.
pub(super) enum Chunk {
    /// Every case whose id lies in `first..=last`.
    Range(CaseId, CaseId),
    /// These cases, one by one (a few wanted cases among many).
    Cases(Vec<CaseId>),
}

/// Below one wanted case in this many of a chunk's cases, the wanted cases are read
/// one by one instead of loading the whole range.
const SPARSE: usize = 8;

/// The chunks of a walk over every case (`only` = `None`) or over the cases in
/// `only` (unknown ids skipped): every case id, sorted, cut into ranges of
/// `chunk_cases` cases; ranges without a wanted case are left out, and ranges with
/// few become lists of cases.
fn plan(
    conn: &Connection,
    chunk_cases: usize,
    only: Option<&HashSet<CaseId>>,
) -> Result<Vec<Chunk>, StoreError> {
    let Some(wanted) = only else {
        return Ok(chunks(conn, chunk_cases)?
            .into_iter()
            .map(|(first, last)| Chunk::Range(first, last))
            .collect());
    };
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids = case_ids(conn)?;
    ids.sort_unstable();
    let mut plan = Vec::new();
    for chunk in ids.chunks(chunk_cases.max(1)) {
        let picked: Vec<CaseId> = chunk
            .iter()
            .copied()
            .filter(|id| wanted.contains(id))
            .collect();
        match (picked.first(), picked.last()) {
            (Some(&first), Some(&last)) if picked.len() * SPARSE >= chunk.len() => {
                plan.push(Chunk::Range(first, last));
            }
            (Some(_), Some(_)) => plan.push(Chunk::Cases(picked)),
            _ => {}
        }
    }
    Ok(plan)
}

/// How a walk reads the records of a chunk, with what it keeps between chunks on
/// one thread: full [`CaseRecord`]s or the lean [`TrailRecord`]s.
pub(crate) trait ChunkReader: Default {
    type Record;
    /// The records of the cases whose ids lie in `first..=last`, in id order.
    fn range(
        &mut self,
        conn: &Connection,
        first: CaseId,
        last: CaseId,
    ) -> Result<Vec<Self::Record>, StoreError>;
    /// The record of one case; [`StoreError::NoSuchCase`] when it is gone.
    fn one(&mut self, conn: &Connection, id: CaseId) -> Result<Self::Record, StoreError>;
    /// The records of the cases in `ids` that are there, in id order: case by
    /// case unless the reader knows better.
    fn some(&mut self, conn: &Connection, ids: &[CaseId]) -> Result<Vec<Self::Record>, StoreError> {
        let mut sorted = ids.to_vec();
        sorted.sort_unstable();
        let mut records = Vec::with_capacity(ids.len());
        for id in sorted {
            match self.one(conn, id) {
                Ok(record) => records.push(record),
                // Gone from this connection's snapshot.
                Err(StoreError::NoSuchCase(_)) => {}
                Err(err) => return Err(err),
            }
        }
        Ok(records)
    }
    fn case_id(record: &Self::Record) -> CaseId;
}

/// Full records, each asset decoded once per thread.
#[derive(Default)]
pub(crate) struct Records {
    assets: AssetCache,
}

impl ChunkReader for Records {
    type Record = CaseRecord;

    fn range(
        &mut self,
        conn: &Connection,
        first: CaseId,
        last: CaseId,
    ) -> Result<Vec<CaseRecord>, StoreError> {
        records_in_range(conn, first, last, &mut self.assets)
    }

    fn one(&mut self, conn: &Connection, id: CaseId) -> Result<CaseRecord, StoreError> {
        case_record(conn, id)
    }

    fn case_id(record: &CaseRecord) -> CaseId {
        record.case.id
    }
}

/// What the rules read of each case (see `trail_reads.rs`).
#[derive(Default)]
pub(crate) struct Trails;

impl ChunkReader for Trails {
    type Record = TrailRecord;

    fn range(
        &mut self,
        conn: &Connection,
        first: CaseId,
        last: CaseId,
    ) -> Result<Vec<TrailRecord>, StoreError> {
        trails_in_range(conn, first, last)
    }

    fn one(&mut self, conn: &Connection, id: CaseId) -> Result<TrailRecord, StoreError> {
        case_trail(conn, id)
    }

    fn some(&mut self, conn: &Connection, ids: &[CaseId]) -> Result<Vec<TrailRecord>, StoreError> {
        trails_for(conn, ids)
    }

    fn case_id(record: &TrailRecord) -> CaseId {
        record.id
    }
}

/// The records of one chunk, in id order; those of a range limited to `only`.
pub(super) fn load_chunk<R: ChunkReader>(
    conn: &Connection,
    chunk: &Chunk,
    only: Option<&HashSet<CaseId>>,
    reader: &mut R,
) -> Result<Vec<R::Record>, StoreError> {
    match chunk {
        Chunk::Range(first, last) => {
            let mut records = reader.range(conn, *first, *last)?;
            if let Some(wanted) = only {
                records.retain(|record| wanted.contains(&R::case_id(record)));
            }
            Ok(records)
        }
        Chunk::Cases(ids) => reader.some(conn, ids),
    }
}

/// How many threads a walk uses: one per core, up to 4.
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// Every record, in id order, loaded `chunk_cases` cases at a time and handed to
/// `visit` one by one, from one snapshot; stops at the first error `visit` returns.
pub(crate) fn for_each_record<E: From<StoreError>>(
    conn: &Connection,
    chunk_cases: usize,
    mut visit: impl FnMut(CaseRecord) -> Result<(), E>,
) -> Result<(), E> {
    let snapshot = ReadSnapshot::begin(conn)?;
    let mut assets = AssetCache::default();
    for (first, last) in chunks(conn, chunk_cases)? {
        for record in records_in_range(conn, first, last, &mut assets)? {
            visit(record)?;
        }
    }
    snapshot.end()?;
    Ok(())
}

/// [`map_records`] over the cases in `ids` only (unknown ids skipped).
pub(crate) fn map_records_of<R: ChunkReader, T: Send>(
    conn: &Connection,
    location: &super::StoreLocation,
    threads: usize,
    chunk_cases: usize,
    ids: &[CaseId],
    map: impl Fn(R::Record) -> T + Sync,
) -> Result<Vec<T>, StoreError> {
    let only: HashSet<CaseId> = ids.iter().copied().collect();
    map_records::<R, _>(conn, location, threads, chunk_cases, Some(&only), map)
}

/// `map` applied to every record read by `R` (`only` = `None`) or to the records of the cases in
/// `only` (unknown ids skipped), results in id order, with the chunks of
/// `chunk_cases` cases shared out among `threads` threads: this connection and
/// `threads - 1` more opened read-only on `path`. Each connection reads from its own
/// snapshot (taken as it starts), so a write committed meanwhile may be seen by some
/// chunks and not by others; each record is read whole from one snapshot. Inside a
/// write transaction that has written nothing yet, no other write can commit until
/// it ends, so every snapshot is the transaction's own. With one thread, or when no
/// other connection can be opened, the walk runs on this connection alone.
pub(crate) fn map_records<R: ChunkReader, T: Send>(
    conn: &Connection,
    location: &super::StoreLocation,
    threads: usize,
    chunk_cases: usize,
    only: Option<&HashSet<CaseId>>,
    map: impl Fn(R::Record) -> T + Sync,
) -> Result<Vec<T>, StoreError> {
    let snapshot = ReadSnapshot::begin(conn)?;
    let plan = plan(conn, chunk_cases, only)?;
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Vec<T>)>> = Mutex::new(Vec::with_capacity(plan.len()));
    let work = |conn: &Connection| -> Result<(), StoreError> {
        let mut reader = R::default();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(chunk) = plan.get(index) else {
                return Ok(());
            };
            let mapped: Vec<T> = load_chunk(conn, chunk, only, &mut reader)?
                .into_iter()
                .map(&map)
                .collect();
            done.lock()
                .map_err(|_| StoreError::Invalid("a record walker panicked".into()))?
                .push((index, mapped));
        }
    };
    let extra = threads.saturating_sub(1).min(plan.len().saturating_sub(1));
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (0..extra)
            .filter_map(|_| super::open_connection(location, OpenMode::ReadOnly).ok())
            .map(|other| {
                scope.spawn(move || {
                    let snapshot = ReadSnapshot::begin(&other)?;
                    work(&other)?;
                    snapshot.end()
                })
            })
            .collect();
        let mine = work(conn);
        helpers
            .into_iter()
            .map(|helper| {
                helper
                    .join()
                    .unwrap_or_else(|_| Err(StoreError::Invalid("a record walker panicked".into())))
            })
            .fold(mine, Result::and)
    })?;
    snapshot.end()?;
    let mut done = done
        .into_inner()
        .map_err(|_| StoreError::Invalid("a record walker panicked".into()))?;
    done.sort_unstable_by_key(|(index, _)| *index);
    Ok(done.into_iter().flat_map(|(_, mapped)| mapped).collect())
}

/// A deferred read transaction, unless one is already open (inside a write).
pub(super) struct ReadSnapshot<'c> {
    conn: Option<&'c Connection>,
}

impl<'c> ReadSnapshot<'c> {
    pub(super) fn begin(conn: &'c Connection) -> Result<Self, StoreError> {
        if !conn.is_autocommit() {
            return Ok(ReadSnapshot { conn: None });
        }
        conn.begin_read().map_err(db)?;
        Ok(ReadSnapshot { conn: Some(conn) })
    }

    pub(super) fn end(mut self) -> Result<(), StoreError> {
        match self.conn.take() {
            Some(conn) => conn.commit().map_err(db),
            None => Ok(()),
        }
    }
}

impl Drop for ReadSnapshot<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            // Nothing was written; a failed rollback leaves nothing to undo.
            let _ = conn.rollback();
        }
    }
}
