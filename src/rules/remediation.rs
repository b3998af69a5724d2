//! Remediation must be verified: a passed verification with proof evidence at or
//! after the latest fix (NT002), and no verification that predates the fix (NT007).

use crate::domain::{EntryKind, VerificationResult};

use super::{Gap, RuleCode, RuleEntry, RuleInput, describe, latest};

fn latest_remediation<R: RuleInput>(record: &R) -> Option<&R::Entry> {
    latest(
        record
            .entries()
            .iter()
            .filter(|e| e.kind().is_remediation()),
    )
}

fn has_evidence<R: RuleInput>(record: &R, entry: &R::Entry) -> bool {
    record.has_evidence_for(entry.id())
}

/// NT002: the latest remediation is not followed by a passed, proven verification.
pub(super) fn unverified_fix<R: RuleInput>(record: &R) -> Option<Gap> {
    let fix = latest_remediation(record)?;
    let after: Vec<&R::Entry> = record
        .entries()
        .iter()
        .filter(|e| e.kind() == EntryKind::Verification && e.occurred_at() >= fix.occurred_at())
        .collect();
    let passed = |v: &&&R::Entry| v.fields().result == Some(VerificationResult::Passed);
    if after.iter().filter(passed).any(|v| has_evidence(record, v)) {
        return None;
    }
    let message = if after.is_empty() {
        format!("{} is not followed by any verification", describe(fix))
    } else if after.iter().any(|v| passed(&v)) {
        format!(
            "verification after {} has no proof evidence attached",
            describe(fix)
        )
    } else {
        format!("no verification after {} passed", describe(fix))
    };
    let mut entries = vec![fix.id()];
    entries.extend(
        after
            .iter()
            .filter(|v| !has_evidence(record, v))
            .map(|v| v.id()),
    );
    Some(Gap::new(RuleCode::Nt002, message, entries, Vec::new()))
}

/// NT007: the latest verification is before the latest remediation.
pub(super) fn verification_before_fix<R: RuleInput>(record: &R) -> Option<Gap> {
    let fix = latest_remediation(record)?;
    let check = latest(
        record
            .entries()
            .iter()
            .filter(|e| e.kind() == EntryKind::Verification),
    )?;
    if check.occurred_at() >= fix.occurred_at() {
        return None;
    }
    let message = format!(
        "latest verification ({}) predates {}",
        check.occurred_at().format("%Y-%m-%d %H:%M UTC"),
        describe(fix)
    );
    Some(Gap::new(
        RuleCode::Nt007,
        message,
        vec![check.id(), fix.id()],
        Vec::new(),
    ))
}
