//! "Go to case" (`p`): a fuzzy picker over every case. It ranks with the search's
//! matcher over the search corpus (reference, title, people, assets, tickets), off
//! the UI thread (`PickerRanker` of `tui::workers`), shows the best matches with their matched
//! characters lit, and Enter jumps to the chosen case (clearing a search or filter
//! that hides it) while the list's own search and filter are left alone otherwise.

mod ranker;

pub use ranker::{PickerJob, rank_cases, rank_jobs};

use std::collections::HashMap;
use std::sync::Arc;

use super::search::{SearchCorpus, has_terms};
use crate::domain::CaseId;

/// How many of the best matches the picker keeps.
pub const KEPT: usize = 200;

/// What happens to the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CasePickerAction {
    Open,
    Input(char),
    Backspace,
    /// Move the selection by this many rows.
    Move(isize),
    /// Enter: go to the selected case.
    Accept,
    Close,
    /// The ranking of one generation of the query arrived.
    Results(PickerResults),
}

/// The best matches for one generation of the query: corpus positions, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerResults {
    pub generation: u64,
    pub hits: Vec<u32>,
}

/// The open picker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CasePicker {
    pub query: String,
    /// Bumped by every change of the query; only its results are applied.
    pub generation: u64,
    /// The generation `hits` belong to.
    pub ranked_generation: u64,
    /// Corpus positions of the best matches, best first.
    pub hits: Vec<u32>,
    pub selected: usize,
}

impl CasePicker {
    /// Results for the current query are still on their way.
    pub fn pending(&self) -> bool {
        has_terms(&self.query) && self.ranked_generation != self.generation
    }
}

/// What a picker action asks of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerOutcome {
    Nothing,
    /// The query changed: rank it (see [`CasePicker::job`]).
    Rank,
    /// Close the picker.
    Close,
    /// Go to the case at this corpus position (none: nothing was chosen).
    Accept(Option<u32>),
}

impl CasePicker {
    /// Apply one action to the open picker (opening one is the screen's:
    /// `CasePicker::default()`).
    pub fn update(&mut self, action: CasePickerAction) -> PickerOutcome {
        match action {
            CasePickerAction::Open => {}
            CasePickerAction::Input(c) => {
                self.query.push(c);
                self.query_changed();
                return PickerOutcome::Rank;
            }
            CasePickerAction::Backspace => {
                if self.query.pop().is_some() {
                    self.query_changed();
                    return PickerOutcome::Rank;
                }
            }
            CasePickerAction::Move(by) => {
                let last = self.hits.len().saturating_sub(1);
                self.selected = self.selected.saturating_add_signed(by).min(last);
            }
            CasePickerAction::Close => return PickerOutcome::Close,
            CasePickerAction::Results(results) => {
                if results.generation == self.generation && has_terms(&self.query) {
                    self.hits = results.hits;
                    self.ranked_generation = results.generation;
                    self.selected = 0;
                }
            }
            CasePickerAction::Accept => {
                return PickerOutcome::Accept(self.hits.get(self.selected).copied());
            }
        }
        PickerOutcome::Nothing
    }

    /// The ranking to ask for over `corpus`: the query's, when its results are
    /// wanted (it is asked again when the corpus arrives).
    pub fn job(&self, corpus: &Arc<SearchCorpus>) -> Option<PickerJob> {
        self.pending().then(|| PickerJob {
            generation: self.generation,
            query: self.query.clone(),
            corpus: Arc::clone(corpus),
        })
    }

    /// The corpus was read again (a refresh): the hits, positions in `old`, follow
    /// their cases to their positions in `new` (a case `new` lacks drops out), and
    /// the query is to be ranked again over `new` (it is pending).
    pub fn corpus_replaced(&mut self, old: &SearchCorpus, new: &SearchCorpus) {
        let wanted: HashMap<CaseId, usize> = self
            .hits
            .iter()
            .enumerate()
            .filter_map(|(rank, &hit)| Some((old.case_id(hit as usize)?, rank)))
            .collect();
        let mut moved = vec![None; self.hits.len()];
        for (position, id) in new.case_ids().enumerate() {
            if let (Some(&rank), Ok(position)) = (wanted.get(&id), u32::try_from(position)) {
                moved[rank] = Some(position);
            }
        }
        self.hits = moved.into_iter().flatten().collect();
        self.selected = self.selected.min(self.hits.len().saturating_sub(1));
        if has_terms(&self.query) {
            self.generation += 1;
        }
    }

    fn query_changed(&mut self) {
        self.generation += 1;
        if !has_terms(&self.query) {
            self.hits.clear();
            self.ranked_generation = self.generation;
        }
        self.selected = 0;
    }
}
