//! Narrowing and ordering the case list: which cases are shown (flagged only, a rule
//! code, status, severity, owner, age) and in what order. Pure functions of the
//! list, each case's rule codes and a clock passed in.

use std::cmp::Ordering;

use chrono::{DateTime, Duration, Utc};

use super::case_table::CaseTable;
use crate::domain::{CaseId, CaseStatus, Severity};
use crate::rules::{RuleCode, RuleSet};

/// How old a case is, by when it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeFilter {
    /// Opened more than this many days ago.
    OlderThan(u32),
    /// Opened within this many days.
    Within(u32),
}

impl AgeFilter {
    /// The choices the filter picker cycles through.
    pub const CHOICES: [AgeFilter; 6] = [
        AgeFilter::Within(7),
        AgeFilter::Within(30),
        AgeFilter::OlderThan(7),
        AgeFilter::OlderThan(30),
        AgeFilter::OlderThan(90),
        AgeFilter::OlderThan(365),
    ];

    fn keeps(self, opened_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        // A cut-off before the start of time: every case is younger than it.
        let cut_off = |days: u32| now.checked_sub_signed(Duration::days(i64::from(days)));
        match self {
            AgeFilter::OlderThan(days) => cut_off(days).is_some_and(|cut| opened_at < cut),
            AgeFilter::Within(days) => cut_off(days).is_none_or(|cut| opened_at >= cut),
        }
    }

    pub fn label(self) -> String {
        match self {
            AgeFilter::OlderThan(days) => format!(">{days}d old"),
            AgeFilter::Within(days) => format!("≤{days}d old"),
        }
    }
}

/// Which cases the list shows; every field that is set must hold. The rule code is
/// one field, so a gaps view can narrow the list to one rule with the same state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub flagged_only: bool,
    pub rule: Option<RuleCode>,
    pub status: Option<CaseStatus>,
    pub severity: Option<Severity>,
    pub owner: Option<String>,
    pub age: Option<AgeFilter>,
}

/// The order of the list when no search ranks it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// By reference (the store's order).
    #[default]
    Reference,
    /// Most recent activity first, then by reference.
    LastActivity,
    /// Most severe first, then by reference.
    Severity,
}

impl SortOrder {
    pub const ALL: [SortOrder; 3] = [
        SortOrder::Reference,
        SortOrder::LastActivity,
        SortOrder::Severity,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Reference => "ref",
            SortOrder::LastActivity => "activity",
            SortOrder::Severity => "severity",
        }
    }

    pub fn next(self) -> SortOrder {
        let i = SortOrder::ALL.iter().position(|s| *s == self).unwrap_or(0);
        SortOrder::ALL[(i + 1) % SortOrder::ALL.len()]
    }
}

impl CaseFilter {
    pub fn is_empty(&self) -> bool {
        *self == CaseFilter::default()
    }

    /// Whether the case at `index` of `cases`, whose gaps have these rule codes,
    /// passes every set field.
    pub fn keeps(
        &self,
        cases: &CaseTable,
        index: usize,
        codes: RuleSet,
        now: DateTime<Utc>,
    ) -> bool {
        (!self.flagged_only || !codes.is_empty())
            && self.rule.is_none_or(|code| codes.contains(code))
            && self.status.is_none_or(|s| cases.status(index) == Some(s))
            && self
                .severity
                .is_none_or(|s| cases.severity(index) == Some(s))
            && self
                .owner
                .as_deref()
                .is_none_or(|o| cases.owner(index) == Some(o))
            && self
                .age
                .is_none_or(|a| cases.opened_at(index).is_some_and(|at| a.keeps(at, now)))
    }

    /// The set fields in words, for the list title (`flagged · NT002 · open`).
    pub fn describe(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if self.flagged_only {
            parts.push("flagged".to_string());
        }
        parts.extend(self.rule.map(|r| r.as_str().to_string()));
        parts.extend(self.status.map(|s| s.as_str().to_string()));
        parts.extend(self.severity.map(|s| s.as_str().to_string()));
        parts.extend(self.owner.as_ref().map(|o| format!("owner {o}")));
        parts.extend(self.age.map(AgeFilter::label));
        parts
    }
}

/// The positions (into `cases`) the list shows, in order, given each case's rule
/// codes. With `ranked` (a search's
/// positions, best first) the search order stands and `sort` is not applied.
pub fn shown_cases(
    cases: &CaseTable,
    codes_of: impl Fn(CaseId) -> RuleSet,
    filter: &CaseFilter,
    sort: SortOrder,
    now: DateTime<Utc>,
    ranked: Option<&[u32]>,
) -> Vec<u32> {
    // Only the flag fields look at a case's gaps: without them, no lookup (a hash
    // per case, most of the time over 100,000 ranked cases).
    let needs_gaps = filter.flagged_only || filter.rule.is_some();
    let keeps = |i: u32| {
        let index = i as usize;
        cases.id(index).is_some_and(|id| {
            let codes = if needs_gaps {
                codes_of(id)
            } else {
                RuleSet::default()
            };
            filter.keeps(cases, index, codes, now)
        })
    };
    if let Some(ranked) = ranked {
        if filter.is_empty() {
            // Nothing to look up per case: a million-case ranking is copied as it is.
            let len = cases.len();
            return ranked
                .iter()
                .copied()
                .filter(|&i| (i as usize) < len)
                .collect();
        }
        return ranked.iter().copied().filter(|&i| keeps(i)).collect();
    }
    let count = u32::try_from(cases.len()).unwrap_or(u32::MAX);
    let mut shown: Vec<u32> = (0..count).filter(|&i| keeps(i)).collect();
    shown.sort_by(|&a, &b| compare(cases, sort, a as usize, b as usize));
    shown
}

/// The order under `sort` of the rows at positions `a` and `b` of `cases`: the
/// order [`shown_cases`] sorts by (references are unique, so no two rows tie).
pub fn compare(cases: &CaseTable, sort: SortOrder, a: usize, b: usize) -> Ordering {
    let by_reference = || cases.reference(a).cmp(cases.reference(b));
    match sort {
        SortOrder::Reference => by_reference(),
        SortOrder::LastActivity => cases
            .last_activity(b)
            .cmp(&cases.last_activity(a))
            .then_with(by_reference),
        SortOrder::Severity => cases
            .severity(b)
            .cmp(&cases.severity(a))
            .then_with(by_reference),
    }
}
