//! The score of one field for one term: what `SkimMatcherV2` (smart case, the
//! [`ELEMENT_LIMIT`]) gives, with the fields that cannot match rejected on bytes.
//!
//! Skim decodes the whole text into a vector of characters before it looks for the
//! query; over 100,000 cases of a few hundred characters each that decoding is much
//! of a pass, and most texts do not match a query of three or more characters. For
//! an ASCII query a text matches exactly when the query's bytes appear in it in
//! order (ASCII case folded unless the query has an ASCII capital), since no byte
//! of a multi-byte UTF-8 character equals an ASCII one. So the bytes are scanned
//! first, eight at a time, and only a text that holds the query is scored: an
//! ASCII one on its bytes ([`super::align`]: skim's score without skim's decoding
//! and matrix, which were most of scoring every case's own reference: a pass for
//! `NHI-2026-` at a million cases went from 530 to 295 ms), any other by skim. A
//! query that is not ASCII goes to skim for every text.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::align;

/// Above this many score cells (word length + 1, × 2 when only scoring)
/// SkimMatcherV2 scores with its linear greedy pass instead of its full alignment
/// matrix: a term is scored against one word at a time, and only a word of
/// [`LINEAR_MIN`] characters or more (a long identifier such as an ARN) is scored
/// linearly; every other word gets the best alignment.
pub const ELEMENT_LIMIT: usize = 2 * 40;

/// The matcher every pass uses (smart case, as skim).
pub fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().element_limit(ELEMENT_LIMIT)
}

/// One query byte and how a text byte is compared with it: `text | fold == byte`
/// (`fold` is 0x20 for a letter matched without case, else 0).
#[derive(Debug, Clone, Copy)]
struct QueryByte {
    byte: u8,
    fold: u8,
    /// `fold` and `byte` in every byte of a word.
    folds: u64,
    bytes: u64,
}

const LOW: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

fn word(bytes: &[u8]) -> u64 {
    let mut le = [0; 8];
    le.copy_from_slice(bytes);
    u64::from_le_bytes(le)
}

impl QueryByte {
    fn new(raw: u8, fold: u8) -> QueryByte {
        let byte = raw | fold;
        QueryByte {
            byte,
            fold,
            folds: LOW * u64::from(fold),
            bytes: LOW * u64::from(byte),
        }
    }

    #[inline]
    fn matches(self, b: u8) -> bool {
        b | self.fold == self.byte
    }

    /// 0x80 in exactly the bytes of `word` that match: those where
    /// `(word | fold) ^ byte` is zero.
    #[inline]
    fn hits(self, word: u64) -> u64 {
        let x = (word | self.folds) ^ self.bytes;
        !(((x & LOW7) + LOW7) | x | LOW7)
    }

    /// The first position at or after `from` whose byte matches, eight bytes at a
    /// time.
    #[inline]
    fn find(self, bytes: &[u8], from: usize) -> Option<usize> {
        let rest = bytes.get(from..)?;
        let mut words = rest.chunks_exact(8);
        let mut at = from;
        for w in &mut words {
            let hits = self.hits(word(w));
            if hits != 0 {
                return Some(at + (hits.trailing_zeros() / 8) as usize);
            }
            at += 8;
        }
        let tail = words.remainder();
        tail.iter().position(|&b| self.matches(b)).map(|p| at + p)
    }
}

/// The first position of `byte` in `bytes`, eight bytes at a time.
pub fn find_byte(bytes: &[u8], byte: u8) -> Option<usize> {
    QueryByte::new(byte, 0).find(bytes, 0)
}

/// Characters from which skim scores a text with its linear pass rather than its
/// matrix: when twice (length + 1) exceeds [`ELEMENT_LIMIT`].
pub const LINEAR_MIN: usize = ELEMENT_LIMIT / 2;

/// How far a scan of a text got: query characters matched, the first and last
/// positions they matched at, and the bytes scanned.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scan {
    matched: usize,
    first: usize,
    last: usize,
    offset: usize,
}

/// Scores texts against one query.
pub struct Scorer<'q> {
    query: &'q str,
    matcher: SkimMatcherV2,
    /// The query's bytes, when it is ASCII (else every text goes to skim).
    bytes: Option<Vec<QueryByte>>,
}

impl<'q> Scorer<'q> {
    pub fn new(query: &'q str) -> Scorer<'q> {
        let case_sensitive = query.bytes().any(|b| b.is_ascii_uppercase());
        let bytes = query.is_ascii().then(|| {
            query
                .bytes()
                .map(|raw| {
                    let fold = if !case_sensitive && raw.is_ascii_alphabetic() {
                        0x20
                    } else {
                        0
                    };
                    QueryByte::new(raw, fold)
                })
                .collect()
        });
        Scorer {
            query,
            matcher: matcher(),
            bytes,
        }
    }

    /// The term this scores.
    pub fn term(&self) -> &'q str {
        self.query
    }

    /// The score of `text`, or `None` when the query does not match it: always what
    /// a fresh [`matcher`]`().fuzzy_match(text, query)` answers (one that scored
    /// other texts before can differ: see `align.rs`).
    pub fn score(&self, text: &str) -> Option<i64> {
        self.score_bytes(text.as_bytes(), false)
    }

    /// [`Scorer::score`] of the UTF-8 text `bytes`; `ascii` when it is known to be
    /// ASCII. An ASCII query is first looked for on bytes, eight at a time: a text
    /// that does not hold it is rejected there, without decoding; skim scores the rest.
    pub fn score_bytes(&self, bytes: &[u8], ascii: bool) -> Option<i64> {
        if self.bytewise() && (ascii || bytes.is_ascii()) {
            let mut scan = Scan::default();
            self.scan(&mut scan, bytes);
            self.found(&scan)?;
            return align::score(bytes, self.query.as_bytes());
        }
        self.skim(bytes)
    }

    /// `bytes` may hold the query: false only when an ASCII query is not in the
    /// ASCII text `bytes` in order (looked for on bytes, without decoding).
    pub fn may_match(&self, bytes: &[u8], ascii: bool) -> bool {
        if self.bytewise() && (ascii || bytes.is_ascii()) {
            let mut scan = Scan::default();
            self.scan(&mut scan, bytes);
            return self.found(&scan).is_some();
        }
        true
    }

    /// The best score of the query over the words of the UTF-8 text `bytes` (split
    /// at ASCII whitespace), or `None` when it matches none: a text that does not
    /// hold the query is rejected whole before it is split.
    pub fn best_word(&self, bytes: &[u8], ascii: bool) -> Option<i64> {
        if !self.may_match(bytes, ascii) {
            return None;
        }
        bytes
            .split(u8::is_ascii_whitespace)
            .filter(|word| !word.is_empty())
            .filter_map(|word| self.score_bytes(word, ascii))
            .max()
    }

    /// Skim's score of the UTF-8 text `bytes`.
    pub fn skim(&self, bytes: &[u8]) -> Option<i64> {
        let text = std::str::from_utf8(bytes).ok()?;
        self.matcher.fuzzy_match(text, self.query)
    }

    /// The query is ASCII, so texts can be scanned as bytes ([`Scorer::scan`]).
    pub fn bytewise(&self) -> bool {
        self.bytes.is_some()
    }

    /// Skim's `cheap_matches` continued over the next `piece` of a text: each query
    /// character at its first place after the one before. A text can be scanned
    /// piece by piece; the positions are over the whole text.
    pub fn scan(&self, scan: &mut Scan, piece: &[u8]) {
        let query = self.bytes.as_deref().unwrap_or_default();
        let mut from = 0;
        while let Some(q) = query.get(scan.matched) {
            let Some(at) = q.find(piece, from) else { break };
            if scan.matched == 0 {
                scan.first = scan.offset + at;
            }
            scan.last = scan.offset + at;
            scan.matched += 1;
            from = at + 1;
        }
        scan.offset += piece.len();
    }

    /// Where the query was found by the scan so far: the first and last matched
    /// positions, or `None` while some of it is still missing.
    pub fn found(&self, scan: &Scan) -> Option<(usize, usize)> {
        let query = self.bytes.as_deref().unwrap_or_default();
        (scan.matched >= query.len()).then_some((scan.first, scan.last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text against every query: the byte scorer answers what skim answers.
    #[test]
    fn scores_exactly_as_skim_does() {
        let long = "NHI-2026-000042 Leaked deploy-key in CI logs (build/42) carol.diaz \
                    lena.fischer@checkout ci deploy key 1113 SHA256:CXHCNUNSVHDDL4J4WS77001113 \
                    billing/webhook secret 12709 secret/data/billing/webhook/12709 SEC-42 JIRA-7";
        let texts = [
            long,
            "short text, skim's matrix",
            &"a".repeat(LINEAR_MIN - 1),
            &"a".repeat(LINEAR_MIN),
            &"a".repeat(LINEAR_MIN + 1),
            &"ab ".repeat(40),
            "x\0y\tz NUL and tab between words and then quite a lot more text to pass ninety-six bytes",
            "ÉCOLE café naïve — not ASCII, and long enough to be past the element limit of skim ok",
            "camelCaseWords and HTTPServer snake_case kebab-case dot.separated [brackets] {braces} |pipes| ~tilde",
        ];
        let queries = [
            "k",
            "K",
            "a",
            "aa",
            "rot",
            "key",
            "dkey",
            "leaked key",
            "LK",
            "Leaked",
            "ci",
            "CI",
            "12709",
            "sec-42",
            "SEC",
            "secret/data",
            "~t",
            "[b]",
            "é",
            "café",
            "cafe",
            " ",
            "  ",
            "zzz",
            "hs",
            "HS",
            "cCW",
            "ccw",
            "x\0",
            "y z",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ab ab",
            "ba",
            ".",
            "-",
            "@",
            "`",
            "^",
            "NHI",
            "nhi2026",
            "2026 logs jira",
        ];
        let scorer_matches = |q: &str, t: &str| Scorer::new(q).score(t);
        let skim = matcher();
        for text in texts {
            for query in queries {
                assert_eq!(
                    scorer_matches(query, text),
                    skim.fuzzy_match(text, query),
                    "{query:?} in {text:?}"
                );
            }
        }
    }

    /// Random texts over a small alphabet (letters of both cases, digits, both kinds
    /// of separators, and pairs that differ only in bit 0x20 like `@` and `` ` ``)
    /// against random queries over it: many matches, gaps and word boundaries at
    /// every position of an eight-byte word.
    #[test]
    fn scores_random_texts_exactly_as_skim_does() {
        let alphabet = b"aAbBkKzZ09 -._/@`[{^~";
        let mut seed: u64 = 7;
        let mut next = move |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) as usize) % n
        };
        let skim = matcher();
        let mut matched = 0;
        for _ in 0..1_500 {
            let len = 10 + next(250);
            let text: String = (0..len)
                .map(|_| alphabet[next(alphabet.len())] as char)
                .collect();
            for _ in 0..8 {
                let qlen = 1 + next(7);
                let query: String = (0..qlen)
                    .map(|_| alphabet[next(alphabet.len())] as char)
                    .collect();
                let expected = skim.fuzzy_match(&text, &query);
                matched += usize::from(expected.is_some());
                assert_eq!(
                    Scorer::new(&query).score(&text),
                    expected,
                    "{query:?} in {text:?}"
                );
                assert_eq!(
                    Scorer::new(&query).score_bytes(text.as_bytes(), true),
                    expected
                );
            }
        }
        assert!(matched > 3_000, "{matched}");
    }

    #[test]
    fn the_empty_query_matches_everything_with_nothing() {
        assert_eq!(Scorer::new("").score("anything"), Some(0));
        assert_eq!(matcher().fuzzy_match("anything", ""), Some(0));
    }
}
