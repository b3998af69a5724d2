//! The lean read `check` walks: `Store::map_trails` and `Store::case_trail` give
//! every case the same gaps as its full record, and hold exactly the record's
//! values for the fields the rules read, whatever the chunk size and threads.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, TimeDelta, Utc};
use nhitrace::domain::{CaseRecord, TrailEntry, TrailRecord};
use nhitrace::generate::{GenerateOptions, generate};
use nhitrace::rules::{self, Gap, RuleConfig};
use nhitrace::store::{OpenMode, Store, StoreError};

fn generated(dir: &std::path::Path, cases: usize) -> Store {
    let mut store = Store::open(&dir.join("g.db"), OpenMode::ReadWrite).unwrap();
    generate(&mut store, GenerateOptions { cases, seed: 11 }, |_| {}).unwrap();
    store
}

/// The demo dataset (written to exercise every rule) in a store file.
fn demo(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("demo.db"), OpenMode::ReadWrite).unwrap();
    for (record, bytes) in nhitrace::demo::records().unwrap() {
        store.write(|w| w.insert_record(&record, &bytes)).unwrap();
    }
    store
}

/// What the lean read should hold for a full record.
fn projected(record: &CaseRecord) -> TrailRecord {
    TrailRecord {
        id: record.case.id,
        reference: record.case.reference.clone(),
        reporter: record.case.reporter.clone(),
        category: record.case.category,
        status: record.case.status,
        root_cause: record.case.root_cause,
        opened_at: record.case.opened_at,
        links: record
            .assets
            .iter()
            .map(|l| (l.asset.id, l.relation))
            .collect(),
        entries: record
            .entries
            .iter()
            .map(|e| TrailEntry {
                id: e.id,
                occurred_at: e.occurred_at,
                kind: e.kind,
                actor: e.actor.clone(),
                summary: e.summary.clone(),
                asset_id: e.asset_id,
                fields: e.fields.clone(),
            })
            .collect(),
        evidence: record
            .evidence
            .iter()
            .map(|ev| (ev.id, ev.entry_id))
            .collect(),
    }
}

fn full_gaps(store: &Store, now: DateTime<Utc>) -> Vec<(String, Vec<Gap>)> {
    store
        .map_records(1, Store::CHUNK, |record| {
            let gaps = rules::evaluate(&record, now, &RuleConfig::default());
            (record.case.reference, gaps)
        })
        .unwrap()
}

fn lean_gaps(
    store: &Store,
    threads: usize,
    chunk: usize,
    now: DateTime<Utc>,
) -> Vec<(String, Vec<Gap>)> {
    store
        .map_trails(threads, chunk, |record| {
            let gaps = rules::evaluate(&record, now, &RuleConfig::default());
            (record.reference, gaps)
        })
        .unwrap()
}

/// Clocks around the stores' data: before, among and long after it, so that
/// exemptions expire and open cases go stale at some of them and not others.
fn clocks(store: &Store) -> Vec<DateTime<Utc>> {
    let opened: Vec<DateTime<Utc>> = store
        .map_records(1, Store::CHUNK, |record| record.case.opened_at)
        .unwrap();
    let first = *opened.iter().min().unwrap();
    let last = *opened.iter().max().unwrap();
    vec![
        first - TimeDelta::days(1),
        first + (last - first) / 2,
        last + TimeDelta::days(20),
        last + TimeDelta::days(3_000),
    ]
}

#[test]
fn trails_hold_the_records_values_and_give_the_same_gaps_on_a_generated_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = generated(dir.path(), 300);
    let records = store.map_records(1, Store::CHUNK, |record| record).unwrap();
    let expected: Vec<TrailRecord> = records.iter().map(projected).collect();
    for threads in [1, 2, 3] {
        for chunk in [1, 7, 120, 300, 5_000] {
            let trails = store.map_trails(threads, chunk, |trail| trail).unwrap();
            assert_eq!(trails, expected, "{threads} threads, chunk {chunk}");
        }
    }
    let mut flagged = 0;
    for now in clocks(&store) {
        let full = full_gaps(&store, now);
        flagged += full.iter().filter(|(_, gaps)| !gaps.is_empty()).count();
        for (threads, chunk) in [(1, Store::CHUNK), (2, 13)] {
            assert_eq!(lean_gaps(&store, threads, chunk, now), full, "at {now}");
        }
    }
    assert!(flagged > 0, "the generated store has gaps to compare");
}

#[test]
fn trails_give_the_same_gaps_as_records_for_every_rule_of_the_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let mut codes = std::collections::BTreeSet::new();
    for now in clocks(&store) {
        let full = full_gaps(&store, now);
        codes.extend(
            full.iter()
                .flat_map(|(_, gaps)| gaps.iter().map(|g| g.code)),
        );
        assert_eq!(lean_gaps(&store, 2, 3, now), full, "at {now}");
    }
    // Every rule but NT013 (tampered evidence: only a re-hash finds it) fires somewhere.
    assert!(codes.len() >= 12, "rules exercised: {codes:?}");
}

#[test]
fn one_case_trail_equals_its_record_and_an_unknown_case_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    for id in store.case_ids().unwrap() {
        let record = store.case_record(id).unwrap();
        assert_eq!(store.case_trail(id).unwrap(), projected(&record));
    }
    assert!(matches!(
        store.case_trail(999_999),
        Err(StoreError::NoSuchCase(_))
    ));
}

#[test]
fn a_read_only_store_is_walked_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.db");
    drop(generated(dir.path(), 40));
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let records = store
        .map_records(1, Store::CHUNK, |record| projected(&record))
        .unwrap();
    assert_eq!(store.map_trails(2, 9, |trail| trail).unwrap(), records);
}
