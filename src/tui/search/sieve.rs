//! Which fields of a numbered table (the corpus's title words, or its shared
//! fields) may match each term of a query: one bit a field, found in one pass over
//! their texts when a search pass starts (see `terms.rs`: an ASCII field is scored
//! in that pass, and kept only when it matches). A pass then looks a case's fields up in
//! these bits, a few dozen kilobytes that stay in the cache, and reaches the memo
//! of scores (four bytes a field, megabytes at a million cases, a cache miss a
//! lookup) only for the few that may match. At a million cases the misses were
//! most of a pass.

pub struct Sieve {
    /// `u64` words of bits per term.
    stride: usize,
    bits: Vec<u64>,
}

impl Sieve {
    /// The bits of `len` fields for `terms` terms, field by field in order for each
    /// term: field `number` is kept for term `term` when `keep(term, number)`.
    pub fn build(len: usize, terms: usize, mut keep: impl FnMut(usize, u32) -> bool) -> Sieve {
        let stride = len.div_ceil(64);
        let mut bits = vec![0u64; stride * terms];
        for term in 0..terms {
            let row = bits
                .get_mut(term * stride..(term + 1) * stride)
                .unwrap_or_default();
            for number in 0..u32::try_from(len).unwrap_or(u32::MAX) {
                if keep(term, number)
                    && let Some(word) = row.get_mut(number as usize / 64)
                {
                    *word |= 1 << (number % 64);
                }
            }
        }
        Sieve { stride, bits }
    }

    /// Field `number` may match term `term` (false only when it cannot).
    pub fn may(&self, term: usize, number: u32) -> bool {
        let at = term * self.stride + number as usize / 64;
        self.bits
            .get(at)
            .is_some_and(|word| word & (1 << (number % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::search::Scorer;

    #[test]
    fn a_field_is_sieved_out_only_when_the_term_cannot_match_it() {
        let texts: Vec<&[u8]> = vec![b"rotation", b"key", b"ROT", b"r-o-t", b"", "röt".as_bytes()];
        let scorers = [Scorer::new("rot"), Scorer::new("k")];
        let sieve = Sieve::build(texts.len(), scorers.len(), |term, n| {
            scorers[term].may_match(texts[n as usize], false)
        });
        let rot: Vec<bool> = (0..texts.len() as u32).map(|n| sieve.may(0, n)).collect();
        assert_eq!(rot, [true, false, true, true, false, true]);
        let k: Vec<bool> = (0..texts.len() as u32).map(|n| sieve.may(1, n)).collect();
        // Text that is not ASCII is never sieved out (skim decides).
        assert_eq!(k, [false, true, false, false, false, true]);
        assert!(!sieve.may(0, 99), "past the table");
        for (n, text) in texts.iter().enumerate() {
            for (term, scorer) in scorers.iter().enumerate() {
                if scorer.score_bytes(text, false).is_some() {
                    assert!(sieve.may(term, n as u32), "{n}");
                }
            }
        }
    }
}
