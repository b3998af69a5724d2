//! Secret leaks: an affected credential must be rotated or revoked (NT008) and the
//! people downstream told (NT009).

use crate::domain::{Category, EntryKind, Relation};

use super::{Gap, RuleCode, RuleEntry, RuleInput};

fn is_leak<R: RuleInput>(record: &R) -> bool {
    record.category() == Category::SecretLeak
}

/// NT008: no rotation or revocation of an affected asset.
pub(super) fn leak_not_rotated<R: RuleInput>(record: &R) -> Option<Gap> {
    if !is_leak(record) {
        return None;
    }
    let affected: Vec<_> = record
        .links()
        .filter(|&(_, relation)| relation == Relation::Affected)
        .map(|(asset, _)| asset)
        .collect();
    let (on_affected, elsewhere): (Vec<_>, Vec<_>) = record
        .entries()
        .iter()
        .filter(|e| matches!(e.kind(), EntryKind::Rotation | EntryKind::Revocation))
        .partition(|e| e.asset_id().is_some_and(|a| affected.contains(&a)));
    if !on_affected.is_empty() {
        return None;
    }
    let message = if elsewhere.is_empty() {
        "secret leak with no rotation or revocation recorded".to_string()
    } else {
        "secret leak: rotations recorded, but none of an affected credential".to_string()
    };
    Some(Gap::new(
        RuleCode::Nt008,
        message,
        elsewhere.iter().map(|e| e.id()).collect(),
        Vec::new(),
    ))
}

/// NT009: no notification naming at least one recipient.
pub(super) fn leak_not_notified<R: RuleInput>(record: &R) -> Option<Gap> {
    if !is_leak(record) {
        return None;
    }
    let (told, silent): (Vec<_>, Vec<_>) = record
        .entries()
        .iter()
        .filter(|e| e.kind() == EntryKind::Notification)
        .partition(|e| e.fields().recipients.iter().any(|r| !r.trim().is_empty()));
    if !told.is_empty() {
        return None;
    }
    let message = if silent.is_empty() {
        "secret leak with no downstream notification".to_string()
    } else {
        "secret leak: notification recorded without any recipient".to_string()
    };
    Some(Gap::new(
        RuleCode::Nt009,
        message,
        silent.iter().map(|e| e.id()).collect(),
        Vec::new(),
    ))
}
