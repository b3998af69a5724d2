//! Opening a large store: the first frame comes from the first screenful of the list
//! (with each row's flags) and the whole list replaces it once read. The threshold is
//! a parameter, so the demo store (15 cases) stands in for a large one here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::sync::mpsc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use nhitrace::domain::CaseId;
use nhitrace::flags;
use nhitrace::rules::{self, RuleCode, RuleConfig, RuleSet};
use nhitrace::store::{OpenMode, Store};
use nhitrace::tui::filter_picker::ListAction;
use nhitrace::tui::{
    Action, App, FULL_EVALUATION_LIMIT, Pane, ReadAnswers, RunOptions, ScreenAction, first_screen,
    load_app, load_rest_in_background, settle, settle_effects,
};

fn now() -> DateTime<Utc> {
    "2026-11-27T12:00:00Z".parse().unwrap()
}

fn options() -> RunOptions {
    RunOptions {
        now: now(),
        rules: RuleConfig::default(),
        zone: chrono::FixedOffset::east_opt(0).unwrap(),
        no_color: true,
        evidence_max_bytes: 1024 * 1024,
        keymap: nhitrace::tui::KeyMap::default_map().unwrap(),
    }
}

fn demo_store(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("demo.db"), OpenMode::CreateNew).unwrap();
    nhitrace::demo::write_to(&mut store).unwrap();
    store
}

fn codes_of(app: &App, id: CaseId) -> Vec<RuleCode> {
    app.gaps_of(id).iter().map(|g| g.code).collect()
}

/// Each case's distinct rule codes from evaluating its record.
fn evaluated(store: &Store) -> HashMap<CaseId, Vec<RuleCode>> {
    store
        .all_records()
        .unwrap()
        .iter()
        .map(|record| {
            let mut codes: Vec<RuleCode> = rules::evaluate(record, now(), &RuleConfig::default())
                .iter()
                .map(|g| g.code)
                .collect();
            codes.sort();
            codes.dedup();
            (record.case.id, codes)
        })
        .collect()
}

/// Apply an action and settle its effects against the store, as the run loop does.
fn dispatch(app: &mut App, store: &Store, action: Action) {
    settle(app, &mut ReadAnswers(store), action);
}

#[test]
fn the_store_counts_cases_and_reads_the_first_rows_by_reference() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    assert_eq!(store.case_count().unwrap(), 15);
    let all = store.case_summaries().unwrap();
    let first = store.first_summaries(4).unwrap();
    assert_eq!(first, all[..4].to_vec(), "same rows, same last activity");
    assert_eq!(store.first_summaries(100).unwrap(), all);
    assert!(store.first_summaries(0).unwrap().is_empty());
}

#[test]
fn window_flags_equal_evaluation_with_an_empty_a_full_and_a_stale_cache() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let config = RuleConfig::default();
    let ids: Vec<CaseId> = store
        .case_summaries()
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    let window = &ids[..6];
    let expected: HashMap<CaseId, Vec<RuleCode>> = evaluated(&store)
        .into_iter()
        .filter(|(id, codes)| window.contains(id) && !codes.is_empty())
        .collect();
    let sorted = |m: HashMap<CaseId, RuleSet>| -> HashMap<CaseId, Vec<RuleCode>> {
        m.into_iter()
            .map(|(id, c)| (id, c.iter().collect()))
            .collect()
    };
    // Nothing cached yet: the six are evaluated, nothing is written.
    let cold = flags::window(&store, window, now(), &config).unwrap();
    assert_eq!(sorted(cold), expected);
    assert!(
        store.cached_flags().unwrap().is_empty(),
        "window writes nothing"
    );
    // Cached: the same answer from the cache.
    flags::load(&mut store, now(), &config).unwrap();
    assert_eq!(store.cached_flags_for(window).unwrap().len(), 6);
    let warm = flags::window(&store, window, now(), &config).unwrap();
    assert_eq!(sorted(warm), expected);
    // Other rule settings: the cache does not count, the records are evaluated.
    let stricter = RuleConfig {
        stale_after_days: 1,
    };
    let other = flags::window(&store, window, now(), &stricter).unwrap();
    let expected_stricter: HashMap<CaseId, Vec<RuleCode>> = store
        .records_for(window)
        .unwrap()
        .iter()
        .filter_map(|r| {
            let mut codes: Vec<RuleCode> = rules::evaluate(r, now(), &stricter)
                .iter()
                .map(|g| g.code)
                .collect();
            codes.sort();
            codes.dedup();
            (!codes.is_empty()).then_some((r.case.id, codes))
        })
        .collect();
    assert_eq!(sorted(other), expected_stricter);
}

#[test]
fn a_small_store_opens_whole_and_a_large_one_from_its_first_rows() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let (whole, rest) = first_screen(&store, &options(), 5, FULL_EVALUATION_LIMIT).unwrap();
    assert!(!rest);
    assert!(whole.list_loading().is_none());
    assert_eq!(whole.shown_refs().len(), 15);

    let (first, rest) = first_screen(&store, &options(), 5, 10).unwrap();
    assert!(rest, "15 cases are above a limit of 10");
    assert_eq!(first.list_loading().map(|l| l.more_than), Some(10));
    // The count that decides stops at the limit it is given.
    assert_eq!(store.case_count_up_to(11).unwrap(), 11);
    assert_eq!(store.case_count_up_to(100).unwrap(), 15);
    assert_eq!(store.case_count_up_to(0).unwrap(), 0);
    assert_eq!(first.shown_refs(), whole.shown_refs()[..5].to_vec());
    let evaluated = evaluated(&store);
    for row in 0..5 {
        let (_, case) = first.shown_case(row).unwrap();
        let mut shown = codes_of(&first, case.id);
        shown.sort();
        assert_eq!(shown, evaluated[&case.id], "{}", case.reference);
    }
    let screen = crate::support::screen::screen(&first, 100, 30);
    assert!(screen.contains("Cases >10 · loading"), "{screen}");
    assert!(
        screen.contains("⚑"),
        "the first rows' flags are shown: {screen}"
    );
}

#[test]
fn the_whole_list_replaces_the_first_rows_keeping_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let (mut app, _) = first_screen(&store, &options(), 5, 10).unwrap();
    dispatch(&mut app, &store, Action::resize(100, 30));
    let first = app.initial_effects();
    settle_effects(&mut app, &mut ReadAnswers(&store), first);
    dispatch(&mut app, &store, Action::SelectNext);
    dispatch(&mut app, &store, Action::SelectNext);
    let selected = app.selected_case().unwrap().id;
    assert_eq!(app.record().unwrap().case.id, selected);

    // Until the whole list is read, actions over every case are refused, not wrong.
    dispatch(&mut app, &store, Action::List(ListAction::CycleSort));
    assert!(
        app.status()
            .unwrap()
            .contains("case list still loading; try again")
    );
    dispatch(&mut app, &store, Action::Screen(ScreenAction::ShowGaps));
    assert!(app.screen().is_none());
    // Moving stops at the rows read.
    for _ in 0..10 {
        dispatch(&mut app, &store, Action::SelectNext);
    }
    assert_eq!(app.cursor(Pane::Cases).selected(), Some(4));
    dispatch(&mut app, &store, Action::First);
    dispatch(&mut app, &store, Action::SelectNext);
    dispatch(&mut app, &store, Action::SelectNext);

    // The refusal shows until the list arrives, even with no key pressed since.
    dispatch(&mut app, &store, Action::Screen(ScreenAction::ShowGaps));
    assert_eq!(app.status(), Some("case list still loading; try again"));

    // The background loader reads the rest and sends it on the channel it is given.
    let (tx, rx) = mpsc::channel();
    load_rest_in_background(store.location(), false, options(), tx);
    let loaded = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(matches!(loaded, Action::CasesLoaded(_)), "{loaded:?}");
    dispatch(&mut app, &store, loaded);
    // Then the search corpus, on the same channel.
    let corpus = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(matches!(corpus, Action::Search(_)), "{corpus:?}");

    let reference = load_app(&store, &options()).unwrap();
    assert!(app.list_loading().is_none());
    assert_eq!(app.shown_refs(), reference.shown_refs());
    assert_eq!(app.flagged_count(), reference.flagged_count());
    assert_eq!(app.selected_case().unwrap().id, selected, "selection kept");
    assert_eq!(app.record().unwrap().case.id, selected, "record kept");
    assert!(app.status().is_none(), "the refusal note is gone");
    let screen = crate::support::screen::screen(&app, 100, 30);
    assert!(screen.contains("Cases 15 · 12 flagged"), "{screen}");
    // Now the sort works.
    dispatch(&mut app, &store, Action::List(ListAction::CycleSort));
    assert!(app.list_view().sort != Default::default());
}

#[test]
fn a_failed_background_read_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (tx, rx) = mpsc::channel();
    load_rest_in_background(
        nhitrace::store::StoreLocation::file(dir.path().join("missing.db")),
        false,
        options(),
        tx,
    );
    match rx.recv_timeout(Duration::from_secs(30)).unwrap() {
        Action::LoadFailed(message) => {
            assert!(
                message.contains("could not read the whole case list"),
                "{message}"
            )
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn a_list_read_in_id_order_comes_out_in_reference_order_aligned_with_the_corpus() {
    use nhitrace::tui::search::SearchCorpus;
    let dir = tempfile::tempdir().unwrap();
    let store = crate::support::store::generated(&dir.path().join("g.db"), 400, 9);
    let by_reference = store.case_summaries().unwrap();
    // Generated references interleave years, so the table's own order is not the
    // list's: the scan is sorted.
    assert!(
        by_reference.windows(2).any(|w| w[0].id > w[1].id),
        "ids follow the references; the test would not sort"
    );
    let loaded = nhitrace::tui::load_cases(&store, &options()).unwrap();
    assert_eq!(loaded.cases.summaries().collect::<Vec<_>>(), by_reference);
    for (i, case) in by_reference.iter().enumerate() {
        assert_eq!(loaded.cases.position(case.id), Some(i));
    }
    let corpus = SearchCorpus::load(&store).unwrap();
    assert!(corpus.case_ids().eq(by_reference.iter().map(|c| c.id)));
    // Each case's flags came with it.
    let evaluated = evaluated(&store);
    for case in &by_reference {
        assert_eq!(
            loaded.gaps.codes(case.id).iter().collect::<Vec<_>>(),
            evaluated[&case.id],
            "{}",
            case.reference
        );
    }
}

#[test]
fn the_corpus_read_beside_the_list_takes_its_order_only_when_it_sorts_the_cases() {
    use nhitrace::tui::CaseTable;
    use nhitrace::tui::search::{ReadOrder, SearchCorpus};
    let dir = tempfile::tempdir().unwrap();
    let store = crate::support::store::generated(&dir.path().join("g.db"), 300, 4);
    let alone = SearchCorpus::load(&store).unwrap();
    // The list's rows, read in id order and put in reference order.
    let mut table = CaseTable::default();
    store.for_each_case_summary(|c| table.push(c)).unwrap();
    let order = table.sort_by_reference();
    assert!(order.is_some(), "generated ids interleave their references");
    let offered = ReadOrder::default();
    offered.offer(order);
    let beside = SearchCorpus::load_beside(&store, &offered).unwrap();
    assert_eq!(beside, alone);
    assert!(beside.case_ids().eq(table.ids().iter().copied()));
    assert!(offered.take().is_none(), "the order is taken once");
    // An order that does not sort the cases (a store written between the reads),
    // or of another length: the corpus sorts itself.
    for wrong in [(0..300u32).rev().collect::<Vec<_>>(), vec![0, 1, 2]] {
        offered.offer(Some(wrong));
        assert_eq!(SearchCorpus::load_beside(&store, &offered).unwrap(), alone);
    }
}
