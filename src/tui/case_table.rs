//! The case list held compactly: one column per field, references and titles in one
//! string, owners interned. A store of 100,000 cases fits in about a third of the
//! memory a `Vec<CaseSummary>` takes; a row is turned back into a [`CaseSummary`]
//! only when it is drawn or selected. After a write, the one row that changed is
//! put in place by [`CaseTable::upsert`] (see `case_table/upsert.rs`).
//!
//! Each row says where its text is, so the text need not follow the rows' order: a
//! large store's rows are read in the order the store keeps them (a scan, several
//! times faster than following the reference index at a million cases) and put in
//! reference order by [`CaseTable::sort_by_reference`], which moves the columns but
//! not the text.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};

use crate::domain::{CaseId, CaseStatus, CaseSummary, Category, Severity};

mod upsert;

pub use upsert::RowMove;

/// Marks a case without an owner in the owner column.
const NO_OWNER: u32 = u32::MAX;

#[derive(Debug, Clone)]
pub struct CaseTable {
    ids: Vec<CaseId>,
    /// Each case's reference then title, back to back, in no particular order.
    text: String,
    /// Where each case's text starts, its reference ends and its title ends in `text`.
    spans: Vec<[u32; 3]>,
    /// Bytes of `text` no row points to any more (left by upserts), reclaimed when
    /// they grow to half of it.
    garbage: usize,
    labels: Vec<(Category, Severity, CaseStatus)>,
    owner: Vec<u32>,
    owners: Vec<Box<str>>,
    /// How many rows name each owner; an owner no row names any more (after an
    /// upsert) keeps its slot for reuse but is not listed by [`CaseTable::owners`].
    owner_rows: Vec<u32>,
    owner_of: HashMap<Box<str>, u32>,
    opened: Vec<DateTime<Utc>>,
    last: Vec<DateTime<Utc>>,
    /// Whether the ids ascend in list order (the usual case): then a case is found
    /// by searching the ids themselves.
    ascending: bool,
    /// Otherwise, positions ordered by id, built when first needed.
    by_id: OnceLock<Vec<u32>>,
    /// The rows hold their titles. A large store's list holds none ([`CaseTable::untitled`]):
    /// the screen shows the titles of the rows it draws from the search corpus, which
    /// holds every title already, or reads them from the store.
    titled: bool,
}

fn offset(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl Default for CaseTable {
    fn default() -> CaseTable {
        CaseTable::with_capacity(0)
    }
}

impl CaseTable {
    /// An empty table with room for `cases` rows.
    pub fn with_capacity(cases: usize) -> CaseTable {
        CaseTable {
            ids: Vec::with_capacity(cases),
            spans: Vec::with_capacity(cases),
            garbage: 0,
            labels: Vec::with_capacity(cases),
            owner: Vec::with_capacity(cases),
            opened: Vec::with_capacity(cases),
            last: Vec::with_capacity(cases),
            ascending: true,
            // More than a reference and a title take (78 bytes a case in generated
            // stores): the text then does not double from empty, each doubling
            // holding both copies for a moment. Room not written is never touched,
            // so it costs address space, not memory.
            text: String::with_capacity(cases.saturating_mul(96)),
            owners: Vec::new(),
            owner_rows: Vec::new(),
            owner_of: HashMap::new(),
            by_id: OnceLock::new(),
            titled: true,
        }
    }

    /// An empty table with room for `cases` rows that keeps no titles: each row's
    /// title is empty, whatever the summary pushed or upserted holds. At a million
    /// cases the titles were half the list's memory (63 bytes a case).
    pub fn untitled(cases: usize) -> CaseTable {
        let mut table = CaseTable::with_capacity(0);
        table.ids.reserve_exact(cases);
        table.spans.reserve_exact(cases);
        table.labels.reserve_exact(cases);
        table.owner.reserve_exact(cases);
        table.opened.reserve_exact(cases);
        table.last.reserve_exact(cases);
        // References only (15 bytes in generated stores); as above, room not
        // written is not memory.
        table.text.reserve(cases.saturating_mul(24));
        table.titled = false;
        table
    }

    /// The rows hold their titles (see [`CaseTable::untitled`]).
    pub fn is_titled(&self) -> bool {
        self.titled
    }

    /// Add a row at the end of the list.
    pub fn push(&mut self, case: CaseSummary) {
        if self.ids.last().is_some_and(|&last| last >= case.id) {
            self.ascending = false;
        }
        self.by_id = OnceLock::new();
        self.ids.push(case.id);
        let span = self.append_text(&case);
        self.spans.push(span);
        self.labels
            .push((case.category, case.severity, case.status));
        let owner = self.intern(case.owner);
        self.owner.push(owner);
        self.opened.push(case.opened_at);
        self.last.push(case.last_activity);
    }

    /// Append a row's reference and title to the text; returns its span.
    fn append_text(&mut self, case: &CaseSummary) -> [u32; 3] {
        let start = offset(self.text.len());
        self.text.push_str(&case.reference);
        let reference_end = offset(self.text.len());
        if self.titled {
            self.text.push_str(&case.title);
        }
        [start, reference_end, offset(self.text.len())]
    }

    /// Put the rows in reference order (the store's), moving every column but not
    /// the text. Equal references keep their order. Returns the order applied
    /// (row `i` is now the row that was at `order[i]`), or `None` when the rows
    /// were in order already.
    pub fn sort_by_reference(&mut self) -> Option<Vec<u32>> {
        let sorted = (1..self.len()).all(|i| self.reference(i - 1) <= self.reference(i));
        if sorted {
            return None;
        }
        let order = crate::tui::text_order::order_by(self.len(), |i| self.reference(i));
        fn gather<T: Copy>(column: &[T], order: &[u32]) -> Vec<T> {
            order.iter().map(|&i| column[i as usize]).collect()
        }
        self.ids = gather(&self.ids, &order);
        self.spans = gather(&self.spans, &order);
        self.labels = gather(&self.labels, &order);
        self.owner = gather(&self.owner, &order);
        self.opened = gather(&self.opened, &order);
        self.last = gather(&self.last, &order);
        self.ascending = self.ids.windows(2).all(|w| w[0] < w[1]);
        self.by_id = OnceLock::new();
        // Only real slack is given back: shrinking copies the text.
        if self.text.capacity() > self.text.len() + self.text.len() / 8 {
            self.text.shrink_to_fit();
        }
        Some(order)
    }

    /// The owner column's value for `owner`, counted as named by one more row.
    fn intern(&mut self, owner: Option<String>) -> u32 {
        let Some(name) = owner else {
            return NO_OWNER;
        };
        let index = match self.owner_of.get(name.as_str()) {
            Some(&index) => index,
            None => {
                let index = offset(self.owners.len());
                let name: Box<str> = name.into_boxed_str();
                self.owners.push(name.clone());
                self.owner_rows.push(0);
                self.owner_of.insert(name, index);
                index
            }
        };
        if let Some(rows) = self.owner_rows.get_mut(index as usize) {
            *rows += 1;
        }
        index
    }

    /// One row fewer names the owner `index`.
    fn release(&mut self, index: u32) {
        if let Some(rows) = self.owner_rows.get_mut(index as usize) {
            *rows = rows.saturating_sub(1);
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn id(&self, index: usize) -> Option<CaseId> {
        self.ids.get(index).copied()
    }

    pub fn ids(&self) -> &[CaseId] {
        &self.ids
    }

    /// The list position of the case `id`.
    pub fn position(&self, id: CaseId) -> Option<usize> {
        if self.ascending {
            return self.ids.binary_search(&id).ok();
        }
        let order = self.by_id.get_or_init(|| {
            let mut order: Vec<u32> = (0..offset(self.ids.len())).collect();
            order.sort_by_key(|&i| self.ids[i as usize]);
            order
        });
        let at = order.partition_point(|&i| self.ids[i as usize] < id);
        order
            .get(at)
            .map(|&i| i as usize)
            .filter(|&i| self.ids[i] == id)
    }

    fn span(&self, index: usize) -> Option<(usize, usize, usize)> {
        let [start, reference_end, title_end] = *self.spans.get(index)?;
        Some((start as usize, reference_end as usize, title_end as usize))
    }

    pub fn reference(&self, index: usize) -> &str {
        self.span(index)
            .and_then(|(start, end, _)| self.text.get(start..end))
            .unwrap_or_default()
    }

    /// The title of row `index`; empty in a table that keeps none.
    pub fn title(&self, index: usize) -> &str {
        self.span(index)
            .and_then(|(_, start, end)| self.text.get(start..end))
            .unwrap_or_default()
    }

    pub fn owner(&self, index: usize) -> Option<&str> {
        let owner = *self.owner.get(index)?;
        self.owners.get(owner as usize).map(|o| &**o)
    }

    pub fn severity(&self, index: usize) -> Option<Severity> {
        self.labels.get(index).map(|l| l.1)
    }

    pub fn status(&self, index: usize) -> Option<CaseStatus> {
        self.labels.get(index).map(|l| l.2)
    }

    pub fn opened_at(&self, index: usize) -> Option<DateTime<Utc>> {
        self.opened.get(index).copied()
    }

    pub fn last_activity(&self, index: usize) -> Option<DateTime<Utc>> {
        self.last.get(index).copied()
    }

    /// The distinct owners of the rows, in no particular order.
    pub fn owners(&self) -> impl Iterator<Item = &str> {
        self.owners
            .iter()
            .zip(&self.owner_rows)
            .filter(|(_, rows)| **rows > 0)
            .map(|(o, _)| &**o)
    }

    /// The row at `index` as a summary.
    pub fn summary(&self, index: usize) -> Option<CaseSummary> {
        let (category, severity, status) = *self.labels.get(index)?;
        Some(CaseSummary {
            id: self.ids[index],
            reference: self.reference(index).to_string(),
            title: self.title(index).to_string(),
            category,
            severity,
            status,
            owner: self.owner(index).map(str::to_string),
            opened_at: self.opened[index],
            last_activity: self.last[index],
        })
    }

    /// Every row as a summary, in list order.
    pub fn summaries(&self) -> impl Iterator<Item = CaseSummary> + '_ {
        (0..self.len()).filter_map(|i| self.summary(i))
    }
}

/// Two tables are equal when they hold the same rows in the same order, however
/// each was built (pushed row by row, or changed in place by upserts).
impl PartialEq for CaseTable {
    fn eq(&self, other: &CaseTable) -> bool {
        self.ids == other.ids
            && (0..self.len())
                .all(|i| self.reference(i) == other.reference(i) && self.title(i) == other.title(i))
            && self.titled == other.titled
            && self.labels == other.labels
            && self.opened == other.opened
            && self.last == other.last
            && (0..self.len()).all(|i| self.owner(i) == other.owner(i))
    }
}

impl FromIterator<CaseSummary> for CaseTable {
    fn from_iter<I: IntoIterator<Item = CaseSummary>>(cases: I) -> CaseTable {
        let cases = cases.into_iter();
        let mut table = CaseTable::with_capacity(cases.size_hint().0);
        for case in cases {
            table.push(case);
        }
        table
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A summary for tests (also the upsert tests').
    pub(super) fn case(
        id: CaseId,
        reference: &str,
        title: &str,
        owner: Option<&str>,
    ) -> CaseSummary {
        let at: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
        CaseSummary {
            id,
            reference: reference.into(),
            title: title.into(),
            category: Category::Other,
            severity: Severity::High,
            status: CaseStatus::Open,
            owner: owner.map(str::to_string),
            opened_at: at,
            last_activity: at + chrono::Duration::hours(id),
        }
    }

    #[test]
    fn rows_come_back_as_they_went_in_and_are_found_by_id() {
        let rows = vec![
            case(3, "NHI-1", "Key leaked ☠", Some("ana")),
            case(7, "NHI-2", "", None),
            case(9, "NHI-3", "Cert expired", Some("ana")),
        ];
        let table: CaseTable = rows.clone().into_iter().collect();
        assert_eq!(table.summaries().collect::<Vec<_>>(), rows);
        assert_eq!(table.owners().count(), 1, "owners are interned");
        assert_eq!(table.position(7), Some(1));
        assert_eq!(table.position(8), None);
        assert_eq!(table.title(1), "");
        assert_eq!(table.summary(3), None);
    }

    #[test]
    fn an_untitled_table_keeps_every_column_but_the_titles_through_upserts() {
        let rows = vec![
            case(3, "NHI-2", "Key leaked ☠", Some("ana")),
            case(1, "NHI-1", "Cert expired", None),
        ];
        let mut table = CaseTable::untitled(2);
        for row in rows.clone() {
            table.push(row);
        }
        table.sort_by_reference();
        assert!(!table.is_titled());
        let untitled = |c: &CaseSummary| CaseSummary {
            title: String::new(),
            ..c.clone()
        };
        let expected: Vec<CaseSummary> = [&rows[1], &rows[0]].map(untitled).to_vec();
        assert_eq!(table.summaries().collect::<Vec<_>>(), expected);
        assert_eq!(table.text.len(), "NHI-2NHI-1".len(), "no title is held");
        // An upsert's title is not kept either; a moved row keeps its columns.
        let moved = table.upsert(case(3, "NHI-0", "Renamed", Some("bo")));
        assert_eq!((moved.from, moved.to), (Some(1), 0));
        assert_eq!(table.reference(0), "NHI-0");
        assert_eq!(table.title(0), "");
        assert_eq!(table.owner(0), Some("bo"));
        assert_ne!(table, rows.into_iter().collect::<CaseTable>());
    }

    #[test]
    fn rows_read_in_id_order_are_put_in_reference_order() {
        let rows = vec![
            case(1, "NHI-2025-0001", "first ☠", Some("ana")),
            case(2, "NHI-2024-0002", "second", None),
            case(3, "NHI-2026-0003", "", Some("bo")),
            case(4, "NHI-2024-0004", "fourth", Some("ana")),
        ];
        let mut table: CaseTable = rows.clone().into_iter().collect();
        table.sort_by_reference();
        let mut expected = rows.clone();
        expected.sort_by(|a, b| a.reference.cmp(&b.reference));
        assert_eq!(table.summaries().collect::<Vec<_>>(), expected);
        assert_eq!(table, expected.iter().cloned().collect::<CaseTable>());
        assert_eq!(table.ids(), [2, 4, 1, 3]);
        for row in &rows {
            assert_eq!(
                table.summary(table.position(row.id).unwrap()).as_ref(),
                Some(row)
            );
        }
        assert_eq!(table.position(5), None);
    }

    #[test]
    fn ids_out_of_order_are_still_found() {
        let rows = vec![
            case(30, "A", "a", None),
            case(10, "B", "b", Some("x")),
            case(20, "C", "c", Some("y")),
            case(5, "D", "d", None),
        ];
        let table: CaseTable = rows.clone().into_iter().collect();
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(table.position(row.id), Some(i), "{}", row.reference);
            assert_eq!(table.summary(i).as_ref(), Some(row));
        }
        assert_eq!(table.position(15), None);
        assert_eq!(table.position(99), None);
    }
}
