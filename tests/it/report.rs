//! `nhitrace report`: the Markdown of one demo case read back as a snapshot, the HTML
//! checked for well-formedness and for carrying the same facts, secrets masked, and
//! the command's exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::harness::{Sandbox, stderr, stdout};
use chrono::{DateTime, Utc};
use nhitrace::report::{self, CaseReport, HistoryItem, ReportFormat};
use nhitrace::rules::RuleConfig;
use nhitrace::store::{OpenMode, Store};
use quick_xml::events::Event;

fn now() -> DateTime<Utc> {
    "2026-11-27T12:00:00Z".parse().unwrap()
}

/// The report of one demo case from a real store, with the audit history's
/// times and user fixed so the snapshot does not depend on who ran it when.
fn demo_report(reference: &str) -> CaseReport {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db"), OpenMode::CreateNew).unwrap();
    nhitrace::demo::write_to(&mut store).unwrap();
    let id = store.case_id_by_ref(reference).unwrap().unwrap();
    let record = store.case_record(id).unwrap();
    let bytes: Vec<Vec<u8>> = record
        .evidence
        .iter()
        .map(|e| store.evidence_bytes(e.id).unwrap())
        .collect();
    let history = store
        .case_history(id)
        .unwrap()
        .into_iter()
        .map(|entry| HistoryItem {
            seq: entry.seq,
            at: now(),
            user: "analyst".into(),
            action: entry.action,
            entity: entry.entity,
            change: entry.change,
        })
        .collect();
    report::build(&record, &bytes, history, now(), &RuleConfig::default())
}

/// Every text node of a well-formed (X)HTML document, unescaped; panics on any
/// well-formedness error (unclosed or mismatched tags, bad entities).
fn html_text(html: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(html);
    let mut text = String::new();
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                text.push(' ');
            }
            Ok(Event::End(_)) => {
                depth -= 1;
                text.push(' ');
            }
            Ok(Event::Text(t)) => text.push_str(t.as_ref()),
            Ok(Event::GeneralRef(r)) => {
                let name: &str = r.as_ref();
                text.push_str(match name {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "#39" => "'",
                    other => panic!("unexpected entity &{other};"),
                });
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "every element is closed");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_markdown_report_of_a_change_without_approver() {
    let report = demo_report("NHI-2026-0037");
    insta::assert_snapshot!(report::render(&report, ReportFormat::Markdown));
}

#[test]
fn the_html_report_is_well_formed_and_carries_the_same_facts() {
    let report = demo_report("NHI-2026-0037");
    let html = report::render(&report, ReportFormat::Html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "no scripts");
    let text = html_text(&html);
    let markdown = report::render(&report, ReportFormat::Markdown);
    let mut facts = vec![report.case.reference.clone(), report.case.title.clone()];
    for gap in &report.gaps {
        facts.push(format!("{} {}", gap.code, gap.severity));
        facts.push(gap.message.clone());
        facts.extend(gap.frameworks.iter().map(|f| f.to_string()));
    }
    for evidence in &report.evidence {
        facts.push(evidence.meta.sha256.clone());
    }
    for entry in &report.timeline {
        facts.push(entry.summary.clone());
    }
    for item in &report.history {
        facts.push(item.action.clone());
    }
    assert!(facts.len() > 20);
    for fact in &facts {
        assert!(text.contains(fact.as_str()), "HTML lacks {fact:?}");
        let escaped = fact
            .replace('_', "\\_")
            .replace('*', "\\*")
            .replace('|', "\\|");
        assert!(
            markdown.contains(fact.as_str()) || markdown.contains(&escaped),
            "Markdown lacks {fact:?}"
        );
    }
    // The trail says which link is broken, in both.
    assert!(text.contains("approved missing"), "{text}");
    assert!(markdown.contains("**approved** ✗ missing"));
}

#[test]
fn secrets_in_evidence_are_masked_in_every_format() {
    let report = demo_report("NHI-2026-0039");
    for format in [
        ReportFormat::Markdown,
        ReportFormat::Html,
        ReportFormat::Json,
    ] {
        let text = report::render(&report, format);
        assert!(
            !text.contains("glpat-Rk7vQ2mX9pL4sT8wN3zB"),
            "{format:?} leaks the GitLab token"
        );
        assert!(
            text.contains("glpat-"),
            "{format:?} still says what kind of secret it was"
        );
    }
}

#[test]
fn the_report_command_writes_each_format_and_refuses_an_unknown_case() {
    let sandbox = Sandbox::new();
    let store = sandbox.demo_store();
    let db = store.to_str().unwrap();
    let out = sandbox.run(&["report", "NHI-2026-0037", "--db", db]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("# NHI-2026-0037 — "));
    let html = sandbox.path("r.html");
    let out = sandbox.run(&[
        "report",
        "NHI-2026-0037",
        "--db",
        db,
        "--format",
        "html",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    html_text(&std::fs::read_to_string(&html).unwrap());
    let out = sandbox.run(&["report", "NHI-2026-0037", "--db", db, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["case"]["reference"], "NHI-2026-0037");
    assert_eq!(json["gaps"][0]["code"], "NT001");
    assert!(json["history"].as_array().unwrap().len() > 3);
    let out = sandbox.run(&["report", "NHI-2099-0001", "--db", db]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "nhitrace: no case NHI-2099-0001 in this store"
    );
}
