//! `check`: every gap of every case of the store (or of the cases named), in
//! case-reference order, evaluated over the lean trail records on every reader the
//! store offers.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::error::AppError;
use super::port::CaseStore;
use crate::domain::{EntryId, EvidenceId, TrailRecord};
use crate::rules::{self, GapSeverity, RuleCode, RuleConfig};
use crate::store::StoreError;

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

/// What a check found, counted as the gaps went by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CheckTotals {
    /// Number of cases checked.
    pub cases: usize,
    /// Cases with at least one gap.
    pub flagged: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl CheckTotals {
    fn add(&mut self, gaps: &[CaseGap]) {
        self.cases += 1;
        if !gaps.is_empty() {
            self.flagged += 1;
        }
        for gap in gaps {
            match gap.severity {
                GapSeverity::Error => self.errors += 1,
                GapSeverity::Warning => self.warnings += 1,
            }
        }
    }
}

/// Why a walk stopped: the store, or the caller's `emit`.
enum Stop<E> {
    Store(StoreError),
    Emit(E),
}

impl<E> From<StoreError> for Stop<E> {
    fn from(err: StoreError) -> Self {
        Stop::Store(err)
    }
}

/// Evaluate every rule over every case of the store, in case-reference order, or
/// only over the cases named, in the order named, and hand each case that has gaps
/// to `emit` as soon as its gaps are known: a few chunks of cases are held at once,
/// however large the store. Returns the totals.
pub fn check_each<S: CaseStore, E: From<AppError>>(
    store: &S,
    only: &[String],
    now: DateTime<Utc>,
    config: &RuleConfig,
    emit: &mut dyn FnMut(&[CaseGap]) -> Result<(), E>,
) -> Result<CheckTotals, E> {
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
    let store_error = |err: StoreError| E::from(AppError::from(err));
    let mut totals = CheckTotals::default();
    let mut take = |gaps: &[CaseGap]| -> Result<(), E> {
        totals.add(gaps);
        if gaps.is_empty() { Ok(()) } else { emit(gaps) }
    };
    if only.is_empty() {
        let walked = store.visit_trails(&gaps_of, &mut |chunk: Vec<Vec<CaseGap>>| {
            chunk
                .iter()
                .try_for_each(|gaps| take(gaps))
                .map_err(Stop::Emit)
        });
        match walked {
            Ok(()) => {}
            Err(Stop::Store(err)) => return Err(store_error(err)),
            Err(Stop::Emit(err)) => return Err(err),
        }
    } else {
        for reference in only {
            let id = store
                .case_id_by_ref(reference)
                .map_err(store_error)?
                .ok_or_else(|| {
                    E::from(AppError::refused(format!(
                        "no case {} in this store",
                        crate::sanitize::line(reference)
                    )))
                })?;
            take(&gaps_of(store.case_trail(id).map_err(store_error)?))?;
        }
    }
    Ok(totals)
}

/// [`check_each`] with every gap collected: the whole report at once (what
/// `--format json` prints; for a large store the CLI streams it instead).
pub fn check_report<S: CaseStore>(
    store: &S,
    only: &[String],
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Result<CheckReport, AppError> {
    let mut gaps = Vec::new();
    let totals = check_each(store, only, now, config, &mut |found: &[CaseGap]| {
        gaps.extend_from_slice(found);
        Ok::<(), AppError>(())
    })?;
    Ok(CheckReport {
        cases: totals.cases,
        gaps,
    })
}
