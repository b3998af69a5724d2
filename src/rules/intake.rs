//! Who reported the incident (NT003) and which identities it affects (NT004).

use super::{Gap, RuleCode, RuleInput, has_affected_asset, is_blank};

/// NT003: no reporter recorded.
pub(super) fn missing_reporter<R: RuleInput>(record: &R) -> Option<Gap> {
    is_blank(record.reporter()).then(|| {
        Gap::new(
            RuleCode::Nt003,
            "no reporter recorded".to_string(),
            Vec::new(),
            Vec::new(),
        )
    })
}

/// NT004: no asset linked as affected.
pub(super) fn missing_affected_asset<R: RuleInput>(record: &R) -> Option<Gap> {
    (!has_affected_asset(record)).then(|| {
        let message = if record.link_count() == 0 {
            "no asset linked".to_string()
        } else if record.link_count() == 1 {
            "the linked asset is not marked affected".to_string()
        } else {
            format!(
                "none of the {} linked assets is marked affected",
                record.link_count()
            )
        };
        Gap::new(RuleCode::Nt004, message, Vec::new(), Vec::new())
    })
}
