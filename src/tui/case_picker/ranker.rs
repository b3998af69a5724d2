//! Ranking for the case picker on its own thread: the newest query wins, an older
//! pass gives up as soon as a newer one is asked for, and the results come back to
//! the run loop as actions.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use super::{CasePickerAction, KEPT, PickerResults};
use crate::tui::action::Action;
use crate::tui::app::App;
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

struct Job {
    generation: u64,
    query: String,
    corpus: Arc<SearchCorpus>,
}

/// The picker's ranking thread.
pub struct PickerRanker {
    jobs: Sender<Job>,
    latest: Arc<AtomicU64>,
    submitted: u64,
}

impl PickerRanker {
    /// Start the thread; results are sent to `out` as [`Action::CasePicker`].
    pub fn start(out: Sender<Action>) -> PickerRanker {
        let (jobs, inbox) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&latest);
        thread::spawn(move || work(&inbox, &seen, &out));
        PickerRanker {
            jobs,
            latest,
            submitted: 0,
        }
    }

    /// Ask for the ranking of the open picker's query when it changed since the last
    /// call and the corpus is there.
    pub fn sync(&mut self, app: &App) {
        let (Some(picker), Some(corpus)) = (&app.goto, &app.search.corpus) else {
            return;
        };
        if !picker.pending() || picker.generation == self.submitted {
            return;
        }
        self.submitted = picker.generation;
        self.latest.store(picker.generation, Ordering::SeqCst);
        let _ = self.jobs.send(Job {
            generation: picker.generation,
            query: picker.query.clone(),
            corpus: Arc::clone(corpus),
        });
    }
}

fn work(inbox: &Receiver<Job>, latest: &AtomicU64, out: &Sender<Action>) {
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
            if out
                .send(Action::CasePicker(CasePickerAction::Results(results)))
                .is_err()
            {
                return;
            }
        }
    }
}
