//! `check`: every gap of every case of the store (or of the cases named), in
//! case-reference order, evaluated over the lean trail records on every reader the
//! store offers.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::error::AppError;
use super::port::CaseStore;
use crate::domain::{EntryId, EvidenceId, TrailRecord};
use crate::rules::{self, GapSeverity, RuleCode, RuleConfig};

/// The result of checking a store: what `--format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// Number of cases checked.
    pub cases: usize,
    /// Every gap, in case-reference order, then rule code.
    pub gaps: Vec<CaseGap>,
}

/// One gap of one case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseGap {
    pub case: String,
    pub code: RuleCode,
    pub severity: GapSeverity,
    pub message: String,
    pub entries: Vec<EntryId>,
    pub evidence: Vec<EvidenceId>,
    /// Framework controls the failed rule supports (NIST CSF 2.0, OWASP NHI Top 10).
    pub frameworks: &'static [&'static str],
}

impl CheckReport {
    pub fn count(&self, severity: GapSeverity) -> usize {
        self.gaps.iter().filter(|g| g.severity == severity).count()
    }
}

/// Evaluate every rule over every case of the store, or only over the cases named.
pub fn check_report<S: CaseStore>(
    store: &S,
    only: &[String],
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Result<CheckReport, AppError> {
    // What the rules read of each case, not its whole record: the same gaps.
    let gaps_of = |record: TrailRecord| -> Vec<CaseGap> {
        rules::evaluate(&record, now, config)
            .into_iter()
            .map(|gap| CaseGap {
                case: record.reference.clone(),
                code: gap.code,
                severity: gap.severity,
                message: gap.message,
                frameworks: gap.code.info().frameworks,
                entries: gap.entries,
                evidence: gap.evidence,
            })
            .collect()
    };
    let per_case: Vec<Vec<CaseGap>> = if only.is_empty() {
        // A chunk of cases at a time per thread, in id order; sorted by reference below.
        store.map_trails(&gaps_of)?
    } else {
        let mut per_case = Vec::with_capacity(only.len());
        for reference in only {
            let id = store.case_id_by_ref(reference)?.ok_or_else(|| {
                AppError::refused(format!(
                    "no case {} in this store",
                    crate::sanitize::line(reference)
                ))
            })?;
            per_case.push(gaps_of(store.case_trail(id)?));
        }
        per_case
    };
    let cases = per_case.len();
    let mut per_case: Vec<Vec<CaseGap>> = per_case.into_iter().filter(|g| !g.is_empty()).collect();
    if only.is_empty() {
        // Each list holds one case's gaps, and references are unique: ordering the
        // lists by case orders the gaps as a stable sort of them all would, moving
        // far less on the main thread while the other cores are idle.
        per_case
            .sort_unstable_by(|a, b| a.first().map(|g| &g.case).cmp(&b.first().map(|g| &g.case)));
    }
    let mut gaps = Vec::with_capacity(per_case.iter().map(Vec::len).sum());
    for list in per_case {
        gaps.extend(list);
    }
    Ok(CheckReport { cases, gaps })
}
