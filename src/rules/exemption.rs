//! Exemptions: complete when granted (NT010) and not left to lapse silently (NT011).

use chrono::{DateTime, Utc};

use crate::domain::EntryKind;

use super::{Gap, RuleCode, RuleEntry, RuleInput, describe, is_after, is_blank};

fn exemptions<R: RuleInput>(record: &R) -> impl Iterator<Item = &R::Entry> {
    record
        .entries()
        .iter()
        .filter(|e| e.kind() == EntryKind::ExemptionGranted)
}

/// NT010: one gap per exemption missing a justification, expiry or compensating controls.
pub(super) fn incomplete_exemptions<R: RuleInput>(record: &R) -> Vec<Gap> {
    exemptions(record)
        .filter_map(|e| {
            let f = &e.fields();
            let mut missing = Vec::new();
            if is_blank(f.justification.as_deref()) {
                missing.push("justification");
            }
            if f.expires_at.is_none() {
                missing.push("expiry");
            }
            if f.compensating_controls.iter().all(|c| c.trim().is_empty()) {
                missing.push("compensating controls");
            }
            (!missing.is_empty()).then(|| {
                let message = format!("{} has no {}", describe(e), missing.join(", no "));
                Gap::new(RuleCode::Nt010, message, vec![e.id()], Vec::new())
            })
        })
        .collect()
}

/// NT011: one gap per exemption past its expiry with no later revocation and no
/// later exemption that is still in force.
pub(super) fn expired_exemptions<R: RuleInput>(record: &R, now: DateTime<Utc>) -> Vec<Gap> {
    exemptions(record)
        .filter_map(|e| {
            let expired_at = e.fields().expires_at.filter(|x| *x < now)?;
            let revoked = record
                .entries()
                .iter()
                .any(|r| r.kind() == EntryKind::ExemptionRevoked && is_after(r, e));
            let renewed = exemptions(record)
                .any(|r| is_after(r, e) && r.fields().expires_at.is_some_and(|x| x > now));
            (!revoked && !renewed).then(|| {
                let message = format!(
                    "{} expired {} and was neither revoked nor renewed",
                    describe(e),
                    expired_at.format("%Y-%m-%d %H:%M UTC")
                );
                Gap::new(RuleCode::Nt011, message, vec![e.id()], Vec::new())
            })
        })
        .collect()
}
