//! A timeline entry with its optional proof: validated together, so a form shows every
//! field error of both at once, and written together.

use chrono::{DateTime, TimeZone, Utc};

use super::command::Proof;
use super::error::AppError;
use super::port::CaseStore;
use crate::domain::{CaseRecord, Evidence, EvidenceId, TimelineEntry};
use crate::input::{EntryDraft, FieldError};

/// The entry and its proof (evidence and bytes), validated.
pub(super) type CheckedEntry = (TimelineEntry, Option<(Evidence, Vec<u8>)>);

pub(super) fn check<S: CaseStore, Tz: TimeZone>(
    store: &S,
    record: &CaseRecord,
    draft: &EntryDraft,
    proof: &Proof,
    (now, zone, max_bytes): (DateTime<Utc>, &Tz, u64),
) -> Result<CheckedEntry, AppError> {
    let case = record.case.id;
    let user = store.os_user().to_string();
    let entry = draft.validate(case, &record.entries, &user, now, zone);
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
        Proof::Existing(id) => existing_proof(store, record, *id, &user, now).map(Some),
    };
    match (entry, proof) {
        (Ok(entry), Ok(proof)) => Ok((entry, proof)),
        (entry, proof) => {
            let mut errors = entry.err().unwrap_or_default();
            errors.extend(proof.err().unwrap_or_default());
            Err(AppError::Fields(errors))
        }
    }
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

fn existing_proof<S: CaseStore>(
    store: &S,
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
