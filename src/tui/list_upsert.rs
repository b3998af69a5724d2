//! Putting one written case into the list as shown, without computing the whole
//! list again: after [`CaseTable::upsert`](super::case_table::CaseTable::upsert)
//! every position into the table follows its row ([`RowMove::map`]), and the case
//! is shown, or not, where [`shown_cases`] over every case would put it.

use super::app::App;
use super::case_list_state::reselect;
use super::case_table::RowMove;
use super::effects::Effect;
use super::filter::{compare, shown_cases};
use super::search::SearchState;
use crate::domain::CaseId;

/// After the row of `case` was upserted (`moved`): the shown list and the search's
/// positions follow the rows, the case is put where the filter, sort or search
/// ranking places it, and `case` is selected when shown, else the first row (as
/// [`super::case_list_state::refresh`] does). `before` is the case that was
/// selected before the upsert; returns the load of the newly selected case when
/// it changed.
pub fn row_upserted(
    app: &mut App,
    case: CaseId,
    moved: RowMove,
    before: Option<CaseId>,
) -> Vec<Effect> {
    follow_search(&mut app.search, moved);
    let ranked = app
        .search
        .ranked
        .as_deref()
        .filter(|_| super::search::has_terms(&app.search.query));
    if ranked.is_some() {
        // Search order, filtered: no sort, one pass.
        app.list.shown = Some(shown_cases(
            &app.cases,
            |id| app.codes_of(id),
            &app.list.filter,
            app.list.sort,
            app.list.now,
            ranked,
        ));
    } else if let Some(mut shown) = app.list.shown.take() {
        shown.retain(|&i| Some(i as usize) != moved.from);
        for position in &mut shown {
            *position = index(moved.map(*position as usize));
        }
        let codes = app.codes_of(case);
        if app
            .list
            .filter
            .keeps(&app.cases, moved.to, codes, app.list.now)
        {
            let (cases, sort) = (&app.cases, app.list.sort);
            let place =
                shown.partition_point(|&i| compare(cases, sort, i as usize, moved.to).is_lt());
            shown.insert(place, index(moved.to));
        }
        app.list.shown = Some(shown);
    }
    reselect(app, Some(case), before)
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
