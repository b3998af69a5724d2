//! Streaming reads: `for_each_record` visits every record exactly once, equal to
//! `all_records`, whatever the chunk size; an error from the visitor stops it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;

use nhitrace::domain::CaseRecord;
use nhitrace::generate::{GenerateOptions, generate};
use nhitrace::store::{OpenMode, Store, StoreError};

fn generated(dir: &std::path::Path, cases: usize) -> Store {
    let mut store = Store::open(&dir.join("g.db"), OpenMode::ReadWrite).unwrap();
    generate(&mut store, GenerateOptions { cases, seed: 7 }, |_| {}).unwrap();
    store
}

fn streamed(store: &Store, chunk: usize) -> Vec<CaseRecord> {
    let mut records = Vec::new();
    store
        .for_each_record_in_chunks(chunk, |record| {
            records.push(record);
            Ok::<(), StoreError>(())
        })
        .unwrap();
    records
}

#[test]
fn every_record_is_visited_once_in_id_order_and_equals_all_records() {
    let dir = tempfile::tempdir().unwrap();
    let store = generated(dir.path(), 230);
    let mut all = store.all_records().unwrap();
    assert_eq!(all.len(), 230);
    all.sort_by_key(|r| r.case.id);
    for chunk in [1, 7, 100, 229, 230, 5_000] {
        let records = streamed(&store, chunk);
        let ids: Vec<_> = records.iter().map(|r| r.case.id).collect();
        let unique: HashSet<_> = ids.iter().collect();
        assert_eq!(
            unique.len(),
            ids.len(),
            "chunk {chunk}: a record visited twice"
        );
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "chunk {chunk}: id order"
        );
        assert_eq!(records, all, "chunk {chunk}");
    }
    let mut default_chunk = Vec::new();
    store
        .for_each_record(|record| {
            default_chunk.push(record);
            Ok::<(), StoreError>(())
        })
        .unwrap();
    assert_eq!(default_chunk, all);
}

#[test]
fn records_for_many_ids_match_case_by_case_reads() {
    let dir = tempfile::tempdir().unwrap();
    let store = generated(dir.path(), 2_400);
    let mut ids = store.case_ids().unwrap();
    ids.retain(|id| id % 7 != 0);
    ids.push(999_999);
    assert!(
        ids.len() > 2_000,
        "above 2,000 ids records_for loads in bulk"
    );
    let bulk = store.records_for(&ids).unwrap();
    let mut one_by_one: Vec<_> = ids[..ids.len() - 1]
        .iter()
        .map(|&id| store.case_record(id).unwrap())
        .collect();
    one_by_one.sort_by(|a, b| a.case.reference.cmp(&b.case.reference));
    assert_eq!(bulk, one_by_one);
}

#[test]
fn an_error_from_the_visitor_stops_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let store = generated(dir.path(), 40);
    let mut seen = 0;
    let result = store.for_each_record_in_chunks(10, |_| {
        seen += 1;
        if seen == 15 {
            Err(StoreError::Invalid("enough".into()))
        } else {
            Ok(())
        }
    });
    assert!(matches!(result, Err(StoreError::Invalid(_))));
    assert_eq!(seen, 15);
    // The read snapshot was closed: the store can still be written.
    let mut store = store;
    store.write(|w| w.set_meta("after", "walk")).unwrap();
    assert_eq!(store.meta("after").unwrap().as_deref(), Some("walk"));
}
