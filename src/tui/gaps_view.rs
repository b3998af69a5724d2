//! State of the gaps view: every open gap across the store, grouped by rule or by
//! case, as rows over the gaps the app already holds per case.
//!
//! The view needs only two things from the startup data: the cases in list order and
//! `gaps_of(case)` (code, severity, message, entries). The rows refer to a gap by its
//! case and index, so the messages are read when drawn, never copied.

use super::cursor::ListCursor;
use crate::domain::{CaseId, CaseSummary, EntryId};
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
    /// The rows for `cases` (in list order) and their gaps.
    pub fn new<'a>(
        grouping: GapGrouping,
        cases: &[CaseSummary],
        gaps_of: impl Fn(CaseId) -> &'a [Gap],
    ) -> GapsView {
        let flagged: Vec<(CaseId, &[Gap])> = cases
            .iter()
            .map(|c| (c.id, gaps_of(c.id)))
            .filter(|(_, gaps)| !gaps.is_empty())
            .collect();
        let rows = match grouping {
            GapGrouping::ByRule => rows_by_rule(&flagged),
            GapGrouping::ByCase => rows_by_case(&flagged),
        };
        GapsView {
            grouping,
            cursor: ListCursor::new(rows.len()),
            gap_count: flagged.iter().map(|(_, g)| g.len()).sum(),
            case_count: flagged.len(),
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

fn rows_by_rule(flagged: &[(CaseId, &[Gap])]) -> Vec<GapRow> {
    let mut rows = Vec::new();
    for &code in RuleCode::ALL {
        let gaps: Vec<GapRow> = flagged
            .iter()
            .flat_map(|(case, gaps)| {
                gaps.iter()
                    .enumerate()
                    .filter(move |(_, g)| g.code == code)
                    .map(move |(index, _)| GapRow::Gap { case: *case, index })
            })
            .collect();
        if !gaps.is_empty() {
            rows.push(GapRow::Rule {
                code,
                count: gaps.len(),
            });
            rows.extend(gaps);
        }
    }
    rows
}

fn rows_by_case(flagged: &[(CaseId, &[Gap])]) -> Vec<GapRow> {
    let mut rows = Vec::new();
    for (case, gaps) in flagged {
        rows.push(GapRow::Case {
            case: *case,
            count: gaps.len(),
        });
        rows.extend((0..gaps.len()).map(|index| GapRow::Gap { case: *case, index }));
    }
    rows
}
