//! Fuzzy search over the case list: `/` opens the query line, every keystroke asks
//! for a new ranking (an `Effect::Rank`, run off the UI thread by the
//! `SearchService` of `tui::workers`), Esc restores the list as it was, Enter keeps the results.

mod align;
mod corpus;
mod hit_sort;
mod idle;
mod rank;
mod reread;
mod score;
mod sieve;
mod tables;
mod terms;
mod worker;
mod written;

use std::sync::Arc;

pub use corpus::{CaseText, CorpusBuilder, CorpusItem, ReadOrder, SearchCorpus};
pub use rank::{
    CHECK_EVERY, Highlight, Highlighter, Hit, halves, match_indices, merge, narrows, rank,
    rank_among, rank_range, sort_hits, term_narrows,
};
pub use reread::list_reread;
pub use score::{ELEMENT_LIMIT, Scorer, matcher};
pub use tables::PassTables;
pub use terms::{Pass, Terms, has_terms, terms};
pub use worker::{
    Generation, Narrowing, Partial, SearchJob, load_corpus, load_corpus_at, merge_halves, rank_half,
};
pub use written::case_written;

use super::case_table::CaseTable;
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
    /// Each corpus item is the case at the same list position (the usual case: both
    /// hold the same cases in reference order). Then `case_of` and `corpus_of` are
    /// empty and a ranking is used as it comes: mapping 800,000 hits one by one took
    /// a frame's 100 ms at a million cases.
    pub aligned: bool,
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
        let index = if self.aligned {
            case
        } else {
            *self.corpus_of.get(case)? as usize
        };
        corpus.item(index)
    }

    /// What the workers should rank now, when there is something to rank.
    pub fn job(&self) -> Option<SearchJob> {
        let corpus = self.corpus.clone()?;
        has_terms(&self.query).then(|| SearchJob {
            generation: self.generation,
            query: self.query.clone(),
            corpus,
            tables: Arc::default(),
        })
    }
}

/// What a search action asks of the rest of the screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchOutcome {
    /// Show the list again, keeping this case selected (`None`: the first row).
    pub reshow: Option<Option<CaseId>>,
    /// Tell the workers of the current generation (rank it, or drop older passes).
    pub rank: bool,
    /// The case list takes the focus.
    pub focus_list: bool,
    /// The corpus arrived: a query typed into the "go to case" picker can be
    /// ranked now.
    pub corpus_arrived: bool,
}

impl SearchState {
    /// Apply one search action; `selected` is the case selected in the list, whose
    /// table is `cases`.
    pub fn update(
        &mut self,
        action: SearchAction,
        selected: Option<CaseId>,
        cases: &CaseTable,
    ) -> SearchOutcome {
        let focus_list = SearchOutcome {
            focus_list: true,
            ..SearchOutcome::default()
        };
        match action {
            SearchAction::Start => {
                if self.editing {
                    return SearchOutcome::default();
                }
                self.editing = true;
                self.before = Some(BeforeSearch {
                    query: self.query.clone(),
                    ranked: self.ranked.clone(),
                    selected,
                });
                focus_list
            }
            SearchAction::Input(c) => {
                self.query.push(c);
                self.query_changed(selected)
            }
            SearchAction::Backspace => match self.query.pop() {
                Some(_) => self.query_changed(selected),
                None => SearchOutcome::default(),
            },
            SearchAction::Cancel => self.cancel(),
            SearchAction::Accept => {
                self.editing = false;
                self.before = None;
                focus_list
            }
            SearchAction::Results(results) => self.results(results),
            SearchAction::CorpusLoaded(corpus) => {
                self.corpus = Some(corpus);
                written::map_positions(self, cases);
                // Rank what was typed before the corpus arrived.
                let rank = has_terms(&self.query);
                if rank {
                    self.generation += 1;
                }
                SearchOutcome {
                    rank,
                    corpus_arrived: true,
                    ..SearchOutcome::default()
                }
            }
        }
    }

    /// Clear the query and the results (the list's "clear everything"); the
    /// workers are to hear of the new generation.
    pub fn clear(&mut self) {
        self.query.clear();
        self.ranked = None;
        self.editing = false;
        self.before = None;
        self.generation += 1;
        self.ranked_generation = self.generation;
    }

    /// Esc: close the query line and restore the list and selection from before it.
    fn cancel(&mut self) -> SearchOutcome {
        let before = self.before.take().unwrap_or_default();
        self.editing = false;
        self.generation += 1;
        self.keep_on_results = None;
        self.query = before.query;
        self.ranked = before.ranked;
        self.ranked_generation = self.generation;
        SearchOutcome {
            reshow: Some(before.selected),
            rank: true,
            ..SearchOutcome::default()
        }
    }

    fn results(&mut self, results: SearchResults) -> SearchOutcome {
        if results.generation != self.generation || !has_terms(&self.query) {
            return SearchOutcome::default();
        }
        let ranked = if self.aligned {
            results.hits.iter().map(|h| h.index).collect()
        } else {
            results
                .hits
                .iter()
                .filter_map(|h| self.case_of.get(h.index as usize).copied())
                .filter(|&i| i != u32::MAX)
                .collect()
        };
        self.ranked = Some(ranked);
        self.ranked_generation = results.generation;
        // No case to keep (unless ranked again after a write): the first row,
        // the best-ranked case that passes the filter, is selected.
        SearchOutcome {
            reshow: Some(self.keep_on_results.take()),
            ..SearchOutcome::default()
        }
    }

    /// The query changed: a new generation, and the plain list back (keeping
    /// `selected`) when it is empty.
    fn query_changed(&mut self, selected: Option<CaseId>) -> SearchOutcome {
        self.generation += 1;
        self.keep_on_results = None;
        let mut outcome = SearchOutcome {
            rank: true,
            ..SearchOutcome::default()
        };
        if !has_terms(&self.query) {
            self.ranked = None;
            self.ranked_generation = self.generation;
            outcome.reshow = Some(selected);
        }
        outcome
    }
}
