//! Fuzzy search over the case list: `/` opens the query line, every keystroke asks
//! for a new ranking (run off the UI thread by the [`SearchService`]), Esc restores
//! the list as it was, Enter keeps the results.

mod corpus;
mod keys;
mod rank;
mod score;
mod terms;
mod worker;
mod written;

use std::sync::Arc;

pub use corpus::{CaseText, CorpusBuilder, CorpusItem, SearchCorpus};
pub use keys::search_key;
pub use rank::{
    CHECK_EVERY, Highlight, Highlighter, Hit, halves, match_indices, merge, narrows, rank,
    rank_among, rank_range, sort_hits, term_narrows,
};
pub use score::{ELEMENT_LIMIT, Scorer, matcher};
pub use terms::{Pass, Terms, has_terms, terms};
pub use worker::{
    Generation, Narrowing, SearchJob, SearchService, load_corpus, load_corpus_in_background,
};
pub use written::case_written;

use super::action::Pane;
use super::app::App;
use super::case_list_state;
use super::effects::Effect;
use crate::domain::CaseId;

/// What happens to the search.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchAction {
    /// Open the query line (`/`).
    Start,
    /// A character typed into the query.
    Input(char),
    Backspace,
    /// Esc: close the query line and restore the list and selection from before it.
    Cancel,
    /// Enter: close the query line, keep the results, focus the list.
    Accept,
    /// Ranked results of one generation arrived from the workers.
    Results(SearchResults),
    /// The searchable text of every case was read.
    CorpusLoaded(Arc<SearchCorpus>),
}

/// The ranking of one generation (keystroke): corpus positions, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResults {
    pub generation: u64,
    pub hits: Vec<Hit>,
}

/// The list as it was before `/`, restored by Esc.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BeforeSearch {
    pub query: String,
    pub ranked: Option<Vec<u32>>,
    pub selected: Option<CaseId>,
}

/// The search part of the screen state.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// The query line has the keys.
    pub editing: bool,
    pub query: String,
    /// Bumped by every change of the query; only results of this one are applied.
    pub generation: u64,
    pub corpus: Option<Arc<SearchCorpus>>,
    /// Case list position of each corpus item (`u32::MAX` when not in the list).
    pub case_of: Vec<u32>,
    /// Corpus position of each case in the list (`u32::MAX` when not in the corpus).
    pub corpus_of: Vec<u32>,
    /// Ranked case positions for `query`, once its results arrived.
    pub ranked: Option<Vec<u32>>,
    /// The generation whose results `ranked` holds.
    pub ranked_generation: u64,
    pub before: Option<BeforeSearch>,
    /// The case to keep selected when the results asked for after a write arrive
    /// (other results select the best-ranked case).
    pub keep_on_results: Option<CaseId>,
}

impl SearchState {
    /// Results for the current query are still on their way.
    pub fn pending(&self) -> bool {
        has_terms(&self.query) && self.ranked_generation != self.generation
    }

    /// The corpus item of the case at list position `case`.
    pub fn item_of(&self, case: usize) -> Option<CorpusItem<'_>> {
        let corpus = self.corpus.as_ref()?;
        let index = *self.corpus_of.get(case)?;
        corpus.item(index as usize)
    }

    /// What the workers should rank now, when there is something to rank.
    pub fn job(&self) -> Option<SearchJob> {
        let corpus = self.corpus.clone()?;
        has_terms(&self.query).then(|| SearchJob {
            generation: self.generation,
            query: self.query.clone(),
            corpus,
        })
    }
}

/// Apply one search action.
pub fn update(app: &mut App, action: SearchAction) -> Vec<Effect> {
    let selected = app.selected_case().map(|c| c.id);
    let search = &mut app.search;
    match action {
        SearchAction::Start => {
            if !search.editing {
                search.editing = true;
                search.before = Some(BeforeSearch {
                    query: search.query.clone(),
                    ranked: search.ranked.clone(),
                    selected,
                });
                app.focus = Pane::Cases;
            }
            Vec::new()
        }
        SearchAction::Input(c) => {
            search.query.push(c);
            query_changed(app)
        }
        SearchAction::Backspace => {
            if search.query.pop().is_none() {
                return Vec::new();
            }
            query_changed(app)
        }
        SearchAction::Cancel => {
            let before = search.before.take().unwrap_or_default();
            search.editing = false;
            search.generation += 1;
            search.keep_on_results = None;
            search.query = before.query;
            search.ranked = before.ranked;
            search.ranked_generation = search.generation;
            case_list_state::refresh(app, before.selected)
        }
        SearchAction::Accept => {
            search.editing = false;
            search.before = None;
            app.focus = Pane::Cases;
            Vec::new()
        }
        SearchAction::Results(results) => {
            if results.generation != search.generation || !has_terms(&search.query) {
                return Vec::new();
            }
            let ranked = results
                .hits
                .iter()
                .filter_map(|h| search.case_of.get(h.index as usize).copied())
                .filter(|&i| i != u32::MAX)
                .collect();
            search.ranked = Some(ranked);
            search.ranked_generation = results.generation;
            // No case to keep (unless ranked again after a write): the first row,
            // the best-ranked case that passes the filter, is selected.
            let keep = search.keep_on_results.take();
            case_list_state::refresh(app, keep)
        }
        SearchAction::CorpusLoaded(corpus) => {
            search.corpus = Some(corpus);
            written::map_positions(search, &app.cases);
            if has_terms(&search.query) {
                // Rank what was typed before the corpus arrived.
                search.generation += 1;
            }
            Vec::new()
        }
    }
}

/// The query changed: a new generation, and the plain list back when it is empty.
fn query_changed(app: &mut App) -> Vec<Effect> {
    let search = &mut app.search;
    search.generation += 1;
    search.keep_on_results = None;
    if !has_terms(&search.query) {
        search.ranked = None;
        search.ranked_generation = search.generation;
        let keep = app.selected_case().map(|c| c.id);
        return case_list_state::refresh(app, keep);
    }
    Vec::new()
}
