//! Search on the screen: typing bumps the generation, only the latest generation's
//! results are applied, Esc restores the list, Enter keeps it; highlighted matches
//! in the list; the worker pool end to end.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::Duration;

use crate::support::screen::{demo, screen};
use nhitrace::tui::search::{SearchAction, SearchJob, SearchResults, rank};
use nhitrace::tui::workers::SearchService;
use nhitrace::tui::{Action, App, Pane, render_to_buffer};
use ratatui::style::Modifier;

fn typed(f: &mut crate::support::screen::Fixture, app: &mut App, text: &str) {
    for c in text.chars() {
        f.send(app, Action::Search(SearchAction::Input(c)));
    }
}

/// Rank the app's current query on this thread and deliver it, as the workers would.
fn deliver(f: &mut crate::support::screen::Fixture, app: &mut App) {
    let search = app.search_state();
    let corpus = search.corpus.clone().expect("corpus loaded");
    let results = SearchResults {
        generation: search.generation,
        hits: rank(&corpus, &search.query),
    };
    f.send(app, Action::Search(SearchAction::Results(results)));
}

fn searching(query: &str) -> (crate::support::screen::Fixture, App) {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, crate::support::search::loaded(&f.records));
    f.send(&mut app, Action::Search(SearchAction::Start));
    typed(&mut f, &mut app, query);
    deliver(&mut f, &mut app);
    (f, app)
}

#[test]
fn typing_bumps_the_generation_and_echoes_before_results() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, crate::support::search::loaded(&f.records));
    f.send(&mut app, Action::Search(SearchAction::Start));
    let g0 = app.search_state().generation;
    typed(&mut f, &mut app, "rot");
    assert_eq!(app.search_state().generation, g0 + 3);
    assert!(app.search_state().pending());
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("/rot▏"),
        "the query is drawn at once:\n{text}"
    );
    assert_eq!(
        app.shown_len(),
        f.records.len(),
        "the list waits for results"
    );
}

#[test]
fn a_stale_result_never_replaces_a_newer_one() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, crate::support::search::loaded(&f.records));
    let corpus = crate::support::search::corpus_of(&f.records);
    f.send(&mut app, Action::Search(SearchAction::Start));
    typed(&mut f, &mut app, "k");
    let old = SearchResults {
        generation: app.search_state().generation,
        hits: rank(&corpus, "k"),
    };
    typed(&mut f, &mut app, "ey");
    let new = SearchResults {
        generation: app.search_state().generation,
        hits: rank(&corpus, "key"),
    };
    assert!(
        old.hits.len() > new.hits.len(),
        "the queries rank differently"
    );
    // The newer result arrives first, then the stale one: the stale one is dropped.
    f.send(&mut app, Action::Search(SearchAction::Results(new.clone())));
    let after_new: Vec<String> = app.shown_refs().iter().map(|s| s.to_string()).collect();
    assert_eq!(after_new.len(), new.hits.len());
    f.send(&mut app, Action::Search(SearchAction::Results(old.clone())));
    assert_eq!(app.shown_refs(), after_new);
    // A stale result arriving before the newer one is dropped too.
    let mut f2 = demo();
    let mut app2 = f2.app(80, 24, false);
    f2.send(&mut app2, crate::support::search::loaded(&f2.records));
    f2.send(&mut app2, Action::Search(SearchAction::Start));
    typed(&mut f2, &mut app2, "key");
    f2.send(&mut app2, Action::Search(SearchAction::Results(old)));
    assert_eq!(app2.shown_len(), f2.records.len(), "nothing applied");
    assert!(app2.search_state().pending());
    f2.send(&mut app2, Action::Search(SearchAction::Results(new)));
    assert_eq!(app2.shown_refs(), after_new);
}

#[test]
fn results_are_ranked_and_the_best_is_selected() {
    let (f, app) = searching("rotation");
    let corpus = crate::support::search::corpus_of(&f.records);
    let expected: Vec<&str> = rank(&corpus, "rotation")
        .iter()
        .map(|h| {
            let id = corpus.case_id(h.index as usize).unwrap();
            f.records
                .iter()
                .find(|r| r.case.id == id)
                .unwrap()
                .case
                .reference
                .as_str()
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(app.shown_refs(), expected);
    assert_eq!(
        app.selected_case().map(|c| c.reference).as_deref(),
        expected.first().copied()
    );
}

#[test]
fn esc_restores_the_previous_list_and_selection() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, crate::support::search::loaded(&f.records));
    f.send(&mut app, Action::SelectNext);
    f.send(&mut app, Action::SelectNext);
    let before = app.selected_case().map(|c| c.reference.clone());
    let all: Vec<String> = app.shown_refs().iter().map(|s| s.to_string()).collect();
    f.send(&mut app, Action::Search(SearchAction::Start));
    typed(&mut f, &mut app, "leak");
    deliver(&mut f, &mut app);
    assert!(app.shown_len() < all.len());
    f.send(&mut app, Action::Search(SearchAction::Cancel));
    assert_eq!(app.shown_refs(), all);
    assert_eq!(app.selected_case().map(|c| c.reference.clone()), before);
    assert_eq!(app.record().map(|r| r.case.reference.clone()), before);
    assert!(!app.search_state().editing);
    assert_eq!(app.search_state().query, "");
}

#[test]
fn enter_keeps_the_results_and_focuses_the_list() {
    let (mut f, mut app) = searching("key");
    f.send(&mut app, Action::FocusPane(Pane::Timeline));
    let results: Vec<String> = app.shown_refs().iter().map(|s| s.to_string()).collect();
    assert!(results.len() >= 2, "{results:?}");
    f.send(&mut app, Action::Search(SearchAction::Accept));
    assert_eq!(app.focus(), Pane::Cases);
    assert!(!app.search_state().editing);
    assert_eq!(app.shown_refs(), results);
    // The list moves through the results; Esc now means back, not cancel.
    f.send(&mut app, Action::SelectNext);
    assert_eq!(
        app.selected_case().map(|c| c.reference.clone()),
        results.get(1).cloned()
    );
    f.send(&mut app, Action::Back);
    assert_eq!(app.shown_refs(), results);
}

#[test]
fn list_with_an_active_search_80x24() {
    let (_f, app) = searching("sftp");
    let text = screen(&app, 80, 24);
    insta::assert_snapshot!(text);
    // The matched characters of the first row's title are underlined: find "SFTP".
    let buffer = render_to_buffer(&app, 80, 24);
    let row = (0..24)
        .find(|&y| {
            (0..32)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .contains("SFTP")
        })
        .expect("a row with SFTP");
    let line: String = (0..32).map(|x| buffer[(x, row)].symbol()).collect();
    let start = line.find("SFTP").unwrap() as u16;
    let start = line[..start as usize].chars().count() as u16;
    for x in start..start + 4 {
        assert!(
            buffer[(x, row)].modifier.contains(Modifier::UNDERLINED),
            "column {x} of {line:?}"
        );
    }
    assert!(
        !buffer[(start + 4, row)]
            .modifier
            .contains(Modifier::UNDERLINED)
    );
}

#[test]
fn the_worker_pool_delivers_the_latest_generation_ranked() {
    let records = crate::support::search::generated_records(20_000, 5);
    let corpus = crate::support::search::corpus_of(&records);
    let mut service = SearchService::start();
    let queries = ["r", "ro", "rot", "rota", "rotat"];
    for (i, query) in queries.iter().enumerate() {
        service.submit(SearchJob {
            generation: i as u64 + 1,
            query: query.to_string(),
            corpus: corpus.clone(),
            tables: Default::default(),
        });
    }
    let mut received = Vec::new();
    while let Some(action) = service.recv_timeout(Duration::from_secs(20)) {
        let Action::Search(SearchAction::Results(results)) = action else {
            panic!("unexpected {action:?}");
        };
        let last = results.generation == queries.len() as u64;
        received.push(results);
        if last {
            break;
        }
    }
    let generations: Vec<u64> = received.iter().map(|r| r.generation).collect();
    assert_eq!(generations.last(), Some(&5), "{generations:?}");
    assert!(
        generations.windows(2).all(|w| w[0] < w[1]),
        "{generations:?}"
    );
    let last = received.last().unwrap();
    assert_eq!(last.hits, rank(&corpus, "rotat"));
    assert!(!last.hits.is_empty());
}

#[test]
fn rapid_typing_backspaces_and_new_queries_rank_as_full_passes() {
    let records = crate::support::search::generated_records(20_000, 9);
    let corpus = crate::support::search::corpus_of(&records);
    let mut service = SearchService::start();
    // Bursts typed faster than the workers rank (each burst's earlier keys go
    // stale mid-pass), each waited for at its end: typing on, backspacing, a
    // capital, a key that does not extend the query, a new query.
    // Then terms carried from one key to the next (the workers keep each term's
    // tables for the next query): a second term, typed and backspaced, the terms
    // swapped, one dropped.
    let bursts: [&[&str]; 10] = [
        &["r", "ro", "rot"],
        &["ro"],
        &["rox", "ro", "roT", "ro"],
        &["k", "ke", "key"],
        &["kez", "ke", "key", "keys"],
        &["d", "de", "dep", "depl", "deplo", "deploy"],
        &["deploy "],
        &["deploy k"],
        &["deploy ke", "deploy k", "deploy K"],
        &["k deploy", "deploy", "deploy ro", "deploy rot", "rot"],
    ];
    let mut generation = 0;
    let mut queries = vec![String::new()];
    let mut last_seen = 0;
    for burst in bursts {
        for query in burst {
            generation += 1;
            queries.push(query.to_string());
            service.submit(SearchJob {
                generation,
                query: query.to_string(),
                corpus: corpus.clone(),
                tables: Default::default(),
            });
        }
        loop {
            let action = service.recv_timeout(Duration::from_secs(20)).unwrap();
            let Action::Search(SearchAction::Results(results)) = action else {
                panic!("unexpected {action:?}");
            };
            assert!(results.generation > last_seen, "results arrive newest last");
            last_seen = results.generation;
            let query = &queries[results.generation as usize];
            assert_eq!(results.hits, rank(&corpus, query), "{query:?}");
            if results.generation == generation {
                break;
            }
        }
    }
}

/// The workers keep each term's tables for the next query over the same corpus. A
/// written case changes the corpus (a new one, as the screen makes it): the same
/// query over it must be ranked afresh, the new case among the results.
#[test]
fn the_same_query_over_a_written_corpus_is_not_ranked_from_the_old_tables() {
    let mut records = crate::support::search::generated_records(5_000, 3);
    let mut corpus = crate::support::search::corpus_of(&records);
    let mut service = SearchService::start();
    let ranked = |service: &mut SearchService, generation, query: &str, corpus| {
        service.submit(SearchJob {
            generation,
            query: query.to_string(),
            corpus,
            tables: Default::default(),
        });
        let action = service.recv_timeout(Duration::from_secs(20)).unwrap();
        let Action::Search(SearchAction::Results(results)) = action else {
            panic!("unexpected {action:?}");
        };
        assert_eq!(results.generation, generation);
        results.hits
    };
    let before = ranked(&mut service, 1, "zqxv rot", corpus.clone());
    assert_eq!(before, rank(&corpus, "zqxv rot"));
    // A case written as the screen writes one: the corpus it holds is changed in
    // place when nobody else holds it (the workers are done with it).
    let mut written = records[0].clone();
    written.case.id = 5_001;
    written.case.reference = "NHI-2099-000001".into();
    written.case.title = "zqxv rotation of a written key".into();
    records.push(written);
    std::thread::sleep(Duration::from_millis(50));
    std::sync::Arc::make_mut(&mut corpus)
        .upsert(&nhitrace::tui::search::CaseText::of(
            records.last().unwrap(),
        ))
        .unwrap();
    let after = ranked(&mut service, 2, "zqxv rot", corpus.clone());
    assert_eq!(after, rank(&corpus, "zqxv rot"));
    assert_eq!(after.len(), before.len() + 1, "the written case is found");
    let found = |hits: &[nhitrace::tui::search::Hit]| {
        hits.iter()
            .any(|h| corpus.case_id(h.index as usize) == Some(5_001))
    };
    assert!(found(&after));
    // And a longer term over the new corpus, narrowed from the tables just made.
    let longer = ranked(&mut service, 3, "zqxv rota", corpus.clone());
    assert_eq!(longer, rank(&corpus, "zqxv rota"));
    assert!(found(&longer));
}
