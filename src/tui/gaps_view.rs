//! State of the gaps view: every open gap across the store, grouped by rule or by
//! case, as rows over the gaps the app already holds per case.
//!
//! The view needs only two things from the startup data: the cases in list order and
//! `gaps_of(case)` (code, severity, message, entries). The rows refer to a gap by its
//! case and index, so the messages are read when drawn, never copied.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::cursor::ListCursor;
use crate::domain::{CaseId, EntryId};
use crate::rules::{Gap, RuleCode};

/// How the gaps view groups its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapGrouping {
    ByRule,
    ByCase,
}

impl GapGrouping {
    pub fn other(self) -> GapGrouping {
        match self {
            GapGrouping::ByRule => GapGrouping::ByCase,
            GapGrouping::ByCase => GapGrouping::ByRule,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            GapGrouping::ByRule => "by rule",
            GapGrouping::ByCase => "by case",
        }
    }
}

/// One row of the gaps view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapRow {
    /// A rule heading and the number of gaps it reports (by rule).
    Rule { code: RuleCode, count: usize },
    /// A case heading and its number of gaps (by case).
    Case { case: CaseId, count: usize },
    /// One gap: the `index`-th of the case's gaps.
    Gap { case: CaseId, index: usize },
}

/// The gaps view: its grouping, rows and selection.
#[derive(Debug, Clone, PartialEq)]
pub struct GapsView {
    pub grouping: GapGrouping,
    pub rows: Vec<GapRow>,
    pub cursor: ListCursor,
    /// Number of gaps and of cases with gaps.
    pub gap_count: usize,
    pub case_count: usize,
}

impl GapsView {
    /// The rows for the cases `cases` (ids in list order) and their gaps (asked for one case at a
    /// time, so a large store's cached codes are never all turned into gaps at once).
    pub fn new<'a>(
        grouping: GapGrouping,
        cases: &[CaseId],
        gaps_of: impl Fn(CaseId) -> Cow<'a, [Gap]>,
    ) -> GapsView {
        let mut by_rule: BTreeMap<RuleCode, Vec<GapRow>> = BTreeMap::new();
        let mut by_case = Vec::new();
        let (mut gap_count, mut case_count) = (0, 0);
        for &case in cases {
            let gaps = gaps_of(case);
            if gaps.is_empty() {
                continue;
            }
            gap_count += gaps.len();
            case_count += 1;
            let rows = (0..gaps.len()).map(|index| GapRow::Gap { case, index });
            match grouping {
                GapGrouping::ByRule => {
                    for (row, gap) in rows.zip(gaps.iter()) {
                        by_rule.entry(gap.code).or_default().push(row);
                    }
                }
                GapGrouping::ByCase => {
                    by_case.push(GapRow::Case {
                        case,
                        count: gaps.len(),
                    });
                    by_case.extend(rows);
                }
            }
        }
        let rows = match grouping {
            GapGrouping::ByRule => by_rule
                .into_iter()
                .flat_map(|(code, gaps)| {
                    let heading = GapRow::Rule {
                        code,
                        count: gaps.len(),
                    };
                    std::iter::once(heading).chain(gaps)
                })
                .collect(),
            GapGrouping::ByCase => by_case,
        };
        GapsView {
            grouping,
            cursor: ListCursor::new(rows.len()),
            gap_count,
            case_count,
            rows,
        }
    }

    pub fn selected(&self) -> Option<GapRow> {
        self.cursor
            .selected()
            .and_then(|i| self.rows.get(i).copied())
    }

    /// The gap a row stands for: itself, or the first gap under a heading.
    pub fn gap_at(&self, index: usize) -> Option<(CaseId, usize)> {
        self.rows.iter().skip(index).find_map(|row| match row {
            GapRow::Gap { case, index } => Some((*case, *index)),
            _ => None,
        })
    }

    /// Select the row of this gap, keeping the window `height` rows tall.
    pub fn select_gap(&mut self, case: CaseId, index: usize, height: usize) {
        let wanted = GapRow::Gap { case, index };
        if let Some(position) = self.rows.iter().position(|r| *r == wanted) {
            self.cursor.first(height);
            self.cursor
                .move_by(isize::try_from(position).unwrap_or(0), height);
        }
    }
}

/// Where Enter on a gap goes: the case, and the first entry the gap is about.
pub fn jump_target(gaps: &[Gap], index: usize) -> Option<EntryId> {
    gaps.get(index).and_then(|g| g.entries.first().copied())
}
