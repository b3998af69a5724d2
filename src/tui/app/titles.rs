//! Case titles for a list that keeps none ([`CaseTable::untitled`]): the rows drawn
//! take theirs from the titles read for the window on screen, else from the search
//! corpus; `update` asks the store for the window's missing ones
//! ([`App::titles_wanted`]) before the frame is drawn.
//!
//! [`CaseTable::untitled`]: crate::tui::case_table::CaseTable::untitled

use std::borrow::Cow;

use super::App;
use crate::domain::CaseId;
use crate::tui::action::Pane;
use crate::tui::effects::Effect;

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

    /// The store read of the titles the list is about to draw and does not have
    /// (none for a list that keeps its titles). The window asked for is every row
    /// a list pane of the current size can show around the selection, whatever the
    /// header lines above it take.
    pub(crate) fn titles_wanted(&mut self) -> Option<Effect> {
        if self.cases.is_titled() {
            return None;
        }
        let selected = self.case_cursor.selected()?;
        let height = self.measures.pane_rows[Pane::Cases.index()].max(1);
        let rows =
            selected.saturating_add(1).saturating_sub(height)..selected.saturating_add(height);
        let corpus = self.titles.corpus_current();
        let ids: Vec<CaseId> = rows
            .filter_map(|row| self.shown_index(row))
            .filter(|&index| !(corpus && self.search.item_of(index).is_some()))
            .filter_map(|index| self.cases.id(index))
            .filter(|&id| !self.titles.knows(id))
            .collect();
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
