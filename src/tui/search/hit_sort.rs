//! Hits put best first. A pass at a million cases sorts 800,000 hits for a
//! three-letter query, and they come out of the pass in corpus order with a few
//! hundred distinct scores at most; a stable counting sort on the score alone then
//! gives best score first, equal scores in corpus order, in two passes over them.
//! Hits in any other order, or with scores spread too wide for a table of counts,
//! take the comparison sort.

use super::rank::Hit;

/// The order of hits: best score first, then corpus order.
fn key(hit: &Hit) -> (std::cmp::Reverse<i32>, u32) {
    (std::cmp::Reverse(hit.score), hit.index)
}

/// Below this many hits the comparison sort is as quick.
const COUNT_FROM: usize = 4_096;
/// The widest range of scores counted (a count a score).
const MAX_SPREAD: i64 = 1 << 16;

/// Sort `hits` best first, equal scores in corpus order.
pub fn sort(hits: &mut [Hit]) {
    let (Some(low), Some(high)) = (
        hits.iter().map(|h| h.score).min(),
        hits.iter().map(|h| h.score).max(),
    ) else {
        return;
    };
    let spread = i64::from(high) - i64::from(low) + 1;
    if hits.len() < COUNT_FROM || spread > MAX_SPREAD || !hits.is_sorted_by_key(|h| h.index) {
        hits.sort_unstable_by_key(key);
        return;
    }
    // Bucket 0 holds the best score.
    let bucket = |hit: &Hit| usize::try_from(i64::from(high) - i64::from(hit.score)).unwrap_or(0);
    let mut starts = vec![0usize; usize::try_from(spread).unwrap_or(0)];
    for hit in hits.iter() {
        if let Some(count) = starts.get_mut(bucket(hit)) {
            *count += 1;
        }
    }
    let mut at = 0;
    for start in &mut starts {
        let count = *start;
        *start = at;
        at += count;
    }
    let mut sorted = vec![Hit { index: 0, score: 0 }; hits.len()];
    for hit in hits.iter() {
        if let Some(start) = starts.get_mut(bucket(hit))
            && let Some(slot) = sorted.get_mut(*start)
        {
            *slot = *hit;
            *start += 1;
        }
    }
    hits.copy_from_slice(&sorted);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_comparison(hits: &mut [Hit]) {
        hits.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
    }

    #[test]
    fn hits_sort_best_score_first_then_in_corpus_order() {
        let mut seed: u64 = 3;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            seed >> 16
        };
        let extremes = [i32::MIN, i32::MIN + 1, -1, 0, 1, i32::MAX];
        for len in [0, 1, 2, 100, COUNT_FROM - 1, COUNT_FROM, 50_000] {
            // In corpus order as a pass gives them (counted), with scores spread
            // wide (compared), and in no order (compared).
            let in_order = |spread: u64, next: &mut dyn FnMut() -> u64| -> Vec<Hit> {
                let mut index = 0u32;
                (0..len)
                    .map(|_| {
                        index += 1 + (next() % 3) as u32;
                        Hit {
                            index,
                            score: (next() % spread) as i32 - 100,
                        }
                    })
                    .collect()
            };
            let unordered: Vec<Hit> = (0..len)
                .map(|i| Hit {
                    index: if i % 7 == 0 {
                        u32::MAX - i as u32
                    } else {
                        (next() % 1_000_000) as u32
                    },
                    score: if i % 5 == 0 {
                        extremes[i % extremes.len()]
                    } else {
                        (next() % 400) as i32 - 100
                    },
                })
                .collect();
            for mut hits in [
                in_order(400, &mut next),
                in_order(1 << 20, &mut next),
                unordered,
            ] {
                let mut expected = hits.clone();
                by_comparison(&mut expected);
                sort(&mut hits);
                assert_eq!(hits, expected, "{len}");
            }
        }
    }
}
