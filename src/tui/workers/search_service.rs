//! The search service: two ranking workers (one per core), each ranking one half of
//! the corpus, and a merger that joins the halves into one ranked list and sends it
//! on as an action (see `tui::search::worker` for how a pass is ranked and dropped
//! when stale).

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Weak};
use std::thread;

use super::super::action::Action;
use super::super::search::{
    Generation, Partial, PassTables, SearchAction, SearchCorpus, SearchJob, has_terms,
    merge_halves, rank_half,
};

/// Threads that rank off the UI thread; results arrive on [`SearchService::try_recv`].
pub struct SearchService {
    latest: Generation,
    workers: Vec<Sender<SearchJob>>,
    results: Receiver<Action>,
    results_tx: Sender<Action>,
    submitted: u64,
    /// The tables of the last query ranked and the corpus they are over (a `Weak`
    /// keeps its address from being reused while it is compared): the next query
    /// over the same corpus takes its terms' tables over.
    last: Option<(Weak<SearchCorpus>, Arc<PassTables>)>,
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
            thread::spawn(move || rank_half(half, &rx, &latest, &partial_tx));
            workers.push(tx);
        }
        drop(partial_tx);
        let merger_latest = latest.clone();
        let merger_tx = results_tx.clone();
        thread::spawn(move || {
            merge_halves(&partial_rx, &merger_latest, |results| {
                merger_tx
                    .send(Action::Search(SearchAction::Results(results)))
                    .is_ok()
            });
        });
        SearchService {
            latest,
            workers,
            results,
            results_tx,
            submitted: 0,
            last: None,
        }
    }

    /// A sender for actions that should arrive with the results (the corpus loader).
    pub fn sender(&self) -> Sender<Action> {
        self.results_tx.clone()
    }

    /// Ask for `generation`: every older pass becomes stale at once. An empty query
    /// only cancels (the screen shows the list without search).
    pub fn submit(&mut self, mut job: SearchJob) {
        self.submitted = job.generation;
        self.latest.set(job.generation);
        if !has_terms(&job.query) {
            return;
        }
        if let Some((corpus, tables)) = &self.last
            && std::ptr::eq(corpus.as_ptr(), Arc::as_ptr(&job.corpus))
        {
            job.tables = Arc::new(PassTables::after(tables));
        }
        self.last = Some((Arc::downgrade(&job.corpus), Arc::clone(&job.tables)));
        for worker in &self.workers {
            // A worker that has gone away leaves the search without results; the
            // screen keeps working.
            let _ = worker.send(job.clone());
        }
    }

    /// No ranking is wanted for `generation` (the query has no terms, or there is
    /// no corpus yet): every older pass becomes stale.
    pub fn cancel(&mut self, generation: u64) {
        self.submitted = generation;
        self.latest.set(generation);
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
