//! Time the search corpus load and ranking on a store:
//! `cargo run --release --example search_times -- /tmp/search100k.db`
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use nhitrace::tui::Action;
use nhitrace::tui::search::{SearchAction, SearchJob, SearchService, load_corpus, rank};

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
    let bytes = corpus.heap_bytes();
    println!(
        "corpus: {} cases, {:.1} MiB held; load {:?}",
        corpus.len(),
        bytes as f64 / 1_048_576.0,
        loads
    );
    let mut service = SearchService::start();
    let mut generation = 0;
    for query in ["k", "rot", "svc-depl", "leaked key", "NHI-2026-0999"] {
        let start = Instant::now();
        let single = rank(&corpus, query);
        let single_time = start.elapsed();
        let mut times = Vec::new();
        for _ in 0..7 {
            generation += 1;
            let start = Instant::now();
            service.submit(SearchJob {
                generation,
                query: query.to_string(),
                corpus: corpus.clone(),
            });
            match service.recv_timeout(Duration::from_secs(30)) {
                Some(Action::Search(SearchAction::Results(r))) => {
                    assert_eq!(r.generation, generation);
                    assert_eq!(r.hits.len(), single.len());
                }
                other => panic!("{other:?}"),
            }
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "{query:>14}: {:>6} hits; one thread {:>7.1} ms; two workers median {:>6.1} ms, max {:>6.1} ms",
            single.len(),
            single_time.as_secs_f64() * 1e3,
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
        );
    }
    // A stale pass is abandoned: submit a slow query, then a newer one at once.
    generation += 1;
    service.submit(SearchJob {
        generation,
        query: "a".into(),
        corpus: corpus.clone(),
    });
    generation += 1;
    let start = Instant::now();
    service.submit(SearchJob {
        generation,
        query: "rot".into(),
        corpus: corpus.clone(),
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
        start.elapsed().as_secs_f64() * 1e3
    );
}
