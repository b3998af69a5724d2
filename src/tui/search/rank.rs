//! Ranking: a pass over a range of the corpus — or over the cases an earlier query
//! matched, when every match of the new query must be among them — that gives up as
//! soon as it is stale, the merge of two ranked halves, and the matched characters
//! of one case.

use std::cmp::Ordering;
use std::ops::Range;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::corpus::{CorpusItem, SearchCorpus, TextParts};
use super::score::{Scan, Scorer};

/// How many items a pass matches between two looks at whether it is still wanted.
pub const CHECK_EVERY: usize = 2_048;

/// One matching case: its position in the corpus and its score (skim scores in
/// `i32`; eight bytes a hit keep 100,000 of them small).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: u32,
    pub score: i32,
}

/// Best score first; equal scores in corpus (reference) order.
fn order(a: &Hit, b: &Hit) -> Ordering {
    b.score.cmp(&a.score).then(a.index.cmp(&b.index))
}

/// Sort hits best first.
pub fn sort_hits(hits: &mut [Hit]) {
    hits.sort_unstable_by(order);
}

/// Every match of `query` is a match of `earlier` when `earlier`'s characters appear
/// in `query` in order: a text holding the longer query in order holds the shorter
/// one too. Smart case keeps that true: an `earlier` without an ASCII capital
/// matches without case, so its characters need only equal `query`'s without ASCII
/// case; one with a capital matches with case, and then so does `query`, which
/// holds that capital too, so its characters must equal `query`'s exactly.
pub fn narrows(earlier: &str, query: &str) -> bool {
    let fold = !earlier.bytes().any(|b| b.is_ascii_uppercase());
    let mut rest = query.chars();
    earlier
        .chars()
        .all(|c| rest.any(|q| q == c || (fold && q.eq_ignore_ascii_case(&c))))
}

/// The matches of `query` among the corpus positions `indices` (ascending), in
/// corpus order, unranked; `None` when `stale` answered true (it is asked every
/// [`CHECK_EVERY`] items).
pub fn match_indices(
    corpus: &SearchCorpus,
    indices: impl ExactSizeIterator<Item = usize>,
    query: &str,
    mut stale: impl FnMut() -> bool,
) -> Option<Vec<Hit>> {
    let scorer = Scorer::new(query);
    // Bytes are characters and the query is scanned as bytes: the asset texts of a
    // case are read only when the query runs on past the start of its own text.
    let by_parts = corpus.is_ascii() && scorer.bytewise();
    let mut buffer = Vec::new();
    let mut hits = Vec::with_capacity(indices.len());
    for (n, index) in indices.enumerate() {
        if n % CHECK_EVERY == 0 && stale() {
            return None;
        }
        let score = if by_parts {
            corpus
                .parts(index)
                .and_then(|parts| score_parts(&scorer, parts, &mut buffer))
        } else {
            corpus
                .text_into(index, &mut buffer)
                .and_then(|text| scorer.score_bytes(text, false))
        };
        if let Some(score) = score {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            let score = i32::try_from(score).unwrap_or(if score < 0 { i32::MIN } else { i32::MAX });
            hits.push(Hit { index, score });
        }
    }
    Some(hits)
}

/// The score of one ASCII case's text: the query is looked for piece by piece on
/// bytes (own text start, assets, rest), so a text it does not match is rejected
/// without being put together or decoded; a text it matches is put together and
/// scored by skim itself.
fn score_parts(scorer: &Scorer<'_>, parts: TextParts<'_>, buffer: &mut Vec<u8>) -> Option<i64> {
    let own = parts.own();
    if parts.is_whole() {
        return scorer.score_bytes(own, true);
    }
    let (head, tail) = own.split_at(parts.prefix());
    let mut scan = Scan::default();
    scorer.scan(&mut scan, head);
    for asset in parts.assets() {
        if scorer.found(&scan).is_some() {
            break;
        }
        scorer.scan(&mut scan, asset);
    }
    if scorer.found(&scan).is_none() {
        scorer.scan(&mut scan, tail);
    }
    let (_, last) = scorer.found(&scan)?;
    buffer.clear();
    buffer.extend_from_slice(head);
    parts
        .assets()
        .for_each(|asset| buffer.extend_from_slice(asset));
    buffer.extend_from_slice(tail);
    scorer.skim(super::score::scored_part(buffer, last))
}

/// Rank the items of `range` against `query`. `stale` is asked every
/// [`CHECK_EVERY`] items; when it answers true the pass stops and returns `None`.
pub fn rank_range(
    corpus: &SearchCorpus,
    range: Range<usize>,
    query: &str,
    stale: impl FnMut() -> bool,
) -> Option<Vec<Hit>> {
    let range = range.start.min(corpus.len())..range.end.min(corpus.len());
    let mut hits = match_indices(corpus, range, query, stale)?;
    sort_hits(&mut hits);
    Some(hits)
}

/// Rank only the corpus positions `among` (ascending; the matches of a query that
/// [`narrows`] this one) against `query`: the same ranking as a full pass when
/// every match is among them.
pub fn rank_among(
    corpus: &SearchCorpus,
    among: &[u32],
    query: &str,
    stale: impl FnMut() -> bool,
) -> Option<Vec<Hit>> {
    let indices = among.iter().map(|&i| i as usize);
    let mut hits = match_indices(corpus, indices, query, stale)?;
    sort_hits(&mut hits);
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
