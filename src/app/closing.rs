//! Closing a case: its note, the `closed` entry, and the error-level gaps that would
//! remain (named, and refused unless confirmed).

use chrono::{DateTime, TimeZone, Utc};

use super::error::{AppError, Refusal};
use super::port::CaseStore;
use crate::domain::{CaseId, CaseRecord, CaseStatus, EntryKind, TimelineEntry};
use crate::input::{EntryDraft, closing_note};
use crate::rules::{self, Gap, GapSeverity, RuleCode, RuleConfig};
use crate::store::Change;

/// The change that closes `case`, or why it may not be closed.
pub(super) fn close<S: CaseStore, Tz: TimeZone>(
    store: &S,
    case: CaseId,
    (note, at, confirmed): (&str, &str, bool),
    (now, zone, config): (DateTime<Utc>, &Tz, &RuleConfig),
) -> Result<(Change, Vec<Gap>), AppError> {
    let record = store.case_record_rehashed(case)?;
    if record.case.status == CaseStatus::Closed {
        return Err(AppError::refused(format!(
            "case {} is already closed",
            crate::sanitize::line(&record.case.reference)
        )));
    }
    let note = closing_note(note)?;
    let first_line = note
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let draft = EntryDraft {
        occurred_at: at.to_string(),
        actor: store.os_user().to_string(),
        summary: first_line.to_string(),
        details: note.clone(),
        ..EntryDraft::new(EntryKind::Closed)
    };
    let entry = draft.validate(case, &record.entries, store.os_user(), now, zone)?;
    let gaps = remaining_errors(&record, &entry, &note, now, config);
    if !gaps.is_empty() && !confirmed {
        return Err(AppError::Refused(Refusal {
            message: format!(
                "case {} still has {} error-level gap(s)",
                crate::sanitize::line(&record.case.reference),
                gaps.len()
            ),
            gaps,
        }));
    }
    Ok((Change::Close { case, note, entry }, gaps))
}

/// The error-level gaps the case would have once closed as asked (NT015, "closed
/// over errors", is the consequence of closing, not a reason of its own).
pub fn remaining_errors(
    record: &CaseRecord,
    closing: &TimelineEntry,
    note: &str,
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Vec<Gap> {
    let mut closed = record.clone();
    closed.case.status = CaseStatus::Closed;
    closed.case.closed_at = Some(closing.occurred_at);
    closed.case.closing_note = Some(note.to_string());
    let mut entry = closing.clone();
    entry.id = record
        .entries
        .iter()
        .map(|e| e.id)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    closed.entries.push(entry);
    rules::evaluate(&closed, now, config)
        .into_iter()
        .filter(|gap| gap.severity == GapSeverity::Error && gap.code != RuleCode::Nt015)
        .collect()
}
