//! Ranking: a pass over a range of the corpus — or over the cases an earlier query
//! matched, when every match of the new query must be among them — that gives up as
//! soon as it is stale, the merge of two ranked halves, and the matched characters
//! of one case. How a query scores a case is in [`super::terms`].

use std::cmp::Ordering;
use std::ops::Range;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::corpus::{CorpusItem, SearchCorpus};
use super::tables::PassTables;
use super::terms::{Pass, terms};

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
    super::hit_sort::sort(hits);
}

/// Every match of `query` is a match of `earlier` when each term of `earlier` is
/// held in order by some term of `query`: a field that matches the longer term
/// matches the shorter one too (see [`term_narrows`]).
pub fn narrows(earlier: &str, query: &str) -> bool {
    let later: Vec<&str> = terms(query).collect();
    terms(earlier).all(|e| later.iter().any(|q| term_narrows(e, q)))
}

/// Every field `term` matches, `earlier` matches, when `earlier`'s characters appear
/// in `term` in order. Smart case keeps that true: an `earlier` without an ASCII
/// capital matches without case, so its characters need only equal `term`'s
/// without ASCII case; one with a capital matches with case, and then so does
/// `term`, which holds that capital too, so its characters must equal `term`'s
/// exactly.
pub fn term_narrows(earlier: &str, term: &str) -> bool {
    let fold = !earlier.bytes().any(|b| b.is_ascii_uppercase());
    let mut rest = term.chars();
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
    stale: impl FnMut() -> bool,
) -> Option<Vec<Hit>> {
    match_indices_with(corpus, indices, query, &PassTables::default(), false, stale)
}

/// [`match_indices`] with `tables` (this query's over this corpus, perhaps shared
/// with another pass: see [`PassTables`]), building the title words' first when
/// `words_first`.
pub fn match_indices_with(
    corpus: &SearchCorpus,
    indices: impl ExactSizeIterator<Item = usize>,
    query: &str,
    tables: &PassTables,
    words_first: bool,
    mut stale: impl FnMut() -> bool,
) -> Option<Vec<Hit>> {
    let pass = Pass::new(corpus, query, tables, words_first);
    let mut hits = Vec::with_capacity(indices.len());
    for (n, index) in indices.enumerate() {
        if n % CHECK_EVERY == 0 && stale() {
            return None;
        }
        if let Some(score) = pass.score(index) {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            let score = i32::try_from(score).unwrap_or(if score < 0 { i32::MIN } else { i32::MAX });
            hits.push(Hit { index, score });
        }
    }
    Some(hits)
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

/// Matched characters of one case, in its reference and its title (character
/// positions within each); matches in other fields are not shown.
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
    /// The characters to light: for each term that matches a word of the reference
    /// or the title (what the row shows), its best match there — the title's on a
    /// tie.
    pub fn highlight(&self, item: &CorpusItem<'_>, query: &str) -> Highlight {
        let mut lit = Highlight::default();
        for term in terms(query) {
            let reference = self.best_word(item.reference, term);
            let title = self.best_word(&item.title, term);
            let (positions, into) = match (reference, title) {
                (Some((r, positions)), Some((t, _))) if r > t => (positions, &mut lit.reference),
                (_, Some((_, positions))) => (positions, &mut lit.title),
                (Some((_, positions)), None) => (positions, &mut lit.reference),
                (None, None) => continue,
            };
            into.extend(positions);
        }
        for positions in [&mut lit.reference, &mut lit.title] {
            positions.sort_unstable();
            positions.dedup();
        }
        lit
    }

    /// The best match of `term` in one word of `text` (split at ASCII whitespace):
    /// its score and its character positions within `text`.
    fn best_word(&self, text: &str, term: &str) -> Option<(i64, Vec<usize>)> {
        let mut best: Option<(i64, Vec<usize>)> = None;
        let mut chars = 0;
        let mut rest = text;
        while !rest.is_empty() {
            let word_len = rest
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(rest.len());
            let (word, after) = rest.split_at(word_len);
            if let Some((score, positions)) = self.matcher.fuzzy_indices(word, term)
                && best.as_ref().is_none_or(|(b, _)| score > *b)
            {
                best = Some((score, positions.iter().map(|p| p + chars).collect()));
            }
            chars += word.chars().count();
            let gap = after.len()
                - after
                    .trim_start_matches(|c: char| c.is_ascii_whitespace())
                    .len();
            chars += gap;
            rest = after.get(gap..).unwrap_or_default();
        }
        best
    }
}
