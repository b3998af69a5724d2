//! Which fields of a numbered table (the corpus's title words, or its shared
//! fields) may match each term of a query: one bit a field, found in one pass over
//! their texts when a search pass starts (see `terms.rs`: an ASCII field is scored
//! in that pass, and kept only when it matches). A pass then looks a case's fields up in
//! these bits, a few dozen kilobytes that stay in the cache, and reaches the memo
//! of scores (four bytes a field, megabytes at a million cases, a cache miss a
//! lookup) only for the few that may match. At a million cases the misses were
//! most of a pass.

pub struct Sieve {
    /// One bit a field.
    bits: Vec<u64>,
}

impl Sieve {
    /// The bits of a table of `len` fields: each of `numbers` (ascending) is kept
    /// when `keep(number)`; the others are not.
    pub fn build(
        len: usize,
        numbers: impl Iterator<Item = u32>,
        mut keep: impl FnMut(u32) -> bool,
    ) -> Sieve {
        let mut bits = vec![0u64; len.div_ceil(64)];
        for number in numbers.take_while(|&n| (n as usize) < len) {
            if let Some(word) = bits.get_mut(number as usize / 64)
                && keep(number)
            {
                *word |= 1 << (number % 64);
            }
        }
        Sieve { bits }
    }

    /// Field `number` may match (false only when it cannot).
    pub fn may(&self, number: u32) -> bool {
        self.bits
            .get(number as usize / 64)
            .is_some_and(|word| word & (1 << (number % 64)) != 0)
    }

    /// The fields kept, ascending.
    pub fn kept(&self) -> impl Iterator<Item = u32> + '_ {
        self.bits.iter().enumerate().flat_map(|(at, &word)| {
            let base = u32::try_from(at * 64).unwrap_or(u32::MAX);
            let mut rest = word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    base.saturating_add(bit)
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::search::Scorer;

    #[test]
    fn a_field_is_sieved_out_only_when_the_term_cannot_match_it() {
        let texts: Vec<&[u8]> = vec![b"rotation", b"key", b"ROT", b"r-o-t", b"", "röt".as_bytes()];
        let len = texts.len() as u32;
        let sieve_of = |term: &str| {
            let scorer = Scorer::new(term);
            let sieve = Sieve::build(texts.len(), 0..len, |n| {
                scorer.may_match(texts[n as usize], false)
            });
            for (n, text) in texts.iter().enumerate() {
                if scorer.score_bytes(text, false).is_some() {
                    assert!(sieve.may(n as u32), "{n}");
                }
            }
            sieve
        };
        let rot = sieve_of("rot");
        let bits: Vec<bool> = (0..len).map(|n| rot.may(n)).collect();
        assert_eq!(bits, [true, false, true, true, false, true]);
        assert_eq!(rot.kept().collect::<Vec<_>>(), [0, 2, 3, 5]);
        let k = sieve_of("k");
        let bits: Vec<bool> = (0..len).map(|n| k.may(n)).collect();
        // Text that is not ASCII is never sieved out (skim decides).
        assert_eq!(bits, [false, true, false, false, false, true]);
        assert!(!rot.may(99), "past the table");
        // Only the numbers offered are looked at.
        let some = Sieve::build(200, [3, 64, 130, 199, 250].into_iter(), |n| n != 130);
        assert_eq!(some.kept().collect::<Vec<_>>(), [3, 64, 199]);
    }
}
