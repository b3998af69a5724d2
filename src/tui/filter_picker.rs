//! The filter picker: a small box listing each filter and the sort, one row each;
//! by default j/k choose a row, h/l (or ←/→, Space) change its value, x clears
//! everything, Esc or Enter closes (`[filter]` in the key map). Changes apply to
//! the list at once.

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

impl FilterPicker {
    /// The picker on its first row, offering `owners` (sorted, each once).
    pub fn new(mut owners: Vec<String>) -> FilterPicker {
        owners.sort();
        owners.dedup();
        FilterPicker { row: 0, owners }
    }

    /// Move the picker's row by `by` rows, wrapping around.
    pub fn move_row(&mut self, by: isize) {
        let len = PickerRow::ALL.len();
        let by = by
            .rem_euclid(isize::try_from(len).unwrap_or(1))
            .unsigned_abs();
        self.row = (self.row + by) % len;
    }

    /// Step the value of the picker's row in `filter` or `sort` by `by`.
    pub fn cycle(&self, filter: &mut CaseFilter, sort: &mut SortOrder, by: isize) {
        let row = PickerRow::ALL
            .get(self.row)
            .copied()
            .unwrap_or(PickerRow::Flagged);
        match row {
            PickerRow::Flagged => filter.flagged_only = !filter.flagged_only,
            PickerRow::Rule => filter.rule = step(filter.rule, RuleCode::ALL, by),
            PickerRow::Status => filter.status = step(filter.status, CaseStatus::ALL, by),
            PickerRow::Severity => filter.severity = step(filter.severity, Severity::ALL, by),
            PickerRow::Owner => filter.owner = step(filter.owner.take(), &self.owners, by),
            PickerRow::Age => filter.age = step(filter.age, &AgeFilter::CHOICES, by),
            PickerRow::Sort => {
                *sort = step(Some(*sort), &SortOrder::ALL[1..], by).unwrap_or(SortOrder::Reference);
            }
        }
    }
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
