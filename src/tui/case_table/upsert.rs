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

    /// Forget the text of row `index` (its bytes stay until the text is compacted).
    fn drop_text(&mut self, index: usize) {
        if let Some([start, _, end]) = self.spans.get(index) {
            self.garbage += (end - start) as usize;
        }
    }

    /// Write the text again without the bytes no row points to, once they are half
    /// of it (so an upsert costs its own row, and now and then one copy of the text).
    fn compact_text(&mut self) {
        if self.garbage < 4096 || self.garbage * 2 < self.text.len() {
            return;
        }
        let mut text = String::with_capacity(self.text.len() - self.garbage);
        for span in &mut self.spans {
            let [start, reference_end, end] = *span;
            let new_start = offset(text.len());
            text.push_str(
                self.text
                    .get(start as usize..end as usize)
                    .unwrap_or_default(),
            );
            *span = [
                new_start,
                new_start + (reference_end - start),
                offset(text.len()),
            ];
        }
        self.text = text;
        self.garbage = 0;
    }

    fn replace(&mut self, index: usize, case: CaseSummary) {
        self.drop_text(index);
        let span = self.append_text(&case);
        self.spans[index] = span;
        self.labels[index] = (case.category, case.severity, case.status);
        let owner = self.intern(case.owner);
        let before = std::mem::replace(&mut self.owner[index], owner);
        self.release(before);
        self.opened[index] = case.opened_at;
        self.last[index] = case.last_activity;
        self.compact_text();
    }

    fn remove(&mut self, index: usize) {
        self.drop_text(index);
        self.spans.remove(index);
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
        self.compact_text();
    }

    fn insert(&mut self, at: usize, case: CaseSummary) {
        let span = self.append_text(&case);
        self.spans.insert(at, span);
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
