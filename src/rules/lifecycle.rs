//! The case as a whole: closed auth failures need a root cause (NT012), evidence
//! must still match its hash (NT013), open cases must move (NT014), and a case is
//! not closed over open errors (NT015).

use chrono::{DateTime, TimeDelta, Utc};

use crate::domain::{CaseStatus, Category, EntryId, EntryKind};

use super::{Gap, GapSeverity, RuleCode, RuleConfig, RuleEntry, RuleInput, latest};

fn is_closed<R: RuleInput>(record: &R) -> bool {
    record.status() == CaseStatus::Closed
}

fn latest_closing<R: RuleInput>(record: &R) -> Vec<EntryId> {
    latest(
        record
            .entries()
            .iter()
            .filter(|e| e.kind() == EntryKind::Closed),
    )
    .map(|e| e.id())
    .into_iter()
    .collect()
}

/// NT012: an auth-failure case closed with no root cause.
pub(super) fn closed_without_root_cause<R: RuleInput>(record: &R) -> Option<Gap> {
    let applies = record.category() == Category::AuthFailure
        && is_closed(record)
        && record.root_cause().is_none();
    applies.then(|| {
        let message = "authentication failure closed without a root cause".to_string();
        Gap::new(RuleCode::Nt012, message, latest_closing(record), Vec::new())
    })
}

/// NT013: one gap per evidence item whose bytes no longer match their hash.
pub(super) fn tampered_evidence<R: RuleInput>(record: &R) -> Vec<Gap> {
    record
        .tampered()
        .into_iter()
        .map(|item| {
            let id = item.id;
            let name = item
                .title
                .map_or_else(|| format!("#{id}"), |title| format!("\"{title}\""));
            let message = format!("evidence {name} no longer matches its SHA-256");
            let entries = item.entry.into_iter().collect();
            Gap::new(RuleCode::Nt013, message, entries, vec![id])
        })
        .collect()
}

/// NT014: a case not closed with no activity for more than the configured days.
pub(super) fn stale<R: RuleInput>(
    record: &R,
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Option<Gap> {
    if is_closed(record) {
        return None;
    }
    let last_entry = latest(record.entries().iter());
    let last = last_entry.map_or(record.opened_at(), |e| e.occurred_at());
    let idle = now - last;
    if idle <= config.stale_after() {
        return None;
    }
    let message = format!(
        "no activity for {} (since {})",
        human_duration(idle),
        last.format("%Y-%m-%d")
    );
    Some(Gap::new(
        RuleCode::Nt014,
        message,
        last_entry.map(|e| e.id()).into_iter().collect(),
        Vec::new(),
    ))
}

/// NT015: a closed case with any other error-level gap.
pub(super) fn closed_with_errors<R: RuleInput>(record: &R, gaps: &[Gap]) -> Option<Gap> {
    if !is_closed(record) {
        return None;
    }
    let mut codes: Vec<RuleCode> = gaps
        .iter()
        .filter(|g| g.severity == GapSeverity::Error && g.code != RuleCode::Nt015)
        .map(|g| g.code)
        .collect();
    codes.sort();
    codes.dedup();
    if codes.is_empty() {
        return None;
    }
    let list: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
    let message = format!("closed with open error gaps: {}", list.join(", "));
    Some(Gap::new(
        RuleCode::Nt015,
        message,
        latest_closing(record),
        Vec::new(),
    ))
}

/// A duration as a reviewer says it: `3 days`, `5 hours`, `20 minutes`.
pub(super) fn human_duration(d: TimeDelta) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if d.num_days() >= 1 {
        plural(d.num_days(), "day")
    } else if d.num_hours() >= 1 {
        plural(d.num_hours(), "hour")
    } else {
        plural(d.num_minutes().max(1), "minute")
    }
}
