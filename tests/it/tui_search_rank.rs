//! Ranking and highlighting on a fixed corpus, cancellation of stale passes, and the
//! two-worker split giving the same ranking as one pass. The ranking is checked
//! against a plain statement of the rule (every term's best field score, summed,
//! by skim itself) in `skim_ranking`.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::cell::Cell;

use crate::support::search::text;
use nhitrace::tui::search::{
    CHECK_EVERY, Generation, Highlighter, SearchCorpus, halves, merge, narrows, rank, rank_among,
    rank_range,
};

fn fixed() -> SearchCorpus {
    SearchCorpus::new(vec![
        text(
            4,
            "NHI-2026-0004",
            "Deploy key leaked in build log",
            "alice bob deploy-key AKIA0004",
        ),
        text(
            1,
            "NHI-2026-0001",
            "Leaked deploy key",
            "alice carol svc-deploy SEC-1",
        ),
        text(
            3,
            "NHI-2026-0003",
            "Role drift on payments",
            "dave erin payments-role SEC-3",
        ),
        text(
            2,
            "NHI-2026-0002",
            "Certificate expired",
            "bob carol tls-cert SEC-2",
        ),
        text(
            5,
            "NHI-2026-0005",
            "Leaked deploy key",
            "alice carol svc-deploy SEC-5",
        ),
    ])
}

fn ranked_ids(corpus: &SearchCorpus, query: &str) -> Vec<(i64, i32)> {
    rank(corpus, query)
        .iter()
        .map(|h| (corpus.case_id(h.index as usize).unwrap(), h.score))
        .collect()
}

#[test]
fn ranking_is_by_score_then_reference() {
    let corpus = fixed();
    // The corpus is in reference order whatever order the store gave.
    let refs: Vec<_> = corpus.case_ids().collect();
    assert_eq!(refs, [1, 2, 3, 4, 5]);
    let ranked = ranked_ids(&corpus, "leaked key");
    let ids: Vec<i64> = ranked.iter().map(|(id, _)| *id).collect();
    // 0004 holds "leaked" as typed; 0001 and 0005 hold "Leaked" (smart case
    // matches it, a little lower), with the same title and so the same score: by
    // reference.
    assert_eq!(ids, [4, 1, 5], "{ranked:?}");
    assert_eq!(ranked[1].1, ranked[2].1);
    assert!(ranked[0].1 > ranked[1].1, "{ranked:?}");
    assert_eq!(ranked, ranked_ids(&corpus, "key  leaked"), "term order");
    // Other fields are searched too: a ticket key, a person, an asset.
    assert_eq!(ranked_ids(&corpus, "SEC-3").first().map(|r| r.0), Some(3));
    let erin: Vec<i64> = ranked_ids(&corpus, "erin").iter().map(|r| r.0).collect();
    assert_eq!(erin, [3]);
    let people: Vec<i64> = ranked_ids(&corpus, "carol cert")
        .iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(people, [2]);
    assert!(ranked_ids(&corpus, "zzzz").is_empty());
    // A term matches within one word of one field: "bob carol tls-cert" holds
    // "bobtls" in order, but no one field does; "Leaked deploy key" holds
    // "dkey", but no one word does.
    assert!(ranked_ids(&corpus, "bobtls").is_empty());
    assert_eq!(ranked_ids(&corpus, "bob tls").len(), 1);
    assert!(ranked_ids(&corpus, "dkey").iter().all(|(id, _)| *id == 4));
    for query in [
        "leaked key",
        "SEC-3",
        "carol cert",
        "e",
        "dep key",
        "bob tls",
        "  ",
    ] {
        assert_eq!(
            rank(&corpus, query),
            skim_ranking(&corpus, query),
            "{query:?}"
        );
    }
}

#[test]
fn highlights_name_the_matched_characters_of_reference_and_title() {
    let corpus = fixed();
    let h = Highlighter::default();
    let item = corpus.item(0).unwrap(); // NHI-2026-0001 Leaked deploy key
    let lit = h.highlight(&item, "leaked");
    assert!(lit.reference.is_empty(), "{lit:?}");
    assert_eq!(lit.title, [0, 1, 2, 3, 4, 5]);
    let lit = h.highlight(&item, "0001 dply key");
    assert_eq!(lit.reference, [9, 10, 11, 12], "{lit:?}");
    assert_eq!(lit.title, [7, 9, 10, 12, 14, 15, 16], "{lit:?}");
    // A term matches within a word: "dkey" spans "deploy key".
    let lit = h.highlight(&item, "dkey");
    assert!(lit.title.is_empty(), "{lit:?}");
    // Terms that light the same characters light them once.
    let lit = h.highlight(&item, "key ey");
    assert_eq!(lit.title, [14, 15, 16], "{lit:?}");
    // A match in another field lights nothing in the reference or the title.
    let lit = h.highlight(&item, "SEC-1");
    assert_eq!(lit.reference, Vec::<usize>::new());
    assert_eq!(lit.title, Vec::<usize>::new());
}

#[test]
fn a_stale_pass_gives_up_at_the_next_check() {
    let corpus = SearchCorpus::new(
        (0..(CHECK_EVERY * 3 + 5) as i64)
            .map(|i| text(i, &format!("NHI-{i:06}"), "a title", ""))
            .collect(),
    );
    let checks = Cell::new(0);
    let done = rank_range(&corpus, 0..corpus.len(), "title", || {
        checks.set(checks.get() + 1);
        false
    });
    assert_eq!(done.map(|h| h.len()), Some(corpus.len()));
    assert_eq!(checks.get(), 4, "one look per {CHECK_EVERY} items");
    checks.set(0);
    let abandoned = rank_range(&corpus, 0..corpus.len(), "title", || {
        checks.set(checks.get() + 1);
        checks.get() > 1
    });
    assert_eq!(abandoned, None);
    assert_eq!(checks.get(), 2);
}

#[test]
fn the_generation_token_is_current_only_for_the_latest() {
    let latest = Generation::default();
    let seen_by_worker = latest.clone();
    latest.set(1);
    assert!(seen_by_worker.is_current(1));
    latest.set(2);
    assert!(!seen_by_worker.is_current(1));
    assert!(seen_by_worker.is_current(2));
}

#[test]
fn two_ranked_halves_merge_into_the_single_pass_ranking() {
    let generated = nhitrace::generate::Generator::new(nhitrace::generate::GenerateOptions {
        cases: 3_000,
        seed: 3,
    });
    let texts = generated
        .map(|(record, _)| crate::support::search::text_of(&record))
        .enumerate()
        .map(|(i, mut t)| {
            t.case_id = i as i64 + 1;
            t
        })
        .collect();
    let corpus = SearchCorpus::new(texts);
    for query in ["key", "rot prod", "svc", "NHI-2025"] {
        let [a, b] = halves(corpus.len());
        let left = rank_range(&corpus, a, query, || false).unwrap();
        let right = rank_range(&corpus, b, query, || false).unwrap();
        let whole = rank(&corpus, query);
        assert!(!whole.is_empty(), "{query}");
        assert_eq!(merge(left, right), whole, "{query}");
    }
}

#[test]
fn the_highlight_prefers_what_the_row_shows() {
    // The term matches the "SFTP" field as well; the row shows the
    // title, so the title's match is lit.
    let corpus = SearchCorpus::new(vec![text(
        1,
        "NHI-2026-0042",
        "Legacy SFTP upload key",
        "legacy SFTP upload",
    )]);
    let lit = Highlighter::default().highlight(&corpus.item(0).unwrap(), "sftp");
    assert_eq!(lit.title, [7, 8, 9, 10]);
}

/// A generated corpus of `cases` cases, ids in generation order.
fn generated(cases: usize, seed: u64) -> SearchCorpus {
    let generated =
        nhitrace::generate::Generator::new(nhitrace::generate::GenerateOptions { cases, seed });
    SearchCorpus::new(
        generated
            .map(|(record, _)| crate::support::search::text_of(&record))
            .enumerate()
            .map(|(i, mut t)| {
                t.case_id = i as i64 + 1;
                t
            })
            .collect(),
    )
}

/// Queries made from the corpus itself: pieces of texts, every other character of
/// them, capitals here and there, a character that is not there — a fixed
/// pseudo-random draw.
fn drawn_queries(corpus: &SearchCorpus, count: usize) -> Vec<String> {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % n.max(1)
    };
    let mut queries = Vec::new();
    for _ in 0..count {
        let fields = corpus.field_texts(next(corpus.len())).unwrap();
        let text: Vec<char> = fields.join(" ").chars().collect();
        let start = next(text.len());
        let len = 1 + next(12);
        let piece: Vec<char> = text.iter().skip(start).take(len).copied().collect();
        let query: String = match next(5) {
            0 => piece.iter().step_by(2).collect(),
            1 => piece.iter().map(|c| c.to_ascii_uppercase()).collect(),
            2 => piece.iter().chain(['q', 'z'].iter()).collect(),
            3 => piece.iter().rev().collect(),
            _ => piece.iter().collect(),
        };
        if !query.is_empty() {
            queries.push(query);
        }
    }
    queries
}

#[test]
fn the_byte_scorer_gives_skims_score_for_every_case() {
    use fuzzy_matcher::FuzzyMatcher;
    use nhitrace::tui::search::{Scorer, matcher};
    let corpus = generated(1_500, 11);
    let skim = matcher();
    let mut queries = drawn_queries(&corpus, 60);
    queries.extend(
        [
            "k",
            "K",
            "rot",
            "leaked key",
            "SEC",
            "nhi-2026",
            "NHI",
            "é",
            "a b c",
            "~",
        ]
        .map(String::from),
    );
    let mut matched = 0;
    for query in &queries {
        let scorer = Scorer::new(query);
        for index in 0..corpus.len() {
            for field in corpus.field_texts(index).unwrap() {
                let expected = skim.fuzzy_match(&field, query);
                matched += usize::from(expected.is_some());
                assert_eq!(scorer.score(&field), expected, "{query:?} in {field:?}");
            }
        }
    }
    assert!(matched > 10_000, "the draw matches often enough: {matched}");
}

#[test]
fn a_query_narrows_the_ones_it_holds_in_order() {
    assert!(narrows("ro", "rot"));
    assert!(narrows("rt", "rot"));
    assert!(narrows("", "rot"));
    assert!(!narrows("rot", "ro"));
    assert!(!narrows("key", "kez"));
    // Without a capital the earlier query matched without case.
    assert!(narrows("ro", "Rot"));
    assert!(narrows("ro", "roT"));
    // With one it matched with case: only that capital narrows.
    assert!(narrows("Ro", "Rot"));
    assert!(!narrows("Ro", "rot"));
    assert!(!narrows("rO", "ROt"));
    // Term by term: each earlier term held by some later one, in any order.
    assert!(narrows("leaked k", "leaked key"));
    assert!(narrows("key leak", "leaked key"));
    assert!(narrows("leaked", "leaked key"));
    assert!(narrows("leaked ", "leaked"));
    assert!(!narrows("leaked key", "leaked"));
    // "ro t" may match "ro" and "t" in two fields, where "rot" is in neither.
    assert!(!narrows("rot", "ro t"));
    assert!(narrows("ro t", "rot"));
}

/// The matches of `query`, ascending: what a worker remembers.
fn matched(corpus: &SearchCorpus, query: &str) -> Vec<u32> {
    let mut matched: Vec<u32> = rank(corpus, query).iter().map(|h| h.index).collect();
    matched.sort_unstable();
    matched
}

#[test]
fn a_narrowed_ranking_is_the_full_ranking() {
    let corpus = generated(3_000, 3);
    let chains: [&[&str]; 7] = [
        &["r", "ro", "rot", "rota", "rotat"],
        &["k", "ke", "key", "keY", "keYs"],
        &["d", "de", "dE", "dEp", "dEpl"],
        &["a", "al", "al r", "al ro", "al rot", "alrot"],
        &["s", "sv", "svc", "svc-", "svc-d"],
        &[
            "l", "le", "lea", "leak", "leake", "leaked", "leaked ", "leaked k",
        ],
        &["n", "nh", "nhi", "NHI", "NHI-2"],
    ];
    let mut narrowed = 0;
    for chain in chains {
        for (i, query) in chain.iter().enumerate() {
            let full = rank(&corpus, query);
            for earlier in &chain[..i] {
                if !narrows(earlier, query) {
                    continue;
                }
                narrowed += 1;
                let among = matched(&corpus, earlier);
                let ranked = rank_among(&corpus, &among, query, || false).unwrap();
                assert_eq!(ranked, full, "{query:?} from {earlier:?}");
            }
        }
    }
    assert!(narrowed > 40, "{narrowed}");
    // "keY" has a capital: "keYs" narrows from it, and so do the case-blind ones.
    assert!(narrows("keY", "keYs") && narrows("key", "keYs"));
}

#[test]
fn a_worker_narrows_only_from_passes_that_hold_every_match() {
    use nhitrace::tui::search::Narrowing;
    use std::sync::Arc;
    let corpus = Arc::new(generated(3_000, 5));
    let [a, b] = halves(corpus.len());
    let mut left = Narrowing::default();
    let mut right = Narrowing::default();
    // Typing, a capital, backspaces, a query that does not extend the last one, and
    // one that extends nothing remembered.
    let typed = [
        "r", "ro", "rot", "ro", "r", "ra", "rat", "raT", "ra", "key", "kez", "ke", "k", "z",
    ];
    let mut from_memory = 0;
    for query in typed {
        let expected = rank(&corpus, query);
        from_memory += usize::from(left.candidates(&corpus, query).is_some());
        let l = left.rank(&corpus, a.clone(), query, || false).unwrap();
        let r = right.rank(&corpus, b.clone(), query, || false).unwrap();
        assert_eq!(merge(l, r), expected, "{query:?}");
    }
    assert!(from_memory >= 8, "{from_memory}");
    // A stale pass is not remembered: "rotation" is abandoned, so "rotationx"
    // narrows from "rot", the last complete pass that holds it.
    let rot = left.rank(&corpus, a.clone(), "rot", || false).unwrap();
    let from_rot = left.candidates(&corpus, "rotationx").map(<[u32]>::len);
    assert_eq!(from_rot, Some(rot.len()));
    let abandoned = left.rank(&corpus, a.clone(), "rotation", || true);
    assert_eq!(abandoned, None);
    assert_eq!(
        left.candidates(&corpus, "rotationx").map(<[u32]>::len),
        from_rot
    );
    let l = left.rank(&corpus, a, "rotationx", || false).unwrap();
    let r = right.rank(&corpus, b, "rotationx", || false).unwrap();
    assert_eq!(merge(l, r), rank(&corpus, "rotationx"));
    // Another corpus forgets what was remembered.
    let other = Arc::new(generated(100, 5));
    assert_eq!(left.candidates(&other, "rotationx"), None);
}

#[test]
fn the_corpus_read_from_the_store_holds_every_cases_text() {
    use nhitrace::store::{OpenMode, Store};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path, OpenMode::CreateNew).unwrap();
    let generated: Vec<_> =
        nhitrace::generate::Generator::new(nhitrace::generate::GenerateOptions {
            cases: 400,
            seed: 17,
        })
        .collect();
    store
        .write(|w| {
            for (record, bytes) in &generated {
                w.insert_record(record, bytes)?;
            }
            // A case with nothing but its reference and title, and one whose
            // reporter is empty.
            let (mut bare, _) = generated[0].clone();
            bare.case.reference = "NHI-0000-000000".into();
            bare.case.reporter = None;
            bare.case.owner = None;
            bare.case.external_refs.clear();
            w.insert_case(&mut bare.case)?;
            let (mut empty, _) = generated[1].clone();
            empty.case.reference = "NHI-9999-999999".into();
            empty.case.reporter = Some(String::new());
            w.insert_case(&mut empty.case)?;
            Ok(())
        })
        .unwrap();
    let records = store.all_records().unwrap();
    drop(store);
    let corpus = nhitrace::tui::search::load_corpus(&path).unwrap();
    let mut expected: Vec<_> = records
        .iter()
        .map(crate::support::search::text_of)
        .collect();
    expected.sort_by(|a, b| a.reference.cmp(&b.reference));
    assert_eq!(corpus.len(), expected.len());
    let shared = records
        .iter()
        .flat_map(|r| r.assets.iter().map(|l| l.asset.id))
        .collect::<Vec<_>>();
    let distinct: std::collections::HashSet<_> = shared.iter().collect();
    assert!(distinct.len() < shared.len(), "some assets are shared");
    for (index, text) in expected.iter().enumerate() {
        let mut fields = vec![text.reference.clone(), text.title.clone()];
        fields.extend(text.fields.iter().cloned());
        assert_eq!(corpus.case_id(index), Some(text.case_id));
        assert_eq!(corpus.field_texts(index).unwrap(), fields);
        let item = corpus.item(index).unwrap();
        assert_eq!(
            (item.reference, item.title.as_ref()),
            (&*text.reference, &*text.title)
        );
    }
    let bare = records
        .iter()
        .find(|r| r.case.reference == "NHI-0000-000000")
        .unwrap();
    assert_eq!(
        corpus.field_texts(0).unwrap(),
        [bare.case.reference.clone(), bare.case.title.clone()]
    );
    // Ranked as the rule says, though people and assets are held (and scored)
    // once for every case that has them.
    let mut queries = drawn_queries(&corpus, 40);
    queries.extend(
        [
            "k",
            "rot",
            "leaked key",
            "svc",
            "NHI-2026",
            "AKIA",
            "zz",
            "é",
            "data 1",
        ]
        .map(String::from),
    );
    let mut found = 0;
    for query in &queries {
        let ranked = rank(&corpus, query);
        found += ranked.len();
        assert_eq!(ranked, skim_ranking(&corpus, query), "{query:?}");
    }
    assert!(found > 2_000, "{found}");
    // The same corpus as one built from the collected texts.
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let collected = SearchCorpus::new(store.case_search_texts().unwrap());
    for index in 0..corpus.len() {
        assert_eq!(collected.field_texts(index), corpus.field_texts(index));
        assert_eq!(collected.case_id(index), corpus.case_id(index));
    }
    for query in ["rot", "alice key", "AKIA"] {
        assert_eq!(rank(&collected, query), rank(&corpus, query), "{query:?}");
    }
}

/// The ranking the rule gives, stated plainly: a case matches when every term of
/// the query matches one word of one of its fields, scores the sum over the terms
/// of the term's best word score (skim's), and ranks best first, equal scores in
/// corpus order.
fn skim_ranking(corpus: &SearchCorpus, query: &str) -> Vec<nhitrace::tui::search::Hit> {
    use fuzzy_matcher::FuzzyMatcher;
    let skim = nhitrace::tui::search::matcher();
    let terms: Vec<&str> = query.split_whitespace().collect();
    let mut expected: Vec<_> = (0..corpus.len())
        .filter_map(|i| {
            let fields = corpus.field_texts(i).unwrap();
            let mut score = 0;
            for term in &terms {
                score += fields
                    .iter()
                    .flat_map(|f| f.split_ascii_whitespace())
                    .filter_map(|word| skim.fuzzy_match(word, term))
                    .max()?;
            }
            Some(nhitrace::tui::search::Hit {
                index: i as u32,
                score: i32::try_from(score).unwrap(),
            })
        })
        .collect();
    expected.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
    expected
}

#[test]
fn the_ranking_is_skims_ranking() {
    let corpus = generated(1_000, 21);
    for query in drawn_queries(&corpus, 20)
        .iter()
        .map(String::as_str)
        .chain([
            "r",
            "ro",
            "rot",
            "Rot",
            "key",
            "leaked key",
            "key leaked",
            "a b",
        ])
    {
        assert_eq!(
            rank(&corpus, query),
            skim_ranking(&corpus, query),
            "{query:?}"
        );
    }
}

#[test]
fn two_workers_sharing_one_querys_tables_rank_as_one_pass_does() {
    use nhitrace::tui::search::{Narrowing, PassTables};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.db");
    drop(crate::support::store::generated(&path, 3_000, 9));
    // Read from the store: people and assets are shared fields, titles are words.
    let corpus = Arc::new(nhitrace::tui::search::load_corpus(&path).unwrap());
    let [a, b] = halves(corpus.len());
    let (mut left, mut right) = (Narrowing::default(), Narrowing::default());
    for query in [
        "r", "ro", "rot", "alice", "svc de", "key", "ng", "Rot", "zzz",
    ] {
        let expected = rank(&corpus, query);
        // At the same time, each building one table first, as the workers do.
        let tables = Arc::new(PassTables::default());
        let (l, r) = std::thread::scope(|scope| {
            let l =
                scope.spawn(|| left.rank_with(&corpus, a.clone(), query, &tables, false, || false));
            let r =
                scope.spawn(|| right.rank_with(&corpus, b.clone(), query, &tables, true, || false));
            (l.join().unwrap().unwrap(), r.join().unwrap().unwrap())
        });
        assert_eq!(merge(l, r), expected, "{query:?}");
        // One after the other: the second reads the scores the first stored, over
        // fresh workers (no narrowing) and over the first's tables.
        let once = PassTables::default();
        let mut fresh = (Narrowing::default(), Narrowing::default());
        let l = fresh
            .0
            .rank_with(&corpus, a.clone(), query, &once, false, || false);
        let r = fresh
            .1
            .rank_with(&corpus, b.clone(), query, &once, true, || false);
        assert_eq!(merge(l.unwrap(), r.unwrap()), expected, "{query:?} in turn");
    }
    assert!(
        rank(&corpus, "rot").len() > 500,
        "the queries match many cases"
    );
}
