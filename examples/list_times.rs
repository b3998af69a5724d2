//! Time the parts of reading a large store's whole case list and search corpus, as
//! the screen does in the background after its first frame:
//! `cargo run --release --example list_times -- /tmp/g1m.db`
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::time::Instant;

use nhitrace::store::{OpenMode, Store};
use nhitrace::tui::CaseTable;
use nhitrace::tui::search::SearchCorpus;

// As the nhitrace binary: the allocator changes bulk reads a lot.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).expect("usage: list_times STORE");
    let store = Store::open(std::path::Path::new(&path), OpenMode::ReadOnly).expect("open");
    let step = |name: &str, start: Instant| {
        let rss = nhitrace::bench::peak_rss_mib().unwrap_or_default();
        println!(
            "{name:>14}: {:8.1} ms  (peak RSS {rss:.0} MiB)",
            start.elapsed().as_secs_f64() * 1e3
        );
    };
    println!(
        "open: peak RSS {:.0} MiB",
        nhitrace::bench::peak_rss_mib().unwrap_or_default()
    );
    if std::env::var("FLAGS_PARTS").is_ok() {
        let start = Instant::now();
        let ids = store.case_ids().expect("ids");
        step("case ids", start);
        let start = Instant::now();
        let mut n = 0;
        store.for_each_cached_flags(|_| n += 1).expect("cached");
        step("cached rows", start);
        println!("{} ids, {n} cached", ids.len());
        return;
    }
    if std::env::var("CORPUS_ONLY").is_ok() {
        let start = Instant::now();
        let corpus = SearchCorpus::load(&store).expect("corpus");
        step("corpus", start);
        println!("{} MiB", corpus.heap_bytes() / 1_048_576);
        for query in [
            "rot", "key", "dep", "svc", "rotation", "leaked t", "alice.ng",
        ] {
            let start = Instant::now();
            let hits = nhitrace::tui::search::rank(&corpus, query).len();
            step(&format!("rank {query:?} ({hits})"), start);
        }
        return;
    }
    let start = Instant::now();
    let mut n = 0;
    store.for_each_case_summary(|_| n += 1).expect("rows");
    step("rows, dropped", start);
    let start = Instant::now();
    // As the screen reads a large store's list: without its titles.
    let mut table = CaseTable::untitled(n);
    store
        .for_each_untitled_summary(|c| table.push(c))
        .expect("rows");
    step("rows", start);
    let start = Instant::now();
    table.sort_by_reference();
    step("sort", start);
    let start = Instant::now();
    let flags =
        nhitrace::flags::current(&store, chrono::Utc::now(), &Default::default()).expect("flags");
    step("flags", start);
    println!(
        "{} cases, {} flagged, {} evaluated",
        table.len(),
        flags.codes.len(),
        flags.evaluated
    );
    let start = Instant::now();
    let corpus = SearchCorpus::load(&store).expect("corpus");
    step("corpus", start);
    println!(
        "corpus: {} cases, {:.1} MiB held",
        corpus.len(),
        corpus.heap_bytes() as f64 / 1_048_576.0
    );
}
