//! Putting a million rows in order by a text column quickly: the rows are sorted by
//! the first sixteen bytes of their text, as two integers (most references differ
//! there), and only rows equal in those are compared as text. Several times faster
//! than comparing the strings throughout, for 24 bytes a row while it runs.

use std::cmp::Ordering;

/// The positions `0..len` ordered by `text` of each (byte order, as `str`'s `Ord`
/// and SQLite's), equal texts in position order.
pub fn order_by<'a>(len: usize, text: impl Fn(usize) -> &'a str) -> Vec<u32> {
    let mut keyed: Vec<(u64, u64, u32)> = (0..len)
        .map(|i| {
            let bytes = text(i).as_bytes();
            let (high, low) = prefix(bytes);
            (high, low, u32::try_from(i).unwrap_or(u32::MAX))
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| {
            let by_text = if a.0 == b.0 && a.1 == b.1 {
                text(a.2 as usize).cmp(text(b.2 as usize))
            } else {
                Ordering::Equal
            };
            by_text.then(a.2.cmp(&b.2))
        })
    });
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// Put `items` in `order` (as [`order_by`] gives it: position `i` takes the item
/// at `order[i]`) in place, following each cycle of the permutation; `order` is
/// used up as the record of what has moved.
pub fn permute<T: Copy>(items: &mut [T], mut order: Vec<u32>) {
    const MOVED: u32 = u32::MAX;
    for start in 0..order.len().min(items.len()) {
        if order[start] == MOVED {
            continue;
        }
        let first = items[start];
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = MOVED;
            if from == start || from >= items.len() {
                items[at] = first;
                break;
            }
            items[at] = items[from];
            at = from;
        }
    }
}

/// The first sixteen bytes of `bytes` as two big-endian integers, zero-padded: two
/// texts whose prefixes differ compare as their prefixes do.
fn prefix(bytes: &[u8]) -> (u64, u64) {
    let mut buffer = [0u8; 16];
    let n = bytes.len().min(16);
    buffer[..n].copy_from_slice(&bytes[..n]);
    let (high, low) = buffer.split_at(8);
    let word = |half: &[u8]| u64::from_be_bytes(half.try_into().unwrap_or([0; 8]));
    (word(high), word(low))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_is_the_strings_order_with_ties_by_position() {
        let texts = [
            "NHI-2026-000002",
            "NHI-2025-000001",
            "",
            "NHI-2025-000001",
            "NHI-2025-0000010",
            "NHI-2025-000001\0",
            "b",
            "NHI-2025-00000099999999",
            "NHI-2025-00000099999998",
            "é",
            "a long reference past sixteen bytes, z",
            "a long reference past sixteen bytes, a",
        ];
        let order = order_by(texts.len(), |i| texts[i]);
        let mut expected: Vec<u32> = (0..texts.len() as u32).collect();
        expected.sort_by(|&a, &b| texts[a as usize].cmp(texts[b as usize]).then(a.cmp(&b)));
        assert_eq!(order, expected);
        let mut permuted = texts;
        permute(&mut permuted, order);
        let mut sorted = texts;
        sorted.sort();
        assert_eq!(permuted, sorted);
    }
}
