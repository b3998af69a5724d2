//! `nhitrace import-events`: audit events mapped to entries, assets and hashed
//! evidence, idempotently, in one transaction; bad files refused naming the file, the
//! event and the field, the store left byte-identical.

use nhitrace::domain::{EntryKind, EvidenceKind, Relation};

use crate::support::cli::Bench;
use crate::support::harness::file_bytes;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/events");

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// A secret-leak case with a reporter and nothing else.
fn leak_case() -> Bench {
    let bench = Bench::new();
    bench.ok(&[
        "case",
        "add",
        "--ref",
        "NHI-2026-0100",
        "--title",
        "Deploy key leaked",
        "--category",
        "secret_leak",
        "--reporter",
        "alice",
        "--opened-at",
        "2026-06-01 09:00",
    ]);
    bench
}

fn codes(bench: &Bench) -> Vec<String> {
    let out = bench.run(&["check", "--case", "NHI-2026-0100", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_cloudtrail_key_leak_becomes_the_trail_with_its_assets_and_proof() {
    let bench = leak_case();
    assert!(codes(&bench).contains(&"NT008".to_string()));
    let file = fixture("cloudtrail/key-leak.json");
    let summary = bench.json(&["import-events", &file, "--case", "NHI-2026-0100"]);
    assert_eq!(summary["entries_added"], 7);
    assert_eq!(summary["assets_created"], 2);
    assert_eq!(summary["files"][0]["skipped"]["read_only"], 1);
    assert_eq!(summary["files"][0]["skipped"]["unmapped"], 1);

    let record = bench.record("NHI-2026-0100");
    let timeline: Vec<(EntryKind, String)> = record
        .entries
        .iter()
        .map(|e| (e.kind, e.occurred_at.to_rfc3339()))
        .collect();
    assert_eq!(
        timeline,
        [
            (EntryKind::ChangeApplied, "2026-06-01T09:12:00+00:00"),
            (EntryKind::ChangeApplied, "2026-06-01T09:15:30+00:00"),
            (EntryKind::ChangeApplied, "2026-06-02T10:01:00+00:00"),
            (EntryKind::Revocation, "2026-06-03T07:30:00+00:00"),
            (EntryKind::ChangeApplied, "2026-06-03T07:31:00+00:00"),
            (EntryKind::ChangeApplied, "2026-06-03T07:32:00+00:00"),
            (EntryKind::Revocation, "2026-06-03T08:00:00+00:00"),
        ]
        .map(|(kind, at)| (kind, at.to_string()))
    );
    assert!(record.entries[0].summary.starts_with("Access key AKIA"));
    assert!(
        record.entries[0]
            .summary
            .contains("created for IAM user svc-deploy")
    );
    assert!(record.entries[6].summary.ends_with("deleted"));
    assert!(
        record
            .entries
            .iter()
            .all(|e| e.actor == "arn:aws:iam::210987654321:user/ci-admin")
    );

    let mut assets: Vec<(String, String, String, Relation)> = record
        .assets
        .iter()
        .map(|l| {
            (
                l.asset.provider.clone(),
                l.asset.kind.to_string(),
                l.asset.identifier.clone(),
                l.relation,
            )
        })
        .collect();
    assets.sort();
    assert_eq!(assets.len(), 2);
    assert_eq!(assets[0].1, "access_key");
    assert!(assets[0].2.starts_with("AKIA"));
    assert_eq!(
        assets[1],
        (
            "aws".to_string(),
            "service_account".to_string(),
            "arn:aws:iam::210987654321:user/svc-deploy".to_string(),
            Relation::Affected
        )
    );

    // The file itself is the proof: stored as a log excerpt, bytes and hash as given.
    assert_eq!(record.evidence.len(), 1);
    let evidence = &record.evidence[0];
    assert_eq!(evidence.kind, EvidenceKind::LogExcerpt);
    let bytes = file_bytes(std::path::Path::new(&file));
    assert_eq!(evidence.size, bytes.len() as u64);
    assert_eq!(evidence.sha256, nhitrace::integrity::sha256_hex(&bytes));
    assert!(
        record
            .entries
            .iter()
            .all(|e| e.details.contains(&format!("evidence #{}", evidence.id))),
        "every entry names its proof"
    );

    // The revocations from the import close NT008; the verification is still owed.
    let after = codes(&bench);
    assert!(!after.contains(&"NT008".to_string()), "{after:?}");
    assert!(after.contains(&"NT002".to_string()), "{after:?}");
    assert_eq!(bench.run(&["verify"]).status.code(), Some(0));
}

#[test]
fn importing_the_same_events_again_adds_nothing_and_says_so() {
    let bench = leak_case();
    let plain = fixture("cloudtrail/roles.jsonl");
    let gz = fixture("cloudtrail/roles.jsonl.gz");
    let first = bench.json(&["import-events", &plain, "--case", "NHI-2026-0100"]);
    assert_eq!(first["entries_added"], 11);
    let state = bench.state();
    let again = bench.json(&["import-events", &plain, &gz, "--case", "NHI-2026-0100"]);
    assert_eq!(again["entries_added"], 0);
    assert_eq!(again["already_imported"], 22);
    assert_eq!(bench.state(), state, "a re-import writes nothing");
}

#[test]
fn every_source_and_shape_is_read() {
    let bench = leak_case();
    for (file, source) in [
        ("cloudtrail/lookup-events.json", "cloudtrail"),
        ("cloudtrail/trust-anchors.json", "cloudtrail"),
        ("github/audit-log.jsonl", "github"),
        ("github/secret-scanning-alerts.json", "github"),
        ("k8s/audit.log", "k8s"),
        ("k8s/event-list.json", "k8s"),
        ("gcp/activity.json", "gcp"),
        ("okta/system-log.json", "okta"),
    ] {
        let path = fixture(file);
        let summary = bench.json(&["import-events", &path, "--case", "NHI-2026-0100"]);
        assert_eq!(summary["files"][0]["source"], source, "{file}");
        // k8s/event-list.json holds audit.log's events again: they count as already imported.
        let read = summary["entries_added"].as_u64().unwrap()
            + summary["already_imported"].as_u64().unwrap();
        assert!(read > 0, "{file}: {summary}");
    }
    assert_eq!(bench.run(&["verify"]).status.code(), Some(0));
}

#[test]
fn a_bad_file_is_refused_by_name_and_the_store_is_untouched() {
    let bench = leak_case();
    let good = fixture("cloudtrail/key-leak.json");
    for (bad, expected) in [
        (
            "bad/missing-time.json",
            "event 2 (id c7a1e0de-0000-4000-8000-000000000002): eventTime: is missing",
        ),
        ("bad/not-json.txt", "is not JSON"),
        ("bad/truncated.json", "is truncated"),
        ("bad/unknown-format.json", "cannot recognise the format"),
    ] {
        let before = file_bytes(&bench.db);
        let err = bench.refused(&[
            "import-events",
            &good,
            &fixture(bad),
            "--case",
            "NHI-2026-0100",
        ]);
        assert!(err.contains(bad) && err.contains(expected), "{bad}: {err}");
        assert!(err.contains("nothing was imported"), "{err}");
        assert_eq!(file_bytes(&bench.db), before, "{bad}: the store changed");
    }
    assert!(bench.record("NHI-2026-0100").entries.is_empty());
}

#[test]
fn a_read_only_session_is_refused_before_anything_is_read() {
    let bench = leak_case();
    let before = file_bytes(&bench.db);
    let err = bench.refused(&[
        "--read-only",
        "import-events",
        &fixture("cloudtrail/key-leak.json"),
        "--case",
        "NHI-2026-0100",
    ]);
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(file_bytes(&bench.db), before);
}

/// A file over the evidence limit and a gzip that inflates past its cap are
/// refused by name before anything is written; the store stays byte-identical.
#[test]
fn an_oversized_file_and_a_gzip_bomb_are_refused() {
    use std::io::Write;
    let bench = leak_case();
    let config = bench.sandbox.path("small.conf");
    std::fs::write(&config, "[evidence]\nmax_file_bytes = 4096\n").unwrap();
    let before = file_bytes(&bench.db);
    let big = fixture("cloudtrail/key-leak.json");
    assert!(std::fs::metadata(&big).unwrap().len() > 4096);
    let err = bench.refused(&[
        "--config",
        config.to_str().unwrap(),
        "import-events",
        &big,
        "--case",
        "NHI-2026-0100",
    ]);
    assert!(
        err.contains("key-leak.json") && err.contains("4096"),
        "{err}"
    );
    assert_eq!(file_bytes(&bench.db), before);

    // 80 MiB of one byte compresses to well under a megabyte.
    let bomb = bench.sandbox.path("bomb.json.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![b' '; 1 << 20];
    for _ in 0..80 {
        encoder.write_all(&block).unwrap();
    }
    std::fs::write(&bomb, encoder.finish().unwrap()).unwrap();
    let err = bench.refused(&[
        "import-events",
        bomb.to_str().unwrap(),
        "--case",
        "NHI-2026-0100",
    ]);
    assert!(
        err.contains("bomb.json.gz") && err.contains("gzip bomb"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(file_bytes(&bench.db), before);
}

/// Many files are mapped while earlier ones are written: bad files anywhere in the
/// list are each named, in the order given, and nothing of the good ones is kept.
#[test]
fn bad_files_among_many_are_all_named_and_nothing_is_kept() {
    let bench = leak_case();
    let good = fixture("cloudtrail/key-leak.json");
    let roles = fixture("cloudtrail/roles.jsonl");
    let not_json = fixture("bad/not-json.txt");
    let no_time = fixture("bad/missing-time.json");
    let mut args = vec!["import-events"];
    for _ in 0..5 {
        args.push(&good);
        args.push(&roles);
    }
    args.insert(4, not_json.as_str());
    args.push(&no_time);
    args.extend(["--case", "NHI-2026-0100"]);
    let before = file_bytes(&bench.db);
    let err = bench.refused(&args);
    let first = err.find("not-json.txt").expect("the first bad file named");
    let second = err
        .find("missing-time.json")
        .expect("the second bad file named");
    assert!(first < second, "{err}");
    assert_eq!(err.matches("nothing was imported").count(), 1, "{err}");
    assert_eq!(file_bytes(&bench.db), before);
    assert!(bench.record("NHI-2026-0100").entries.is_empty());

    // The same files without the bad ones: written in the order given, each file's
    // events once (the repeats are already imported).
    let good_only: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| *a != not_json.as_str() && *a != no_time.as_str())
        .collect();
    let summary = bench.json(&good_only);
    let files = summary["files"].as_array().unwrap();
    assert_eq!(files.len(), 10);
    for (i, file) in files.iter().enumerate() {
        let expected = if i % 2 == 0 { &good } else { &roles };
        assert_eq!(file["name"].as_str().unwrap(), expected.as_str());
        if i >= 2 {
            assert_eq!(file["entries_added"], 0, "{file}");
        }
    }
    assert!(summary["entries_added"].as_u64().unwrap() > 0);
    assert_eq!(bench.run(&["verify"]).status.code(), Some(0));
}
