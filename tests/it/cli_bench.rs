//! `nhitrace bench` through the real binary: the documented JSON keys, measured on
//! the demo store; a missing store is refused and not created.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::harness::{Sandbox, stderr, stdout};

#[test]
fn bench_json_reports_every_target_key() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo_store();
    let out = sandbox.run(&["bench", "--db", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let cases = nhitrace::demo::records().unwrap().len();
    assert_eq!(json["cases"], cases);
    for key in [
        "first_frame_ms",
        "search_frame_p99_ms",
        "search_results_p95_ms",
        "case_switch_ms",
        "check_ms",
    ] {
        let value = json[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key}: {json}"));
        assert!(value > 0.0 && value < 60_000.0, "{key} = {value}");
    }
    assert!(json["peak_rss_mib"].as_f64().unwrap() > 1.0, "{json}");
    assert_eq!(json["case_switches"], cases - 1, "every case but the first");
    assert_eq!(
        json["search_keys"],
        nhitrace::bench::QUERIES
            .iter()
            .map(|q| q.len())
            .sum::<usize>()
    );
    assert!(
        json["check_gaps"].as_u64().unwrap() > 0,
        "the demo has gaps"
    );
}

#[test]
fn bench_text_names_each_measure_with_its_target() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo_store();
    let out = sandbox.run(&["bench", "--read-only", "--db", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "first frame",
        "search frame p99",
        "case switch median",
        "check ",
        "peak rss",
    ] {
        assert!(text.contains(line), "{line}:\n{text}");
    }
    assert!(text.contains("target <= 50"), "{text}");
}

#[test]
fn bench_refuses_a_missing_store_without_creating_it() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("missing.db");
    let out = sandbox.run(&["bench", "--db", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no such store"), "{}", stderr(&out));
    assert!(!path.exists());
}
