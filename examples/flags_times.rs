//! Time bringing the flags cache up to date on a store, as the first open of a
//! store with an empty cache does (run it on a copy: it writes the cache):
//! `cargo run --release --example flags_times -- /tmp/copy.db [CHUNK]`
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::time::Instant;

use nhitrace::store::{OpenMode, Store};

// As the nhitrace binary: the allocator changes bulk reads a lot.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: flags_times STORE [CHUNK]");
    let chunk: usize = std::env::args()
        .nth(2)
        .and_then(|c| c.parse().ok())
        .unwrap_or(Store::CHUNK);
    let read_only = std::env::var("READ_ONLY").is_ok();
    let mode = if read_only {
        OpenMode::ReadOnly
    } else {
        OpenMode::ReadWrite
    };
    let mut store = Store::open(std::path::Path::new(&path), mode).expect("open");
    let config = nhitrace::rules::RuleConfig::default();
    let cpu = nhitrace::bench::cpu_time().unwrap_or_default();
    let start = Instant::now();
    let flags = nhitrace::flags::load_in_chunks(&mut store, chrono::Utc::now(), &config, chunk)
        .expect("flags");
    let wall = start.elapsed().as_secs_f64() * 1e3;
    let cpu = nhitrace::bench::cpu_time()
        .unwrap_or_default()
        .saturating_sub(cpu)
        .as_secs_f64()
        * 1e3;
    println!(
        "flags::load: {wall:.0} ms wall, {cpu:.0} ms cpu, {} evaluated, {} flagged, peak RSS {:.0} MiB",
        flags.evaluated,
        flags.codes.len(),
        nhitrace::bench::peak_rss_mib().unwrap_or_default()
    );
}
