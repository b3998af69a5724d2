//! Ranking and highlighting on a fixed corpus, cancellation of stale passes, and the
//! two-worker split giving the same ranking as one pass.
#![allow(clippy::expect_used, clippy::unwrap_used)]
mod search_support;

use std::cell::Cell;

use nhitrace::tui::search::{
    CHECK_EVERY, Generation, Highlighter, SearchCorpus, halves, merge, rank, rank_range,
};
use search_support::text;

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

fn ranked_ids(corpus: &SearchCorpus, query: &str) -> Vec<(i64, i64)> {
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
    // 0001 and 0005 have the same title and so the same score: by reference.
    assert_eq!(ids, [1, 5, 4], "{ranked:?}");
    assert_eq!(ranked[0].1, ranked[1].1);
    assert!(ranked[1].1 > ranked[2].1, "{ranked:?}");
    // Details are searched too: a ticket key, a person, an asset.
    assert_eq!(ranked_ids(&corpus, "SEC-3").first().map(|r| r.0), Some(3));
    let erin: Vec<i64> = ranked_ids(&corpus, "erin").iter().map(|r| r.0).collect();
    assert_eq!(erin, [3]);
    assert!(ranked_ids(&corpus, "zzzz").is_empty());
}

#[test]
fn highlights_name_the_matched_characters_of_reference_and_title() {
    let corpus = fixed();
    let h = Highlighter::default();
    let item = corpus.item(0).unwrap(); // NHI-2026-0001 Leaked deploy key
    let lit = h.highlight(item, "leaked");
    assert!(lit.reference.is_empty(), "{lit:?}");
    assert_eq!(lit.title, [0, 1, 2, 3, 4, 5]);
    let lit = h.highlight(item, "0001 dkey");
    assert_eq!(lit.reference, [9, 10, 11, 12], "{lit:?}");
    assert_eq!(lit.title, [7, 14, 15, 16], "{lit:?}");
    // A match in the details lights nothing in the reference or the title.
    let lit = h.highlight(item, "SEC-1");
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
        .map(|(record, _)| search_support::text_of(&record))
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
    // Skim's best alignment over the whole text is in the details; the row shows the
    // title, so the title's match is lit.
    let corpus = SearchCorpus::new(vec![text(
        1,
        "NHI-2026-0042",
        "Legacy SFTP upload key",
        "legacy SFTP upload",
    )]);
    let lit = Highlighter::default().highlight(corpus.item(0).unwrap(), "sftp");
    assert_eq!(lit.title, [7, 8, 9, 10]);
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
    let mut expected: Vec<_> = records.iter().map(search_support::text_of).collect();
    expected.sort_by(|a, b| a.reference.cmp(&b.reference));
    assert_eq!(corpus.len(), expected.len());
    let shared = records
        .iter()
        .flat_map(|r| r.assets.iter().map(|l| l.asset.id))
        .collect::<Vec<_>>();
    let distinct: std::collections::HashSet<_> = shared.iter().collect();
    assert!(distinct.len() < shared.len(), "some assets are shared");
    for (index, text) in expected.iter().enumerate() {
        let mut joined = format!("{} {}", text.reference, text.title);
        if !text.details.is_empty() {
            joined = format!("{joined} {}", text.details);
        }
        assert_eq!(corpus.case_id(index), Some(text.case_id));
        assert_eq!(corpus.text(index).unwrap(), joined);
        let item = corpus.item(index).unwrap();
        assert_eq!(item.shown, format!("{} {}", text.reference, text.title));
        assert_eq!(item.reference_len, text.reference.len());
    }
    assert_eq!(corpus.text(0).unwrap(), {
        let bare = &records
            .iter()
            .find(|r| r.case.reference == "NHI-0000-000000");
        let case = &bare.unwrap().case;
        format!("{} {}", case.reference, case.title)
    });
    // The same corpus as one built from the collected texts.
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let collected = SearchCorpus::new(store.case_search_texts().unwrap());
    for index in 0..corpus.len() {
        assert_eq!(collected.text(index), corpus.text(index));
        assert_eq!(collected.case_id(index), corpus.case_id(index));
    }
}
