//! What the rules read of a case, as two traits: the full [`CaseRecord`] the screens
//! and reports hold and the lean [`TrailRecord`] `check` reads both implement them,
//! so one implementation of each rule evaluates either.

use chrono::{DateTime, Utc};

use crate::domain::{
    AssetId, CaseRecord, CaseStatus, Category, EntryFields, EntryId, EntryKind, EvidenceId,
    Relation, RootCause, TimelineEntry, TrailEntry, TrailRecord,
};

/// A case as the rules see it.
pub trait RuleInput {
    type Entry: RuleEntry;

    fn reporter(&self) -> Option<&str>;
    fn category(&self) -> Category;
    fn status(&self) -> CaseStatus;
    fn root_cause(&self) -> Option<RootCause>;
    fn opened_at(&self) -> DateTime<Utc>;
    /// The timeline, ordered by `occurred_at`, then id.
    fn entries(&self) -> &[Self::Entry];
    /// How many assets are linked.
    fn link_count(&self) -> usize;
    /// Each linked asset's id and relation.
    fn links(&self) -> impl Iterator<Item = (AssetId, Relation)>;
    /// Whether any evidence item proves the entry `entry`.
    fn has_evidence_for(&self, entry: EntryId) -> bool;
    /// Evidence whose bytes no longer match their hash (NT013).
    fn tampered(&self) -> Vec<Tampered<'_>>;
}

/// An evidence item whose bytes no longer match their hash.
pub struct Tampered<'a> {
    pub id: EvidenceId,
    /// Its title, when the item is in the record.
    pub title: Option<&'a str>,
    /// The entry it proves, if any.
    pub entry: Option<EntryId>,
}

/// A timeline entry as the rules see it.
pub trait RuleEntry {
    fn id(&self) -> EntryId;
    fn kind(&self) -> EntryKind;
    fn occurred_at(&self) -> DateTime<Utc>;
    fn actor(&self) -> &str;
    fn summary(&self) -> &str;
    fn asset_id(&self) -> Option<AssetId>;
    fn fields(&self) -> &EntryFields;
}

impl RuleInput for CaseRecord {
    type Entry = TimelineEntry;

    fn reporter(&self) -> Option<&str> {
        self.case.reporter.as_deref()
    }
    fn category(&self) -> Category {
        self.case.category
    }
    fn status(&self) -> CaseStatus {
        self.case.status
    }
    fn root_cause(&self) -> Option<RootCause> {
        self.case.root_cause
    }
    fn opened_at(&self) -> DateTime<Utc> {
        self.case.opened_at
    }
    fn entries(&self) -> &[TimelineEntry] {
        &self.entries
    }
    fn link_count(&self) -> usize {
        self.assets.len()
    }
    fn links(&self) -> impl Iterator<Item = (AssetId, Relation)> {
        self.assets.iter().map(|l| (l.asset.id, l.relation))
    }
    fn has_evidence_for(&self, entry: EntryId) -> bool {
        self.evidence.iter().any(|ev| ev.entry_id == Some(entry))
    }
    fn tampered(&self) -> Vec<Tampered<'_>> {
        self.tampered_evidence
            .iter()
            .map(|&id| {
                let item = self.evidence.iter().find(|ev| ev.id == id);
                Tampered {
                    id,
                    title: item.map(|ev| ev.title.as_str()),
                    entry: item.and_then(|ev| ev.entry_id),
                }
            })
            .collect()
    }
}

impl RuleEntry for TimelineEntry {
    fn id(&self) -> EntryId {
        self.id
    }
    fn kind(&self) -> EntryKind {
        self.kind
    }
    fn occurred_at(&self) -> DateTime<Utc> {
        self.occurred_at
    }
    fn actor(&self) -> &str {
        &self.actor
    }
    fn summary(&self) -> &str {
        &self.summary
    }
    fn asset_id(&self) -> Option<AssetId> {
        self.asset_id
    }
    fn fields(&self) -> &EntryFields {
        &self.fields
    }
}

impl RuleInput for TrailRecord {
    type Entry = TrailEntry;

    fn reporter(&self) -> Option<&str> {
        self.reporter.as_deref()
    }
    fn category(&self) -> Category {
        self.category
    }
    fn status(&self) -> CaseStatus {
        self.status
    }
    fn root_cause(&self) -> Option<RootCause> {
        self.root_cause
    }
    fn opened_at(&self) -> DateTime<Utc> {
        self.opened_at
    }
    fn entries(&self) -> &[TrailEntry] {
        &self.entries
    }
    fn link_count(&self) -> usize {
        self.links.len()
    }
    fn links(&self) -> impl Iterator<Item = (AssetId, Relation)> {
        self.links.iter().copied()
    }
    fn has_evidence_for(&self, entry: EntryId) -> bool {
        self.evidence
            .iter()
            .any(|&(_, proves)| proves == Some(entry))
    }
    /// The lean record is read without re-hashing evidence.
    fn tampered(&self) -> Vec<Tampered<'_>> {
        Vec::new()
    }
}

impl RuleEntry for TrailEntry {
    fn id(&self) -> EntryId {
        self.id
    }
    fn kind(&self) -> EntryKind {
        self.kind
    }
    fn occurred_at(&self) -> DateTime<Utc> {
        self.occurred_at
    }
    fn actor(&self) -> &str {
        &self.actor
    }
    fn summary(&self) -> &str {
        &self.summary
    }
    fn asset_id(&self) -> Option<AssetId> {
        self.asset_id
    }
    fn fields(&self) -> &EntryFields {
        &self.fields
    }
}
