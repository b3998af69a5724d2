//! Which cases the list shows and in what order: the search ranking, the filter and
//! the sort combined into one list of positions, recomputed when any of them changes;
//! and the list's own actions (the filter picker, the sort).

use chrono::{DateTime, Utc};

use super::case_table::CaseTable;
use super::filter::{CaseFilter, SortOrder, shown_cases};
use super::filter_picker::{FilterPicker, ListAction};
use crate::domain::CaseId;
use crate::rules::RuleSet;

/// The list's filter, sort and the positions they leave.
#[derive(Debug, Clone)]
pub struct CaseListView {
    pub filter: CaseFilter,
    pub sort: SortOrder,
    /// "Now" for the age filter, set by the run loop (`App::set_now`); until then
    /// the latest activity in the list.
    pub now: DateTime<Utc>,
    /// Positions into `App::cases`, in display order; `None` shows every case in
    /// store order.
    pub shown: Option<Vec<u32>>,
    pub picker: Option<FilterPicker>,
}

/// What a list action changed, for the screen to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListChange {
    /// Nothing the list shows (the picker's row, or nothing at all).
    Nothing,
    /// The picker opened: the list takes the focus.
    Opened,
    /// The filter or the sort changed: the list is to be shown again.
    Reshow,
    /// Every filter and the sort were cleared: the search is to be cleared too, and
    /// the list shown again.
    Cleared,
}

impl CaseListView {
    pub fn new(cases: &CaseTable) -> CaseListView {
        CaseListView {
            filter: CaseFilter::default(),
            sort: SortOrder::default(),
            now: (0..cases.len())
                .filter_map(|i| cases.last_activity(i))
                .max()
                .unwrap_or_default(),
            shown: None,
            picker: None,
        }
    }

    /// Filtered, sorted or searched: the list is not simply every case.
    pub fn is_narrowed(&self, searching: bool) -> bool {
        searching || !self.filter.is_empty() || self.sort != SortOrder::Reference
    }

    /// The filter line is shown: a filter or a sort other than by reference.
    pub fn shows_filter(&self) -> bool {
        !self.filter.is_empty() || self.sort != SortOrder::Reference
    }

    /// Number of cases of `cases` the list shows.
    pub fn shown_len(&self, cases: &CaseTable) -> usize {
        self.shown.as_ref().map_or(cases.len(), Vec::len)
    }

    /// The position in `cases` of the case at row `row` of the list as shown.
    pub fn shown_index(&self, cases: &CaseTable, row: usize) -> Option<usize> {
        let index = match &self.shown {
            Some(shown) => *shown.get(row)? as usize,
            None => row,
        };
        (index < cases.len()).then_some(index)
    }

    /// The row at which the list shows the case `id` of `cases`, if it does.
    pub fn row_of(&self, cases: &CaseTable, id: CaseId) -> Option<usize> {
        let index = cases.position(id)?;
        match &self.shown {
            None => Some(index),
            Some(shown) => shown.iter().position(|&i| i as usize == index),
        }
    }

    /// Work out the shown positions again over `cases`, whose gaps' codes
    /// `codes_of` gives, with `ranked`, the search's ranking when it has terms.
    pub fn reshow(
        &mut self,
        cases: &CaseTable,
        codes_of: impl Fn(CaseId) -> RuleSet,
        ranked: Option<&[u32]>,
    ) {
        self.shown = if ranked.is_none() && !self.is_narrowed(false) {
            None
        } else {
            Some(shown_cases(
                cases,
                codes_of,
                &self.filter,
                self.sort,
                self.now,
                ranked,
            ))
        };
    }

    /// Apply one list action; `owners` lists the owners to choose from when the
    /// picker opens.
    pub fn apply(
        &mut self,
        action: ListAction,
        owners: impl FnOnce() -> Vec<String>,
    ) -> ListChange {
        match action {
            ListAction::OpenPicker => {
                self.picker = Some(FilterPicker::new(owners()));
                ListChange::Opened
            }
            ListAction::ClosePicker => {
                self.picker = None;
                ListChange::Nothing
            }
            ListAction::PickerRow(by) => {
                if let Some(picker) = &mut self.picker {
                    picker.move_row(by);
                }
                ListChange::Nothing
            }
            ListAction::PickerCycle(by) => match &self.picker {
                Some(picker) => {
                    picker.cycle(&mut self.filter, &mut self.sort, by);
                    ListChange::Reshow
                }
                None => ListChange::Nothing,
            },
            ListAction::Clear => {
                self.filter = CaseFilter::default();
                self.sort = SortOrder::default();
                ListChange::Cleared
            }
            ListAction::CycleSort => {
                self.sort = self.sort.next();
                ListChange::Reshow
            }
        }
    }
}
