use super::*;

const TEXTS: [&str; 7] = [
    "rotation",
    "key",
    "r o t",
    "",
    "r\u{f6}t",
    "old rotated key",
    "ROUTE",
];

fn text(n: u32) -> &'static [u8] {
    TEXTS.get(n as usize).map_or(&[], |t| t.as_bytes())
}

/// Every field's score for `term` read through its table, and whether the sieve
/// kept it.
fn read(table: &Table, term: &str) -> Vec<(bool, Option<i64>)> {
    let scorer = Scorer::new(term);
    (0..TEXTS.len() as u32)
        .map(|n| {
            let best = table.best(std::iter::once(n), &scorer, false, text);
            (table.sieve.may(n), best)
        })
        .collect()
}

#[test]
fn a_table_scores_ascii_fields_as_it_sieves_them_and_leaves_the_rest_to_skim() {
    for term in ["rot", "k", "ROT", "zz"] {
        let scorer = Scorer::new(term);
        let table = Table::build(TEXTS.len(), &scorer, false, text, None);
        for (n, field) in TEXTS.iter().enumerate() {
            let n = n as u32;
            let score = scorer.best_word(field.as_bytes(), false);
            let slot = table.memo[n as usize].load(Ordering::Relaxed);
            if field.is_ascii() {
                // Scored already, and kept only when a word matches ("r o t" holds
                // "rot" only across words).
                assert_eq!(table.sieve.may(n), score.is_some(), "{term} {n}");
                if score.is_some() {
                    assert_eq!(slot, encode(score), "{term} {n}");
                }
            } else {
                assert!(table.sieve.may(n), "skim decides");
                assert_eq!(slot, NOT_SCORED);
            }
            let best = table.best(std::iter::once(n), &scorer, false, text);
            assert_eq!(best, score, "{term} {n}");
        }
    }
    // An empty table keeps nothing.
    let empty = Table::build(0, &Scorer::new("a"), true, text, None);
    assert!(!empty.sieve.may(0));
}

#[test]
fn a_term_typed_again_keeps_its_tables_and_a_longer_one_scans_within_them() {
    let terms_of = |tables: &PassTables, query: &[&str]| -> Vec<Arc<TermTables>> {
        let made = tables.of_terms(query.iter().copied());
        for (term, made) in query.iter().zip(&made) {
            made.table(Kind::Words, TEXTS.len(), &Scorer::new(term), false, text);
        }
        made
    };
    let first = PassTables::default();
    let ro = terms_of(&first, &["ro", "k"]);
    let second = PassTables::after(&first);
    let rot = second.of_terms(["rot", "k"].into_iter());
    // `k` is the same term: the same tables, not built again.
    assert!(Arc::ptr_eq(&ro[1], &rot[1]));
    // `rot` narrows `ro`: it will be built within `ro`'s words table (its shared
    // table was never built, so that one scans everything)...
    assert!(!Arc::ptr_eq(&ro[0], &rot[0]));
    let earlier = rot[0].within_words.lock().unwrap().clone().unwrap();
    assert!(Arc::ptr_eq(&earlier, ro[0].words.get().unwrap()));
    drop(earlier);
    assert!(rot[0].within_shared.lock().unwrap().is_none());
    // ...and lets go of it once built, with the same answers as a table built
    // over every field.
    let within = rot[0].table(Kind::Words, TEXTS.len(), &Scorer::new("rot"), false, text);
    assert!(rot[0].within_words.lock().unwrap().is_none());
    let whole = Table::build(TEXTS.len(), &Scorer::new("rot"), false, text, None);
    assert_eq!(read(&within, "rot"), read(&whole, "rot"));
    assert!(read(&whole, "rot").iter().any(|(_, s)| s.is_some()));
    // A term that does not narrow an earlier one scans everything.
    let third = PassTables::after(&second);
    let other = third.of_terms(["tor"].into_iter());
    assert!(other[0].within_words.lock().unwrap().is_none());
    terms_of(&third, &["tor"]);
    // Only one keystroke back: `ro` is not offered to the query after next.
    let fourth = PassTables::after(&third);
    assert_eq!(fourth.earlier.len(), 1);
    assert_eq!(fourth.earlier[0].term(), "tor");
    // Tables made for another query are not handed to a pass of different terms.
    let mismatched = second.of_terms(["key", "k"].into_iter());
    assert_eq!(mismatched[0].term(), "key");
    assert!(Arc::ptr_eq(&mismatched[1], &rot[1]));
}

#[test]
fn a_case_sensitive_term_narrows_only_what_it_holds() {
    // `ROT` (with case) is within `ro` (without): every field it matches, `ro`
    // matches. `rot` is not within `RO`: "rotation" matches `rot` but not `RO`.
    let first = PassTables::default();
    let ro = first.of_terms(["RO"].into_iter());
    ro[0].table(Kind::Words, TEXTS.len(), &Scorer::new("RO"), false, text);
    let second = PassTables::after(&first);
    let rot = second.of_terms(["rot"].into_iter());
    assert!(rot[0].within_words.lock().unwrap().is_none());
    let table = rot[0].table(Kind::Words, TEXTS.len(), &Scorer::new("rot"), false, text);
    let whole = Table::build(TEXTS.len(), &Scorer::new("rot"), false, text, None);
    assert_eq!(read(&table, "rot"), read(&whole, "rot"));
}
