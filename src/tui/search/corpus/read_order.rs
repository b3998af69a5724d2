//! The order that puts the cases read in id order into reference order, worked
//! out once. The list and the corpus are read at the same time, each as a scan of
//! `cases` in id order, and each put in reference order after: the list offers the
//! order it found, and the corpus, if it reads the same number of cases, tries it
//! before working out its own (a million references sorted again: 24 MiB held for
//! a moment and about 0.1 s). A store written between the two reads gives an
//! order that does not sort the corpus; the corpus then sorts itself.

use std::sync::Mutex;

/// The order offered by the list read for the corpus read beside it (see the
/// module). Position `i` of the sorted rows takes the row read `i`-th in
/// `order[i]`, as [`crate::tui::text_order::order_by`] gives it: always a
/// permutation of the positions.
#[derive(Debug, Default)]
pub struct ReadOrder(Mutex<Option<Vec<u32>>>);

impl ReadOrder {
    /// Offer the order the list was put in (`None`: it was read in order).
    pub fn offer(&self, order: Option<Vec<u32>>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = order;
        }
    }

    /// The order offered, if it has been (once).
    pub fn take(&self) -> Option<Vec<u32>> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}
