//! The case list as the screen shows it: which case is at which row (the list's
//! own state, [`CaseListView`], given the table), and showing it again when the
//! search, a filter or the sort changed — keeping the selection when it can.

use chrono::{DateTime, Utc};

use super::App;
use crate::domain::{CaseId, CaseSummary};
use crate::tui::action::Pane;
use crate::tui::case_list_state::CaseListView;
use crate::tui::cursor::ListCursor;
use crate::tui::effects::Effect;
use crate::tui::search::{SearchState, has_terms};

impl App {
    /// Number of cases the list shows.
    pub fn shown_len(&self) -> usize {
        self.list.shown_len(&self.cases)
    }

    /// The position in `cases` of the case at row `row` of the list as shown.
    pub fn shown_index(&self, row: usize) -> Option<usize> {
        self.list.shown_index(&self.cases, row)
    }

    /// The id of the case at row `row` of the list as shown.
    pub fn shown_id(&self, row: usize) -> Option<CaseId> {
        self.shown_index(row).and_then(|i| self.cases.id(i))
    }

    /// The row at which the list shows the case `id`, if it does.
    pub fn row_of(&self, id: CaseId) -> Option<usize> {
        self.list.row_of(&self.cases, id)
    }

    /// The case at row `row` of the list as shown, with its position in `cases`.
    pub fn shown_case(&self, row: usize) -> Option<(usize, CaseSummary)> {
        let index = self.shown_index(row)?;
        let mut case = self.cases.summary(index)?;
        if !self.cases.is_titled() {
            case.title = self.case_title(index).into_owned();
        }
        Some((index, case))
    }

    /// The references of the cases shown, in order (for tests and reports).
    pub fn shown_refs(&self) -> Vec<&str> {
        (0..self.shown_len())
            .filter_map(|row| self.shown_index(row))
            .map(|i| self.cases.reference(i))
            .collect()
    }

    /// Every case of the list, in its table order (filters and sort aside).
    pub fn cases(&self) -> &crate::tui::case_table::CaseTable {
        &self.cases
    }

    /// The search state: query, generation, ranked results.
    pub fn search_state(&self) -> &SearchState {
        &self.search
    }

    /// The list's filter, sort and picker.
    pub fn list_view(&self) -> &CaseListView {
        &self.list
    }

    /// Set "now" for the age filter (the run loop passes its clock).
    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.list.now = now;
        self.refresh_list(self.selected_case().map(|c| c.id));
    }

    /// Rows the case list's header (the query line, the filter line) takes above its
    /// rows; the view draws them, `update` pages by what is left.
    pub fn header_rows(&self) -> usize {
        usize::from(self.shows_query()) + usize::from(self.list.shows_filter())
    }

    /// The query line is shown: the search is open or holds a query.
    pub fn shows_query(&self) -> bool {
        self.search.editing || !self.search.query.is_empty()
    }

    /// Recompute the shown list; keep `keep` selected when it is still shown, else
    /// the first row. Returns the load of the newly selected case when it changed.
    pub(crate) fn refresh_list(&mut self, keep: Option<CaseId>) -> Vec<Effect> {
        let before = self.selected_case().map(|c| c.id);
        self.reshow();
        self.reselect(keep, before)
    }

    /// Work out again which cases the list shows, in which order: the search
    /// ranking (when the query has terms), the filter and the sort.
    pub(crate) fn reshow(&mut self) {
        let ranked = self
            .search
            .ranked
            .as_deref()
            .filter(|_| has_terms(&self.search.query));
        let gaps = &self.gaps;
        self.list.reshow(&self.cases, |id| gaps.codes(id), ranked);
    }

    /// Select `keep` when the list shows it, else the first row. When that is not
    /// `before` (the case selected until now), the loaded record is dropped and the
    /// newly selected case's asked for.
    pub(crate) fn reselect(&mut self, keep: Option<CaseId>, before: Option<CaseId>) -> Vec<Effect> {
        self.reselect_near(keep, None, before)
    }

    /// As [`App::reselect`], but when the list no longer shows `keep`, the row
    /// nearest `near` (the row it was at) is selected instead of the first.
    pub(crate) fn reselect_near(
        &mut self,
        keep: Option<CaseId>,
        near: Option<usize>,
        before: Option<CaseId>,
    ) -> Vec<Effect> {
        let row = keep.and_then(|id| self.row_of(id)).or(near);
        let rows = self.pane_rows(Pane::Cases);
        let mut cursor = ListCursor::new(self.shown_len());
        cursor.move_by(isize::try_from(row.unwrap_or(0)).unwrap_or(0), rows);
        self.case_cursor = cursor;
        let after = self.selected_case().map(|c| c.id);
        if after == before {
            return Vec::new();
        }
        self.drop_record();
        after.map(Effect::LoadCase).into_iter().collect()
    }

    /// The selected case changed: its loaded record and the panes' cursors go.
    pub(crate) fn drop_record(&mut self) {
        self.record = None;
        self.trail = None;
        self.timeline_cursor = ListCursor::default();
        self.assets_cursor = ListCursor::default();
        self.evidence_cursor = ListCursor::default();
    }
}
