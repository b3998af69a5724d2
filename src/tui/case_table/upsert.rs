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
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::super::tests::case;
    use super::*;
    use crate::domain::{CaseStatus, Severity};

    /// The same rows pushed into a new table, in reference order.
    fn rebuilt(rows: &[CaseSummary]) -> CaseTable {
        let mut rows = rows.to_vec();
        rows.sort_by(|a, b| a.reference.cmp(&b.reference));
        rows.into_iter().collect()
    }

    /// Every case is found where it is, unknown ids are not, and the owners listed
    /// are exactly those some row names.
    fn assert_consistent(table: &CaseTable) {
        for (i, &id) in table.ids().iter().enumerate() {
            assert_eq!(table.position(id), Some(i), "case {id}");
            assert_eq!(table.summary(i).map(|c| c.id), Some(id));
        }
        let max = table.ids().iter().copied().max().unwrap_or(0);
        assert_eq!(table.position(max + 1), None);
        assert_eq!(table.position(-1), None);
        let mut listed: Vec<&str> = table.owners().collect();
        listed.sort_unstable();
        let mut named: Vec<&str> = (0..table.len()).filter_map(|i| table.owner(i)).collect();
        named.sort_unstable();
        named.dedup();
        assert_eq!(listed, named, "owners listed = owners named");
        assert_eq!(
            table.ends.last().map_or(0, |e| e[1] as usize),
            table.text.len(),
            "the text holds exactly the rows"
        );
    }

    fn table() -> (Vec<CaseSummary>, CaseTable) {
        let rows = vec![
            case(1, "NHI-0001", "Key leaked", Some("ana")),
            case(2, "NHI-0003", "Cert expired ☠", None),
            case(3, "NHI-0005", "Role drift", Some("bo")),
            case(4, "NHI-0007", "", Some("ana")),
        ];
        let table = rows.iter().cloned().collect();
        (rows, table)
    }

    #[test]
    fn a_new_case_is_inserted_in_reference_order() {
        let (mut rows, mut table) = table();
        for (id, reference) in [(5, "NHI-0004"), (6, "NHI-0000"), (7, "NHI-0009")] {
            let new = case(id, reference, "new ✓", Some("cy"));
            let moved = table.upsert(new.clone());
            rows.push(new);
            assert!(moved.inserted());
            assert_eq!(table.reference(moved.to), reference);
            assert_eq!(table, rebuilt(&rows), "after inserting {reference}");
            assert_consistent(&table);
        }
        assert_eq!(
            (0..table.len())
                .map(|i| table.reference(i))
                .collect::<Vec<_>>(),
            [
                "NHI-0000", "NHI-0001", "NHI-0003", "NHI-0004", "NHI-0005", "NHI-0007", "NHI-0009"
            ]
        );
        assert!(!table.ascending, "ids 6 and 5 sit before larger ids");
    }

    #[test]
    fn an_edited_case_is_replaced_where_it_is() {
        let (mut rows, mut table) = table();
        let mut edited = case(
            2,
            "NHI-0003",
            "A much longer title than before",
            Some("dee"),
        );
        edited.status = CaseStatus::Remediating;
        edited.severity = Severity::Critical;
        let moved = table.upsert(edited.clone());
        assert_eq!(
            moved,
            RowMove {
                from: Some(1),
                to: 1
            }
        );
        rows[1] = edited;
        assert_eq!(table, rebuilt(&rows));
        assert_eq!(
            table.title(2),
            "Role drift",
            "the rows after it still read right"
        );
        assert_eq!(table.status(1), Some(CaseStatus::Remediating));
        assert!(table.ascending, "replacing keeps the ids ascending");
        assert_consistent(&table);
        // Shorter again, and with no title at all.
        let edited = case(2, "NHI-0003", "", None);
        table.upsert(edited.clone());
        rows[1] = edited;
        assert_eq!(table, rebuilt(&rows));
        assert_consistent(&table);
    }

    #[test]
    fn a_changed_reference_moves_the_row() {
        let (mut rows, mut table) = table();
        let edited = case(1, "NHI-0006", "Key leaked", Some("ana"));
        let moved = table.upsert(edited.clone());
        assert_eq!(
            moved,
            RowMove {
                from: Some(0),
                to: 2
            }
        );
        rows[0] = edited;
        assert_eq!(table, rebuilt(&rows));
        assert_consistent(&table);
        // Every other row's old position maps to where it is now.
        let (_, before) = self::table();
        for i in 1..before.len() {
            assert_eq!(table.id(moved.map(i)), before.id(i));
        }
    }

    #[test]
    fn owners_are_interned_counted_and_no_longer_listed_when_unused() {
        let (mut rows, mut table) = table();
        // bo's only case changes owner to ana: bo is gone, no new owner slot.
        let edited = case(3, "NHI-0005", "Role drift", Some("ana"));
        table.upsert(edited.clone());
        rows[2] = edited;
        assert_eq!(table.owners().collect::<Vec<_>>(), ["ana"]);
        assert_eq!(table.owners.len(), 2, "bo's slot is kept for reuse");
        // bo comes back with a new case: the slot is reused, not a second "bo".
        let new = case(9, "NHI-0008", "Token", Some("bo"));
        table.upsert(new.clone());
        rows.push(new);
        assert_eq!(table.owners.len(), 2);
        let mut owners: Vec<&str> = table.owners().collect();
        owners.sort_unstable();
        assert_eq!(owners, ["ana", "bo"]);
        assert_eq!(table, rebuilt(&rows));
        assert_consistent(&table);
    }

    #[test]
    fn ids_out_of_order_are_still_found_after_every_kind_of_upsert() {
        // Ids not ascending in reference order: lookups go through the id order,
        // which every upsert must keep right.
        let rows = vec![
            case(30, "A", "a", None),
            case(10, "C", "c", Some("x")),
            case(20, "E", "e", Some("y")),
            case(5, "G", "g", None),
        ];
        let mut all = rows.clone();
        let mut table: CaseTable = rows.into_iter().collect();
        assert_eq!(table.position(5), Some(3), "builds the id order");
        let steps = [
            case(7, "D", "new", Some("x")),
            case(30, "F", "a moved", None),
            case(10, "C", "c edited", Some("z")),
            case(1, "B", "new first id", None),
            case(40, "H", "new last", Some("y")),
        ];
        for step in steps {
            match all.iter_mut().find(|c| c.id == step.id) {
                Some(row) => *row = step.clone(),
                None => all.push(step.clone()),
            }
            table.upsert(step);
            assert_eq!(table, rebuilt(&all));
            assert_consistent(&table);
        }
    }

    #[test]
    fn removing_the_row_out_of_order_makes_the_ids_ascend_again() {
        let rows = vec![
            case(1, "A", "a", None),
            case(9, "B", "b", None),
            case(3, "C", "c", None),
        ];
        let mut table: CaseTable = rows.into_iter().collect();
        assert!(!table.ascending);
        assert_eq!(table.position(3), Some(2));
        table.upsert(case(9, "D", "b", None));
        assert!(table.ascending, "1, 3, 9 ascend: found by binary search");
        assert_eq!(table.by_id.get(), None);
        assert_consistent(&table);
    }

    #[test]
    fn row_moves_map_every_old_position() {
        let inserted = RowMove { from: None, to: 2 };
        assert_eq!(
            (0..4).map(|p| inserted.map(p)).collect::<Vec<_>>(),
            [0, 1, 3, 4]
        );
        let down = RowMove {
            from: Some(1),
            to: 3,
        };
        assert_eq!(
            (0..5).map(|p| down.map(p)).collect::<Vec<_>>(),
            [0, 3, 1, 2, 4]
        );
        let up = RowMove {
            from: Some(3),
            to: 1,
        };
        assert_eq!(
            (0..5).map(|p| up.map(p)).collect::<Vec<_>>(),
            [0, 2, 3, 1, 4]
        );
        let still = RowMove {
            from: Some(2),
            to: 2,
        };
        assert_eq!(
            (0..4).map(|p| still.map(p)).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
    }
}
