//! The threads off the screen's thread, owned by the run loop: the search's ranking
//! workers ([`SearchService`]), the "go to case" picker's ranker ([`PickerRanker`])
//! and the corpus load. What they find comes back to the screen as [`Action`]s —
//! the rankings themselves are the children's (`tui::search`, `tui::case_picker`),
//! which know nothing of actions.

mod picker_ranker;
mod search_service;

use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::thread;

pub use picker_ranker::PickerRanker;
pub use search_service::SearchService;

use super::action::Action;
use super::search::{ReadOrder, SearchAction, load_corpus_at};
use crate::store::StoreLocation;

/// Load the corpus from the store at `location` on a thread of its own (its own
/// read-only connection), so the first frame does not wait for it; it arrives as
/// `SearchAction::CorpusLoaded` (or `LoadFailed`).
pub fn load_corpus_in_background(location: StoreLocation, out: Sender<Action>) {
    thread::spawn(move || {
        let _ = out.send(corpus_action(&location, &ReadOrder::default()));
    });
}

/// Start reading the corpus from the store at `location` on a thread of its own;
/// the handle's `join` gives the action that hands it over. Lets the caller read
/// something else meanwhile (the list, which offers its rows' `order`) and still
/// send the two in its own order.
pub fn read_corpus_beside(
    location: StoreLocation,
    order: Arc<ReadOrder>,
) -> thread::JoinHandle<Action> {
    thread::spawn(move || corpus_action(&location, &order))
}

/// The corpus of the store at `location` as the action that hands it over.
fn corpus_action(location: &StoreLocation, order: &ReadOrder) -> Action {
    match load_corpus_at(location, order) {
        Ok(corpus) => Action::Search(SearchAction::CorpusLoaded(Arc::new(corpus))),
        Err(e) => Action::LoadFailed(format!("search is unavailable: {e}")),
    }
}
