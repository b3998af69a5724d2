//! One validated change, as the application layer hands it to the store, and what the
//! store wrote for it. [`super::Store::apply`] applies a change in one transaction
//! dated by the caller's clock: all of it is written, or none of it.

use crate::domain::{Asset, AssetId, Case, CaseId, CaseStatus, Evidence, Relation, TimelineEntry};

/// Which asset a link names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetRef {
    Id(AssetId),
    /// Looked up inside the transaction; an unknown one is [`super::StoreError::NoSuchAsset`].
    Identifier {
        provider: String,
        identifier: String,
    },
}

/// A validated write.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    NewCase(Case),
    /// Every field of `case` (its status left as stored), then the status moved to
    /// `status` by its own audited edit if it differs.
    EditCase {
        case: Case,
        status: CaseStatus,
    },
    SetStatus {
        case: CaseId,
        status: CaseStatus,
    },
    /// An entry, with new proof evidence tied to it in the same transaction.
    AddEntry {
        entry: TimelineEntry,
        proof: Option<(Evidence, Vec<u8>)>,
    },
    LinkAsset {
        case: CaseId,
        asset: AssetRef,
        relation: Relation,
    },
    /// A new asset, created and linked at once.
    LinkNewAsset {
        case: CaseId,
        asset: Asset,
        relation: Relation,
    },
    UnlinkAsset {
        case: CaseId,
        asset: AssetId,
    },
    AddEvidence {
        evidence: Evidence,
        bytes: Vec<u8>,
    },
    /// The case closed with its note at the closing entry's time, and the entry.
    Close {
        case: CaseId,
        note: String,
        entry: TimelineEntry,
    },
}

/// What a change wrote, with the ids the store gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Applied {
    NewCase(Case),
    /// `changed` is false when the case already held every value.
    EditCase {
        case: CaseId,
        changed: bool,
    },
    SetStatus {
        case: CaseId,
    },
    AddEntry {
        entry: TimelineEntry,
        proof: Option<Evidence>,
    },
    LinkAsset {
        case: CaseId,
        asset: AssetId,
    },
    LinkNewAsset {
        case: CaseId,
        asset: Asset,
    },
    UnlinkAsset {
        case: CaseId,
        asset: AssetId,
    },
    AddEvidence(Evidence),
    Close {
        case: CaseId,
        entry: TimelineEntry,
    },
}

impl Applied {
    /// The case the change was written to.
    pub fn case(&self) -> CaseId {
        match self {
            Applied::NewCase(case) => case.id,
            Applied::AddEntry { entry, .. } => entry.case_id,
            Applied::AddEvidence(evidence) => evidence.case_id,
            Applied::EditCase { case, .. }
            | Applied::SetStatus { case }
            | Applied::LinkAsset { case, .. }
            | Applied::LinkNewAsset { case, .. }
            | Applied::UnlinkAsset { case, .. }
            | Applied::Close { case, .. } => *case,
        }
    }
}

impl super::Writer<'_> {
    /// Apply one change inside this transaction.
    pub fn apply(&mut self, change: Change) -> Result<Applied, super::StoreError> {
        Ok(match change {
            Change::NewCase(mut case) => {
                self.insert_case(&mut case)?;
                Applied::NewCase(case)
            }
            Change::EditCase { case, status } => {
                let id = case.id;
                let mut changed = self.update_case(&case)?;
                if status != case.status {
                    self.set_case_status(id, status)?;
                    changed = true;
                }
                Applied::EditCase { case: id, changed }
            }
            Change::SetStatus { case, status } => {
                self.set_case_status(case, status)?;
                Applied::SetStatus { case }
            }
            Change::AddEntry { mut entry, proof } => {
                let id = self.insert_entry(&mut entry)?;
                let proof = match proof {
                    Some((mut evidence, bytes)) => {
                        evidence.entry_id = Some(id);
                        self.insert_evidence(&mut evidence, &bytes)?;
                        Some(evidence)
                    }
                    None => None,
                };
                Applied::AddEntry { entry, proof }
            }
            Change::LinkAsset {
                case,
                asset,
                relation,
            } => {
                let asset = match asset {
                    AssetRef::Id(id) => id,
                    AssetRef::Identifier {
                        provider,
                        identifier,
                    } => self
                        .asset_id_by_identifier(&provider, &identifier)?
                        .ok_or_else(|| {
                            super::StoreError::NoSuchAsset(format!("{provider}/{identifier}"))
                        })?,
                };
                self.link_asset(case, asset, relation)?;
                Applied::LinkAsset { case, asset }
            }
            Change::LinkNewAsset {
                case,
                mut asset,
                relation,
            } => {
                let id = self.insert_asset(&mut asset)?;
                self.link_asset(case, id, relation)?;
                Applied::LinkNewAsset { case, asset }
            }
            Change::UnlinkAsset { case, asset } => {
                self.unlink_asset(case, asset)?;
                Applied::UnlinkAsset { case, asset }
            }
            Change::AddEvidence {
                mut evidence,
                bytes,
            } => {
                self.insert_evidence(&mut evidence, &bytes)?;
                Applied::AddEvidence(evidence)
            }
            Change::Close {
                case,
                note,
                mut entry,
            } => {
                self.close_case(case, &note, entry.occurred_at)?;
                self.insert_entry(&mut entry)?;
                Applied::Close { case, entry }
            }
        })
    }
}
