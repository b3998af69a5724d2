//! Time the search corpus load and ranking on a store:
//! `cargo run --release --example search_times -- /tmp/search100k.db`
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use nhitrace::tui::Action;
use nhitrace::tui::search::{SearchAction, SearchJob, load_corpus, rank};
use nhitrace::tui::workers::SearchService;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: search_times STORE");
    let mut loads = Vec::new();
    let mut corpus = None;
    for _ in 0..3 {
        let start = Instant::now();
        corpus = Some(load_corpus(std::path::Path::new(&path)).expect("corpus"));
        loads.push(start.elapsed());
    }
    let corpus = Arc::new(corpus.unwrap());
    println!(
        "corpus: {} cases, {:.1} MiB held; load {:?}",
        corpus.len(),
        corpus.heap_bytes() as f64 / 1_048_576.0,
        loads
    );
    let mut service = SearchService::start();
    let mut generation = 0;
    for query in ["k", "rot", "svc-depl", "leaked key", "NHI-2026-0999"] {
        // A full pass on this thread, best of 5 (the machine is shared).
        let mut single = Vec::new();
        let mut hits = 0;
        for _ in 0..5 {
            let start = Instant::now();
            hits = rank(&corpus, query).len();
            single.push(start.elapsed());
        }
        single.sort();
        // Typed key by key through the two workers, each key waited for: the workers
        // narrow each key from the one before.
        let mut keys = Vec::new();
        for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
            generation += 1;
            let start = Instant::now();
            service.submit(SearchJob {
                generation,
                query: query[..end].to_string(),
                corpus: corpus.clone(),
                tables: Default::default(),
            });
            match service.recv_timeout(Duration::from_secs(30)) {
                Some(Action::Search(SearchAction::Results(r))) => {
                    assert_eq!(r.generation, generation);
                    if end == query.len() {
                        assert_eq!(r.hits.len(), hits);
                    }
                }
                other => panic!("{other:?}"),
            }
            keys.push(start.elapsed());
        }
        println!(
            "{query:>14}: {hits:>6} hits; full pass on one thread {:>6.1} ms (best of 5); \
             typed, per key (ms): {:?}",
            ms(single[0]),
            keys.iter()
                .map(|&k| (ms(k) * 10.0).round() / 10.0)
                .collect::<Vec<_>>(),
        );
    }
    // A stale pass is abandoned: submit a slow query, then a newer one at once.
    generation += 1;
    service.submit(SearchJob {
        generation,
        query: "a".into(),
        corpus: corpus.clone(),
        tables: Default::default(),
    });
    generation += 1;
    let start = Instant::now();
    service.submit(SearchJob {
        generation,
        query: "rot".into(),
        corpus: corpus.clone(),
        tables: Default::default(),
    });
    loop {
        match service.recv_timeout(Duration::from_secs(30)) {
            Some(Action::Search(SearchAction::Results(r))) if r.generation == generation => break,
            Some(Action::Search(SearchAction::Results(r))) => {
                println!("stale result {} arrived (dropped by update)", r.generation)
            }
            other => panic!("{other:?}"),
        }
    }
    println!(
        "newer query right after a stale one: {:.1} ms",
        ms(start.elapsed())
    );
}
