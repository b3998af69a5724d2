//! The tables a search pass reads a case's shared fields and title words from: for
//! each term, which fields of the corpus's two numbered tables (title words; people
//! and asset names and identifiers) match it, and with what score.
//!
//! A term's tables are built once per keystroke, by whichever of the two workers asks
//! first, and each field is scored once whichever worker reaches it (a score is the
//! same whoever works it out, so two that race on one field store the same value).
//! They are carried to the next keystroke over the same corpus
//! ([`PassTables::after`]): a term typed again (`deploy` in `deploy k`) is not built
//! again, and a term that grew (`rot` after `ro`) scans only the fields its earlier
//! form kept, since every field the longer term matches, the shorter one matches
//! ([`term_narrows`]).

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use super::rank::term_narrows;
use super::score::Scorer;
use super::sieve::Sieve;

/// A field not scored yet, in a memo.
const NOT_SCORED: i32 = i32::MIN;
/// A field the term does not match.
const NO_MATCH: i32 = i32::MIN + 1;

/// One term over one numbered table: which fields may match it, and each field's
/// score once known ([`NOT_SCORED`] or [`NO_MATCH`] else).
pub struct Table {
    sieve: Sieve,
    memo: Vec<AtomicI32>,
}

impl Table {
    /// The table of `scorer`'s term over the `len` fields whose texts `text` gives,
    /// looking only at the fields `within` kept when given (the table of a term this
    /// one narrows). An ASCII field of an ASCII term is scored as it is sieved, in the
    /// table's order: the texts are read one after another instead of at random when
    /// a case first reaches them (at a million cases, filling the memo case by case
    /// took as long as the rest of a pass), and the sieve keeps only the fields that
    /// match. Any other field is kept for skim to decide when a case reaches it.
    fn build<'t>(
        len: usize,
        scorer: &Scorer<'_>,
        ascii: bool,
        text: impl Fn(u32) -> &'t [u8],
        within: Option<&Table>,
    ) -> Table {
        let memo: Vec<AtomicI32> = (0..len).map(|_| AtomicI32::new(NOT_SCORED)).collect();
        let keep = |number: u32| {
            let bytes = text(number);
            if !scorer.may_match(bytes, ascii) {
                return false;
            }
            if !(scorer.bytewise() && (ascii || bytes.is_ascii())) {
                return true;
            }
            let score = scorer.best_word(bytes, true);
            if let Some(slot) = memo.get(number as usize) {
                slot.store(encode(score), Ordering::Relaxed);
            }
            score.is_some()
        };
        let sieve = match within {
            Some(earlier) => Sieve::build(len, earlier.sieve.kept(), keep),
            None => Sieve::build(len, 0..u32::try_from(len).unwrap_or(u32::MAX), keep),
        };
        Table { sieve, memo }
    }

    /// The best score of `scorer` (this table's term) among the fields `numbers`,
    /// whose texts `text` gives: each the sieve lets through is read from the memo,
    /// or scored once and remembered.
    pub fn best<'t>(
        &self,
        numbers: impl Iterator<Item = u32>,
        scorer: &Scorer<'_>,
        ascii: bool,
        text: impl Fn(u32) -> &'t [u8],
    ) -> Option<i64> {
        let mut best = None;
        for number in numbers.filter(|&n| self.sieve.may(n)) {
            let score = || scorer.best_word(text(number), ascii);
            best = better(best, memoised(&self.memo, number, score));
        }
        best
    }
}

/// Which of the corpus's two numbered tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Shared,
    Words,
}

/// One term's two tables over one corpus, each built when first asked for.
pub struct TermTables {
    term: String,
    shared: OnceLock<Arc<Table>>,
    words: OnceLock<Arc<Table>>,
    /// The built tables of an earlier term that every match of this one matches:
    /// only the fields they kept are scanned. Let go once this term's table is
    /// built, so tables never hold on to more than one keystroke back.
    within_shared: Mutex<Option<Arc<Table>>>,
    within_words: Mutex<Option<Arc<Table>>>,
}

impl TermTables {
    /// The tables of `term`: those of `earlier` when it holds the same term, else new
    /// ones that scan within the tables of the longest earlier term it narrows.
    fn for_term(term: &str, earlier: &[Arc<TermTables>]) -> Arc<TermTables> {
        if let Some(same) = earlier.iter().find(|t| t.term == term) {
            return Arc::clone(same);
        }
        let narrows = earlier
            .iter()
            .filter(|t| term_narrows(&t.term, term))
            .max_by_key(|t| t.term.len());
        Arc::new(TermTables {
            term: term.to_owned(),
            shared: OnceLock::new(),
            words: OnceLock::new(),
            within_shared: Mutex::new(narrows.and_then(|t| t.shared.get().cloned())),
            within_words: Mutex::new(narrows.and_then(|t| t.words.get().cloned())),
        })
    }

    /// The table of `kind`, built over the `len` fields of `text` if it is not
    /// there yet (another pass may be building it: then this waits for it).
    pub fn table<'t>(
        &self,
        kind: Kind,
        len: usize,
        scorer: &Scorer<'_>,
        ascii: bool,
        text: impl Fn(u32) -> &'t [u8],
    ) -> Arc<Table> {
        let (cell, within) = match kind {
            Kind::Shared => (&self.shared, &self.within_shared),
            Kind::Words => (&self.words, &self.within_words),
        };
        Arc::clone(cell.get_or_init(|| {
            // A poisoned lock only loses the narrowing: every field is scanned.
            let within = within.lock().ok().and_then(|mut w| w.take());
            Arc::new(Table::build(len, scorer, ascii, text, within.as_deref()))
        }))
    }

    pub fn term(&self) -> &str {
        &self.term
    }
}

/// The tables of one query's terms over one corpus, shared by the passes that rank
/// it (the two workers of a keystroke, each over half the corpus), and the tables
/// of the keystroke before, to take terms from.
#[derive(Default)]
pub struct PassTables {
    terms: OnceLock<Vec<Arc<TermTables>>>,
    earlier: Vec<Arc<TermTables>>,
}

impl PassTables {
    /// Fresh tables for the next query over the same corpus as `before`'s, taking
    /// over its terms' tables (not those it took over itself: one keystroke back).
    pub fn after(before: &PassTables) -> PassTables {
        PassTables {
            terms: OnceLock::new(),
            earlier: before.terms.get().cloned().unwrap_or_default(),
        }
    }

    /// The tables of `terms` (in this order), made by the first pass that asks; a
    /// pass whose terms differ (these tables were made for another query) gets new
    /// tables for the terms that differ.
    pub fn of_terms<'a>(&self, terms: impl Iterator<Item = &'a str>) -> Vec<Arc<TermTables>> {
        let terms: Vec<&str> = terms.collect();
        let made = self.terms.get_or_init(|| {
            terms
                .iter()
                .map(|term| TermTables::for_term(term, &self.earlier))
                .collect()
        });
        terms
            .iter()
            .enumerate()
            .map(|(i, term)| match made.get(i) {
                Some(tables) if tables.term == *term => Arc::clone(tables),
                _ => TermTables::for_term(term, &[]),
            })
            .collect()
    }
}

impl std::fmt::Debug for PassTables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let terms: Vec<&str> = self
            .terms
            .get()
            .map(|t| t.iter().map(|t| t.term()).collect())
            .unwrap_or_default();
        f.debug_struct("PassTables")
            .field("terms", &terms)
            .field("earlier", &self.earlier.len())
            .finish()
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

/// The better of two scores (a match beats none).
pub fn better(best: Option<i64>, score: Option<i64>) -> Option<i64> {
    match (best, score) {
        (Some(b), Some(s)) => Some(b.max(s)),
        (b, s) => b.or(s),
    }
}

#[cfg(test)]
#[path = "tables_tests.rs"]
mod tests;
