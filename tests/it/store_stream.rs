//! Streaming reads: `for_each_record` visits every record exactly once, equal to
//! `all_records`, whatever the chunk size; an error from the visitor stops it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;

use nhitrace::domain::{CaseRecord, EntryKind, ExternalRef};
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

/// Entry references are read apart from the entries in bulk loads: they must land
/// on the right entries, also when a case gets entries long after later cases did.
#[test]
fn entry_references_reach_their_entries_in_every_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("r.db"), OpenMode::ReadWrite).unwrap();
    let reference = |n: usize| ExternalRef {
        system: "jira".into(),
        key: format!("SEC-{n}"),
        url: n
            .is_multiple_of(2)
            .then(|| format!("https://jira.example/SEC-{n}")),
    };
    store
        .write(|w| {
            let mut ids = Vec::new();
            for n in 0..12 {
                let mut case = crate::support::store::case(&format!("NHI-2026-{n:04}"));
                ids.push(w.insert_case(&mut case)?);
            }
            // Two rounds, so an early case's entries have ids above later cases'.
            for round in 0..2 {
                for (n, &case) in ids.iter().enumerate() {
                    let mut entry =
                        crate::support::store::entry(case, EntryKind::Note, 1 + round, n as u32);
                    if !(n + round as usize).is_multiple_of(3) {
                        entry.external_ref = Some(reference(n * 10 + round as usize));
                    }
                    w.insert_entry(&mut entry)?;
                }
            }
            Ok(())
        })
        .unwrap();
    let one_by_one: Vec<CaseRecord> = store
        .case_ids()
        .unwrap()
        .into_iter()
        .map(|id| store.case_record(id).unwrap())
        .collect();
    let with_refs: usize = one_by_one
        .iter()
        .flat_map(|r| &r.entries)
        .filter(|e| e.external_ref.is_some())
        .count();
    assert_eq!(with_refs, 16, "the fixture has references to find");
    let mut all = store.all_records().unwrap();
    all.sort_by_key(|r| r.case.id);
    let mut by_id = one_by_one.clone();
    by_id.sort_by_key(|r| r.case.id);
    assert_eq!(all, by_id);
    for chunk in [1, 5, 12] {
        assert_eq!(streamed(&store, chunk), by_id, "chunk {chunk}");
    }
}

#[test]
fn map_records_over_threads_keeps_id_order_and_visits_each_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = generated(dir.path(), 230);
    let all = streamed(&store, 5_000);
    for threads in [1, 2, 3] {
        for chunk in [1, 17, 230] {
            let mapped = store.map_records(threads, chunk, |record| record).unwrap();
            assert_eq!(mapped, all, "{threads} threads, chunk {chunk}");
        }
    }
    let references = store
        .map_records(2, 10, |record| record.case.reference)
        .unwrap();
    assert_eq!(references.len(), 230);
}

#[test]
fn map_records_of_some_cases_equals_reading_those_cases() {
    let dir = tempfile::tempdir().unwrap();
    let store = generated(dir.path(), 230);
    let ids = store.case_ids().unwrap();
    let dense: Vec<_> = ids.iter().copied().filter(|id| id % 3 != 0).collect();
    // One case in fifty: chunks of 100 read their few cases one by one.
    let sparse: Vec<_> = ids.iter().copied().filter(|id| id % 50 == 7).collect();
    for wanted in [dense, sparse, vec![ids[5]], Vec::new()] {
        let mut expected: Vec<CaseRecord> = wanted
            .iter()
            .map(|&id| store.case_record(id).unwrap())
            .collect();
        expected.sort_by_key(|r| r.case.id);
        let mut asked = wanted.clone();
        asked.push(999_999);
        asked.reverse();
        for threads in [1, 2] {
            for chunk in [1, 10, 100, 5_000] {
                let mapped = store
                    .map_records_of(&asked, threads, chunk, |record| record)
                    .unwrap();
                assert_eq!(
                    mapped,
                    expected,
                    "{} cases, {threads} threads, chunk {chunk}",
                    wanted.len()
                );
            }
        }
    }
}

/// Inside a write, the walk is shared among read-only connections only until the
/// transaction writes: after that the others could not see its changes.
#[test]
fn a_walk_inside_a_write_sees_what_the_write_already_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = generated(dir.path(), 120);
    let ids = store.case_ids().unwrap();
    let before: Vec<usize> = store
        .map_records(1, 5_000, |record| record.entries.len())
        .unwrap();
    let (untouched, touched) = store
        .write(|w| {
            let untouched = w.map_records_of(&ids, 2, 5, |record| record.entries.len())?;
            for &case in &ids {
                let mut entry = crate::support::store::entry(case, EntryKind::Note, 9, 9);
                w.insert_entry(&mut entry)?;
            }
            let touched = w.map_records_of(&ids, 2, 5, |record| record.entries.len())?;
            Ok((untouched, touched))
        })
        .unwrap();
    assert_eq!(untouched, before);
    let plus_one: Vec<usize> = before.iter().map(|n| n + 1).collect();
    assert_eq!(touched, plus_one);
}
