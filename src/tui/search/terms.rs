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

use std::sync::Arc;

use super::corpus::SearchCorpus;
use super::score::Scorer;
use super::tables::{Kind, PassTables, Table, better};

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

/// One pass of a query over the cases of a corpus. A shared field (a person, an
/// asset's name or identifier) and a title word are scored at most once per query
/// however many cases hold them (see [`PassTables`]).
pub struct Pass<'c, 'q> {
    corpus: &'c SearchCorpus,
    terms: Terms<'q>,
    /// Every field is ASCII.
    ascii: bool,
    /// Each term's tables, in the order of `terms`.
    shared: Vec<Arc<Table>>,
    words: Vec<Arc<Table>>,
}

impl<'c, 'q> Pass<'c, 'q> {
    /// A pass of `query` over `corpus` with the tables of `tables`, which must be
    /// over this corpus (a fresh one, one shared by the passes of this query, or
    /// one [`PassTables::after`] the query before). The tables it finds missing it
    /// builds, the title words' first when `words_first` (so two passes that start
    /// together build one each).
    pub fn new(
        corpus: &'c SearchCorpus,
        query: &'q str,
        tables: &PassTables,
        words_first: bool,
    ) -> Pass<'c, 'q> {
        let terms = Terms::new(query);
        let ascii = corpus.is_ascii();
        let of_terms = tables.of_terms(terms.scorers.iter().map(Scorer::term));
        let build = |kind: Kind| -> Vec<Arc<Table>> {
            terms
                .scorers
                .iter()
                .zip(&of_terms)
                .map(|(scorer, term)| match kind {
                    Kind::Shared => term.table(kind, corpus.shared_len(), scorer, ascii, |n| {
                        corpus.shared_text(n)
                    }),
                    Kind::Words => term.table(kind, corpus.words_len(), scorer, ascii, |n| {
                        corpus.word_text(n)
                    }),
                })
                .collect()
        };
        let (shared, words) = if words_first {
            let words = build(Kind::Words);
            (build(Kind::Shared), words)
        } else {
            (build(Kind::Shared), build(Kind::Words))
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
        let tables = self.words.iter().zip(&self.shared);
        for (scorer, (words, shared)) in self.terms.scorers.iter().zip(tables) {
            // The title is scored by its words, each once per query.
            let mut best = std::iter::once(fields.reference)
                .chain(fields.keys())
                .filter_map(|field| scorer.best_word(field, ascii))
                .max();
            let title_words = fields.title_words.iter().copied();
            best = better(
                best,
                words.best(title_words, scorer, ascii, |n| corpus.word_text(n)),
            );
            best = better(
                best,
                shared.best(fields.shared(), scorer, ascii, |n| corpus.shared_text(n)),
            );
            total = total.saturating_add(best?);
        }
        Some(total)
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
}
