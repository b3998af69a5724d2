//! How a query scores a case. The query is split at whitespace into terms; a case
//! matches when every term matches within one word of one of its fields
//! (reference, title, reporter, owner, a linked asset's name or identifier, an
//! external reference key; words are split at ASCII whitespace), and its score is
//! the sum, over the terms, of the term's best score in any word. Each score is
//! `SkimMatcherV2`'s (smart case, per term) on the word alone, so the order of the
//! terms does not matter, a term never matches across two words, and every word
//! is scored alike whatever field it is in: `alice rotation` finds the rotation
//! cases Alice reported, and `rot` does not match an `r` in the reporter, an `o`
//! in the owner and a `t` in a ticket key.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicI32, Ordering};

use super::corpus::SearchCorpus;
use super::score::Scorer;
use super::sieve::Sieve;

/// The terms of `query`: its words, split at whitespace.
pub fn terms(query: &str) -> impl Iterator<Item = &str> {
    query.split_whitespace()
}

/// `query` has something to search for (not only whitespace).
pub fn has_terms(query: &str) -> bool {
    terms(query).next().is_some()
}

/// Scores cases against one query.
pub struct Terms<'q> {
    /// One scorer a term, the longest first: it is the likeliest to reject a case,
    /// and a case is given up at the first term that matches no field.
    scorers: Vec<Scorer<'q>>,
}

impl<'q> Terms<'q> {
    pub fn new(query: &'q str) -> Terms<'q> {
        let mut terms: Vec<&str> = terms(query).collect();
        terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
        Terms {
            scorers: terms.into_iter().map(Scorer::new).collect(),
        }
    }

    /// The score of a case with these fields: the rule above, plainly (tests and
    /// tools; a [`Pass`] gives the same for the cases of a corpus).
    pub fn score_fields(&self, fields: &[&str]) -> Option<i64> {
        let mut total: i64 = 0;
        for scorer in &self.scorers {
            let best = fields
                .iter()
                .flat_map(|f| f.split_ascii_whitespace())
                .filter_map(|word| scorer.score(word))
                .max()?;
            total = total.saturating_add(best);
        }
        Some(total)
    }
}

/// A shared field not scored yet in this pass, in [`Pass`]'s memo.
const NOT_SCORED: i32 = i32::MIN;
/// A shared field the term does not match.
const NO_MATCH: i32 = i32::MIN + 1;

/// One numbered table (title words, or shared fields) for one query: which fields
/// may match each term, and, term by term, each field's score once known
/// ([`NOT_SCORED`] or [`NO_MATCH`] else).
struct Scores {
    /// Fields in the table.
    len: usize,
    sieve: Sieve,
    memo: Vec<AtomicI32>,
}

impl Scores {
    /// The table in `cell`, built from the `len` texts `text(n)` if it is not there
    /// yet (another pass may be building it: then this waits for it). An ASCII
    /// field of an ASCII term is scored as it is sieved, in the table's order: the
    /// texts are read one after another instead of at random when a case first
    /// reaches them (at a million cases, filling the memo case by case took as long
    /// as the rest of a pass), and the sieve keeps only the fields that match.
    fn built<'s, 't>(
        cell: &'s OnceLock<Scores>,
        len: usize,
        scorers: &[Scorer<'_>],
        ascii: bool,
        text: impl Fn(u32) -> &'t [u8],
    ) -> &'s Scores {
        cell.get_or_init(|| {
            let memo: Vec<AtomicI32> = (0..len * scorers.len())
                .map(|_| AtomicI32::new(NOT_SCORED))
                .collect();
            let sieve = Sieve::build(len, scorers.len(), |term, number| {
                let Some(scorer) = scorers.get(term) else {
                    return false;
                };
                let bytes = text(number);
                if !scorer.may_match(bytes, ascii) {
                    return false;
                }
                if !(scorer.bytewise() && (ascii || bytes.is_ascii())) {
                    // Skim decides, when a case reaches it.
                    return true;
                }
                let score = scorer.best_word(bytes, true);
                if let Some(slot) = memo.get(term * len + number as usize) {
                    slot.store(encode(score), Ordering::Relaxed);
                }
                score.is_some()
            });
            Scores { len, sieve, memo }
        })
    }

    /// The best score of `scorer` (term `term`) among the fields `numbers`, whose
    /// texts `text` gives: each the sieve lets through is scored once per query,
    /// then read from the memo.
    fn best<'t>(
        &self,
        term: usize,
        numbers: impl Iterator<Item = u32>,
        scorer: &Scorer<'_>,
        ascii: bool,
        text: impl Fn(u32) -> &'t [u8],
    ) -> Option<i64> {
        let memo = self
            .memo
            .get(term * self.len..(term + 1) * self.len)
            .unwrap_or_default();
        let mut best = None;
        for number in numbers.filter(|&n| self.sieve.may(term, n)) {
            let score = || scorer.best_word(text(number), ascii);
            best = better(best, memoised(memo, number, score));
        }
        best
    }
}

/// The sieves and memos of one query over one corpus, shared by the passes that
/// rank it (the two workers of a keystroke, each over half the corpus): each table
/// is built once, by whichever pass asks first, and each field scored once
/// whichever pass reaches it first. Both workers used to build both tables and
/// score every distinct field: 42% of a one-thread pass at a million cases, done
/// twice. A score is the same whoever works it out, so two passes that race on one
/// field both store the same value.
#[derive(Default)]
pub struct PassTables {
    shared: OnceLock<Scores>,
    words: OnceLock<Scores>,
}

impl std::fmt::Debug for PassTables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassTables")
            .field("shared", &self.shared.get().is_some())
            .field("words", &self.words.get().is_some())
            .finish()
    }
}

/// One pass of a query over the cases of a corpus. A shared field (a person, an
/// asset's name or identifier) and a title word are scored at most once per query
/// however many cases hold them.
pub struct Pass<'c, 'q, 't> {
    corpus: &'c SearchCorpus,
    terms: Terms<'q>,
    /// Every field is ASCII.
    ascii: bool,
    shared: &'t Scores,
    words: &'t Scores,
}

impl<'c, 'q, 't> Pass<'c, 'q, 't> {
    /// A pass of `query` over `corpus` with the tables of `tables`, which must be
    /// this query's over this corpus (a fresh one, or one shared by passes of the
    /// same query over the same corpus). The tables it finds missing it builds, the
    /// title words' first when `words_first` (so two passes that start together
    /// build one each).
    pub fn new(
        corpus: &'c SearchCorpus,
        query: &'q str,
        tables: &'t PassTables,
        words_first: bool,
    ) -> Pass<'c, 'q, 't> {
        let terms = Terms::new(query);
        let ascii = corpus.is_ascii();
        let shared = || {
            Scores::built(
                &tables.shared,
                corpus.shared_len(),
                &terms.scorers,
                ascii,
                |n| corpus.shared_text(n),
            )
        };
        let words = || {
            Scores::built(
                &tables.words,
                corpus.words_len(),
                &terms.scorers,
                ascii,
                |n| corpus.word_text(n),
            )
        };
        let (shared, words) = if words_first {
            let words = words();
            (shared(), words)
        } else {
            (shared(), words())
        };
        Pass {
            corpus,
            terms,
            ascii,
            shared,
            words,
        }
    }

    /// The score of the case at corpus position `index` ([`Terms::score_fields`]
    /// of its fields), or `None` when it does not match.
    pub fn score(&self, index: usize) -> Option<i64> {
        let corpus = self.corpus;
        let fields = corpus.fields(index)?;
        let ascii = self.ascii;
        let mut total: i64 = 0;
        for (term, scorer) in self.terms.scorers.iter().enumerate() {
            // The title is scored by its words, each once per query.
            let mut best = std::iter::once(fields.reference)
                .chain(fields.keys())
                .filter_map(|field| scorer.best_word(field, ascii))
                .max();
            let title_words = fields.title_words.iter().copied();
            best = better(
                best,
                self.words
                    .best(term, title_words, scorer, ascii, |n| corpus.word_text(n)),
            );
            best = better(
                best,
                self.shared.best(term, fields.shared(), scorer, ascii, |n| {
                    corpus.shared_text(n)
                }),
            );
            total = total.saturating_add(best?);
        }
        Some(total)
    }
}

/// The score of field `number`, from `memo` or by `score` (remembered). Relaxed
/// order is enough: a slot holds [`NOT_SCORED`] or the one value any pass would
/// store, and nothing else is published through it.
fn memoised(memo: &[AtomicI32], number: u32, score: impl FnOnce() -> Option<i64>) -> Option<i64> {
    let slot = memo.get(number as usize)?;
    let mut value = slot.load(Ordering::Relaxed);
    if value == NOT_SCORED {
        value = encode(score());
        slot.store(value, Ordering::Relaxed);
    }
    (value != NO_MATCH).then_some(i64::from(value))
}

/// A score as the memo holds it.
fn encode(score: Option<i64>) -> i32 {
    score.map_or(NO_MATCH, |s| {
        i32::try_from(s).unwrap_or(i32::MAX).max(NO_MATCH + 1)
    })
}

fn better(best: Option<i64>, score: Option<i64>) -> Option<i64> {
    match (best, score) {
        (Some(b), Some(s)) => Some(b.max(s)),
        (b, s) => b.or(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;

    fn skim(field: &str, term: &str) -> Option<i64> {
        super::super::score::matcher().fuzzy_match(field, term)
    }

    #[test]
    fn each_term_scores_its_best_field_and_the_scores_add_up() {
        let fields = ["NHI-2026-0001", "Leaked deploy key", "alice", "svc-deploy"];
        let terms = Terms::new("alice  key");
        let words = [
            "NHI-2026-0001",
            "Leaked",
            "deploy",
            "key",
            "alice",
            "svc-deploy",
        ];
        let key = words.iter().filter_map(|f| skim(f, "key")).max().unwrap();
        assert_eq!(key, skim("key", "key").unwrap());
        let expected = skim("alice", "alice").unwrap() + key;
        assert_eq!(terms.score_fields(&fields), Some(expected));
        // The order of the terms does not matter.
        assert_eq!(
            Terms::new("key alice").score_fields(&fields),
            Some(expected)
        );
        // A term must match within one word: "ceke" is in "alice key" across two
        // fields, "dkey" in "deploy key" across two words.
        assert_eq!(Terms::new("ceke").score_fields(&fields), None);
        assert_eq!(Terms::new("dkey").score_fields(&fields), None);
        assert_eq!(Terms::new("alice zzz").score_fields(&fields), None);
        // No terms: everything, with nothing.
        assert_eq!(Terms::new("   ").score_fields(&fields), Some(0));
        assert!(!has_terms(" \t "));
        assert!(has_terms(" a "));
    }

    #[test]
    fn smart_case_is_per_term() {
        let fields = ["deploy key", "AKIA1"];
        assert!(Terms::new("Deploy").score_fields(&fields).is_none());
        assert!(Terms::new("deploy AKIA").score_fields(&fields).is_some());
        assert!(Terms::new("deploy akia").score_fields(&fields).is_some());
        assert!(Terms::new("deploy aKIA").score_fields(&fields).is_none());
    }

    #[test]
    fn a_table_scores_ascii_fields_as_it_sieves_them_and_leaves_the_rest_to_skim() {
        let texts: Vec<&[u8]> = vec![
            b"rotation",
            b"key",
            b"r o t",
            b"",
            "r\u{f6}t".as_bytes(),
            b"old rotated key",
        ];
        let scorers = [Scorer::new("rot"), Scorer::new("k")];
        let ascii_only: Vec<&[u8]> = texts.iter().copied().filter(|t| t.is_ascii()).collect();
        // `ascii` says every field is ASCII: only a corpus without other text has it.
        for (ascii, texts) in [(false, &texts), (true, &ascii_only)] {
            let cell = OnceLock::new();
            let table = Scores::built(&cell, texts.len(), &scorers, ascii, |n| texts[n as usize]);
            for (n, text) in texts.iter().enumerate() {
                let n = n as u32;
                for (term, scorer) in scorers.iter().enumerate() {
                    let score = scorer.best_word(text, false);
                    let slot = table.memo[term * texts.len() + n as usize].load(Ordering::Relaxed);
                    if text.is_ascii() {
                        // Scored already, and kept only when a word matches ("r o t"
                        // holds "rot" only across words).
                        assert_eq!(table.sieve.may(term, n), score.is_some(), "{n} {term}");
                        if score.is_some() {
                            assert_eq!(slot, encode(score), "{n} {term}");
                        }
                    } else {
                        assert!(table.sieve.may(term, n), "skim decides");
                        assert_eq!(slot, NOT_SCORED);
                    }
                    let best = table.best(term, std::iter::once(n), scorer, false, |n| {
                        texts[n as usize]
                    });
                    assert_eq!(best, score, "{n} {term}");
                }
            }
        }
        let empty = OnceLock::new();
        assert!(
            !Scores::built(&empty, 0, &scorers, true, |_| b"")
                .sieve
                .may(0, 0)
        );
    }
}
