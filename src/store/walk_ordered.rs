//! Walking every record in case-reference order and handing the results on chunk by
//! chunk as they become ready, so a caller can stream them (`check` on a store of a
//! million cases) while holding only a few chunks at once.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex};

use super::sql::Connection;

use super::error::db;
use super::walk::{Chunk, ChunkReader, ReadSnapshot, load_chunk};
use super::{OpenMode, StoreError};
use crate::domain::CaseId;

/// How far (in chunks) the helper threads may run ahead of the chunk handed on
/// last, per thread: enough to keep every core busy, few enough that memory stays
/// bounded by the chunk size, not the store.
const AHEAD_PER_THREAD: usize = 2;

/// Every case id in reference order, cut into chunks of `chunk_cases` cases. A chunk
/// whose ids make up a whole id range is read as that range; any other by its list
/// of ids (references need not follow ids: generated and imported cases interleave
/// years).
fn plan(conn: &Connection, chunk_cases: usize) -> Result<Vec<Chunk>, StoreError> {
    let ids: Vec<CaseId> = {
        let mut statement = conn
            .prepare_cached("SELECT id FROM cases ORDER BY reference")
            .map_err(db)?;
        let rows = statement.query_map((), |row| row.get(0)).map_err(db)?;
        rows.collect::<Result<_, _>>().map_err(db)?
    };
    Ok(ids
        .chunks(chunk_cases.max(1))
        .filter_map(|chunk| {
            let first = *chunk.iter().min()?;
            let last = *chunk.iter().max()?;
            // Ids are unique: a chunk that fills its span is that range.
            let span = usize::try_from(last.saturating_sub(first)).unwrap_or(usize::MAX);
            let read = if span.saturating_add(1) == chunk.len() {
                Chunk::Range(first, last)
            } else {
                Chunk::Cases(chunk.to_vec())
            };
            Some(read)
        })
        .collect())
}

/// What the threads share: the next chunk to take, the finished chunks not yet
/// handed on, and the first error.
struct Shared<T> {
    next: usize,
    handed: usize,
    ready: BTreeMap<usize, Vec<T>>,
    /// Set on the first error (kept in `failed` until the caller takes it).
    stopped: bool,
    failed: Option<StoreError>,
}

/// `map` applied to every record read by `R`, the results of each chunk of
/// `chunk_cases` cases passed to `emit` in case-reference order (within a chunk
/// too), from one snapshot per connection as [`super::walk::map_records`] reads. The
/// chunks are shared out among `threads` threads (this connection and read-only
/// ones opened on `path`); `emit` runs on the calling thread, and the helpers wait
/// when they are [`AHEAD_PER_THREAD`] chunks per thread ahead of it. The first error,
/// from the store or from `emit`, stops the walk.
pub(crate) fn visit_in_reference_order<R, T, E>(
    conn: &Connection,
    location: &super::StoreLocation,
    threads: usize,
    chunk_cases: usize,
    map: impl Fn(R::Record) -> T + Sync,
    reference: impl Fn(&R::Record) -> &str + Sync,
    mut emit: impl FnMut(Vec<T>) -> Result<(), E>,
) -> Result<(), E>
where
    R: ChunkReader,
    T: Send,
    E: From<StoreError>,
{
    let snapshot = ReadSnapshot::begin(conn)?;
    let plan = plan(conn, chunk_cases)?;
    let threads = threads.max(1);
    let ahead = threads.saturating_mul(AHEAD_PER_THREAD).max(1);
    let shared = Mutex::new(Shared {
        next: 0,
        handed: 0,
        ready: BTreeMap::new(),
        stopped: false,
        failed: None,
    });
    let changed = Condvar::new();
    let poisoned = || StoreError::Invalid("a record walker panicked".into());
    // One chunk read and mapped, its records in reference order.
    let read = |conn: &Connection, reader: &mut R, index: usize| -> Result<Vec<T>, StoreError> {
        let Some(chunk) = plan.get(index) else {
            return Ok(Vec::new());
        };
        let mut records = load_chunk(conn, chunk, None, reader)?;
        records.sort_by(|a, b| reference(a).cmp(reference(b)));
        Ok(records.into_iter().map(&map).collect())
    };
    let helper = |other: Connection| -> Result<(), StoreError> {
        let snapshot = ReadSnapshot::begin(&other)?;
        let mut reader = R::default();
        loop {
            let index = {
                let mut state = shared.lock().map_err(|_| poisoned())?;
                while !state.stopped && state.next >= state.handed.saturating_add(ahead) {
                    state = changed.wait(state).map_err(|_| poisoned())?;
                }
                if state.stopped || state.next >= plan.len() {
                    break;
                }
                state.next += 1;
                state.next - 1
            };
            let result = read(&other, &mut reader, index);
            let mut state = shared.lock().map_err(|_| poisoned())?;
            match result {
                Ok(mapped) => {
                    state.ready.insert(index, mapped);
                }
                Err(err) => {
                    state.stopped = true;
                    state.failed.get_or_insert(err);
                }
            }
            changed.notify_all();
        }
        snapshot.end()
    };
    let outcome: Result<(), E> = std::thread::scope(|scope| {
        let extra = threads.saturating_sub(1).min(plan.len().saturating_sub(1));
        let helpers: Vec<_> = (0..extra)
            .filter_map(|_| super::open_connection(location, OpenMode::ReadOnly).ok())
            .map(|other| scope.spawn(move || helper(other)))
            .collect();
        let stop = |shared: &Mutex<Shared<T>>, err: StoreError| {
            if let Ok(mut state) = shared.lock() {
                state.stopped = true;
                state.failed.get_or_insert(err);
            }
            changed.notify_all();
        };
        let mut reader = R::default();
        let mut result: Result<(), E> = Ok(());
        loop {
            // Hand on what is ready, in order; take a chunk if one is left; else
            // wait for the helpers' chunks.
            let (ready, mine) = {
                let Ok(mut state) = shared.lock() else {
                    result = Err(poisoned().into());
                    break;
                };
                if let Some(err) = state.failed.take() {
                    result = Err(err.into());
                    break;
                }
                let mut ready = Vec::new();
                loop {
                    let handed = state.handed;
                    let Some(mapped) = state.ready.remove(&handed) else {
                        break;
                    };
                    ready.push(mapped);
                    state.handed += 1;
                }
                let room =
                    state.next < plan.len() && state.next < state.handed.saturating_add(ahead);
                if state.handed >= plan.len() || !ready.is_empty() {
                    (ready, None)
                } else if room {
                    state.next += 1;
                    (ready, Some(state.next - 1))
                } else {
                    // The next chunk to hand on is being read by a helper.
                    let _woken = changed.wait(state);
                    continue;
                }
            };
            changed.notify_all();
            let done = ready.is_empty() && mine.is_none();
            if let Err(err) = ready.into_iter().try_for_each(&mut emit) {
                stop(&shared, StoreError::Invalid("the walk was stopped".into()));
                result = Err(err);
                break;
            }
            if let Some(index) = mine {
                match read(conn, &mut reader, index) {
                    Ok(mapped) => {
                        if let Ok(mut state) = shared.lock() {
                            state.ready.insert(index, mapped);
                        }
                    }
                    Err(err) => stop(&shared, err),
                }
            }
            if done {
                break;
            }
        }
        let helpers = helpers
            .into_iter()
            .map(|helper| helper.join().unwrap_or_else(|_| Err(poisoned())))
            .fold(Ok(()), Result::and);
        result.and(helpers.map_err(E::from))
    });
    outcome?;
    snapshot.end()?;
    Ok(())
}
