//! The search's ranking off the screen's thread: two ranking workers (one per core),
//! each ranking one half of the corpus ([`rank_half`]), and a merger that joins the
//! halves into one ranked list ([`merge_halves`]). The threads are started by
//! `tui::workers` (`SearchService`), which sends the results on as actions.
//!
//! Each worker remembers its last few complete passes ([`Narrowing`]): as a query
//! grows key by key, its matches are among those of the query before, so only those
//! are ranked again — the ranking is the same as a full pass gives. A pass that was
//! abandoned is never remembered.
//!
//! Every keystroke gets a new generation number. The latest wanted generation is one
//! shared atomic: a worker drops a job that is already stale when it picks it up, and
//! a pass checks it every [`CHECK_EVERY`](super::rank::CHECK_EVERY) items and gives up
//! when a newer keystroke arrived. The merger only joins halves of the latest
//! generation, and `update` ignores any result that is not of the generation the
//! screen asked for last — so a stale result can never replace a newer one.

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Weak};

use super::SearchResults;
use super::corpus::{ReadOrder, SearchCorpus};
use super::rank::{Hit, halves, match_indices_with, merge, narrows, sort_hits};
use super::tables::PassTables;
use crate::store::{OpenMode, Store, StoreError, StoreLocation};

/// One pass to run: rank `corpus` against `query` for keystroke `generation`.
#[derive(Debug, Clone)]
pub struct SearchJob {
    pub generation: u64,
    pub query: String,
    pub corpus: Arc<SearchCorpus>,
    /// The sieves and memos of this query over this corpus, which the two workers
    /// share (each clone of the job holds the same).
    pub tables: Arc<PassTables>,
}

/// Two jobs are the same when they rank the same query of the same generation over
/// the very same corpus.
impl PartialEq for SearchJob {
    fn eq(&self, other: &SearchJob) -> bool {
        self.generation == other.generation
            && self.query == other.query
            && Arc::ptr_eq(&self.corpus, &other.corpus)
    }
}

/// One worker's ranked half.
pub struct Partial {
    generation: u64,
    hits: Vec<Hit>,
}

/// The latest generation anyone wants; passes of any other one are stale.
#[derive(Debug, Clone, Default)]
pub struct Generation(Arc<AtomicU64>);

impl Generation {
    pub fn set(&self, generation: u64) {
        self.0.store(generation, Ordering::SeqCst);
    }

    pub fn is_current(&self, generation: u64) -> bool {
        self.0.load(Ordering::SeqCst) == generation
    }
}

/// How many complete passes a worker remembers to narrow later ones from.
const REMEMBERED: usize = 4;

/// A worker's complete passes over its half: for each query, the corpus positions it
/// matched (ascending). A later query that one of them [`narrows`] is ranked over
/// those positions only — the same ranking a full pass gives, for much less work
/// as the query grows. Forgotten when the corpus changes.
#[derive(Default)]
pub struct Narrowing {
    /// The corpus the passes were over (a `Weak` keeps its address from being
    /// reused while it is compared, without keeping the text alive).
    corpus: Weak<SearchCorpus>,
    passes: VecDeque<(String, Vec<u32>)>,
}

impl Narrowing {
    /// The fewest positions that hold every match of `query` in `corpus`, when a
    /// remembered pass narrows it.
    pub fn candidates(&self, corpus: &Arc<SearchCorpus>, query: &str) -> Option<&[u32]> {
        if !std::ptr::eq(self.corpus.as_ptr(), Arc::as_ptr(corpus)) {
            return None;
        }
        self.passes
            .iter()
            .filter(|(earlier, _)| narrows(earlier, query))
            .map(|(_, matched)| matched.as_slice())
            .min_by_key(|matched| matched.len())
    }

    /// Remember a complete pass: `hits` are every match of `query` in this half.
    pub fn remember(&mut self, corpus: &Arc<SearchCorpus>, query: &str, hits: &[Hit]) {
        if !std::ptr::eq(self.corpus.as_ptr(), Arc::as_ptr(corpus)) {
            self.passes.clear();
            self.corpus = Arc::downgrade(corpus);
        }
        self.passes.retain(|(earlier, _)| earlier != query);
        if self.passes.len() == REMEMBERED {
            self.passes.pop_front();
        }
        let mut matched: Vec<u32> = hits.iter().map(|h| h.index).collect();
        matched.sort_unstable();
        self.passes.push_back((query.to_string(), matched));
    }

    /// Rank `range` of `corpus` (this worker's half) against `query`, over the
    /// matches of a remembered pass when one narrows it, and remember the result.
    /// `None` when `stale` said the pass is no longer wanted.
    pub fn rank(
        &mut self,
        corpus: &Arc<SearchCorpus>,
        range: Range<usize>,
        query: &str,
        stale: impl FnMut() -> bool,
    ) -> Option<Vec<Hit>> {
        self.rank_with(corpus, range, query, &PassTables::default(), false, stale)
    }

    /// [`Narrowing::rank`] with the tables of a job, shared with the other
    /// worker's pass (see [`PassTables`]); `words_first` as [`match_indices_with`].
    pub fn rank_with(
        &mut self,
        corpus: &Arc<SearchCorpus>,
        range: Range<usize>,
        query: &str,
        tables: &PassTables,
        words_first: bool,
        stale: impl FnMut() -> bool,
    ) -> Option<Vec<Hit>> {
        let hits = match self.candidates(corpus, query) {
            Some(among) => {
                let among = among.iter().map(|&i| i as usize);
                match_indices_with(corpus, among, query, tables, words_first, stale)
            }
            None => {
                let range = range.start.min(corpus.len())..range.end.min(corpus.len());
                match_indices_with(corpus, range, query, tables, words_first, stale)
            }
        };
        let mut hits = hits?;
        self.remember(corpus, query, &hits);
        sort_hits(&mut hits);
        Some(hits)
    }
}

/// One ranking worker: rank half `half` of each job arriving on `jobs` (the newest
/// queued one, while it is still the latest generation) and send the ranked half to
/// the merger on `out`.
pub fn rank_half(
    half: usize,
    jobs: &Receiver<SearchJob>,
    latest: &Generation,
    out: &Sender<Partial>,
) {
    let mut narrowing = Narrowing::default();
    while let Ok(mut job) = jobs.recv() {
        // Only the newest waiting job matters.
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        if !latest.is_current(job.generation) {
            continue;
        }
        let range = halves(job.corpus.len())[half].clone();
        let generation = job.generation;
        // The two workers build one table each of the job's, at the same time.
        let ranked = narrowing.rank_with(
            &job.corpus,
            range,
            &job.query,
            &job.tables,
            half == 1,
            || !latest.is_current(generation),
        );
        if let Some(hits) = ranked
            && out.send(Partial { generation, hits }).is_err()
        {
            return;
        }
        super::idle::release_freed_memory();
    }
}

/// The merger: join the two ranked halves of the latest generation into one ranked
/// list and hand it to `deliver`; the loop ends when the workers are gone or
/// `deliver` answers false (nobody listens).
pub fn merge_halves(
    partials: &Receiver<Partial>,
    latest: &Generation,
    mut deliver: impl FnMut(SearchResults) -> bool,
) {
    let mut waiting: Option<Partial> = None;
    while let Ok(partial) = partials.recv() {
        if !latest.is_current(partial.generation) {
            continue;
        }
        match waiting.take() {
            Some(first) if first.generation == partial.generation => {
                let results = SearchResults {
                    generation: partial.generation,
                    hits: merge(first.hits, partial.hits),
                };
                if !deliver(results) {
                    return;
                }
                super::idle::release_freed_memory();
            }
            _ => waiting = Some(partial),
        }
    }
}

/// Read the search corpus from the store at `path` with a read-only connection.
pub fn load_corpus(path: &std::path::Path) -> Result<SearchCorpus, StoreError> {
    load_corpus_at(&StoreLocation::file(path), &ReadOrder::default())
}

/// Read the search corpus from the store at `location` with a read-only connection,
/// trying the `order` the list read beside it offers (see [`ReadOrder`]).
pub fn load_corpus_at(
    location: &StoreLocation,
    order: &ReadOrder,
) -> Result<SearchCorpus, StoreError> {
    SearchCorpus::load_beside(&Store::open_at(location, OpenMode::ReadOnly)?, order)
}
