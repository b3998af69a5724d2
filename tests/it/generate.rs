//! `nhitrace generate`: same seed, same store; and the shape of what it writes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, HashSet};

use nhitrace::domain::{CaseStatus, Relation};
use nhitrace::generate::{GenerateOptions, Generator, content_hash, generate, history_end};
use nhitrace::rules::{self, RuleCode, RuleConfig};
use nhitrace::store::{OpenMode, Store};

fn store_hash(dir: &std::path::Path, name: &str, seed: u64) -> String {
    let mut store = Store::open(&dir.join(name), OpenMode::ReadWrite).unwrap();
    let mut progress = Vec::new();
    let written = generate(&mut store, GenerateOptions { cases: 2_050, seed }, |n| {
        progress.push(n)
    })
    .unwrap();
    assert_eq!(written, 2_050);
    assert_eq!(progress, [2_000, 2_050], "written in batches of 2,000");
    assert_eq!(store.case_summaries().unwrap().len(), 2_050);
    content_hash(&store).unwrap()
}

#[test]
fn same_seed_same_content_other_seed_other_content() {
    let dir = tempfile::tempdir().unwrap();
    let a = store_hash(dir.path(), "a.db", 42);
    let b = store_hash(dir.path(), "b.db", 42);
    let c = store_hash(dir.path(), "c.db", 43);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn generated_cases_have_the_stated_mix() {
    let n = 5_000;
    let cases: Vec<_> = Generator::new(GenerateOptions { cases: n, seed: 7 }).collect();
    assert_eq!(cases.len(), n);
    let entries: usize = cases.iter().map(|(r, _)| r.entries.len()).sum();
    let links: usize = cases.iter().map(|(r, _)| r.assets.len()).sum();
    let evidence: usize = cases.iter().map(|(r, _)| r.evidence.len()).sum();
    let per_case = |total: usize| total as f64 / n as f64;
    assert!(
        (6.0..=11.0).contains(&per_case(entries)),
        "entries/case {}",
        per_case(entries)
    );
    assert!(
        (1.6..=2.2).contains(&per_case(links)),
        "assets/case {}",
        per_case(links)
    );
    assert!(
        (3.0..=5.5).contains(&per_case(evidence)),
        "evidence/case {}",
        per_case(evidence)
    );
    for (record, bytes) in &cases {
        assert_eq!(record.evidence.len(), bytes.len());
        assert!(record.case.reference.starts_with("NHI-20"));
    }

    // Assets are shared across cases.
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for (record, _) in &cases {
        for linked in &record.assets {
            *uses.entry(linked.asset.identifier.as_str()).or_default() += 1;
        }
    }
    assert!(
        uses.values().filter(|&&u| u >= 3).count() > 100,
        "assets recur across cases"
    );

    // Statuses, categories and severities are mixed.
    let statuses: HashSet<CaseStatus> = cases.iter().map(|(r, _)| r.case.status).collect();
    assert_eq!(statuses.len(), CaseStatus::ALL.len());
    let closed = cases
        .iter()
        .filter(|(r, _)| r.case.status == CaseStatus::Closed)
        .count();
    assert!(
        (0.55..=0.75).contains(&(closed as f64 / n as f64)),
        "closed share"
    );

    // A realistic share of broken trails, not all and not none.
    let now = history_end();
    let config = RuleConfig::default();
    let mut by_code: HashMap<RuleCode, usize> = HashMap::new();
    let mut flagged = 0;
    for (record, _) in &cases {
        let gaps = rules::evaluate(record, now, &config);
        flagged += usize::from(!gaps.is_empty());
        let codes: HashSet<RuleCode> = gaps.iter().map(|g| g.code).collect();
        for code in codes {
            *by_code.entry(code).or_default() += 1;
        }
    }
    let share = |code| by_code.get(&code).copied().unwrap_or(0) as f64 / n as f64;
    assert!(
        (0.15..=0.75).contains(&(flagged as f64 / n as f64)),
        "flagged share {flagged}"
    );
    assert!(
        (0.03..=0.20).contains(&share(RuleCode::Nt001)),
        "NT001 {}",
        share(RuleCode::Nt001)
    );
    assert!(
        (0.03..=0.30).contains(&share(RuleCode::Nt002)),
        "NT002 {}",
        share(RuleCode::Nt002)
    );
    assert!(
        (0.01..=0.06).contains(&share(RuleCode::Nt003)),
        "NT003 {}",
        share(RuleCode::Nt003)
    );
    assert!(
        (0.01..=0.06).contains(&share(RuleCode::Nt004)),
        "NT004 {}",
        share(RuleCode::Nt004)
    );
    let without_affected = cases
        .iter()
        .filter(|(r, _)| !r.assets.iter().any(|a| a.relation == Relation::Affected))
        .count();
    assert_eq!(
        by_code.get(&RuleCode::Nt004).copied().unwrap_or(0),
        without_affected
    );
}

/// `path` generated with `seed` at a fixed clock, through the library (the CLI
/// reads the real clock, which the audit rows carry).
fn generated_at_fixed_clock(path: &std::path::Path, seed: u64) {
    let at = "2026-11-27T12:00:00Z".parse().unwrap();
    let mut store = Store::open(path, OpenMode::CreateNew)
        .unwrap()
        .with_clock(nhitrace::clock::Clock::Fixed(at));
    generate(&mut store, GenerateOptions { cases: 2_500, seed }, |_| {}).unwrap();
}

#[test]
fn same_seed_same_check_output_and_audit_head_and_a_valid_wal_store() {
    let sandbox = crate::support::harness::Sandbox::new();
    let run = |args: &[&str]| {
        let out = sandbox.run(args);
        assert!(
            out.status.code().is_some_and(|code| code <= 1),
            "{args:?}: {}",
            crate::support::harness::stderr(&out)
        );
        out.stdout
    };
    let mut heads = Vec::new();
    for name in ["a.db", "b.db"] {
        let path = sandbox.path(name);
        generated_at_fixed_clock(&path, 5);
        // Back in WAL mode once the bulk load is over: header bytes 18 and 19 are 2.
        let header = std::fs::read(&path).unwrap();
        assert_eq!((header[18], header[19]), (2, 2), "{name} is a WAL store");
        let db = path.to_str().unwrap();
        let verify = sandbox.run(&["verify", "--db", db]);
        assert!(verify.status.success(), "verify {name}");
        heads.push(run(&["verify", "--db", db, "--head"]));
    }
    assert_eq!(heads[0], heads[1], "same audit head");
    let head = String::from_utf8_lossy(&heads[0]).into_owned();
    let rows: u64 = head.split(' ').next().unwrap().parse().unwrap();
    assert!(rows > 2_500 * 10, "every row audited: {head}");
    // `check` reads the system clock, and some of its messages count hours: the two
    // stores are checked back to back, and once more should a boundary fall between.
    let check = |name: &str| {
        let path = sandbox.path(name);
        run(&["check", "--db", path.to_str().unwrap(), "--format", "json"])
    };
    let same = (0..2).any(|_| {
        let (a, b) = (check("a.db"), check("b.db"));
        assert!(a.len() > 1_000, "check lists gaps");
        a == b
    });
    assert!(same, "same check --format json");
}

#[test]
fn a_bulk_load_refuses_a_store_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.db");
    generated_at_fixed_clock(&path, 1);
    let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    let before = content_hash(&store).unwrap();
    let err = generate(&mut store, GenerateOptions { cases: 10, seed: 1 }, |_| {}).unwrap_err();
    assert!(err.to_string().contains("empty store"), "{err}");
    assert_eq!(content_hash(&store).unwrap(), before);
}

#[test]
fn the_bulk_write_gives_the_rows_and_audit_chain_of_one_insert_record_per_case() {
    let dir = tempfile::tempdir().unwrap();
    let bulk = dir.path().join("bulk.db");
    generated_at_fixed_clock(&bulk, 3);
    let one_by_one = dir.path().join("one.db");
    let at = "2026-11-27T12:00:00Z".parse().unwrap();
    let mut store = Store::open(&one_by_one, OpenMode::CreateNew).unwrap();
    let cases: Vec<_> = Generator::new(GenerateOptions {
        cases: 2_500,
        seed: 3,
    })
    .collect();
    for chunk in cases.chunks(700) {
        store
            .write_at(at, |w| {
                for (record, bytes) in chunk {
                    w.insert_record(record, bytes)?;
                }
                Ok(())
            })
            .unwrap();
    }
    // What the triggers keep, which the bulk load suspends and derives at its end:
    // the same last activities, no cached flags, and the same triggers back.
    let derived = |path: &std::path::Path| {
        let conn = rusqlite::Connection::open(path).unwrap();
        let column = |sql: &str| -> Vec<Option<String>> {
            conn.prepare(sql)
                .unwrap()
                .query_map([], |row| row.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        (
            column("SELECT last_activity FROM cases ORDER BY reference"),
            column("SELECT sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name"),
            column("SELECT case_id FROM case_flags"),
        )
    };
    let (bulk_activity, bulk_triggers, bulk_flags) = derived(&bulk);
    let (activity, triggers, flags) = derived(&one_by_one);
    assert_eq!(bulk_activity, activity);
    assert!(bulk_activity.iter().filter(|at| at.is_some()).count() > 2_000);
    assert_eq!(bulk_triggers, triggers);
    assert_eq!(triggers.len(), 15);
    assert!(bulk_flags.is_empty() && flags.is_empty());
    // A writable open compares every trigger with what the migrations make.
    drop(Store::open(&bulk, OpenMode::ReadWrite).unwrap());
    let bulk = Store::open(&bulk, OpenMode::ReadOnly).unwrap();
    assert_eq!(bulk.chain_head().unwrap(), store.chain_head().unwrap());
    assert_eq!(content_hash(&bulk).unwrap(), content_hash(&store).unwrap());
    assert!(bulk.verify().unwrap().audit_entries > 2_500 * 10);
}
