//! Changing one row of the list after a write, without building the table again:
//! a new case is inserted at its place in reference order (the store's order), an
//! edited one replaced where it is, or moved when its reference changed. Every
//! column, the text buffer, the owner counts and the lookup by id stay as
//! [`CaseTable::push`] would have left them for the same rows.

use std::sync::OnceLock;

use super::{CaseTable, offset};
use crate::domain::CaseSummary;

/// Where an upserted row was and where it is now. Every other row shifts with it:
/// [`RowMove::map`] turns a position from before the upsert into one after it (for
/// anything holding positions into the table, such as the shown list or a search
/// ranking).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowMove {
    /// The row's position before, `None` when the case is new.
    pub from: Option<usize>,
    /// The row's position now.
    pub to: usize,
}

impl RowMove {
    /// Whether a row was added (the table is one row longer).
    pub fn inserted(self) -> bool {
        self.from.is_none()
    }

    /// The position now of the row that was at `position` before the upsert.
    pub fn map(self, position: usize) -> usize {
        let without = match self.from {
            Some(from) if position == from => return self.to,
            Some(from) if position > from => position - 1,
            _ => position,
        };
        if without >= self.to {
            without + 1
        } else {
            without
        }
    }
}

impl CaseTable {
    /// Put `case` in the table: replace the row with its id, or insert it as a new
    /// row, keeping the rows in reference order (the store's; a table built in
    /// another order keeps an edited row where it is unless its reference changed).
    pub fn upsert(&mut self, case: CaseSummary) -> RowMove {
        let from = self.position(case.id);
        if let Some(index) = from
            && self.reference(index) == case.reference
        {
            self.replace(index, case);
            return RowMove { from, to: index };
        }
        if let Some(index) = from {
            self.remove(index);
        }
        let to = self.insertion_point(&case.reference);
        self.insert(to, case);
        RowMove { from, to }
    }

    /// The first row whose reference is not below `reference`.
    fn insertion_point(&self, reference: &str) -> usize {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            if self.reference(middle) < reference {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }

    /// Where the text of row `index` starts (the end of the text for `len()`).
    fn text_start(&self, index: usize) -> usize {
        index
            .checked_sub(1)
            .and_then(|before| self.ends.get(before))
            .map_or(0, |end| end[1] as usize)
    }

    /// Move the text ends of the rows from `first` on by `delta` bytes.
    fn shift_ends(&mut self, first: usize, delta: i64) {
        if delta == 0 {
            return;
        }
        let moved = |end: u32| u32::try_from(i64::from(end) + delta).unwrap_or(u32::MAX);
        for end in self.ends.iter_mut().skip(first) {
            *end = [moved(end[0]), moved(end[1])];
        }
    }

    /// Write the reference and title of row `index` over the bytes `start..end`.
    fn put_text(&mut self, index: usize, start: usize, end: usize, case: &CaseSummary) -> i64 {
        let text = [case.reference.as_str(), case.title.as_str()].concat();
        self.text.replace_range(start..end, &text);
        let reference_end = offset(start + case.reference.len());
        let title_end = offset(start + text.len());
        if index == self.ends.len() {
            self.ends.push([reference_end, title_end]);
        } else {
            self.ends.insert(index, [reference_end, title_end]);
        }
        text.len() as i64 - (end - start) as i64
    }

    fn replace(&mut self, index: usize, case: CaseSummary) {
        let start = self.text_start(index);
        let end = self.ends[index][1] as usize;
        self.ends.remove(index);
        let delta = self.put_text(index, start, end, &case);
        self.shift_ends(index + 1, delta);
        self.labels[index] = (case.category, case.severity, case.status);
        let owner = self.intern(case.owner);
        let before = std::mem::replace(&mut self.owner[index], owner);
        self.release(before);
        self.opened[index] = case.opened_at;
        self.last[index] = case.last_activity;
    }

    fn remove(&mut self, index: usize) {
        let start = self.text_start(index);
        let end = self.ends[index][1] as usize;
        self.text.replace_range(start..end, "");
        self.ends.remove(index);
        self.shift_ends(index, -((end - start) as i64));
        self.ids.remove(index);
        self.labels.remove(index);
        let owner = self.owner.remove(index);
        self.release(owner);
        self.opened.remove(index);
        self.last.remove(index);
        if let Some(order) = self.by_id.get_mut() {
            let index = offset(index);
            order.retain(|&i| i != index);
            for i in order.iter_mut().filter(|i| **i > index) {
                *i -= 1;
            }
        }
        if !self.ascending && self.ids.windows(2).all(|w| w[0] < w[1]) {
            self.ascending = true;
            self.by_id = OnceLock::new();
        }
    }

    fn insert(&mut self, at: usize, case: CaseSummary) {
        let start = self.text_start(at);
        let delta = self.put_text(at, start, start, &case);
        self.shift_ends(at + 1, delta);
        let id = case.id;
        self.ids.insert(at, id);
        self.labels
            .insert(at, (case.category, case.severity, case.status));
        let owner = self.intern(case.owner);
        self.owner.insert(at, owner);
        self.opened.insert(at, case.opened_at);
        self.last.insert(at, case.last_activity);
        if self.ascending {
            let below = at.checked_sub(1).is_none_or(|b| self.ids[b] < id);
            let above = self.ids.get(at + 1).is_none_or(|&next| id < next);
            self.ascending = below && above;
        } else if let Some(order) = self.by_id.get_mut() {
            let at = offset(at);
            for i in order.iter_mut().filter(|i| **i >= at) {
                *i += 1;
            }
            let ids = &self.ids;
            let place = order.partition_point(|&i| ids[i as usize] < id);
            order.insert(place, at);
        }
    }
}

#[cfg(test)]
#[path = "upsert_tests.rs"]
mod tests;
