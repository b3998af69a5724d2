//! Ranking for the case picker off the screen's thread: the newest query wins, an
//! older pass gives up as soon as a newer one is asked for. The thread itself is
//! started by `tui::workers` (`PickerRanker`), which sends the results on as actions.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Receiver;

use super::{KEPT, PickerResults};
use crate::tui::search::{SearchCorpus, rank_range};

/// The best [`KEPT`] corpus positions for `query`, best first, or `None` when `stale`
/// answered true before the pass ended.
pub fn rank_cases(
    corpus: &SearchCorpus,
    query: &str,
    stale: impl FnMut() -> bool,
) -> Option<Vec<u32>> {
    let hits = rank_range(corpus, 0..corpus.len(), query, stale)?;
    Some(hits.iter().take(KEPT).map(|h| h.index).collect())
}

/// One ranking to run: `query` of `generation` over `corpus`.
#[derive(Debug, Clone)]
pub struct PickerJob {
    pub generation: u64,
    pub query: String,
    pub corpus: Arc<SearchCorpus>,
}

/// The same query of the same generation over the very same corpus.
impl PartialEq for PickerJob {
    fn eq(&self, other: &PickerJob) -> bool {
        self.generation == other.generation
            && self.query == other.query
            && Arc::ptr_eq(&self.corpus, &other.corpus)
    }
}

/// Rank the jobs arriving on `inbox` until it closes, the newest queued one first;
/// a pass gives up once `latest` names a newer generation. Each finished ranking
/// goes to `deliver`; when that answers false (nobody listens), the loop ends.
pub fn rank_jobs(
    inbox: &Receiver<PickerJob>,
    latest: &AtomicU64,
    mut deliver: impl FnMut(PickerResults) -> bool,
) {
    while let Ok(mut job) = inbox.recv() {
        // Only the newest of the queued queries is worth ranking.
        while let Ok(newer) = inbox.try_recv() {
            job = newer;
        }
        let stale = || latest.load(Ordering::SeqCst) != job.generation;
        if let Some(hits) = rank_cases(&job.corpus, &job.query, stale) {
            let results = PickerResults {
                generation: job.generation,
                hits,
            };
            if !deliver(results) {
                return;
            }
        }
    }
}
