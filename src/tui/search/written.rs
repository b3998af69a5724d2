//! A case written from the screen: the search holds what the store now holds.

use std::sync::Arc;

use super::corpus::CaseText;
use super::{SearchState, has_terms};
use crate::domain::CaseRecord;
use crate::tui::case_table::CaseTable;

/// `record` was written: the corpus now holds its fields (a new case is added),
/// the positions between the list and the corpus are worked out again, and an
/// active query is ranked again — keeping the written case selected when its
/// results arrive. Returns whether the workers are to rank the query again.
pub fn case_written(search: &mut SearchState, cases: &CaseTable, record: &CaseRecord) -> bool {
    let Some(corpus) = search.corpus.as_mut() else {
        return false;
    };
    // A worker ranking the old corpus keeps it: then this is a copy, and the
    // worker's pass (already stale below) ends on its own. Only a corpus past
    // 4 GiB fails; the search then shows the old text.
    let upserted = Arc::make_mut(corpus).upsert(&CaseText::of(record)).is_ok();
    // The list's rows moved either way.
    map_positions(search, cases);
    if upserted && has_terms(&search.query) {
        search.generation += 1;
        search.keep_on_results = Some(record.case.id);
        return true;
    }
    false
}

/// Work out, for the corpus held, the list position of each corpus item and the
/// corpus position of each case in the list.
pub fn map_positions(search: &mut SearchState, cases: &CaseTable) {
    let Some(corpus) = search.corpus.as_ref() else {
        return;
    };
    search.aligned =
        corpus.len() == cases.len() && corpus.case_ids().zip(cases.ids()).all(|(a, &b)| a == b);
    if search.aligned {
        search.case_of = Vec::new();
        search.corpus_of = Vec::new();
        return;
    }
    search.case_of = corpus
        .case_ids()
        .map(|id| {
            cases
                .position(id)
                .and_then(|i| u32::try_from(i).ok())
                .unwrap_or(u32::MAX)
        })
        .collect();
    search.corpus_of = vec![u32::MAX; cases.len()];
    for (index, &case) in search.case_of.iter().enumerate() {
        if let Some(slot) = search.corpus_of.get_mut(case as usize) {
            *slot = u32::try_from(index).unwrap_or(u32::MAX);
        }
    }
}
