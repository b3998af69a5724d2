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
