//! Ranking: a SkimMatcherV2 pass over a range of the corpus that gives up as soon as
//! it is stale, the merge of two ranked halves, and the matched characters of one case.

use std::cmp::Ordering;
use std::ops::Range;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::corpus::{CorpusItem, SearchCorpus};

/// How many items a pass matches between two looks at whether it is still wanted.
pub const CHECK_EVERY: usize = 2_048;

/// Above this many score cells (text length × 2 when only scoring) SkimMatcherV2
/// scores with its linear greedy pass instead of the full matrix: a case's text with
/// its assets and tickets runs to hundreds of characters, and the matrix over every
/// one of 100,000 of them costs several times the greedy pass.
pub const ELEMENT_LIMIT: usize = 2 * 96;

/// The matcher every pass uses (smart case, as skim).
pub fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().element_limit(ELEMENT_LIMIT)
}

/// One matching case: its position in the corpus and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: u32,
    pub score: i64,
}

/// Best score first; equal scores in corpus (reference) order.
fn order(a: &Hit, b: &Hit) -> Ordering {
    b.score.cmp(&a.score).then(a.index.cmp(&b.index))
}

/// Rank the items of `range` against `query`. `stale` is asked every
/// [`CHECK_EVERY`] items; when it answers true the pass stops and returns `None`.
pub fn rank_range(
    corpus: &SearchCorpus,
    range: Range<usize>,
    query: &str,
    mut stale: impl FnMut() -> bool,
) -> Option<Vec<Hit>> {
    let matcher = matcher();
    let range = range.start.min(corpus.len())..range.end.min(corpus.len());
    let mut buffer = Vec::new();
    let mut hits = Vec::new();
    for (n, index) in range.enumerate() {
        if n % CHECK_EVERY == 0 && stale() {
            return None;
        }
        let Some(text) = corpus.text_into(index, &mut buffer) else {
            continue;
        };
        let text = std::str::from_utf8(text).unwrap_or_default();
        if let Some(score) = matcher.fuzzy_match(text, query) {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            hits.push(Hit { index, score });
        }
    }
    hits.sort_unstable_by(order);
    Some(hits)
}

/// Merge two ranked lists into one ranked list.
pub fn merge(a: Vec<Hit>, b: Vec<Hit>) -> Vec<Hit> {
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => {
                if order(x, y) == Ordering::Greater {
                    b.next()
                } else {
                    a.next()
                }
            }
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        merged.extend(next);
    }
    merged
}

/// Rank the whole corpus on this thread (tests, and small corpora).
pub fn rank(corpus: &SearchCorpus, query: &str) -> Vec<Hit> {
    rank_range(corpus, 0..corpus.len(), query, || false).unwrap_or_default()
}

/// The halves the two workers rank.
pub fn halves(len: usize) -> [Range<usize>; 2] {
    let mid = len / 2;
    [0..mid, mid..len]
}

/// Matched characters of one case, split into the reference and the title
/// (character positions within each); matches in the details are not shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlight {
    pub reference: Vec<usize>,
    pub title: Vec<usize>,
}

/// Computes highlights for the few rows on screen.
#[derive(Default)]
pub struct Highlighter {
    matcher: SkimMatcherV2,
}

impl Highlighter {
    /// The characters to light: the best match within the reference and title when
    /// the query matches there (what the row shows), else none.
    pub fn highlight(&self, item: CorpusItem<'_>, query: &str) -> Highlight {
        let shown = item.shown;
        let reference_end = shown
            .get(..item.reference_len)
            .map_or(0, |r| r.chars().count());
        let title_start = reference_end + 1;
        let title_end = shown.chars().count();
        let Some((_, positions)) = self.matcher.fuzzy_indices(shown, query) else {
            return Highlight::default();
        };
        Highlight {
            reference: positions
                .iter()
                .copied()
                .filter(|&p| p < reference_end)
                .collect(),
            title: positions
                .iter()
                .filter(|&&p| (title_start..title_end).contains(&p))
                .map(|p| p - title_start)
                .collect(),
        }
    }
}
