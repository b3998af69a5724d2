//! The cache of rule codes behind the case list: always equal to evaluating every
//! record, and only re-evaluating what changed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use nhitrace::domain::{CaseId, EntryFields, EntryKind, TimelineEntry};
use nhitrace::flags;
use nhitrace::generate::{GenerateOptions, generate};
use nhitrace::rules::{self, RuleCode, RuleConfig, RuleSet};
use nhitrace::store::{OpenMode, Store};

fn now() -> DateTime<Utc> {
    "2026-11-27T12:00:00Z".parse().unwrap()
}

fn demo_store(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("demo.db"), OpenMode::CreateNew).unwrap();
    nhitrace::demo::write_to(&mut store).unwrap();
    store
}

/// What evaluating every record gives: the reference the cache must equal.
fn evaluated(store: &Store, at: DateTime<Utc>, config: &RuleConfig) -> HashMap<CaseId, RuleSet> {
    store
        .all_records()
        .unwrap()
        .iter()
        .filter_map(|record| {
            let codes: RuleSet = rules::evaluate(record, at, config)
                .iter()
                .map(|g| g.code)
                .collect();
            (!codes.is_empty()).then_some((record.case.id, codes))
        })
        .collect()
}

#[test]
fn the_first_load_evaluates_everything_the_second_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let config = RuleConfig::default();
    let first = flags::load(&mut store, now(), &config).unwrap();
    assert_eq!(first.evaluated, 15);
    assert_eq!(first.codes, evaluated(&store, now(), &config));
    assert_eq!(first.codes.len(), 12, "12 demo cases are flagged");
    let second = flags::load(&mut store, now(), &config).unwrap();
    assert_eq!(second.evaluated, 0);
    assert_eq!(second.codes, first.codes);
}

#[test]
fn a_write_to_one_case_re_evaluates_only_that_case() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let config = RuleConfig::default();
    flags::load(&mut store, now(), &config).unwrap();
    // NHI-2026-0040 leaked a token and told nobody (NT009): record the notification.
    let case = store.case_id_by_ref("NHI-2026-0040").unwrap().unwrap();
    let mut entry = TimelineEntry {
        id: 0,
        case_id: case,
        occurred_at: now() - TimeDelta::hours(1),
        recorded_at: now(),
        recorded_by: "test".into(),
        kind: EntryKind::Notification,
        actor: "priya.raman".into(),
        channel: Some("email".into()),
        summary: "Consumers of the bot token told".into(),
        details: String::new(),
        asset_id: None,
        external_ref: None,
        fields: EntryFields {
            recipients: vec!["alerts-oncall".into()],
            ..EntryFields::default()
        },
    };
    store.write(|w| w.insert_entry(&mut entry)).unwrap();
    let after = flags::load(&mut store, now(), &config).unwrap();
    assert_eq!(after.evaluated, 1);
    assert!(
        !after.codes.contains_key(&case),
        "NT009 is gone: {:?}",
        after.codes.get(&case)
    );
    assert_eq!(after.codes, evaluated(&store, now(), &config));
}

#[test]
fn other_rule_settings_re_evaluate_every_case() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    flags::load(&mut store, now(), &RuleConfig::default()).unwrap();
    let strict = RuleConfig {
        stale_after_days: 1,
    };
    let again = flags::load(&mut store, now(), &strict).unwrap();
    assert_eq!(again.evaluated, 15);
    assert_eq!(again.codes, evaluated(&store, now(), &strict));
    assert_eq!(
        flags::load(&mut store, now(), &strict).unwrap().evaluated,
        0
    );
}

#[test]
fn the_clock_passing_a_recheck_time_re_evaluates_those_cases() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let config = RuleConfig::default();
    let early = now() - TimeDelta::days(40);
    flags::load(&mut store, early, &config).unwrap();
    // Forty days on, open cases went stale and exemptions expired.
    let later = flags::load(&mut store, now(), &config).unwrap();
    assert!(
        later.evaluated > 0 && later.evaluated < 15,
        "{}",
        later.evaluated
    );
    assert_eq!(later.codes, evaluated(&store, now(), &config));
    assert_ne!(later.codes, evaluated(&store, early, &config));
}

#[test]
fn a_read_only_store_is_evaluated_in_memory_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    drop(demo_store(dir.path()));
    let before = std::fs::read(&path).unwrap();
    let mut store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let config = RuleConfig::default();
    let flags = flags::load(&mut store, now(), &config).unwrap();
    assert_eq!(flags.evaluated, 15);
    assert_eq!(flags.codes, evaluated(&store, now(), &config));
    assert!(store.cached_flags().unwrap().is_empty());
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn generated_store(path: &std::path::Path, cases: usize) -> Store {
    let mut store = Store::open(path, OpenMode::CreateNew).unwrap();
    generate(&mut store, GenerateOptions { cases, seed: 11 }, |_| {}).unwrap();
    store
}

/// The cached codes, by case, as `flags` reads them.
fn cached_codes(store: &Store) -> HashMap<CaseId, RuleSet> {
    store
        .cached_flags()
        .unwrap()
        .into_iter()
        .filter_map(|row| {
            let codes: RuleSet = row
                .codes
                .split_whitespace()
                .map(|c| c.parse::<RuleCode>().unwrap())
                .collect();
            (!codes.is_empty()).then_some((row.case_id, codes))
        })
        .collect()
}

#[test]
fn a_cold_cache_is_evaluated_in_chunks_to_the_codes_of_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.db");
    let mut store = generated_store(&path, 300);
    assert!(store.cached_flags().unwrap().is_empty());
    let config = RuleConfig::default();
    let expected = evaluated(&store, now(), &config);
    assert!(expected.len() > 100, "the fixture has flagged cases");
    // Chunks of 7 cases: 43 chunks, shared between threads.
    let read_only = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let current = flags::current_in_chunks(&read_only, now(), &config, 7).unwrap();
    assert_eq!(current.evaluated, 300);
    assert_eq!(current.codes, expected);
    let first = flags::load_in_chunks(&mut store, now(), &config, 7).unwrap();
    assert_eq!(first.evaluated, 300);
    assert_eq!(first.codes, expected);
    assert_eq!(store.cached_flags().unwrap().len(), 300);
    assert_eq!(cached_codes(&store), expected);
    let second = flags::load_in_chunks(&mut store, now(), &config, 7).unwrap();
    assert_eq!(second.evaluated, 0);
    assert_eq!(second.codes, expected);
}

/// The cache is read, the records walked (on several connections) and the result
/// written back in one write transaction: a reader sees no cache or all of it, and a
/// writer that comes in meanwhile waits, so its change is never hidden by a cached
/// result computed before it.
#[test]
fn a_chunked_load_writes_back_in_one_transaction_and_holds_writers_off() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.db");
    let total = 400;
    let store = generated_store(&path, total);
    let config = RuleConfig::default();
    let target = store.case_ids().unwrap()[total / 2];
    drop(store);
    let loading = AtomicBool::new(true);
    std::thread::scope(|scope| {
        let loader = scope.spawn(|| {
            let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
            let flags = flags::load_in_chunks(&mut store, now(), &config, 5).unwrap();
            loading.store(false, Ordering::SeqCst);
            flags
        });
        let reader = scope.spawn(|| {
            let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
            // Each read: how many rows, and whether the written case's row is there.
            let mut seen = Vec::new();
            while loading.load(Ordering::SeqCst) {
                let rows = store.cached_flags().unwrap();
                let has_target = rows.iter().any(|row| row.case_id == target);
                seen.push((rows.len(), has_target));
            }
            seen
        });
        let writer = scope.spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
            let mut entry = TimelineEntry {
                id: 0,
                case_id: target,
                occurred_at: now() - TimeDelta::hours(2),
                recorded_at: now(),
                recorded_by: "test".into(),
                kind: EntryKind::Note,
                actor: "someone".into(),
                channel: None,
                summary: "written while the flags load".into(),
                details: String::new(),
                asset_id: None,
                external_ref: None,
                fields: EntryFields::default(),
            };
            store.write(|w| w.insert_entry(&mut entry)).unwrap();
        });
        let flags = loader.join().unwrap();
        assert_eq!(flags.evaluated, total);
        writer.join().unwrap();
        let seen = reader.join().unwrap();
        // None, all, or (when the writer's commit came after the load's and before
        // the loader said it was done) all but the written case, whose row the write
        // dropped in its own transaction. Never a part-written cache.
        let whole = |&(n, has_target): &(usize, bool)| {
            n == 0 || n == total || (n == total - 1 && !has_target)
        };
        assert!(
            seen.iter().all(whole),
            "a reader saw part of the cache: {:?}",
            seen.iter().filter(|s| !whole(s)).collect::<Vec<_>>()
        );
    });
    // Whether the writer came before the load or waited for it, the cache agrees
    // with the records.
    let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    let after = flags::load(&mut store, now(), &config).unwrap();
    assert!(after.evaluated <= 1, "{}", after.evaluated);
    assert_eq!(after.codes, evaluated(&store, now(), &config));
    assert_eq!(cached_codes(&store), after.codes);
}

/// The screen hands the flags read the ids its list read: the same codes as the
/// read that finds them itself, in any order; a cold cache is evaluated and
/// written for exactly those cases, and a case left out (written after the list
/// was read) is not evaluated.
#[test]
fn the_flags_of_the_ids_the_list_read_are_those_of_every_case() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.db");
    let mut store = generated_store(&path, 120);
    let config = RuleConfig::default();
    let expected = evaluated(&store, now(), &config);
    let ids = store.case_ids().unwrap();
    let read_only = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let mut reversed = ids.clone();
    reversed.reverse();
    for given in [&ids, &reversed] {
        let current = flags::current_of(&read_only, given, now(), &config).unwrap();
        assert_eq!(current.evaluated, 120);
        assert_eq!(current.codes, expected);
    }
    // Written back for the ids given only: the last case stays out of the cache.
    let (left_out, given) = ids.split_last().unwrap();
    let loaded = flags::load_of(&mut store, given, now(), &config).unwrap();
    assert_eq!(loaded.evaluated, 119);
    let mut without = expected.clone();
    without.remove(left_out);
    assert_eq!(loaded.codes, without);
    assert_eq!(store.cached_flags().unwrap().len(), 119);
    // The next load by every id evaluates just that one case.
    let again = flags::load_of(&mut store, &ids, now(), &config).unwrap();
    assert_eq!(again.evaluated, 1);
    assert_eq!(again.codes, expected);
}

/// The list the screen keeps: the flagged cases ascending by id, each once, the
/// same codes as the map, from a warm cache, a cold one and one partly valid.
#[test]
fn the_sorted_flags_are_the_flagged_cases_ascending_with_the_codes_of_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.db");
    let mut store = generated_store(&path, 150);
    let config = RuleConfig::default();
    let expected = evaluated(&store, now(), &config);
    let ids = store.case_ids().unwrap();
    let check = |sorted: &flags::SortedFlags| {
        assert!(
            sorted.codes.windows(2).all(|w| w[0].0 < w[1].0),
            "ascending, once"
        );
        assert!(sorted.codes.iter().all(|(_, codes)| !codes.is_empty()));
        let map: HashMap<CaseId, RuleSet> = sorted.codes.iter().copied().collect();
        assert_eq!(map, expected);
    };
    let read_only = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let cold = flags::current_sorted_of(&read_only, &ids, now(), &config).unwrap();
    assert_eq!(cold.evaluated, 150);
    check(&cold);
    // Half the cache written, then the rest evaluated beside the valid half.
    let half = flags::load_sorted_of(&mut store, &ids[..75], now(), &config).unwrap();
    assert_eq!(half.evaluated, 75);
    let mixed = flags::load_sorted_of(&mut store, &ids, now(), &config).unwrap();
    assert_eq!(mixed.evaluated, 75);
    check(&mixed);
    let warm = flags::current_sorted_of(&read_only, &ids, now(), &config).unwrap();
    assert_eq!(warm.evaluated, 0);
    check(&warm);
    assert_eq!(
        flags::Flags::from(warm),
        flags::current_of(&read_only, &ids, now(), &config).unwrap()
    );
}

/// The cache is filled from each case's lean trail: its rows hold the recheck time
/// the whole record gives (as well as its codes, checked above).
#[test]
fn a_cold_cache_holds_the_recheck_time_of_each_whole_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = generated_store(&dir.path().join("g.db"), 150);
    let config = RuleConfig::default();
    flags::load(&mut store, now(), &config).unwrap();
    let rows: HashMap<CaseId, Option<DateTime<Utc>>> = store
        .cached_flags()
        .unwrap()
        .into_iter()
        .map(|row| (row.case_id, row.recheck_at))
        .collect();
    let records = store.all_records().unwrap();
    assert_eq!(rows.len(), records.len());
    let mut timed = 0;
    for record in &records {
        let expected = rules::recheck_at(record, now(), &config);
        timed += usize::from(expected.is_some());
        assert_eq!(rows[&record.case.id], expected, "{}", record.case.reference);
    }
    assert!(
        timed > 0,
        "some generated cases have a time to be checked again"
    );
}
