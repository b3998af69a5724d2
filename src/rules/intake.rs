//! Who reported the incident (NT003) and which identities it affects (NT004).

use crate::domain::CaseRecord;

use super::{Gap, RuleCode, has_affected_asset, is_blank};

/// NT003: no reporter recorded.
pub(super) fn missing_reporter(record: &CaseRecord) -> Option<Gap> {
    is_blank(record.case.reporter.as_deref()).then(|| {
        Gap::new(
            RuleCode::Nt003,
            "no reporter recorded".to_string(),
            Vec::new(),
            Vec::new(),
        )
    })
}

/// NT004: no asset linked as affected.
pub(super) fn missing_affected_asset(record: &CaseRecord) -> Option<Gap> {
    (!has_affected_asset(record)).then(|| {
        let message = if record.assets.is_empty() {
            "no asset linked".to_string()
        } else if record.assets.len() == 1 {
            "the linked asset is not marked affected".to_string()
        } else {
            format!(
                "none of the {} linked assets is marked affected",
                record.assets.len()
            )
        };
        Gap::new(RuleCode::Nt004, message, Vec::new(), Vec::new())
    })
}
