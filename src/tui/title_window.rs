//! The titles of the rows on screen, for a list that keeps none
//! ([`CaseTable::untitled`](super::case_table::CaseTable::untitled)): read from the
//! store for the rows about to be drawn, until the search corpus read after the
//! list (which holds every title) takes over.

use std::collections::HashMap;

use crate::domain::CaseId;

/// Titles kept at most; past it the window starts again from empty (a screenful
/// is a few dozen rows, so this is many screens of scrolling).
const LIMIT: usize = 4096;

/// Titles read from the store (or written from the screen) by case id, and the
/// ids asked for whose answer has not come (or failed: they are not asked again
/// until the list is read again, so a store that cannot answer is not asked in a
/// loop).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleWindow {
    titles: HashMap<CaseId, Option<Box<str>>>,
    /// The search corpus was read after the list, so it holds the titles of the
    /// list's cases as the store had them (and follows the screen's writes).
    corpus_current: bool,
}

impl TitleWindow {
    /// The title of case `id`, when read or written.
    pub fn get(&self, id: CaseId) -> Option<&str> {
        self.titles.get(&id).and_then(|t| t.as_deref())
    }

    /// Case `id`'s title is held or was asked for.
    pub fn knows(&self, id: CaseId) -> bool {
        self.titles.contains_key(&id)
    }

    /// Mark `ids` as asked for (starting again from empty when full).
    pub fn ask(&mut self, ids: &[CaseId]) {
        if self.titles.len().saturating_add(ids.len()) > LIMIT {
            self.titles.clear();
        }
        for &id in ids {
            self.titles.entry(id).or_insert(None);
        }
    }

    /// Case `id`'s title, as the store now holds it.
    pub fn put(&mut self, id: CaseId, title: &str) {
        if self.titles.len() >= LIMIT && !self.titles.contains_key(&id) {
            self.titles.clear();
        }
        self.titles.insert(id, Some(title.into()));
    }

    /// Whether the search corpus holds the list's titles.
    pub fn corpus_current(&self) -> bool {
        self.corpus_current
    }

    /// The search corpus was read after the list: it gives the titles now.
    pub fn corpus_read(&mut self) {
        self.corpus_current = true;
        self.titles = HashMap::new();
    }

    /// The list was read again: every title is to be read again, and a corpus held
    /// from before may be older than it.
    pub fn list_read(&mut self) {
        self.corpus_current = false;
        self.titles = HashMap::new();
    }

    /// Titles held or asked for.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.titles.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.titles.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asked_titles_are_known_until_answered_and_a_full_window_starts_again() {
        let mut window = TitleWindow::default();
        window.ask(&[1, 2]);
        assert!(window.knows(1) && window.knows(2) && !window.knows(3));
        assert_eq!(window.get(1), None);
        window.put(1, "Rotate key");
        assert_eq!(window.get(1), Some("Rotate key"));
        let many: Vec<CaseId> = (10..10 + LIMIT as CaseId).collect();
        window.ask(&many);
        assert_eq!(window.len(), LIMIT);
        assert!(!window.knows(1), "a full window starts again from empty");
        window.put(1, "again");
        assert_eq!(window.len(), 1);
        window.list_read();
        assert!(window.is_empty() && !window.corpus_current());
        window.put(5, "x");
        window.corpus_read();
        assert!(window.is_empty() && window.corpus_current());
    }
}
