//! When the passing of time alone could change a case's gaps. Two rules read the
//! clock: NT011 (an exemption passes its expiry) and NT014 (an open case goes stale).
//! Everything else changes only when the records do. Knowing the next such moment
//! lets a cache of gaps stay valid until then.

use chrono::{DateTime, TimeDelta, Utc};

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
    let stale = (record.status() != CaseStatus::Closed)
        .then(|| {
            let last = record
                .entries()
                .iter()
                .map(|e| e.occurred_at())
                .max()
                .unwrap_or(record.opened_at());
            last + TimeDelta::days(config.stale_after_days)
        })
        .filter(|&x| x >= now);
    expiries.chain(stale).min()
}
