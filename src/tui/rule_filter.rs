//! Narrowing the case list to the cases with a gap of one rule code (`r` cycles,
//! `R` clears). The narrowing is the `rule` field of the list's filter
//! ([`super::filter::CaseFilter`]), so it combines with the other filters, the sort
//! and the search, and shows in the filter line.

use super::app::App;
use super::case_list_state::refresh;
use super::effects::Effect;
use crate::rules::RuleCode;

/// The rule codes of every case's gaps, in code order, each once.
pub fn codes_present(app: &App) -> Vec<RuleCode> {
    let present: crate::rules::RuleSet = app.gaps.values().flat_map(|g| g.codes().iter()).collect();
    present.iter().collect()
}

/// Narrow to the next code present after the current one; after the last, show all.
pub fn cycle(app: &mut App) -> Vec<Effect> {
    let codes = codes_present(app);
    let next = match app.list.filter.rule {
        None => codes.first().copied(),
        Some(current) => codes.iter().copied().find(|c| *c > current),
    };
    narrow(app, next)
}

/// Narrow the list to `code` (all cases for `None`), keeping the selected case when it
/// stays listed and loading the newly selected one otherwise.
pub fn narrow(app: &mut App, code: Option<RuleCode>) -> Vec<Effect> {
    let keep = app.selected_case().map(|c| c.id);
    app.list.filter.rule = code;
    refresh(app, keep)
}
