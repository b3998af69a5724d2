//! What the screen knows of one case's gaps: every gap found from its record (a
//! small store, or a case opened in this session), or only its rule codes (the
//! cached codes of a large store's other cases, two bytes each).

use std::borrow::Cow;

use crate::rules::{Gap, GapSeverity, RuleCode, RuleSet};

#[derive(Debug, Clone, PartialEq)]
pub enum CaseGaps {
    /// Rule codes only; shown with each rule's title until the case is opened.
    Codes(RuleSet),
    /// Every gap found, error-level first, then by code.
    Found(Vec<Gap>),
}

impl CaseGaps {
    /// Gaps found, ordered error-level first, then by code (stable within).
    pub fn found(mut gaps: Vec<Gap>) -> CaseGaps {
        gaps.sort_by_key(|gap| (gap.severity != GapSeverity::Error, gap.code));
        CaseGaps::Found(gaps)
    }

    pub fn is_empty(&self) -> bool {
        match self {
            CaseGaps::Codes(codes) => codes.is_empty(),
            CaseGaps::Found(gaps) => gaps.is_empty(),
        }
    }

    pub fn codes(&self) -> RuleSet {
        match self {
            CaseGaps::Codes(codes) => *codes,
            CaseGaps::Found(gaps) => gaps.iter().map(|g| g.code).collect(),
        }
    }

    /// The most severe level among the gaps.
    pub fn worst(&self) -> Option<GapSeverity> {
        match self {
            CaseGaps::Codes(codes) => codes
                .iter()
                .map(RuleCode::severity)
                .min_by_key(|s| *s != GapSeverity::Error),
            CaseGaps::Found(gaps) => gaps.first().map(|g| g.severity),
        }
    }

    /// The gaps as a list: the found ones, or one per code with the rule's title,
    /// in the same order (error-level first, then by code).
    pub fn gaps(&self) -> Cow<'_, [Gap]> {
        match self {
            CaseGaps::Found(gaps) => Cow::Borrowed(gaps),
            CaseGaps::Codes(codes) => {
                let mut gaps: Vec<Gap> = codes.iter().map(summary_gap).collect();
                gaps.sort_by_key(|gap| (gap.severity != GapSeverity::Error, gap.code));
                Cow::Owned(gaps)
            }
        }
    }
}

/// A gap known only by its rule code, shown with the rule's title.
fn summary_gap(code: RuleCode) -> Gap {
    Gap::new(code, code.info().title.to_string(), Vec::new(), Vec::new())
}
