//! Time the bulk store reads on a store:
//! `cargo run --release --example store_times -- /tmp/g100k.db`
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::time::Instant;

use nhitrace::store::{OpenMode, Store};

fn timed<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let cpu = nhitrace::bench::cpu_time().unwrap_or_default();
    let start = Instant::now();
    let value = f();
    let wall = start.elapsed().as_secs_f64() * 1e3;
    let cpu = nhitrace::bench::cpu_time()
        .unwrap_or_default()
        .saturating_sub(cpu);
    println!(
        "{label:>20}: {wall:>8.1} ms wall, {:>6.0} ms cpu",
        cpu.as_secs_f64() * 1e3
    );
    value
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: store_times STORE");
    let store = timed("open", || {
        Store::open(std::path::Path::new(&path), OpenMode::ReadOnly).expect("open")
    });
    let summaries = timed("case_summaries", || {
        store.case_summaries().expect("summaries")
    });
    println!("{:>20}  {} cases", "", summaries.len());
    let id = summaries[summaries.len() / 2].id;
    timed("case_record", || store.case_record(id).expect("record"));
    let only_check = std::env::args().nth(2).as_deref() == Some("check");
    if only_check {
        let config = nhitrace::rules::RuleConfig::default();
        let mut gaps = 0;
        let chunk: usize = std::env::var("CHUNK")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(5_000);
        timed("stream+evaluate", || {
            store
                .for_each_record_in_chunks(chunk, |record| {
                    gaps += nhitrace::rules::evaluate(&record, chrono::Utc::now(), &config).len();
                    Ok::<(), nhitrace::store::StoreError>(())
                })
                .expect("stream")
        });
        println!("{:>20}  {} gaps", "", gaps);
        let report = timed("check_report", || {
            nhitrace::cli::check_report(&store, &[], chrono::Utc::now(), &config).expect("check")
        });
        println!("{:>20}  {} gaps", "", report.gaps.len());
        return;
    }
    let records = timed("all_records", || store.all_records().expect("records"));
    let entries: usize = records.iter().map(|r| r.entries.len()).sum();
    println!("{:>20}  {} entries", "", entries);
    drop(records);
    let mut streamed = 0;
    timed("for_each_record", || {
        store
            .for_each_record(|record| {
                streamed += record.entries.len();
                Ok::<(), nhitrace::store::StoreError>(())
            })
            .expect("stream")
    });
    println!("{:>20}  {} entries", "", streamed);
    let config = nhitrace::rules::RuleConfig::default();
    let report = timed("check_report", || {
        nhitrace::cli::check_report(&store, &[], chrono::Utc::now(), &config).expect("check")
    });
    println!("{:>20}  {} gaps", "", report.gaps.len());
}
