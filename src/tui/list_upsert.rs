//! Putting one written case into the list as shown, without computing the whole
//! list again: after [`CaseTable::upsert`](super::case_table::CaseTable::upsert)
//! every position into the table follows its row ([`RowMove::map`]), and the case
//! is shown, or not, where [`shown_cases`] over every case would put it.

use super::case_list_state::CaseListView;
use super::case_table::{CaseTable, RowMove};
use super::filter::{compare, shown_cases};
use super::search::{SearchState, has_terms};
use crate::domain::CaseId;
use crate::rules::RuleSet;

/// After the row of `case` was upserted into `cases` (`moved`): the shown list
/// and the search's positions follow the rows, and the case is put where the
/// filter, sort or search ranking places it (`codes_of` gives a case's rule
/// codes). The screen then selects `case` when shown, else the first row.
pub fn row_upserted(
    list: &mut CaseListView,
    search: &mut SearchState,
    cases: &CaseTable,
    codes_of: impl Fn(CaseId) -> RuleSet,
    case: CaseId,
    moved: RowMove,
) {
    follow_search(search, moved);
    let ranked = search
        .ranked
        .as_deref()
        .filter(|_| has_terms(&search.query));
    if ranked.is_some() {
        // Search order, filtered: no sort, one pass.
        list.shown = Some(shown_cases(
            cases,
            codes_of,
            &list.filter,
            list.sort,
            list.now,
            ranked,
        ));
    } else if let Some(mut shown) = list.shown.take() {
        shown.retain(|&i| Some(i as usize) != moved.from);
        for position in &mut shown {
            *position = index(moved.map(*position as usize));
        }
        if list.filter.keeps(cases, moved.to, codes_of(case), list.now) {
            let sort = list.sort;
            let place =
                shown.partition_point(|&i| compare(cases, sort, i as usize, moved.to).is_lt());
            shown.insert(place, index(moved.to));
        }
        list.shown = Some(shown);
    }
}

fn index(position: usize) -> u32 {
    u32::try_from(position).unwrap_or(u32::MAX)
}

/// The search's ranked list positions follow the rows after an upsert (the
/// positions between list and corpus are worked out again by
/// [`super::search::case_written`]).
fn follow_search(search: &mut SearchState, moved: RowMove) {
    let map = |position: &mut u32| {
        if *position != u32::MAX {
            *position = index(moved.map(*position as usize));
        }
    };
    if let Some(ranked) = search.ranked.as_mut() {
        ranked.iter_mut().for_each(map);
    }
    if let Some(ranked) = search.before.as_mut().and_then(|b| b.ranked.as_mut()) {
        ranked.iter_mut().for_each(map);
    }
}
