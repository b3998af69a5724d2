//! `Store::visit_trails`: every case once, in case-reference order (also when the
//! references do not follow the ids), a chunk at a time, whatever the threads and
//! chunk size; an error from the caller stops the walk and comes back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use nhitrace::domain::TrailRecord;
use nhitrace::generate::{GenerateOptions, generate};
use nhitrace::store::{OpenMode, Store, StoreError};

/// Every trail `visit_trails` hands on, with the size of each chunk.
fn visited(store: &Store, threads: usize, chunk: usize) -> (Vec<TrailRecord>, Vec<usize>) {
    let mut trails = Vec::new();
    let mut sizes = Vec::new();
    store
        .visit_trails(
            threads,
            chunk,
            |trail| trail,
            |found: Vec<TrailRecord>| {
                sizes.push(found.len());
                trails.extend(found);
                Ok::<(), StoreError>(())
            },
        )
        .unwrap();
    (trails, sizes)
}

fn by_reference(store: &Store) -> Vec<TrailRecord> {
    let mut trails = store.map_trails(1, Store::CHUNK, |trail| trail).unwrap();
    trails.sort_by(|a, b| a.reference.cmp(&b.reference));
    trails
}

#[test]
fn a_generated_store_is_visited_whole_in_reference_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("g.db"), OpenMode::ReadWrite).unwrap();
    generate(
        &mut store,
        GenerateOptions {
            cases: 300,
            seed: 5,
        },
        |_| {},
    )
    .unwrap();
    let expected = by_reference(&store);
    assert_eq!(expected.len(), 300);
    for threads in [1, 2, 3] {
        for chunk in [1, 7, 120, 5_000] {
            let (trails, sizes) = visited(&store, threads, chunk);
            assert_eq!(trails, expected, "{threads} threads, chunk {chunk}");
            assert_eq!(sizes.len(), 300_usize.div_ceil(chunk), "chunks of {chunk}");
            assert!(sizes.iter().all(|&n| n <= chunk));
        }
    }
}

/// Four copies of the demo cases (60) written with references that run against
/// their ids: reversed (each chunk an id range read backwards) or scattered by a
/// stride (each chunk spread over the store: read case by case).
fn demo_with_references(
    dir: &std::path::Path,
    name: &str,
    reference: impl Fn(usize, usize) -> String,
) -> Store {
    let mut store = Store::open(&dir.join(name), OpenMode::ReadWrite).unwrap();
    let records = nhitrace::demo::records().unwrap();
    let total = records.len() * 4;
    for copy in 0..4 {
        for (index, (record, bytes)) in records.iter().enumerate() {
            let mut record = record.clone();
            record.case.reference = reference(copy * records.len() + index, total);
            store.write(|w| w.insert_record(&record, bytes)).unwrap();
        }
    }
    store
}

#[test]
fn references_against_the_id_order_are_still_visited_in_reference_order() {
    let dir = tempfile::tempdir().unwrap();
    let reversed =
        demo_with_references(dir.path(), "reversed.db", |i, n| format!("R-{:03}", n - i));
    let scattered = demo_with_references(dir.path(), "scattered.db", |i, n| {
        format!("S-{:03}", (i * 17) % n)
    });
    for store in [&reversed, &scattered] {
        let expected = by_reference(store);
        assert_eq!(expected.len(), 60);
        let ids: Vec<_> = expected.iter().map(|t| t.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_ne!(ids, sorted, "the references do not follow the ids");
        for threads in [1, 2, 3] {
            for chunk in [1, 2, 3, 8, 60] {
                let (trails, _) = visited(store, threads, chunk);
                assert_eq!(trails, expected, "{threads} threads, chunk {chunk}");
            }
        }
    }
}

#[test]
fn an_error_from_the_caller_stops_the_walk_and_is_returned() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("g.db"), OpenMode::ReadWrite).unwrap();
    generate(
        &mut store,
        GenerateOptions {
            cases: 200,
            seed: 2,
        },
        |_| {},
    )
    .unwrap();
    for threads in [1, 2, 4] {
        let mut calls = 0;
        let result = store.visit_trails(
            threads,
            10,
            |trail| trail.id,
            |_found: Vec<i64>| {
                calls += 1;
                if calls == 3 {
                    Err(StoreError::Invalid("enough".into()))
                } else {
                    Ok(())
                }
            },
        );
        assert!(
            matches!(result, Err(StoreError::Invalid(ref m)) if m == "enough"),
            "{result:?}"
        );
        assert_eq!(calls, 3, "no chunk is handed on after the error");
    }
    // The store is still usable: the walk ended its read transactions.
    assert_eq!(visited(&store, 2, 50).0.len(), 200);
}
