//! What a submitted form writes, and writing it through the application layer
//! ([`app::execute`]: validation against the clock, one store transaction), then the
//! written case's list row, record and gaps read again (not the whole list: `update`
//! puts the row in place). Runs in the run loop, never in `update`.

use chrono::{DateTime, FixedOffset, Utc};

use crate::app::{self, AppError, AssetChoice, NewReference, WriteCommand, WriteContext, Written};
use crate::domain::{AssetId, Case, CaseId, Evidence};
use crate::input::{AssetDraft, CaseDraft, EntryDraft, EvidenceDraft, FieldError};
use crate::rules::RuleConfig;
use crate::store::Store;
use crate::tui::text::size;

pub use crate::app::Proof;

/// A submitted form: what to write and what to validate it with.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// Zone in which times without one are read.
    pub zone: FixedOffset,
    pub evidence_max_bytes: u64,
    pub rules: RuleConfig,
    pub write: Write,
}

/// One write, as typed. (Travels boxed inside [`Submission`], so the size of the
/// drafts does not matter.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    NewCase(CaseDraft),
    EditCase {
        base: Box<Case>,
        draft: CaseDraft,
    },
    Status {
        case: CaseId,
        status: String,
    },
    Entry {
        case: CaseId,
        draft: EntryDraft,
        proof: Proof,
    },
    LinkExisting {
        case: CaseId,
        asset: Option<AssetId>,
        relation: String,
    },
    LinkNew {
        case: CaseId,
        draft: AssetDraft,
    },
    Unlink {
        case: CaseId,
        asset: Option<AssetId>,
    },
    Evidence {
        case: CaseId,
        draft: EvidenceDraft,
    },
    Close {
        case: CaseId,
        note: String,
    },
}

pub use crate::app::Reloaded;

/// A write that went through.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// The case written to (for a new asset or evidence, the case it was added to).
    pub case: CaseId,
    /// The write created the case (its row is new to the list and to the search).
    pub created: bool,
    /// One line for the status bar.
    pub message: String,
    /// What the store recorded that the user should see (evidence size and SHA-256);
    /// empty when the form can simply close.
    pub receipt: Vec<(String, String)>,
    pub reload: Result<Reloaded, String>,
}

/// The store's answer to a submission.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveAnswer {
    /// The write went through.
    Saved(Box<Saved>),
    /// The input was refused, field by field.
    Rejected(Vec<FieldError>),
    /// The store refused the write.
    Failed(String),
}

/// Validate and write a submission at `now` through the application layer; the
/// answer for `update`.
pub fn save(store: &mut Store, submission: Submission, now: DateTime<Utc>) -> SaveAnswer {
    let ctx = WriteContext {
        now,
        zone: submission.zone,
        evidence_max_bytes: submission.evidence_max_bytes,
        rules: submission.rules,
    };
    let created = matches!(submission.write, Write::NewCase(_));
    match app::execute(store, command(submission.write), &ctx) {
        Ok(written) => {
            let Some(case) = written.case() else {
                return SaveAnswer::Failed("the write named no case".into());
            };
            let (message, receipt) = message(&written);
            SaveAnswer::Saved(Box::new(Saved {
                case,
                created,
                message,
                receipt,
                reload: app::reload(store, case, now, &ctx.rules)
                    .map_err(|e| format!("could not reload: {e}")),
            }))
        }
        Err(AppError::Fields(errors)) => SaveAnswer::Rejected(errors),
        Err(AppError::Refused(refusal)) => SaveAnswer::Failed(refusal.message),
        Err(AppError::Store(error)) => SaveAnswer::Failed(error.to_string()),
    }
}

/// The form's write as the application layer's command.
fn command(write: Write) -> WriteCommand {
    match write {
        Write::NewCase(draft) => WriteCommand::NewCase {
            draft,
            reference: NewReference::Given,
        },
        Write::EditCase { base, draft } => WriteCommand::EditCase { base, draft },
        Write::Status { case, status } => WriteCommand::SetStatus { case, status },
        Write::Entry { case, draft, proof } => WriteCommand::AddEntry { case, draft, proof },
        Write::LinkExisting {
            case,
            asset,
            relation,
        } => WriteCommand::LinkAsset {
            case,
            asset: AssetChoice::Id(asset),
            relation,
        },
        Write::LinkNew { case, draft } => WriteCommand::LinkNewAsset { case, draft },
        Write::Unlink { case, asset } => WriteCommand::UnlinkAsset { case, asset },
        Write::Evidence { case, draft } => WriteCommand::AddEvidence { case, draft },
        Write::Close { case, note } => WriteCommand::Close {
            case,
            note,
            at: "now".into(),
            // The form named the open gaps and asked before submitting.
            confirmed: true,
        },
    }
}

/// One line for the status bar, and what the store recorded that the user should see.
fn message(written: &Written) -> (String, Vec<(String, String)>) {
    match written {
        Written::CaseAdded(case) => (format!("created case {}", case.reference), Vec::new()),
        Written::CaseChanged {
            reference,
            changed: true,
            ..
        } => (format!("saved case {reference}"), Vec::new()),
        Written::CaseChanged {
            reference,
            changed: false,
            ..
        } => (format!("case {reference}: nothing changed"), Vec::new()),
        Written::StatusSet { status, .. } => (format!("status set to {status}"), Vec::new()),
        Written::EntryAdded {
            entry,
            proof: Some(evidence),
        } => (
            format!(
                "entry #{} ({}) saved with proof #{}",
                entry.id, entry.kind, evidence.id
            ),
            receipt(evidence),
        ),
        Written::EntryAdded { entry, proof: None } => (
            format!("entry #{} ({}) saved", entry.id, entry.kind),
            Vec::new(),
        ),
        Written::AssetLinked {
            asset,
            created: true,
            ..
        } => (
            format!("created and linked {} {}", asset.kind, asset.name),
            Vec::new(),
        ),
        Written::AssetLinked {
            asset, relation, ..
        } => (
            format!("linked asset #{} as {relation}", asset.id),
            Vec::new(),
        ),
        Written::AssetUnlinked { asset, .. } => {
            (format!("unlinked asset #{}", asset.id), Vec::new())
        }
        Written::EvidenceAdded(evidence) => (
            format!("evidence #{} saved", evidence.id),
            receipt(evidence),
        ),
        Written::CaseClosed { .. } => ("case closed".into(), Vec::new()),
        Written::BundleImported(summary) => (summary.to_string(), Vec::new()),
    }
}

fn receipt(evidence: &Evidence) -> Vec<(String, String)> {
    vec![
        (
            "evidence".into(),
            format!("#{} {}", evidence.id, evidence.title),
        ),
        (
            "size".into(),
            format!("{} ({} bytes)", size(evidence.size), evidence.size),
        ),
        ("SHA-256".into(), evidence.sha256.clone()),
    ]
}
