//! When the passing of time alone could change a case's gaps. Two rules read the
//! clock: NT011 (an exemption passes its expiry) and NT014 (an open case goes stale).
//! Everything else changes only when the records do. Knowing the next such moment
//! lets a cache of gaps stay valid until then.

use chrono::{DateTime, Utc};

use super::{RuleConfig, RuleEntry, RuleInput};
use crate::domain::{CaseStatus, EntryKind};

/// The earliest moment after `now` at which [`super::evaluate`] could give a
/// different answer for this record without any record changing; `None` when
/// only a change of the records can change it.
pub fn recheck_at<R: RuleInput>(
    record: &R,
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Option<DateTime<Utc>> {
    let expiries = record
        .entries()
        .iter()
        .filter(|e| e.kind() == EntryKind::ExemptionGranted)
        .filter_map(|e| e.fields().expires_at)
        .filter(|&x| x >= now);
    // A threshold past the end of time never comes: no recheck for it.
    let stale = (record.status() != CaseStatus::Closed)
        .then(|| {
            let last = record
                .entries()
                .iter()
                .map(|e| e.occurred_at())
                .max()
                .unwrap_or(record.opened_at());
            last.checked_add_signed(config.stale_after())
        })
        .flatten()
        .filter(|&x| x >= now);
    expiries.chain(stale).min()
}
