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
/// the rule codes of each flagged case (two bytes each, see [`CodeTable`]), and
/// every gap found for the cases evaluated in this session (a few). A case whose
/// trail is whole is in neither.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GapIndex {
    codes: CodeTable,
    /// Cases evaluated whole; each is also in `codes`.
    found: HashMap<CaseId, Vec<Gap>>,
}

/// The rule codes of the flagged cases by id. Case ids are dense in a store (one
/// after another from 1), so the codes are a column indexed by id from the lowest
/// flagged one: two bytes a case, against 16 bytes an entry and a quarter of empty
/// slots in a hash map (17 MiB for 660,000 flagged cases of a million; 2 MiB as a
/// column). Ids too spread out for a column (more than four slots a flagged case,
/// as imports into a store with deleted cases could leave) are kept in a map.
#[derive(Debug, Clone)]
enum CodeTable {
    /// The codes of ids `base`, `base + 1`, …; an empty set where a case has none.
    Dense {
        base: CaseId,
        codes: Vec<RuleSet>,
        flagged: usize,
    },
    Sparse(HashMap<CaseId, RuleSet>),
}

/// Two tables are equal when they hold the same codes, however each is laid out.
impl PartialEq for CodeTable {
    fn eq(&self, other: &CodeTable) -> bool {
        let sorted = |table: &CodeTable| {
            let mut entries: Vec<(CaseId, RuleSet)> = table.entries().collect();
            entries.sort_unstable_by_key(|(id, _)| *id);
            entries
        };
        sorted(self) == sorted(other)
    }
}

impl Default for CodeTable {
    fn default() -> CodeTable {
        CodeTable::Sparse(HashMap::new())
    }
}

/// Slots of a dense table allowed per flagged case (and a few to start with).
const SLOTS_PER_CASE: usize = 4;
const SLOTS_FREE: usize = 1024;

impl CodeTable {
    /// The table of `codes` (no empty set among them): a column when the ids allow.
    fn of(codes: HashMap<CaseId, RuleSet>) -> CodeTable {
        column(codes.iter().map(|(id, set)| (*id, *set))).unwrap_or(CodeTable::Sparse(codes))
    }

    /// [`CodeTable::of`] from a list (no id twice, no empty set).
    fn of_list(codes: Vec<(CaseId, RuleSet)>) -> CodeTable {
        column(codes.iter().copied())
            .unwrap_or_else(|| CodeTable::Sparse(codes.into_iter().collect()))
    }

    fn get(&self, id: CaseId) -> RuleSet {
        match self {
            CodeTable::Dense { base, codes, .. } => slot_of(*base, id)
                .and_then(|i| codes.get(i))
                .copied()
                .unwrap_or_default(),
            CodeTable::Sparse(map) => map.get(&id).copied().unwrap_or_default(),
        }
    }

    /// Put case `id`'s codes (an empty set removes it).
    fn set(&mut self, id: CaseId, set: RuleSet) {
        if let CodeTable::Dense {
            base,
            codes,
            flagged,
        } = self
        {
            if let Some(slot) = slot_of(*base, id).and_then(|i| codes.get_mut(i)) {
                let before = std::mem::replace(slot, set);
                *flagged = (*flagged + usize::from(!set.is_empty()))
                    .saturating_sub(usize::from(!before.is_empty()));
                return;
            }
            // Past the end (a new case): grow the column while it stays dense.
            let grown = slot_of(*base, id).filter(|&i| i < dense_limit(*flagged + 1));
            if let Some(slot) = grown {
                if !set.is_empty() {
                    codes.resize(slot + 1, RuleSet::default());
                    codes[slot] = set;
                    *flagged += 1;
                }
                return;
            }
            let map = self.entries().collect();
            *self = CodeTable::Sparse(map);
        }
        if let CodeTable::Sparse(map) = self {
            if set.is_empty() {
                map.remove(&id);
            } else {
                map.insert(id, set);
            }
        }
    }

    /// Every flagged case and its codes, in no particular order.
    fn entries(&self) -> Box<dyn Iterator<Item = (CaseId, RuleSet)> + '_> {
        match self {
            CodeTable::Dense { base, codes, .. } => {
                Box::new(codes.iter().enumerate().filter_map(|(slot, set)| {
                    // Checked: a column may end at the largest id there is.
                    let id = i64::try_from(slot).ok().and_then(|i| base.checked_add(i))?;
                    (!set.is_empty()).then_some((id, *set))
                }))
            }
            CodeTable::Sparse(map) => Box::new(map.iter().map(|(id, set)| (*id, *set))),
        }
    }
}

/// The codes of `flagged` (in any order) as a column from the lowest id, when the
/// ids are dense enough for one.
fn column(flagged: impl Iterator<Item = (CaseId, RuleSet)> + Clone) -> Option<CodeTable> {
    let count = flagged.clone().count();
    let low = flagged.clone().map(|(id, _)| id).min()?;
    let high = flagged.clone().map(|(id, _)| id).max()?;
    let span = usize::try_from(high.checked_sub(low)?).ok()?;
    if span >= dense_limit(count) {
        return None;
    }
    let mut codes = vec![RuleSet::default(); span + 1];
    for (id, set) in flagged {
        if let Some(slot) = slot_of(low, id).and_then(|i| codes.get_mut(i)) {
            *slot = set;
        }
    }
    Some(CodeTable::Dense {
        base: low,
        codes,
        flagged: count,
    })
}

/// The most slots a column for `flagged` cases may have.
fn dense_limit(flagged: usize) -> usize {
    flagged
        .saturating_mul(SLOTS_PER_CASE)
        .saturating_add(SLOTS_FREE)
}

/// Where case `id` is in a column from `base` (none below it).
fn slot_of(base: CaseId, id: CaseId) -> Option<usize> {
    id.checked_sub(base).and_then(|i| usize::try_from(i).ok())
}

impl GapIndex {
    /// The index of each case's rule codes (cases without codes left out).
    pub fn of_codes(codes: impl IntoIterator<Item = (CaseId, RuleSet)>) -> GapIndex {
        GapIndex::of_code_map(codes.into_iter().collect())
    }

    /// [`GapIndex::of_codes`] from a map of codes (the flags read's).
    pub fn of_code_map(mut codes: HashMap<CaseId, RuleSet>) -> GapIndex {
        codes.retain(|_, c| !c.is_empty());
        GapIndex {
            codes: CodeTable::of(codes),
            found: HashMap::new(),
        }
    }

    /// The index of the flagged cases' codes as the flags read lists them (no id
    /// twice; empty sets left out).
    pub fn of_sorted_codes(mut codes: Vec<(CaseId, RuleSet)>) -> GapIndex {
        codes.retain(|(_, c)| !c.is_empty());
        GapIndex {
            codes: CodeTable::of_list(codes),
            found: HashMap::new(),
        }
    }

    /// Put what is known of case `id`: its found gaps, or only its codes.
    pub fn set(&mut self, id: CaseId, gaps: CaseGaps) {
        match gaps {
            CaseGaps::Codes(codes) => {
                self.found.remove(&id);
                self.codes.set(id, codes);
            }
            CaseGaps::Found(gaps) => self.set_found(id, gaps),
        }
    }

    /// Every gap found for case `id` (error-level first); none when it has none.
    pub fn set_found(&mut self, id: CaseId, gaps: Vec<Gap>) {
        let CaseGaps::Found(gaps) = CaseGaps::found(gaps) else {
            return;
        };
        self.codes.set(id, gaps.iter().map(|g| g.code).collect());
        if gaps.is_empty() {
            self.found.remove(&id);
        } else {
            self.found.insert(id, gaps);
        }
    }

    /// Case `id` has gaps.
    pub fn is_flagged(&self, id: CaseId) -> bool {
        !self.codes.get(id).is_empty()
    }

    /// The rule codes of case `id`'s gaps.
    pub fn codes(&self, id: CaseId) -> RuleSet {
        self.codes.get(id)
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
        self.codes.entries().flat_map(|(_, c)| c.iter()).collect()
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

    fn set(codes: &[RuleCode]) -> RuleSet {
        codes.iter().copied().collect()
    }

    #[test]
    fn dense_ids_are_a_column_that_grows_with_new_cases_and_spread_ones_a_map() {
        let one = set(&[RuleCode::Nt001]);
        let two = set(&[RuleCode::Nt002, RuleCode::Nt004]);
        let map: HashMap<CaseId, RuleSet> = (1..=300).map(|id| (id, one)).collect();
        let mut table = CodeTable::of(map.clone());
        assert!(matches!(table, CodeTable::Dense { base: 1, .. }));
        assert_eq!((table.get(1), table.get(300)), (one, one));
        assert!(table.get(0).is_empty() && table.get(301).is_empty() && table.get(-5).is_empty());
        // In place, unflagged, and a new case past the end.
        table.set(7, two);
        table.set(8, RuleSet::default());
        table.set(301, two);
        table.set(302, RuleSet::default());
        assert!(
            matches!(&table, CodeTable::Dense { codes, flagged: 300, .. } if codes.len() == 301)
        );
        assert_eq!(
            (table.get(7), table.get(8), table.get(301)),
            (two, RuleSet::default(), two)
        );
        // An id far past the end, or below the first: the same codes, in a map.
        let mut far = table.clone();
        far.set(1_000_000, one);
        assert!(matches!(far, CodeTable::Sparse(_)));
        assert_eq!(
            (far.get(7), far.get(301), far.get(1_000_000)),
            (two, two, one)
        );
        let mut low = table.clone();
        low.set(-3, one);
        assert!(matches!(low, CodeTable::Sparse(_)));
        assert_eq!((low.get(-3), low.get(300)), (one, one));
        // Equal by content, whatever the layout.
        let mut expected = map;
        expected.insert(7, two);
        expected.remove(&8);
        expected.insert(301, two);
        assert_eq!(table, CodeTable::Sparse(expected));
        // Ids spread too far for a column; extremes do not overflow.
        let spread: HashMap<CaseId, RuleSet> = [(1, one), (1_000_000, two)].into();
        assert!(matches!(CodeTable::of(spread), CodeTable::Sparse(_)));
        let top: HashMap<CaseId, RuleSet> = [(i64::MAX - 1, one), (i64::MAX, two)].into();
        let mut top = CodeTable::of(top);
        assert!(matches!(top, CodeTable::Dense { .. }));
        assert_eq!(top.entries().count(), 2, "the last id there is, counted");
        top.set(i64::MAX, RuleSet::default());
        assert_eq!(top.get(i64::MAX - 1), one);
        assert!(top.get(i64::MAX).is_empty() && top.get(i64::MIN).is_empty());
        let extremes: HashMap<CaseId, RuleSet> = [(i64::MIN, one), (i64::MAX, two)].into();
        let extremes = CodeTable::of(extremes);
        assert_eq!((extremes.get(i64::MIN), extremes.get(i64::MAX)), (one, two));
        assert_eq!(CodeTable::of(HashMap::new()), CodeTable::default());
    }

    #[test]
    fn a_sorted_list_of_codes_gives_the_index_a_map_gives() {
        let one = set(&[RuleCode::Nt001]);
        let list: Vec<(CaseId, RuleSet)> = vec![
            (2, one),
            (3, RuleSet::default()),
            (9, one),
            (4_000_000, one),
        ];
        let index = GapIndex::of_sorted_codes(list.clone());
        assert_eq!(index, GapIndex::of_codes(list.iter().copied()));
        assert!(index.is_flagged(9) && !index.is_flagged(3) && index.is_flagged(4_000_000));
        let dense = GapIndex::of_sorted_codes((1..=50).map(|id| (id, one)).collect());
        assert!(matches!(dense.codes, CodeTable::Dense { .. }));
        assert_eq!(dense.present(), one);
    }

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
