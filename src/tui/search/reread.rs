//! The case list read again (a refresh): the search keeps its results over the new
//! list until the corpus read with it arrives and the query is ranked again.

use super::SearchState;
use super::written::map_positions;
use crate::tui::case_table::CaseTable;

/// The list `old` is replaced by `new`, read again: the ranked positions (and the
/// ones Esc restores) follow their cases into `new`, dropping any case `new` no
/// longer lists, and the corpus held is mapped onto `new` (its new cases are not in
/// it until the corpus read with the refresh arrives).
pub fn list_reread(search: &mut SearchState, old: &CaseTable, new: &CaseTable) {
    let follow = |positions: &mut Vec<u32>| {
        positions.retain_mut(|position| {
            let moved = old
                .id(*position as usize)
                .and_then(|id| new.position(id))
                .and_then(|i| u32::try_from(i).ok());
            if let Some(moved) = moved {
                *position = moved;
            }
            moved.is_some()
        });
    };
    if let Some(ranked) = search.ranked.as_mut() {
        follow(ranked);
    }
    if let Some(ranked) = search.before.as_mut().and_then(|b| b.ranked.as_mut()) {
        follow(ranked);
    }
    map_positions(search, new);
}
