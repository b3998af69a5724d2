//! What the screen knows of one case's gaps: every gap found from its record (a
//! small store, or a case opened in this session), or only its rule codes (the
//! cached codes of a large store's other cases, two bytes each).

use std::borrow::Cow;
use std::collections::HashMap;

use crate::domain::CaseId;
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

/// What the screen knows of every case's gaps, held compactly for a large store:
/// the rule codes of each flagged case (two bytes each, in one map), and every gap
/// found for the cases evaluated in this session (a few). A case whose trail is
/// whole is in neither.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GapIndex {
    codes: HashMap<CaseId, RuleSet>,
    /// Cases evaluated whole; each is also in `codes`.
    found: HashMap<CaseId, Vec<Gap>>,
}

impl GapIndex {
    /// The index of each case's rule codes (cases without codes left out).
    pub fn of_codes(codes: impl IntoIterator<Item = (CaseId, RuleSet)>) -> GapIndex {
        let mut codes: HashMap<CaseId, RuleSet> =
            codes.into_iter().filter(|(_, c)| !c.is_empty()).collect();
        codes.shrink_to_fit();
        GapIndex {
            codes,
            found: HashMap::new(),
        }
    }

    /// [`GapIndex::of_codes`] keeping the map it is given (the flags read's, sized
    /// once) instead of hashing each of its entries into a new one.
    pub fn of_code_map(mut codes: HashMap<CaseId, RuleSet>) -> GapIndex {
        codes.retain(|_, c| !c.is_empty());
        GapIndex {
            codes,
            found: HashMap::new(),
        }
    }

    /// Put what is known of case `id`: its found gaps, or only its codes.
    pub fn set(&mut self, id: CaseId, gaps: CaseGaps) {
        match gaps {
            CaseGaps::Codes(codes) => {
                self.found.remove(&id);
                self.set_codes(id, codes);
            }
            CaseGaps::Found(gaps) => self.set_found(id, gaps),
        }
    }

    /// Every gap found for case `id` (error-level first); none when it has none.
    pub fn set_found(&mut self, id: CaseId, gaps: Vec<Gap>) {
        let CaseGaps::Found(gaps) = CaseGaps::found(gaps) else {
            return;
        };
        self.set_codes(id, gaps.iter().map(|g| g.code).collect());
        if gaps.is_empty() {
            self.found.remove(&id);
        } else {
            self.found.insert(id, gaps);
        }
    }

    fn set_codes(&mut self, id: CaseId, codes: RuleSet) {
        if codes.is_empty() {
            self.codes.remove(&id);
        } else {
            self.codes.insert(id, codes);
        }
    }

    /// Case `id` has gaps.
    pub fn is_flagged(&self, id: CaseId) -> bool {
        self.codes.contains_key(&id)
    }

    /// The rule codes of case `id`'s gaps.
    pub fn codes(&self, id: CaseId) -> RuleSet {
        self.codes.get(&id).copied().unwrap_or_default()
    }

    /// The gaps of case `id` as a list (see [`CaseGaps::gaps`]).
    pub fn gaps(&self, id: CaseId) -> Cow<'_, [Gap]> {
        match self.found.get(&id) {
            Some(gaps) => Cow::Borrowed(gaps),
            None => CaseGaps::Codes(self.codes(id)).gaps().into_owned().into(),
        }
    }

    /// The most severe level among case `id`'s gaps.
    pub fn worst(&self, id: CaseId) -> Option<GapSeverity> {
        match self.found.get(&id) {
            Some(gaps) => gaps.first().map(|g| g.severity),
            None => CaseGaps::Codes(self.codes(id)).worst(),
        }
    }

    /// Every rule code some case has a gap of.
    pub fn present(&self) -> RuleSet {
        self.codes.values().flat_map(|c| c.iter()).collect()
    }
}

impl FromIterator<(CaseId, CaseGaps)> for GapIndex {
    fn from_iter<I: IntoIterator<Item = (CaseId, CaseGaps)>>(gaps: I) -> GapIndex {
        let mut index = GapIndex::default();
        for (id, gaps) in gaps {
            index.set(id, gaps);
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_of_codes_is_kept_as_the_same_index_without_its_empty_sets() {
        let one: RuleSet = [RuleCode::Nt001].into_iter().collect();
        let two: RuleSet = [RuleCode::Nt002, RuleCode::Nt004].into_iter().collect();
        let codes = [(1, one), (2, RuleSet::default()), (3, two)];
        let map: HashMap<CaseId, RuleSet> = codes.into_iter().collect();
        let kept = GapIndex::of_code_map(map);
        assert_eq!(kept, GapIndex::of_codes(codes));
        assert!(kept.is_flagged(1) && kept.is_flagged(3));
        assert!(!kept.is_flagged(2));
        assert_eq!(kept.codes(3), two);
    }
}
