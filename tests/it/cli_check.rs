//! `nhitrace check` and `nhitrace demo` through the real binary: exit codes and output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::harness::{Sandbox, stderr, stdout};
use nhitrace::domain::Relation;
use nhitrace::store::{OpenMode, Store};

#[test]
fn demo_refuses_to_overwrite() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo_store();
    let before = crate::support::harness::file_bytes(&path);
    let out = sandbox.run(&["demo", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(crate::support::harness::file_bytes(&path), before);
}

#[test]
fn check_on_demo_store_reports_gaps_and_exits_1() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo_store();
    let out = sandbox.run(&["check", "--db", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("NT001"), "{text}");
    assert!(text.contains("NT002"), "{text}");
    let last = text.lines().last().unwrap();
    let cases = nhitrace::demo::records().unwrap().len();
    assert!(
        last.starts_with(&format!("{cases} cases checked:")),
        "{last}"
    );
}

#[test]
fn check_json_has_the_documented_shape() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo_store();
    let out = sandbox.run(&["check", "--db", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let cases = nhitrace::demo::records().unwrap().len();
    assert_eq!(json["cases"], cases);
    let gaps = json["gaps"].as_array().unwrap();
    assert!(!gaps.is_empty());
    for gap in gaps {
        assert!(gap["case"].as_str().unwrap().starts_with("NHI-"), "{gap}");
        let code = gap["code"].as_str().unwrap();
        assert!(code.len() == 5 && code.starts_with("NT"), "{gap}");
        assert!(matches!(
            gap["severity"].as_str().unwrap(),
            "error" | "warning"
        ));
        assert!(!gap["message"].as_str().unwrap().is_empty());
        assert!(gap["entries"].is_array());
    }
    let codes: Vec<&str> = gaps.iter().map(|g| g["code"].as_str().unwrap()).collect();
    assert!(
        codes.contains(&"NT001") && codes.contains(&"NT002"),
        "{codes:?}"
    );
}

/// A store whose only case has a complete trail: no gaps, exit 0.
#[test]
fn check_on_a_store_without_gaps_exits_0() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("clean.db");
    let complete = nhitrace::demo::records()
        .unwrap()
        .into_iter()
        .find(|(record, _)| {
            nhitrace::rules::evaluate(record, chrono::Utc::now(), &Default::default()).is_empty()
        })
        .expect("the demo has a complete case");
    assert!(
        complete
            .0
            .assets
            .iter()
            .any(|a| a.relation == Relation::Affected)
    );
    let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    store
        .write(|w| w.insert_record(&complete.0, &complete.1))
        .unwrap();
    drop(store);

    let out = sandbox.run(&["check", "--db", path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(
        stdout(&out).trim(),
        "1 cases checked: 0 with gaps, 0 errors, 0 warnings"
    );
    let out = sandbox.run(&["check", "--db", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json, serde_json::json!({"cases": 1, "gaps": []}));
}

#[test]
fn check_refuses_missing_foreign_and_corrupt_files_without_touching_them() {
    let sandbox = Sandbox::new();
    let missing = sandbox.path("missing.db");
    let out = sandbox.run(&["check", "--db", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!missing.exists(), "a read must not create a store");

    let junk = sandbox.path("junk.db");
    let bytes: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&junk, &bytes).unwrap();
    for args in [vec!["check"], vec![]] {
        let mut all = args.clone();
        all.extend(["--db", junk.to_str().unwrap()]);
        let out = sandbox.run(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "one-line error, got: {err}");
        assert!(err.starts_with("nhitrace: "), "{err}");
        assert_eq!(crate::support::harness::file_bytes(&junk), bytes);
    }
}

/// `--fail-on` picks the least severe gap that fails, and `--case` narrows the check.
#[test]
fn fail_on_and_case_select_what_fails() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo_store();
    let db = path.to_str().unwrap();
    let code = |args: &[&str]| {
        let mut all = vec!["check", "--db", db];
        all.extend(args);
        let out = sandbox.run(&all);
        (out.status.code(), stdout(&out))
    };
    // NHI-2026-0035 has only a warning (NT005 self-approval).
    assert_eq!(code(&["--case", "NHI-2026-0035"]).0, Some(0));
    assert_eq!(
        code(&["--case", "NHI-2026-0035", "--fail-on", "warning"]).0,
        Some(1)
    );
    assert_eq!(
        code(&["--case", "NHI-2026-0035", "--fail-on", "error"]).0,
        Some(0)
    );
    // NHI-2026-0037 has an error (NT001).
    assert_eq!(
        code(&["--case", "NHI-2026-0037", "--fail-on", "error"]).0,
        Some(1)
    );
    // A complete trail passes even with --fail-on warning.
    let (status, text) = code(&["--case", "NHI-2026-0031", "--fail-on", "warning"]);
    assert_eq!(status, Some(0));
    assert_eq!(
        text.trim(),
        "1 cases checked: 0 with gaps, 0 errors, 0 warnings"
    );
    // Two cases at once: only their gaps, in the order asked for.
    let (status, text) = code(&[
        "--case",
        "NHI-2026-0037",
        "--case",
        "NHI-2026-0035",
        "--format",
        "json",
    ]);
    assert_eq!(status, Some(1));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["cases"], 2);
    let gaps: Vec<(&str, &str)> = json["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["case"].as_str().unwrap(), g["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        gaps,
        [
            ("NHI-2026-0037", "NT001"),
            ("NHI-2026-0037", "NT015"),
            ("NHI-2026-0035", "NT005")
        ]
    );
    assert_eq!(json["gaps"][0]["frameworks"][0], "CSF PR.AA-05");
    // An unknown case is a usage error.
    let out = sandbox.run(&["check", "--db", db, "--case", "NHI-1999-0001"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "nhitrace: no case NHI-1999-0001 in this store"
    );
}

/// `check` writes its report as it walks the store; what it writes is the whole
/// report as one document would be: the JSON of `check_report`, and one text
/// line per gap with the case column as wide as the longest reference.
#[test]
fn the_streamed_report_is_the_collected_report() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("g.db");
    let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    nhitrace::generate::generate(
        &mut store,
        nhitrace::generate::GenerateOptions {
            cases: 600,
            seed: 9,
        },
        |_| {},
    )
    .unwrap();
    let config = nhitrace::rules::RuleConfig::default();
    let report = nhitrace::app::check_report(&store, &[], chrono::Utc::now(), &config).unwrap();
    assert!(report.gaps.len() > 100, "a store with gaps to write");

    let json = sandbox.run(&["check", "--db", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(json.status.code(), Some(1), "{}", stderr(&json));
    let expected = nhitrace::sanitize::masked_json(&report).unwrap();
    assert_eq!(stdout(&json), format!("{expected}\n"));

    let text = sandbox.run(&["check", "--db", path.to_str().unwrap()]);
    let text = stdout(&text);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), report.gaps.len() + 1);
    let width = store.longest_reference().unwrap();
    for (line, gap) in lines.iter().zip(&report.gaps) {
        assert_eq!(
            *line,
            format!(
                "{:<width$}  {}  {:<7}  {}",
                gap.case, gap.code, gap.severity, gap.message
            )
        );
    }
}
