//! A case reduced to what the traceability rules read: the lean record `check`
//! evaluates, without the free text, bookkeeping and asset details a screen shows.

use chrono::{DateTime, Utc};

use super::asset::{AssetId, Relation};
use super::case::{CaseId, CaseStatus, Category, RootCause};
use super::evidence::EvidenceId;
use super::timeline::{EntryFields, EntryId, EntryKind};

/// What the rules read of one case. Evidence is never re-hashed on this path, so
/// nothing is known to be tampered with (NT013 needs a full [`super::CaseRecord`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TrailRecord {
    pub id: CaseId,
    pub reference: String,
    pub reporter: Option<String>,
    pub category: Category,
    pub status: CaseStatus,
    pub root_cause: Option<RootCause>,
    pub opened_at: DateTime<Utc>,
    /// Each linked asset's id and relation.
    pub links: Vec<(AssetId, Relation)>,
    /// Ordered by `occurred_at`, then id.
    pub entries: Vec<TrailEntry>,
    /// Each evidence item's id and the entry it proves, by id.
    pub evidence: Vec<(EvidenceId, Option<EntryId>)>,
}

/// What the rules read of one timeline entry.
#[derive(Debug, Clone, PartialEq)]
pub struct TrailEntry {
    pub id: EntryId,
    pub occurred_at: DateTime<Utc>,
    pub kind: EntryKind,
    pub actor: String,
    pub summary: String,
    pub asset_id: Option<AssetId>,
    pub fields: EntryFields,
}
