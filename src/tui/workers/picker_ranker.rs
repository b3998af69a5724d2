//! The "go to case" picker's ranking thread; its results arrive as actions.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread;

use super::super::action::Action;
use super::super::case_picker::{CasePickerAction, PickerJob, rank_jobs};

/// The picker's ranking thread.
pub struct PickerRanker {
    jobs: Sender<PickerJob>,
    latest: Arc<AtomicU64>,
}

impl PickerRanker {
    /// Start the thread; results are sent to `out` as [`Action::CasePicker`].
    pub fn start(out: Sender<Action>) -> PickerRanker {
        let (jobs, inbox) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&latest);
        thread::spawn(move || {
            rank_jobs(&inbox, &seen, |results| {
                out.send(Action::CasePicker(CasePickerAction::Results(results)))
                    .is_ok()
            });
        });
        PickerRanker { jobs, latest }
    }

    /// Rank `job`: every older pass gives up.
    pub fn submit(&mut self, job: PickerJob) {
        self.latest.store(job.generation, Ordering::SeqCst);
        let _ = self.jobs.send(job);
    }
}
