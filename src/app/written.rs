//! What a write wrote, for the adapter to show, and the written case read back.

use chrono::{DateTime, Utc};

use super::port::CaseStore;
use crate::bundle::ImportSummary;
use crate::domain::{
    Asset, Case, CaseId, CaseRecord, CaseSummary, Evidence, Relation, TimelineEntry,
};
use crate::rules::{self, Gap, RuleConfig};
use crate::store::StoreError;

/// A write that went through.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    CaseAdded(Case),
    /// `changed` is false when nothing differed (nothing was written).
    CaseChanged {
        case: CaseId,
        reference: String,
        changed: bool,
    },
    StatusSet {
        case: CaseId,
        status: crate::domain::CaseStatus,
    },
    EntryAdded {
        entry: TimelineEntry,
        proof: Option<Evidence>,
    },
    AssetLinked {
        case: CaseId,
        asset: Asset,
        relation: Relation,
        created: bool,
    },
    AssetUnlinked {
        case: CaseId,
        asset: Asset,
    },
    EvidenceAdded(Evidence),
    CaseClosed {
        case: CaseId,
        entry: TimelineEntry,
        /// Error-level gaps the closer confirmed over.
        confirmed: Vec<Gap>,
    },
    BundleImported(ImportSummary),
}

impl Written {
    /// The case written to, if the write was to one case.
    pub fn case(&self) -> Option<CaseId> {
        match self {
            Written::CaseAdded(case) => Some(case.id),
            Written::EntryAdded { entry, .. } => Some(entry.case_id),
            Written::EvidenceAdded(evidence) => Some(evidence.case_id),
            Written::CaseChanged { case, .. }
            | Written::StatusSet { case, .. }
            | Written::AssetLinked { case, .. }
            | Written::AssetUnlinked { case, .. }
            | Written::CaseClosed { case, .. } => Some(*case),
            Written::BundleImported(_) => None,
        }
    }
}

/// The written case read again after a write: its list row (as the whole list would
/// give it), its record (evidence re-hashed) and its gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct Reloaded {
    pub summary: CaseSummary,
    pub record: CaseRecord,
    pub gaps: Vec<Gap>,
}

/// Read `case` back after a write.
pub fn reload<S: CaseStore>(
    store: &S,
    case: CaseId,
    now: DateTime<Utc>,
    rules: &RuleConfig,
) -> Result<Reloaded, StoreError> {
    let summary = store.case_summary(case)?;
    let record = store.case_record_rehashed(case)?;
    let gaps = rules::evaluate(&record, now, rules);
    Ok(Reloaded {
        summary,
        record,
        gaps,
    })
}
