//! A write as the user asked for it: the drafts of a form or the arguments of a
//! command, not yet validated. [`super::execute`] validates and applies it.

use chrono::{DateTime, TimeZone, Utc};

use crate::bundle::Bundle;
use crate::domain::{AssetId, Case, CaseId, EvidenceId};
use crate::input::{AssetDraft, CaseDraft, EntryDraft, EvidenceDraft};
use crate::rules::RuleConfig;

/// What every write is validated against: the clock, the zone in which times without
/// one are read, the evidence size limit and the rule settings (closing names the
/// gaps that would remain).
#[derive(Debug, Clone)]
pub struct WriteContext<Tz: TimeZone> {
    pub now: DateTime<Utc>,
    pub zone: Tz,
    pub evidence_max_bytes: u64,
    pub rules: RuleConfig,
}

/// Where a new case's reference comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewReference {
    /// The draft's reference, as typed: a clash with an existing case is an error.
    Given,
    /// The draft's reference was proposed by nhitrace (the form showed the next free
    /// one and it was kept): if another writer took it meanwhile, the next free one
    /// is proposed again, a bounded number of times.
    Proposed,
    /// The next free `NHI-<year>-<NNNN>` of the store, worked out at write time.
    Next { year: i32 },
}

/// Which asset to link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetChoice {
    /// An asset picked by id (`None`: nothing was picked yet).
    Id(Option<AssetId>),
    /// The asset with this provider and identifier, looked up in the write itself.
    Identifier {
        provider: String,
        identifier: String,
    },
}

/// The proof attached to a verification entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Proof {
    None,
    /// New evidence, saved with the entry in the same transaction.
    New(EvidenceDraft),
    /// A copy of an existing evidence item of the case, tied to the new entry (the
    /// original stays as it was: records are append-only).
    Existing(EvidenceId),
}

/// One write. (Drafts are large; commands travel boxed where size matters.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum WriteCommand {
    NewCase {
        draft: CaseDraft,
        reference: NewReference,
    },
    /// Change a case's fields; a changed status goes through its own audited edit
    /// (leaving `closed` clears the closing time; closing needs [`WriteCommand::Close`]).
    EditCase {
        base: Box<Case>,
        draft: CaseDraft,
    },
    SetStatus {
        case: CaseId,
        status: String,
    },
    AddEntry {
        case: CaseId,
        draft: EntryDraft,
        proof: Proof,
    },
    LinkAsset {
        case: CaseId,
        asset: AssetChoice,
        relation: String,
    },
    LinkNewAsset {
        case: CaseId,
        draft: AssetDraft,
    },
    UnlinkAsset {
        case: CaseId,
        asset: Option<AssetId>,
    },
    AddEvidence {
        case: CaseId,
        draft: EvidenceDraft,
    },
    /// Close a case with its note and a `closed` timeline entry dated `at`. Refused,
    /// naming them, when error-level gaps would remain and `confirmed` is false.
    Close {
        case: CaseId,
        note: String,
        at: String,
        confirmed: bool,
    },
    /// Import the cases of a validated bundle (idempotent; see [`crate::bundle`]).
    ImportBundle(Box<Bundle>),
}
