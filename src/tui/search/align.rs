//! Skim's score of an ASCII text, worked out on its bytes.
//!
//! A pass scores hundreds of thousands of distinct fields and every case's own
//! reference against each term; `SkimMatcherV2` first decodes each text into a vector
//! of `char`s, looks the query up again, and aligns it in a matrix of 24-byte cells.
//! For ASCII text and an ASCII query (every generated store, and most real ones) the
//! same score comes from the bytes with two rows of plain integers on the stack.
//! These functions give exactly what `fuzzy_matcher` 0.3.7's `SkimMatcherV2` with
//! the [`ELEMENT_LIMIT`](super::score::ELEMENT_LIMIT) gives on a fresh matcher, as
//! its scoring is specified (the affine-gap alignment of its documentation, with its
//! bonuses and its linear pass for long texts); the tests compare the two on every
//! kind of text, and a query that is not ASCII still goes to skim itself.
//!
//! What "exactly" takes, beyond the documented recurrences: skim keeps two rows and
//! does not clear a row's cell in the first column it scans before reading it, so a
//! score or bonus from two pattern characters back can take part; its linear pass
//! starts from a position counted within the matched stretch rather than within the
//! text; and a one-character query in a long text scores only its place bonus.
//!
//! Why a fresh matcher: skim's matcher keeps its two rows between calls, and a
//! bonus one text leaves in them can reach the next text's score (the random tests
//! found 80 where a fresh matcher gives 77). The fresh answer is the one that does
//! not depend on what was scored before, on which thread.

use std::cmp::max;

/// Skim's default scoring (`SkimScoreConfig::default()`).
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const PENALTY_CASE_MISMATCH: i32 = GAP_EXTENSION * 2;
/// Skim's "minus infinity" of an empty cell.
const NONE: i32 = i16::MIN as i32;

/// Texts of fewer bytes than this are aligned in the matrix; longer ones get the
/// linear pass (skim: two rows of `len + 1` cells over the element limit of 80).
pub const MATRIX_MAX: usize = super::score::LINEAR_MIN;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

fn kind(b: u8) -> Kind {
    match b {
        0 => Kind::Empty,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Kind::HardSep,
        b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => Kind::SoftSep,
        b'0'..=b'9' => Kind::Number,
        b'A'..=b'Z' => Kind::Upper,
        _ => Kind::Lower,
    }
}

/// The bonus of a character of kind `cur` after one of kind `prev`: the head of a
/// word, after a soft separator, a camel-case hump, or nothing.
fn place_bonus(prev: Kind, cur: Kind) -> i32 {
    match (prev, cur) {
        (Kind::Empty | Kind::HardSep, _) => BONUS_HEAD,
        (Kind::SoftSep, _) => BONUS_BREAK,
        (Kind::Lower | Kind::Number, Kind::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

fn equal(c: u8, p: u8, case_sensitive: bool) -> bool {
    if case_sensitive {
        c == p
    } else {
        c.eq_ignore_ascii_case(&p)
    }
}

/// The score of text byte `c` matched by pattern byte `p`, when they match.
fn match_score(c: u8, p: u8, case_sensitive: bool) -> Option<i32> {
    if !equal(c, p, case_sensitive) {
        return None;
    }
    let penalty = if !case_sensitive && p != c {
        PENALTY_CASE_MISMATCH
    } else {
        0
    };
    Some(max(0, SCORE_MATCH + penalty))
}

/// Skim's score of the ASCII `text` against the ASCII `pattern` (smart case: with
/// case when the pattern holds an ASCII capital), `None` when it does not match.
pub fn score(text: &[u8], pattern: &[u8]) -> Option<i64> {
    if pattern.is_empty() {
        return Some(0);
    }
    let case_sensitive = pattern.iter().any(u8::is_ascii_uppercase);
    if text.len() < MATRIX_MAX {
        matrix(text, pattern, case_sensitive).map(i64::from)
    } else {
        linear(text, pattern, case_sensitive).map(i64::from)
    }
}

/// Each pattern byte at its first place after the one before (skim's
/// `cheap_matches`), written into `at`; false when some are missing.
fn first_places(text: &[u8], pattern: &[u8], case_sensitive: bool, at: &mut [usize]) -> bool {
    let mut matched = 0;
    for (i, &c) in text.iter().enumerate() {
        let Some(&p) = pattern.get(matched) else {
            break;
        };
        if equal(c, p, case_sensitive) {
            if let Some(slot) = at.get_mut(matched) {
                *slot = i;
            }
            matched += 1;
        }
    }
    matched == pattern.len()
}

/// One cell of a row: the best score ending in a match here (`m`), the best with
/// this byte skipped (`p`), and the consecutive-match bonus skim keeps beside them.
#[derive(Clone, Copy)]
struct Cell {
    m: i32,
    p: i32,
    bonus: i32,
}

const EMPTY: Cell = Cell {
    m: NONE,
    p: NONE,
    bonus: 0,
};

/// The alignment of a text of fewer than [`MATRIX_MAX`] bytes.
fn matrix(text: &[u8], pattern: &[u8], case_sensitive: bool) -> Option<i32> {
    let mut first = [0usize; MATRIX_MAX];
    if pattern.len() > text.len() || !first_places(text, pattern, case_sensitive, &mut first) {
        return None;
    }
    let cols = text.len() + 1;
    let mut bonus = [0i32; MATRIX_MAX + 1];
    let mut prev = Kind::Empty;
    for (j, &c) in text.iter().enumerate() {
        let cur = kind(c);
        bonus[j + 1] = place_bonus(prev, cur);
        prev = cur;
    }
    bonus[1] *= FIRST_CHAR_MULTIPLIER;

    // Two rows, pattern byte i written into row (i + 1) % 2 from row i % 2.
    let mut rows = [[EMPTY; MATRIX_MAX + 1]; 2];
    rows[1][first[0]] = EMPTY;
    for cell in rows[0].iter_mut().take(cols) {
        *cell = Cell {
            p: GAP_EXTENSION,
            ..EMPTY
        };
    }
    for (i, &p) in pattern.iter().enumerate() {
        let (row, above) = if i % 2 == 0 { (1, 0) } else { (0, 1) };
        let skip = first[i];
        for col in skip + 1..cols {
            let c = text[col - 1];
            let diagonal = rows[above][col - 1];
            let left = rows[row][col - 1];
            match match_score(c, p, case_sensitive) {
                Some(score) => {
                    let consecutive = max(left.bonus, max(bonus[col], BONUS_CONSECUTIVE));
                    rows[row][col - 1].bonus = consecutive;
                    let matched = diagonal.m + consecutive;
                    let skipped = diagonal.p + bonus[col];
                    rows[row][col].m = max(matched, skipped) + score;
                }
                None => {
                    rows[row][col].m = NONE;
                    rows[row][col].bonus = 0;
                }
            }
            let gap_opened = GAP_START + GAP_EXTENSION + left.m;
            let gap_extended = GAP_EXTENSION + left.p;
            rows[row][col].p = max(gap_opened, gap_extended);
        }
    }
    let last = pattern.len() % 2;
    let from = first[pattern.len() - 1];
    rows[last][from..cols].iter().map(|cell| cell.m).max()
}

/// Skim's linear pass for a text of [`MATRIX_MAX`] bytes or more.
fn linear(text: &[u8], pattern: &[u8], case_sensitive: bool) -> Option<i32> {
    // Only the first and last places are needed.
    let mut places = [0usize; 1];
    if !first_places(text, &pattern[..1], case_sensitive, &mut places) {
        return None;
    }
    let start = places[0];
    let mut end = start;
    let mut matched = 1;
    for (i, &c) in text.iter().enumerate().skip(start + 1) {
        let Some(&p) = pattern.get(matched) else {
            break;
        };
        if equal(c, p, case_sensitive) {
            end = i;
            matched += 1;
        }
    }
    if matched < pattern.len() {
        return None;
    }
    if pattern.len() == 1 {
        let before = start.checked_sub(1).map_or(0, |b| text[b]);
        return Some(place_bonus(kind(before), kind(text[start])));
    }
    // Back from the end, the pattern's last place at or before each; the position
    // kept is counted from `start` (as skim counts it), then read within the text.
    let mut from = start;
    let mut wanted = pattern.iter().rev().peekable();
    for (offset, &c) in text[start..=end].iter().enumerate().rev() {
        let Some(&&p) = wanted.peek() else {
            break;
        };
        if equal(c, p, case_sensitive) {
            wanted.next();
            from = offset;
        }
    }
    Some(gapped_score(&text[from..=end], pattern, case_sensitive))
}

/// The score of matching `pattern` greedily along `stretch`, gaps and runs counted.
fn gapped_score(stretch: &[u8], pattern: &[u8], case_sensitive: bool) -> i32 {
    let mut prev = Kind::Empty;
    let mut score = 0;
    let mut in_gap = false;
    let mut run_bonus = 0;
    let mut next = pattern.iter();
    let mut wanted = next.next();
    for &c in stretch {
        let Some(&p) = wanted else {
            break;
        };
        let cur = kind(c);
        let place = place_bonus(prev, cur);
        match match_score(c, p, case_sensitive) {
            Some(matched) => {
                score += matched;
                run_bonus = max(run_bonus, max(place, BONUS_CONSECUTIVE));
                if !in_gap {
                    score += run_bonus;
                }
                in_gap = false;
                wanted = next.next();
            }
            None => {
                if !in_gap {
                    score += GAP_START;
                }
                score += GAP_EXTENSION;
                in_gap = true;
                run_bonus = 0;
            }
        }
        prev = cur;
    }
    score
}

#[cfg(test)]
#[path = "align_tests.rs"]
mod tests;
