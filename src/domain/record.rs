//! Everything known about one case, as the rules and the screens see it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::asset::LinkedAsset;
use super::case::{Case, CaseId, CaseStatus, Category, Severity};
use super::evidence::{Evidence, EvidenceId};
use super::timeline::TimelineEntry;

/// A case with its linked assets, timeline (ordered by `occurred_at`, then id) and
/// evidence metadata. Evidence bytes are never part of a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseRecord {
    pub case: Case,
    pub assets: Vec<LinkedAsset>,
    pub entries: Vec<TimelineEntry>,
    pub evidence: Vec<Evidence>,
    /// Evidence whose stored bytes no longer match their SHA-256 (NT013).
    /// Only filled when the caller asked the store to re-hash.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tampered_evidence: Vec<EvidenceId>,
}

/// One row of the case list: just what the list needs, cheap to load for every case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseSummary {
    pub id: CaseId,
    pub reference: String,
    pub title: String,
    pub category: Category,
    pub severity: Severity,
    pub status: CaseStatus,
    pub owner: Option<String>,
    pub opened_at: DateTime<Utc>,
    /// Latest `occurred_at` of any entry, or `opened_at` when there is none.
    pub last_activity: DateTime<Utc>,
}
