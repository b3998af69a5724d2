//! Selection and scroll offset of one list, kept by the app so that only the
//! visible rows are ever built.

use std::ops::Range;

/// Selected row and first visible row of a list of `len` rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    selected: usize,
    offset: usize,
    len: usize,
}

impl ListCursor {
    pub fn new(len: usize) -> ListCursor {
        ListCursor {
            selected: 0,
            offset: 0,
            len,
        }
    }

    /// The selected row, or `None` when the list is empty.
    pub fn selected(&self) -> Option<usize> {
        (self.len > 0).then_some(self.selected)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The same selection and scroll over the list when it is now `len` rows long
    /// (both clamped to it).
    pub fn resized(self, len: usize) -> ListCursor {
        let last = len.saturating_sub(1);
        ListCursor {
            selected: self.selected.min(last),
            offset: self.offset.min(last),
            len,
        }
    }

    /// Move the selection by `delta` rows (clamped), keeping it inside a window of
    /// `height` rows.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        if self.len == 0 {
            return;
        }
        let target = self.selected.saturating_add_signed(delta);
        self.selected = target.min(self.len - 1);
        self.follow(height);
    }

    pub fn first(&mut self, height: usize) {
        self.selected = 0;
        self.follow(height);
    }

    pub fn last(&mut self, height: usize) {
        self.selected = self.len.saturating_sub(1);
        self.follow(height);
    }

    /// Keep the offset such that the selected row is inside `height` rows.
    fn follow(&mut self, height: usize) {
        self.offset = window_start(self.selected, self.offset, height.max(1));
    }

    /// The rows to draw in a window of `height` rows. Pure: if the window changed
    /// since the last move, the range still contains the selected row.
    pub fn visible(&self, height: usize) -> Range<usize> {
        if self.len == 0 || height == 0 {
            return 0..0;
        }
        let start = window_start(self.selected, self.offset, height);
        let start = start.min(self.len.saturating_sub(height));
        start..(start + height).min(self.len)
    }
}

fn window_start(selected: usize, offset: usize, height: usize) -> usize {
    if selected < offset {
        selected
    } else if selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_past_the_window_scrolls_by_the_minimum() {
        let mut c = ListCursor::new(100);
        c.move_by(12, 10);
        assert_eq!(c.selected(), Some(12));
        assert_eq!(c.visible(10), 3..13);
        c.move_by(-5, 10);
        assert_eq!(c.visible(10), 3..13, "moving inside the window keeps it");
        c.move_by(-5, 10);
        assert_eq!(c.visible(10), 2..12);
        c.last(10);
        assert_eq!(c.visible(10), 90..100);
        c.move_by(1000, 10);
        assert_eq!(c.selected(), Some(99));
        c.first(10);
        assert_eq!(c.visible(10), 0..10);
    }

    #[test]
    fn empty_and_short_lists() {
        let mut c = ListCursor::new(0);
        c.move_by(3, 5);
        assert_eq!(c.selected(), None);
        assert_eq!(c.visible(5), 0..0);
        let c = ListCursor::new(3);
        assert_eq!(c.visible(10), 0..3);
    }
}

/// One move of a cursor, as the keys ask for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Next,
    Prev,
    First,
    Last,
    PageDown,
    PageUp,
}

impl Step {
    /// Move `cursor` by this step, `height` rows being visible.
    pub fn apply(self, cursor: &mut ListCursor, height: usize) {
        let page = isize::try_from(height.saturating_sub(1).max(1)).unwrap_or(1);
        match self {
            Step::Next => cursor.move_by(1, height),
            Step::Prev => cursor.move_by(-1, height),
            Step::First => cursor.first(height),
            Step::Last => cursor.last(height),
            Step::PageDown => cursor.move_by(page, height),
            Step::PageUp => cursor.move_by(-page, height),
        }
    }
}
