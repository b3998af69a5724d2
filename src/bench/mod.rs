//! `nhitrace bench`: the speed targets of issue 5 measured on a real store through
//! the real code paths (see `screen.rs` for how the screen is driven off-terminal).

mod measure;
mod screen;

use crate::store::StoreLocation;
use std::time::{Duration, Instant};

use serde::Serialize;

pub use measure::{cpu_time, peak_rss_mib, percentile_ms};

use crate::store::{OpenMode, StoreError};
use crate::tui::RunOptions;

/// Queries typed into search, by length: 1, 3 and 8 characters.
pub const QUERIES: &[&str] = &[
    "k", "r", "a", "s", "p", "rot", "key", "dep", "pay", "svc", "rotation", "deploy k", "payments",
    "alice.ng", "leaked t",
];

/// Case switches timed.
pub const SWITCHES: usize = 200;

/// Time between keys while typing into search (a fast typist).
pub const KEY_GAP: Duration = Duration::from_millis(60);

/// A benchmark failure, as one message.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BenchError(pub String);

impl From<StoreError> for BenchError {
    fn from(err: StoreError) -> Self {
        BenchError(err.to_string())
    }
}

/// What `nhitrace bench --format json` prints. Times in milliseconds, memory in MiB.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub store: String,
    pub cases: usize,
    /// `nhitrace --version` spawned and waited for (median of 5): process start cost.
    pub process_start_ms: Option<f64>,
    /// Opening the store to the first frame drawn (200×50), flags shown.
    pub first_frame_ms: f64,
    /// Opening the store until the whole case list (every case's flags) was applied.
    pub list_ready_ms: Option<f64>,
    /// Opening the store until the search corpus was loaded in the background.
    pub search_ready_ms: f64,
    /// Key to frame drawn while typing (1, 3 and 8 characters), p99 and max.
    pub search_frame_p99_ms: f64,
    pub search_frame_max_ms: f64,
    pub search_keys: usize,
    /// Key to complete ranked results drawn, queries of 3+ characters: p95 and max.
    pub search_results_p95_ms: f64,
    pub search_results_max_ms: f64,
    pub search_results_samples: usize,
    /// Select the next case to its record loaded and drawn: median and max.
    pub case_switch_ms: f64,
    pub case_switch_max_ms: f64,
    pub case_switches: usize,
    /// `check` over every case (`check_each`), wall time and CPU time of this process.
    pub check_ms: f64,
    pub check_cpu_ms: Option<f64>,
    pub check_gaps: usize,
    /// Peak RSS (VmHWM) of this process with the screen open, after the steps above
    /// but before `check`.
    pub peak_rss_mib: Option<f64>,
    /// Peak RSS while `check` ran (the peak reset before it), when Linux allows it.
    pub check_peak_rss_mib: Option<f64>,
}

/// Run every measurement on the store at `location`.
pub fn run(
    location: &StoreLocation,
    mode: OpenMode,
    options: &RunOptions,
    process_start: Option<Duration>,
) -> Result<BenchReport, BenchError> {
    let (mut screen, first_frame) = screen::open(location, mode, options)?;
    let search_ready = screen.wait_for_corpus()?;
    let list_ready = screen.list_ready;
    let cases = screen
        .app
        .search_state()
        .corpus
        .as_ref()
        .map_or(0, |c| c.len());

    let switches = screen.switch_cases(SWITCHES.min(cases.saturating_sub(1)))?;

    let mut frames = Vec::new();
    for query in QUERIES {
        frames.extend(screen.type_query(query, KEY_GAP)?);
    }
    let mut results = Vec::new();
    for query in QUERIES {
        for (typed, time) in screen.settle_query(query)? {
            if typed.chars().count() >= 3 {
                results.push(time);
            }
        }
    }
    let peak_rss = measure::peak_rss_mib();

    let reset = measure::reset_peak_rss();
    let cpu_before = measure::cpu_time();
    let start = Instant::now();
    // As `check` does: the gaps handed on as each chunk of cases is evaluated (the
    // CLI formats them; here they are counted), so memory stays bounded.
    let mut check_gaps = 0;
    crate::app::check_each(
        screen.store(),
        &[],
        options.now,
        &options.rules,
        &mut |gaps: &[crate::app::CaseGap]| {
            check_gaps += gaps.len();
            Ok::<(), crate::app::AppError>(())
        },
    )
    .map_err(|e| BenchError(e.to_string()))?;
    let check = start.elapsed();
    let check_cpu = cpu_before
        .zip(measure::cpu_time())
        .map(|(before, after)| measure::ms(after.saturating_sub(before)));
    let check_peak = if reset { measure::peak_rss_mib() } else { None };

    Ok(BenchReport {
        store: location.to_string(),
        cases,
        process_start_ms: process_start.map(measure::ms),
        first_frame_ms: measure::ms(first_frame),
        list_ready_ms: list_ready.map(measure::ms),
        search_ready_ms: measure::ms(search_ready),
        search_frame_p99_ms: percentile_ms(&frames, 99.0),
        search_frame_max_ms: percentile_ms(&frames, 100.0),
        search_keys: frames.len(),
        search_results_p95_ms: percentile_ms(&results, 95.0),
        search_results_max_ms: percentile_ms(&results, 100.0),
        search_results_samples: results.len(),
        case_switch_ms: percentile_ms(&switches, 50.0),
        case_switch_max_ms: percentile_ms(&switches, 100.0),
        case_switches: switches.len(),
        check_ms: measure::ms(check),
        check_cpu_ms: check_cpu,
        check_gaps,
        peak_rss_mib: peak_rss,
        check_peak_rss_mib: check_peak,
    })
}

/// The report as text, one measure a line, with the target next to it.
pub fn write_text(out: &mut impl std::io::Write, report: &BenchReport) -> std::io::Result<()> {
    let opt = |value: Option<f64>| value.map_or("n/a".to_string(), |v| format!("{v:.1}"));
    writeln!(out, "store {} ({} cases)", report.store, report.cases)?;
    let rows = [
        ("process start", opt(report.process_start_ms), "ms", "-"),
        (
            "first frame",
            format!("{:.1}", report.first_frame_ms),
            "ms",
            "<= 50",
        ),
        ("list ready", opt(report.list_ready_ms), "ms", "-"),
        (
            "search ready",
            format!("{:.1}", report.search_ready_ms),
            "ms",
            "-",
        ),
        (
            "search frame p99",
            format!("{:.1}", report.search_frame_p99_ms),
            "ms",
            "<= 16",
        ),
        (
            "search results p95",
            format!("{:.1}", report.search_results_p95_ms),
            "ms",
            "<= 100",
        ),
        (
            "case switch median",
            format!("{:.2}", report.case_switch_ms),
            "ms",
            "<= 5",
        ),
        (
            "case switch max",
            format!("{:.2}", report.case_switch_max_ms),
            "ms",
            "-",
        ),
        ("check", format!("{:.0}", report.check_ms), "ms", "<= 2000"),
        ("check cpu", opt(report.check_cpu_ms), "ms", "-"),
        (
            "peak rss (screen open)",
            opt(report.peak_rss_mib),
            "MiB",
            "<= 64",
        ),
        (
            "peak rss (check)",
            opt(report.check_peak_rss_mib),
            "MiB",
            "-",
        ),
    ];
    for (name, value, unit, target) in rows {
        writeln!(out, "{name:<24} {value:>10} {unit:<3}  target {target}")?;
    }
    Ok(())
}
