//! A refresh on the screen state: the case list read again put in place of the one
//! shown — the filter, sort and search kept, the selected case kept (or the row
//! nearest it) — and the selected case's record read again, the rows selected in
//! its panes kept.

use super::App;
use crate::domain::CaseRecord;
use crate::tui::action::Pane;
use crate::tui::cursor::ListCursor;
use crate::tui::effects::Effect;
use crate::tui::loaded::LoadedCases;
use crate::tui::search::list_reread;

impl App {
    /// Put the list read again in place of the one shown. The filter, sort and
    /// search results stay applied (the results follow their cases; an active
    /// query keeps the selected case when it is ranked again over the new corpus);
    /// the selected case stays selected while the list shows it, else the row
    /// nearest where it was is. Returns how many cases are new to the list, and
    /// the read of the selected case's record: again, or the newly selected case's.
    pub(crate) fn replace_list(&mut self, loaded: LoadedCases) -> (usize, Vec<Effect>) {
        let LoadedCases { cases, gaps } = loaded;
        let keep = self.selected_case().map(|c| c.id);
        let near = self.case_cursor.selected();
        let new = cases
            .ids()
            .iter()
            .filter(|&&id| self.cases.position(id).is_none())
            .count();
        list_reread(&mut self.search, &self.cases, &cases);
        if !self.search.pending() {
            self.search.keep_on_results = keep;
        }
        self.replace_cases(cases, gaps);
        self.reshow();
        let mut effects = self.reselect_near(keep, near, keep);
        if effects.is_empty() {
            // Still the same case: its record is read again (shown until it arrives).
            effects.extend(keep.map(Effect::LoadCase));
        }
        (new, effects)
    }

    /// The selected case's record read again (a refresh): the entry, asset and
    /// evidence selected stay selected when they are still there, else the row
    /// nearest. A record of another case is taken as any other arriving.
    pub(crate) fn record_reread(&mut self, record: CaseRecord) {
        let id = record.case.id;
        let again = self.record.as_ref().is_some_and(|r| r.case.id == id)
            && self.selected_case().map(|c| c.id) == Some(id);
        let Some(old) = self.record.as_ref().filter(|_| again) else {
            return self.record_loaded(record);
        };
        let panes = DETAIL_PANES.map(|pane| {
            let selected = self.cursor(pane).selected();
            let id = selected.and_then(|row| row_ids(old, pane).get(row).copied());
            let now = row_ids(&record, pane);
            let position = id.and_then(|id| now.iter().position(|&r| r == id));
            (
                pane,
                *self.cursor(pane),
                now.len(),
                position,
                self.pane_rows(pane),
            )
        });
        self.record_loaded(record);
        for (pane, cursor, len, position, rows) in panes {
            *self.cursor_mut(pane) = kept(cursor, len, position, rows);
        }
    }
}

/// The panes that show the selected case's record.
const DETAIL_PANES: [Pane; 3] = [Pane::Timeline, Pane::Assets, Pane::Evidence];

/// The ids of the rows a detail pane shows of `record`, in order.
fn row_ids(record: &CaseRecord, pane: Pane) -> Vec<i64> {
    match pane {
        Pane::Timeline => record.entries.iter().map(|e| e.id).collect(),
        Pane::Assets => record.assets.iter().map(|a| a.asset.id).collect(),
        Pane::Evidence => record.evidence.iter().map(|e| e.id).collect(),
        Pane::Cases => Vec::new(),
    }
}

/// `cursor` over a list now `len` rows long, moved to `position` (where its row
/// now is) when it is known, else left at the row it was on (clamped).
fn kept(cursor: ListCursor, len: usize, position: Option<usize>, height: usize) -> ListCursor {
    let mut cursor = cursor.resized(len);
    if let (Some(now), Some(to)) = (cursor.selected(), position) {
        let by = isize::try_from(to).unwrap_or(0) - isize::try_from(now).unwrap_or(0);
        cursor.move_by(by, height);
    }
    cursor
}
