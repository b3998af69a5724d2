//! Which cases the list shows and in what order: the search ranking, the filter and
//! the sort combined into one list of positions, recomputed when any of them changes.

use chrono::{DateTime, Utc};

use super::app::App;
use super::case_table::CaseTable;
use super::cursor::ListCursor;
use super::effects::Effect;
use super::filter::{CaseFilter, SortOrder, shown_cases};
use super::filter_picker::FilterPicker;
use crate::domain::{CaseId, CaseSummary};

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
}

impl App {
    /// Number of cases the list shows.
    pub fn shown_len(&self) -> usize {
        self.list.shown.as_ref().map_or(self.cases.len(), Vec::len)
    }

    /// The position in `cases` of the case at row `row` of the list as shown.
    pub fn shown_index(&self, row: usize) -> Option<usize> {
        let index = match &self.list.shown {
            Some(shown) => *shown.get(row)? as usize,
            None => row,
        };
        (index < self.cases.len()).then_some(index)
    }

    /// The id of the case at row `row` of the list as shown.
    pub fn shown_id(&self, row: usize) -> Option<CaseId> {
        self.shown_index(row).and_then(|i| self.cases.id(i))
    }

    /// The row at which the list shows the case `id`, if it does.
    pub fn row_of(&self, id: CaseId) -> Option<usize> {
        let index = self.cases.position(id)?;
        match &self.list.shown {
            None => Some(index),
            Some(shown) => shown.iter().position(|&i| i as usize == index),
        }
    }

    /// The case at row `row` of the list as shown, with its position in `cases`.
    pub fn shown_case(&self, row: usize) -> Option<(usize, CaseSummary)> {
        let index = self.shown_index(row)?;
        self.cases.summary(index).map(|c| (index, c))
    }

    /// The references of the cases shown, in order (for tests and reports).
    pub fn shown_refs(&self) -> Vec<&str> {
        (0..self.shown_len())
            .filter_map(|row| self.shown_index(row))
            .map(|i| self.cases.reference(i))
            .collect()
    }

    /// Every case of the list, in its table order (filters and sort aside).
    pub fn cases(&self) -> &super::case_table::CaseTable {
        &self.cases
    }

    /// The search state: query, generation, ranked results.
    pub fn search_state(&self) -> &super::search::SearchState {
        &self.search
    }

    /// The list's filter, sort and picker.
    pub fn list_view(&self) -> &CaseListView {
        &self.list
    }

    /// Set "now" for the age filter (the run loop passes its clock).
    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.list.now = now;
        refresh(self, self.selected_case().map(|c| c.id));
    }
}

/// Recompute the shown list; keep `keep` selected when it is still shown, else the
/// first row. Returns the load of the newly selected case when it changed.
pub fn refresh(app: &mut App, keep: Option<CaseId>) -> Vec<Effect> {
    let before = app.selected_case().map(|c| c.id);
    let ranked = app
        .search
        .ranked
        .as_deref()
        .filter(|_| crate::tui::search::has_terms(&app.search.query));
    app.list.shown = if ranked.is_none() && !app.list.is_narrowed(false) {
        None
    } else {
        Some(shown_cases(
            &app.cases,
            |id| app.codes_of(id),
            &app.list.filter,
            app.list.sort,
            app.list.now,
            ranked,
        ))
    };
    reselect(app, keep, before)
}

/// Select `keep` when the list shows it, else the first row. When that is not
/// `before` (the case selected until now), the loaded record is dropped and the
/// newly selected case's asked for.
pub(crate) fn reselect(app: &mut App, keep: Option<CaseId>, before: Option<CaseId>) -> Vec<Effect> {
    let row = keep.and_then(|id| app.row_of(id));
    let rows = super::update::pane_rows(app, super::action::Pane::Cases);
    let mut cursor = ListCursor::new(app.shown_len());
    cursor.move_by(isize::try_from(row.unwrap_or(0)).unwrap_or(0), rows);
    app.case_cursor = cursor;
    let after = app.selected_case().map(|c| c.id);
    if after == before {
        return Vec::new();
    }
    app.record = None;
    app.trail = None;
    app.timeline_cursor = ListCursor::default();
    app.assets_cursor = ListCursor::default();
    app.evidence_cursor = ListCursor::default();
    after.map(Effect::LoadCase).into_iter().collect()
}
