//! Time `import-events` in its phases on a copy of a store: reading the files,
//! mapping the events (`events::prepare`), and writing the batch in one transaction.
//! Writes to the store: run it on a copy.
//!
//! ```sh
//! cargo run --release --example cloudtrail_files -- /tmp/ct --events 1000000 --files 100
//! nhitrace demo /tmp/ct.db && nhitrace --db /tmp/ct.db case add --title Bench --category secret_leak --reporter a --ref NHI-2026-9000
//! cargo run --release --example import_times -- /tmp/ct.db NHI-2026-9000 /tmp/ct/*.json.gz
//! ```
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

// The binary's allocator, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::time::Instant;

use nhitrace::events::{self, ImportOptions, Limits};
use nhitrace::store::{OpenMode, Store};

/// CPU time of the whole process so far (user + system), in seconds.
fn cpu() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole rusage into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let db = PathBuf::from(args.next().expect("usage: import_times STORE REF FILE..."));
    let reference = args.next().expect("a case reference");
    let files: Vec<PathBuf> = args.map(PathBuf::from).collect();
    let options = ImportOptions {
        source: None,
        all: false,
        limits: Limits::new(25 * 1024 * 1024),
    };
    let now = chrono::Utc::now();
    let start = Instant::now();
    let cpu0 = cpu();
    let inputs: Vec<_> = files
        .iter()
        .map(|path| events::load_file(path, options.limits).expect("read"))
        .collect();
    let read = start.elapsed();
    let batch = events::prepare(inputs, options, "bench", now).expect("map");
    let mapped = start.elapsed();
    let cpu_mapped = cpu();
    let total: usize = batch.files.iter().map(|f| f.event_count).sum();
    let mut store = Store::open(&db, OpenMode::ReadWrite).expect("open");
    let case = store
        .case_id_by_ref(&reference)
        .expect("read")
        .expect("the case");
    let opened = start.elapsed();
    let summary = store
        .write(|w| w.import_events(case, &batch, "bench", now))
        .expect("write");
    let written = start.elapsed();
    let cpu_written = cpu();
    let secs = |d: std::time::Duration| d.as_secs_f64();
    println!(
        "{total} events ({} entries added) from {} files",
        summary.entries_added,
        files.len()
    );
    println!("read  {:>7.2} s", secs(read));
    println!(
        "map   {:>7.2} s  (cpu {:.2} s, read included)",
        secs(mapped - read),
        cpu_mapped - cpu0
    );
    println!("open  {:>7.2} s", secs(opened - mapped));
    println!(
        "write {:>7.2} s  (cpu {:.2} s, open included)",
        secs(written - opened),
        cpu_written - cpu_mapped
    );
    println!(
        "total {:>7.2} s  = {:.0} events/s",
        secs(written),
        total as f64 / secs(written)
    );
}
