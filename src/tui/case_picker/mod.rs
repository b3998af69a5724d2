//! "Go to case" (`p`): a fuzzy picker over every case. It ranks with the search's
//! matcher over the search corpus (reference, title, people, assets, tickets), off
//! the UI thread ([`PickerRanker`]), shows the best matches with their matched
//! characters lit, and Enter jumps to the chosen case (clearing a search or filter
//! that hides it) while the list's own search and filter are left alone otherwise.

mod ranker;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use ranker::{PickerRanker, rank_cases};

use super::action::Action;
use super::app::App;
use super::effects::Effect;
use super::screen::{JumpTarget, jump};
use super::search::has_terms;

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

/// Apply one picker action.
pub fn update(app: &mut App, action: CasePickerAction) -> Vec<Effect> {
    if action == CasePickerAction::Open {
        app.goto = Some(CasePicker::default());
        return Vec::new();
    }
    let Some(picker) = app.goto.as_mut() else {
        return Vec::new();
    };
    match action {
        CasePickerAction::Open => {}
        CasePickerAction::Input(c) => {
            picker.query.push(c);
            query_changed(picker);
        }
        CasePickerAction::Backspace => {
            if picker.query.pop().is_some() {
                query_changed(picker);
            }
        }
        CasePickerAction::Move(by) => {
            let last = picker.hits.len().saturating_sub(1);
            picker.selected = picker.selected.saturating_add_signed(by).min(last);
        }
        CasePickerAction::Close => app.goto = None,
        CasePickerAction::Results(results) => {
            if results.generation == picker.generation && has_terms(&picker.query) {
                picker.hits = results.hits;
                picker.ranked_generation = results.generation;
                picker.selected = 0;
            }
        }
        CasePickerAction::Accept => {
            let chosen = picker.hits.get(picker.selected).copied();
            let case = chosen.and_then(|index| {
                let corpus = app.search.corpus.as_ref()?;
                corpus.case_id(index as usize)
            });
            let Some(case) = case else {
                return Vec::new();
            };
            app.goto = None;
            return jump(app, case, JumpTarget::Case);
        }
    }
    Vec::new()
}

fn query_changed(picker: &mut CasePicker) {
    picker.generation += 1;
    if !has_terms(&picker.query) {
        picker.hits.clear();
        picker.ranked_generation = picker.generation;
    }
    picker.selected = 0;
}

/// The picker's keys: text goes into the query; arrows (or Ctrl-n / Ctrl-p) move,
/// Enter goes to the case, Esc closes.
pub fn picker_key(key: &KeyEvent) -> Option<Action> {
    let picker = Action::CasePicker;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('n') if ctrl => picker(CasePickerAction::Move(1)),
        KeyCode::Char('p') if ctrl => picker(CasePickerAction::Move(-1)),
        KeyCode::Char(c) if !ctrl => picker(CasePickerAction::Input(c)),
        KeyCode::Backspace => picker(CasePickerAction::Backspace),
        KeyCode::Down | KeyCode::Tab => picker(CasePickerAction::Move(1)),
        KeyCode::Up | KeyCode::BackTab => picker(CasePickerAction::Move(-1)),
        KeyCode::PageDown => picker(CasePickerAction::Move(10)),
        KeyCode::PageUp => picker(CasePickerAction::Move(-10)),
        KeyCode::Enter => picker(CasePickerAction::Accept),
        KeyCode::Esc => picker(CasePickerAction::Close),
        _ => return None,
    })
}
