//! Narrowing the case list to the cases with a gap of one rule code (`r` cycles,
//! `R` clears). The narrowing is the `rule` field of the list's filter
//! ([`super::filter::CaseFilter`]), so it combines with the other filters, the sort
//! and the search, and shows in the filter line.

use super::case_gaps::GapIndex;
use crate::rules::RuleCode;

/// The rule codes of every case's gaps, in code order, each once.
pub fn codes_present(gaps: &GapIndex) -> Vec<RuleCode> {
    gaps.present().iter().collect()
}

/// The code to narrow to after `current`: the next one present; after the last,
/// none (show all).
pub fn next_code(present: &[RuleCode], current: Option<RuleCode>) -> Option<RuleCode> {
    match current {
        None => present.first().copied(),
        Some(current) => present.iter().copied().find(|c| *c > current),
    }
}
