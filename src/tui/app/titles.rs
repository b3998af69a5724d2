//! Case titles for a list that keeps none ([`CaseTable::untitled`]): the rows drawn
//! (and the gaps view's case headings) take theirs from the titles read for the
//! window on screen, else from the search corpus; `update` asks the store for the
//! window's missing ones ([`App::titles_wanted`]) before the frame is drawn.
//!
//! [`CaseTable::untitled`]: crate::tui::case_table::CaseTable::untitled

use std::borrow::Cow;
use std::ops::Range;

use super::App;
use crate::domain::CaseId;
use crate::tui::action::Pane;
use crate::tui::effects::Effect;
use crate::tui::gaps_view::GapRow;
use crate::tui::screen::Screen;

/// Every row a window of at most `height` rows (at least one) that holds row
/// `selected` can show, whatever rows above it the header lines take.
fn around(selected: usize, height: usize) -> Range<usize> {
    let height = height.max(1);
    selected.saturating_add(1).saturating_sub(height)..selected.saturating_add(height)
}

impl App {
    /// The title of the case at list position `index`: the list's own, or (a list
    /// that keeps none) the one read for the screen, else the search corpus's; empty
    /// while neither has it.
    pub fn case_title(&self, index: usize) -> Cow<'_, str> {
        if self.cases.is_titled() {
            return Cow::Borrowed(self.cases.title(index));
        }
        if let Some(title) = self.cases.id(index).and_then(|id| self.titles.get(id)) {
            return Cow::Borrowed(title);
        }
        self.search
            .item_of(index)
            .map_or(Cow::Borrowed(""), |item| item.title)
    }

    /// The store read of the titles the screen is about to draw and does not have
    /// (none for a list that keeps its titles): those of the list's rows, and of
    /// the case headings of the gaps view grouped by case. The window asked for is
    /// every row a pane of the current size can show around the selection,
    /// whatever header lines above it take.
    pub(crate) fn titles_wanted(&mut self) -> Option<Effect> {
        if self.cases.is_titled() {
            return None;
        }
        let mut positions: Vec<usize> = Vec::new();
        if let Some(selected) = self.case_cursor.selected() {
            let height = self.measures.pane_rows[Pane::Cases.index()];
            positions.extend(around(selected, height).filter_map(|row| self.shown_index(row)));
        }
        if let Some(Screen::Gaps(view)) = &self.views.screen
            && let Some(selected) = view.cursor.selected()
        {
            let height = usize::from(self.measures.size.1);
            positions.extend(
                around(selected, height).filter_map(|row| match view.rows.get(row) {
                    Some(GapRow::Case { case, .. }) => self.cases.position(*case),
                    _ => None,
                }),
            );
        }
        let mut ids: Vec<CaseId> = positions
            .into_iter()
            .filter(|&index| !self.titles.corpus_current() || self.search.item_of(index).is_none())
            .filter_map(|index| self.cases.id(index))
            .filter(|&id| !self.titles.knows(id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return None;
        }
        self.titles.ask(&ids);
        Some(Effect::LoadTitles(ids))
    }

    /// Titles read from the store (`Action::TitlesLoaded`).
    pub(crate) fn titles_loaded(&mut self, titles: Vec<(CaseId, String)>) {
        for (id, title) in titles {
            self.titles.put(id, &title);
        }
    }
}
