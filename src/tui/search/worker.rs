//! The search service, owned by the run loop: two ranking workers (one per core), each
//! ranking one half of the corpus, and a merger that joins the halves into one
//! ranked list and sends it on as an action.
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
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Weak};
use std::thread;

use super::corpus::SearchCorpus;
use super::rank::{Hit, halves, match_indices, merge, narrows, sort_hits};
use super::{SearchAction, SearchResults};
use crate::tui::action::Action;

/// One pass to run: rank `corpus` against `query` for keystroke `generation`.
#[derive(Debug, Clone)]
pub struct SearchJob {
    pub generation: u64,
    pub query: String,
    pub corpus: Arc<SearchCorpus>,
}

/// One worker's ranked half.
struct Partial {
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

/// Threads that rank off the UI thread; results arrive on [`SearchService::try_recv`].
pub struct SearchService {
    latest: Generation,
    workers: Vec<Sender<SearchJob>>,
    results: Receiver<Action>,
    results_tx: Sender<Action>,
    submitted: u64,
}

impl SearchService {
    /// Start the two workers and the merger.
    pub fn start() -> SearchService {
        let latest = Generation::default();
        let (results_tx, results) = channel();
        let (partial_tx, partial_rx) = channel::<Partial>();
        let mut workers = Vec::new();
        for half in 0..2 {
            let (tx, rx) = channel::<SearchJob>();
            let latest = latest.clone();
            let partial_tx = partial_tx.clone();
            thread::spawn(move || work(half, &rx, &latest, &partial_tx));
            workers.push(tx);
        }
        drop(partial_tx);
        let merger_latest = latest.clone();
        let merger_tx = results_tx.clone();
        thread::spawn(move || merge_halves(&partial_rx, &merger_latest, &merger_tx));
        SearchService {
            latest,
            workers,
            results,
            results_tx,
            submitted: 0,
        }
    }

    /// A sender for actions that should arrive with the results (the corpus loader).
    pub fn sender(&self) -> Sender<Action> {
        self.results_tx.clone()
    }

    /// Ask for `generation`: every older pass becomes stale at once. An empty query
    /// only cancels (the screen shows the list without search).
    pub fn submit(&mut self, job: SearchJob) {
        self.submitted = job.generation;
        self.latest.set(job.generation);
        if !super::has_terms(&job.query) {
            return;
        }
        for worker in &self.workers {
            // A worker that has gone away leaves the search without results; the
            // screen keeps working.
            let _ = worker.send(job.clone());
        }
    }

    /// Hand the workers the screen's current query when it changed since the last
    /// call (or only cancel, when there is nothing to rank).
    pub fn sync(&mut self, app: &crate::tui::App) {
        let search = &app.search;
        if search.generation == self.submitted {
            return;
        }
        match search.job() {
            Some(job) => self.submit(job),
            None => {
                self.submitted = search.generation;
                self.latest.set(search.generation);
            }
        }
    }

    /// The generation last submitted.
    pub fn submitted(&self) -> u64 {
        self.submitted
    }

    /// A finished action (ranked results, or the loaded corpus), if one is waiting.
    pub fn try_recv(&self) -> Option<Action> {
        self.results.try_recv().ok()
    }

    /// Wait up to `timeout` for the next action (tests and benchmarks).
    pub fn recv_timeout(&self, timeout: std::time::Duration) -> Option<Action> {
        self.results.recv_timeout(timeout).ok()
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
        let hits = match self.candidates(corpus, query) {
            Some(among) => match_indices(corpus, among.iter().map(|&i| i as usize), query, stale),
            None => {
                let range = range.start.min(corpus.len())..range.end.min(corpus.len());
                match_indices(corpus, range, query, stale)
            }
        };
        let mut hits = hits?;
        self.remember(corpus, query, &hits);
        sort_hits(&mut hits);
        Some(hits)
    }
}

fn work(half: usize, jobs: &Receiver<SearchJob>, latest: &Generation, out: &Sender<Partial>) {
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
        let ranked = narrowing.rank(&job.corpus, range, &job.query, || {
            !latest.is_current(generation)
        });
        if let Some(hits) = ranked
            && out.send(Partial { generation, hits }).is_err()
        {
            return;
        }
    }
}

fn merge_halves(partials: &Receiver<Partial>, latest: &Generation, out: &Sender<Action>) {
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
                if out
                    .send(Action::Search(SearchAction::Results(results)))
                    .is_err()
                {
                    return;
                }
            }
            _ => waiting = Some(partial),
        }
    }
}

/// Load the corpus from the store file on a thread of its own (its own read-only
/// connection), so the first frame does not wait for it; it arrives as
/// `SearchAction::CorpusLoaded` (or `LoadFailed`).
pub fn load_corpus_in_background(path: std::path::PathBuf, out: Sender<Action>) {
    thread::spawn(move || {
        let action = match load_corpus(&path) {
            Ok(corpus) => Action::Search(SearchAction::CorpusLoaded(Arc::new(corpus))),
            Err(e) => Action::LoadFailed(format!("search is unavailable: {e}")),
        };
        let _ = out.send(action);
    });
}

/// Read the search corpus from the store at `path` with a read-only connection.
pub fn load_corpus(path: &std::path::Path) -> Result<SearchCorpus, crate::store::StoreError> {
    let store = crate::store::Store::open(path, crate::store::OpenMode::ReadOnly)?;
    SearchCorpus::load(&store)
}
