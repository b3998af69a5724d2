//! The filter picker: a small box listing each filter and the sort, one row each;
//! j/k choose a row, h/l (or ←/→, Space) change its value, x clears everything,
//! Esc or Enter closes. Changes apply to the list at once.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Pane};
use super::app::App;
use super::case_list_state::refresh;
use super::effects::Effect;
use super::filter::{AgeFilter, CaseFilter, SortOrder};
use crate::domain::{CaseStatus, Severity};
use crate::rules::RuleCode;

/// What happens to the list's filter and sort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListAction {
    OpenPicker,
    ClosePicker,
    /// Move the picker's row by this many rows.
    PickerRow(isize),
    /// Step the value of the picker's row forward (1) or back (-1).
    PickerCycle(isize),
    /// Clear the search, every filter and the sort.
    Clear,
    /// Next sort order.
    CycleSort,
}

/// The rows of the picker, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerRow {
    Flagged,
    Rule,
    Status,
    Severity,
    Owner,
    Age,
    Sort,
}

impl PickerRow {
    pub const ALL: [PickerRow; 7] = [
        PickerRow::Flagged,
        PickerRow::Rule,
        PickerRow::Status,
        PickerRow::Severity,
        PickerRow::Owner,
        PickerRow::Age,
        PickerRow::Sort,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PickerRow::Flagged => "flagged only",
            PickerRow::Rule => "rule code",
            PickerRow::Status => "status",
            PickerRow::Severity => "severity",
            PickerRow::Owner => "owner",
            PickerRow::Age => "opened",
            PickerRow::Sort => "sort by",
        }
    }
}

/// The open picker: its row, and the owners to choose from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterPicker {
    pub row: usize,
    pub owners: Vec<String>,
}

/// The value of one row in words.
pub fn value_of(filter: &CaseFilter, sort: SortOrder, row: PickerRow) -> String {
    let any = || "any".to_string();
    match row {
        PickerRow::Flagged => if filter.flagged_only { "yes" } else { "no" }.to_string(),
        PickerRow::Rule => filter.rule.map_or_else(any, |r| r.as_str().to_string()),
        PickerRow::Status => filter.status.map_or_else(any, |s| s.as_str().to_string()),
        PickerRow::Severity => filter.severity.map_or_else(any, |s| s.as_str().to_string()),
        PickerRow::Owner => filter.owner.clone().unwrap_or_else(any),
        PickerRow::Age => filter.age.map_or_else(any, AgeFilter::label),
        PickerRow::Sort => sort.label().to_string(),
    }
}

/// Step an optional choice through `None, choices[0], …, choices[n-1]`, wrapping.
fn step<T: Clone + PartialEq>(current: Option<T>, choices: &[T], by: isize) -> Option<T> {
    let len = choices.len() + 1;
    let at = current
        .and_then(|c| choices.iter().position(|x| *x == c))
        .map_or(0, |i| i + 1);
    let by = by
        .rem_euclid(isize::try_from(len).unwrap_or(1))
        .unsigned_abs();
    let next = (at + by) % len;
    next.checked_sub(1).and_then(|i| choices.get(i).cloned())
}

/// Apply one list action.
pub fn update(app: &mut App, action: ListAction) -> Vec<Effect> {
    let keep = app.selected_case().map(|c| c.id);
    match action {
        ListAction::OpenPicker => {
            let mut owners: Vec<String> = app.cases.owners().map(str::to_string).collect();
            owners.sort();
            owners.dedup();
            app.list.picker = Some(FilterPicker { row: 0, owners });
            app.focus = Pane::Cases;
            return Vec::new();
        }
        ListAction::ClosePicker => {
            app.list.picker = None;
            return Vec::new();
        }
        ListAction::PickerRow(by) => {
            if let Some(picker) = &mut app.list.picker {
                let len = PickerRow::ALL.len();
                let by = by
                    .rem_euclid(isize::try_from(len).unwrap_or(1))
                    .unsigned_abs();
                picker.row = (picker.row + by) % len;
            }
            return Vec::new();
        }
        ListAction::PickerCycle(by) => {
            let Some(picker) = &app.list.picker else {
                return Vec::new();
            };
            let row = PickerRow::ALL
                .get(picker.row)
                .copied()
                .unwrap_or(PickerRow::Flagged);
            let owners = picker.owners.clone();
            let filter = &mut app.list.filter;
            match row {
                PickerRow::Flagged => filter.flagged_only = !filter.flagged_only,
                PickerRow::Rule => filter.rule = step(filter.rule, RuleCode::ALL, by),
                PickerRow::Status => filter.status = step(filter.status, CaseStatus::ALL, by),
                PickerRow::Severity => {
                    filter.severity = step(filter.severity, Severity::ALL, by);
                }
                PickerRow::Owner => filter.owner = step(filter.owner.take(), &owners, by),
                PickerRow::Age => filter.age = step(filter.age, &AgeFilter::CHOICES, by),
                PickerRow::Sort => {
                    let sorts = &SortOrder::ALL[1..];
                    app.list.sort =
                        step(Some(app.list.sort), sorts, by).unwrap_or(SortOrder::Reference);
                }
            }
        }
        ListAction::Clear => {
            app.list.filter = CaseFilter::default();
            app.list.sort = SortOrder::default();
            let search = &mut app.search;
            search.query.clear();
            search.ranked = None;
            search.editing = false;
            search.before = None;
            search.generation += 1;
            search.ranked_generation = search.generation;
        }
        ListAction::CycleSort => app.list.sort = app.list.sort.next(),
    }
    refresh(app, keep)
}

/// The action for a key while the picker is open.
pub fn picker_key(key: &KeyEvent) -> Option<Action> {
    let list = Action::List;
    Some(match key.code {
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Action::Quit,
        KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('f') => {
            list(ListAction::ClosePicker)
        }
        KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => list(ListAction::PickerRow(1)),
        KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => list(ListAction::PickerRow(-1)),
        KeyCode::Right | KeyCode::Char('l') | KeyCode::Char(' ') => {
            list(ListAction::PickerCycle(1))
        }
        KeyCode::Left | KeyCode::Char('h') => list(ListAction::PickerCycle(-1)),
        KeyCode::Char('x') => list(ListAction::Clear),
        _ => return None,
    })
}
