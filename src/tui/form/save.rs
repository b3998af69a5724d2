//! What a submitted form writes, and writing it: validation against the clock
//! (`now`, `yesterday 14:00`), one store transaction, then the written case's list
//! row, record and gaps read again (not the whole list: `update` puts the row in
//! place). Runs in the run loop, never in `update`.

use chrono::{DateTime, FixedOffset, Utc};

use super::super::action::Action;
use crate::domain::{
    AssetId, Case, CaseId, CaseRecord, CaseStatus, CaseSummary, Evidence, EvidenceId, Relation,
};
use crate::input::{AssetDraft, CaseDraft, EntryDraft, EvidenceDraft, FieldError, closing_note};
use crate::rules::{self, Gap, RuleConfig};
use crate::store::{Store, StoreError};
use crate::tui::text::size;

/// A submitted form: what to write and what to validate it with.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// Zone in which times without one are read.
    pub zone: FixedOffset,
    pub evidence_max_bytes: u64,
    pub rules: RuleConfig,
    pub write: Write,
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

/// The written case read again after a write: its list row (as the whole list
/// would give it), its record and its gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct Reloaded {
    pub summary: CaseSummary,
    pub record: CaseRecord,
    pub gaps: Vec<Gap>,
}

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

enum Failure {
    Fields(Vec<FieldError>),
    Store(StoreError),
}

impl From<Vec<FieldError>> for Failure {
    fn from(errors: Vec<FieldError>) -> Failure {
        Failure::Fields(errors)
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Failure {
        Failure::Store(error)
    }
}

fn field_error(field: &'static str, message: impl Into<String>) -> Failure {
    Failure::Fields(vec![FieldError {
        field,
        message: message.into(),
    }])
}

/// Validate and write a submission at `now`; the answer for `update`.
pub fn save(store: &mut Store, submission: Submission, now: DateTime<Utc>) -> Action {
    let rules = submission.rules.clone();
    let created = matches!(submission.write, Write::NewCase(_));
    match write(store, submission, now) {
        Ok((case, message, receipt)) => Action::FormSaved(Box::new(Saved {
            case,
            created,
            message,
            receipt,
            reload: reload(store, case, now, &rules).map_err(|e| format!("could not reload: {e}")),
        })),
        Err(Failure::Fields(errors)) => Action::FormRejected(errors),
        Err(Failure::Store(error)) => Action::FormFailed(error.to_string()),
    }
}

fn reload(
    store: &Store,
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

type Written = (CaseId, String, Vec<(String, String)>);

fn write(store: &mut Store, s: Submission, now: DateTime<Utc>) -> Result<Written, Failure> {
    let zone = s.zone;
    match s.write {
        Write::NewCase(draft) => {
            let mut case = draft.validate(None, now, &zone)?;
            let id = store.write(|w| w.insert_case(&mut case))?;
            Ok((id, format!("created case {}", case.reference), Vec::new()))
        }
        Write::EditCase { base, draft } => {
            let case = draft.validate(Some(&base), now, &zone)?;
            let changed = store.write(|w| w.update_case(&case))?;
            let message = if changed {
                format!("saved case {}", case.reference)
            } else {
                format!("case {}: nothing changed", case.reference)
            };
            Ok((case.id, message, Vec::new()))
        }
        Write::Status { case, status } => {
            let status: CaseStatus = status
                .parse()
                .map_err(|e: crate::domain::UnknownLabel| field_error("status", e.to_string()))?;
            if status == CaseStatus::Closed {
                return Err(field_error(
                    "status",
                    "close a case with c (it asks for a closing note)",
                ));
            }
            store.write(|w| w.set_case_status(case, status))?;
            Ok((case, format!("status set to {status}"), Vec::new()))
        }
        Write::Entry { case, draft, proof } => entry(
            store,
            case,
            &draft,
            proof,
            now,
            (zone, s.evidence_max_bytes),
        ),
        Write::LinkExisting {
            case,
            asset,
            relation,
        } => {
            let Some(asset) = asset else {
                return Err(field_error("asset", "pick an asset (type to search)"));
            };
            let relation: Relation = relation
                .parse()
                .map_err(|e: crate::domain::UnknownLabel| field_error("relation", e.to_string()))?;
            store.write(|w| w.link_asset(case, asset, relation))?;
            Ok((
                case,
                format!("linked asset #{asset} as {relation}"),
                Vec::new(),
            ))
        }
        Write::LinkNew { case, draft } => {
            let (mut asset, relation) = draft.validate()?;
            store.write(|w| {
                let id = w.insert_asset(&mut asset)?;
                w.link_asset(case, id, relation)
            })?;
            let message = format!("created and linked {} {}", asset.kind, asset.name);
            Ok((case, message, Vec::new()))
        }
        Write::Unlink { case, asset } => {
            let Some(asset) = asset else {
                return Err(field_error("asset", "this case has no linked asset"));
            };
            store.write(|w| w.unlink_asset(case, asset))?;
            Ok((case, format!("unlinked asset #{asset}"), Vec::new()))
        }
        Write::Evidence { case, draft } => {
            let user = store.os_user().to_string();
            let (mut evidence, bytes) = draft.validate(case, &user, now, s.evidence_max_bytes)?;
            store.write(|w| w.insert_evidence(&mut evidence, &bytes))?;
            Ok((
                case,
                format!("evidence #{} saved", evidence.id),
                receipt(&evidence),
            ))
        }
        Write::Close { case, note } => {
            let note = closing_note(&note)?;
            store.write(|w| w.close_case(case, &note, now))?;
            Ok((case, "case closed".to_string(), Vec::new()))
        }
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

/// Proof-evidence errors carry the proof fields' names.
fn proof_field(field: &'static str) -> &'static str {
    match field {
        "kind" => "proof-kind",
        "title" => "proof-title",
        "text" => "proof-text",
        "file" => "proof-file",
        "source" => "proof-source",
        other => other,
    }
}

fn entry(
    store: &mut Store,
    case: CaseId,
    draft: &EntryDraft,
    proof: Proof,
    now: DateTime<Utc>,
    (zone, max_bytes): (FixedOffset, u64),
) -> Result<Written, Failure> {
    let record = store.case_record(case)?;
    let user = store.os_user().to_string();
    let entry = draft.validate(case, &record.entries, &user, now, &zone);
    let proof = match proof {
        Proof::None => Ok(None),
        Proof::New(evidence) => evidence
            .validate(case, &user, now, max_bytes)
            .map(Some)
            .map_err(|errors| {
                errors
                    .into_iter()
                    .map(|e| FieldError {
                        field: proof_field(e.field),
                        message: e.message,
                    })
                    .collect()
            }),
        Proof::Existing(id) => existing_proof(store, &record, id, &user, now).map(Some),
    };
    let (mut entry, proof) = match (entry, proof) {
        (Ok(entry), Ok(proof)) => (entry, proof),
        (entry, proof) => {
            let mut errors = entry.err().unwrap_or_default();
            errors.extend(proof.err().unwrap_or_default());
            return Err(Failure::Fields(errors));
        }
    };
    let mut proof = proof;
    let id = store.write(|w| {
        let id = w.insert_entry(&mut entry)?;
        if let Some((evidence, bytes)) = &mut proof {
            evidence.entry_id = Some(id);
            w.insert_evidence(evidence, bytes)?;
        }
        Ok(id)
    })?;
    let (message, receipt) = match &proof {
        Some((evidence, _)) => (
            format!(
                "entry #{id} ({}) saved with proof #{}",
                entry.kind, evidence.id
            ),
            receipt(evidence),
        ),
        None => (format!("entry #{id} ({}) saved", entry.kind), Vec::new()),
    };
    Ok((case, message, receipt))
}

fn existing_proof(
    store: &Store,
    record: &CaseRecord,
    id: EvidenceId,
    user: &str,
    now: DateTime<Utc>,
) -> Result<(Evidence, Vec<u8>), Vec<FieldError>> {
    let fail = |message: String| {
        vec![FieldError {
            field: "proof-existing",
            message,
        }]
    };
    let Some(original) = record.evidence.iter().find(|e| e.id == id) else {
        return Err(fail(format!("this case has no evidence #{id}")));
    };
    let bytes = store
        .evidence_bytes(id)
        .map_err(|e| fail(format!("could not read evidence #{id}: {e}")))?;
    let copy = Evidence {
        id: 0,
        entry_id: None,
        source: Some(format!(
            "copy of evidence #{id} (sha256 {})",
            original.sha256
        )),
        collected_by: user.to_string(),
        collected_at: now,
        ..original.clone()
    };
    Ok((copy, bytes))
}
