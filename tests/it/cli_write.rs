//! `nhitrace case add|set|close`, `entry add`, `asset link|unlink`, `evidence add`
//! through the real binary: what each prints, exit codes, and that invalid input
//! writes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::cli::{Bench, USER};
use chrono::Datelike;
use nhitrace::domain::{CaseStatus, EntryKind, Relation};
use sha2::{Digest, Sha256};

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn case_add_proposes_the_next_free_reference() {
    let bench = Bench::new();
    let year = chrono::Utc::now().year();
    let out = bench.ok(&[
        "case",
        "add",
        "--title",
        "Key leaked",
        "--category",
        "secret_leak",
    ]);
    assert_eq!(
        out,
        format!("case NHI-{year}-0001 added: Key leaked (secret_leak, medium, open)\n")
    );
    let json = bench.json(&[
        "case",
        "add",
        "--title",
        "Token expired",
        "--category",
        "auth_failure",
        "--severity",
        "critical",
        "--owner",
        "dave",
        "--reported-via",
        "pager",
    ]);
    assert_eq!(json["reference"], format!("NHI-{year}-0002"));
    assert_eq!(json["severity"], "critical");
    assert_eq!(json["owner"], "dave");
    assert_eq!(json["reported_via"], "pager");
    assert_eq!(json["status"], "open");
    let record = bench.record(&format!("NHI-{year}-0002"));
    assert_eq!(record.case.title, "Token expired");
    let history = bench.store().case_history(record.case.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].os_user, USER);
}

#[test]
fn invalid_case_input_names_the_field_and_writes_nothing() {
    let bench = Bench::with_case();
    let before = bench.state();
    let refusals: [(&[&str], &str); 5] = [
        (
            &["case", "add", "--category", "secret_leak"],
            "nhitrace: title: is required\n",
        ),
        (
            &["case", "add", "--title", "t", "--category", "leaky"],
            "nhitrace: category: `leaky` is not one of: access_loss",
        ),
        (
            &[
                "case",
                "add",
                "--title",
                "t",
                "--category",
                "other",
                "--opened-at",
                "2999-01-01",
            ],
            "nhitrace: opened-at: cannot be in the future\n",
        ),
        (
            &[
                "case",
                "add",
                "--ref",
                "NHI-2026-0001",
                "--title",
                "t",
                "--category",
                "other",
            ],
            "case reference NHI-2026-0001 already exists",
        ),
        (
            &["case", "set", "NHI-2026-0001", "--status", "closed"],
            "nhitrace: status: close a case with its closing note",
        ),
    ];
    for (args, expected) in refusals {
        let err = bench.refused(args);
        assert!(
            err.starts_with("nhitrace: ") && err.contains(expected),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let err = bench.refused(&[
        "case",
        "set",
        "NHI-2026-0001",
        "--title",
        " ",
        "--severity",
        "huge",
    ]);
    assert!(
        err.contains("title: is required; severity: `huge`"),
        "{err}"
    );
    let err = bench.refused(&["case", "set", "NHI-2099-0001", "--owner", "x"]);
    assert!(err.contains("no case NHI-2099-0001"), "{err}");
    assert_eq!(bench.state(), before);
}

#[test]
fn case_set_changes_only_what_is_given_and_audits_old_and_new() {
    let bench = Bench::with_case();
    let out = bench.ok(&[
        "case",
        "set",
        "NHI-2026-0001",
        "--owner",
        "dave",
        "--status",
        "investigating",
    ]);
    assert_eq!(
        out,
        "case NHI-2026-0001 updated: Deploy key leaked in public repo (secret_leak, high, investigating)\n"
    );
    let record = bench.record("NHI-2026-0001");
    assert_eq!(record.case.owner.as_deref(), Some("dave"));
    assert_eq!(record.case.status, CaseStatus::Investigating);
    assert_eq!(record.case.reporter.as_deref(), Some("alice"));
    let history = bench.store().case_history(record.case.id).unwrap();
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_case",
            "link_asset",
            "update_case",
            "set_case_status"
        ]
    );
    let edit: serde_json::Value = serde_json::from_str(&history[2].change).unwrap();
    assert_eq!(edit["old"]["owner"], serde_json::Value::Null);
    assert_eq!(edit["new"]["owner"], "dave");
    let status: serde_json::Value = serde_json::from_str(&history[3].change).unwrap();
    assert_eq!(status["new"]["status"], "investigating");

    let before = bench.state();
    let json = bench.json(&["case", "set", "NHI-2026-0001", "--owner", "dave"]);
    assert_eq!(json["changed"], false);
    assert_eq!(json["case"]["owner"], "dave");
    assert_eq!(bench.state(), before, "an unchanged case writes nothing");

    let json = bench.json(&[
        "case",
        "set",
        "NHI-2026-0001",
        "--new-ref",
        "NHI-2026-0100",
        "--root-cause",
        "leaked_secret",
    ]);
    assert_eq!(json["case"]["reference"], "NHI-2026-0100");
    assert_eq!(json["case"]["root_cause"], "leaked_secret");
}

#[test]
fn entry_add_records_each_kind_with_its_own_fields() {
    let bench = Bench::with_case();
    let out = bench.ok(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "rotation",
        "--actor",
        "bob",
        "--summary",
        "Rotated the deploy key",
        "--at",
        "2026-06-01 10:00",
        "--asset",
        "SHA256:deploy",
    ]);
    let rotation: i64 = out["entry #".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        out,
        format!(
            "entry #{rotation} added to NHI-2026-0001: rotation by bob at 2026-06-01 10:00 UTC: Rotated the deploy key\n"
        )
    );
    let change = bench.json(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "change_applied",
        "--actor",
        "bob",
        "--summary",
        "Removed key from repo",
        "--at",
        "2026-06-01 10:05",
        "--channel",
        "github",
    ]);
    let change_id = change["entry"]["id"].as_i64().unwrap();
    let approval = bench.json(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "approval_granted",
        "--actor",
        "carol",
        "--summary",
        "Approved",
        "--approver",
        "carol",
        "--covers",
        &format!("#{change_id}"),
        "--at",
        "2026-06-01 09:50",
    ]);
    assert_eq!(approval["entry"]["fields"]["covers"], change_id);
    assert_eq!(approval["entry"]["fields"]["approver"], "carol");
    assert_eq!(approval["entry"]["recorded_by"], USER);
    let exemption = bench.json(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "exemption_granted",
        "--actor",
        "erin",
        "--summary",
        "Exempt the mirror job",
        "--justification",
        "vendor needs until Q3",
        "--expires",
        "2026-09-30",
        "--controls",
        "IP allow-list, weekly review",
    ]);
    assert_eq!(
        exemption["entry"]["fields"]["compensating_controls"],
        serde_json::json!(["IP allow-list", "weekly review"])
    );
    assert_eq!(
        exemption["entry"]["fields"]["expires_at"],
        "2026-09-30T00:00:00Z"
    );
    let notification = bench.json(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "notification",
        "--actor",
        "bob",
        "--summary",
        "Told the owners",
        "--recipients",
        "repo owners; security",
    ]);
    assert_eq!(
        notification["entry"]["fields"]["recipients"],
        serde_json::json!(["repo owners", "security"])
    );
    let verification = bench.json(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "verification",
        "--actor",
        "bob",
        "--summary",
        "Old key refused",
        "--method",
        "git push with old key",
        "--result",
        "passed",
    ]);
    assert_eq!(verification["entry"]["fields"]["result"], "passed");
    let record = bench.record("NHI-2026-0001");
    let kinds: Vec<EntryKind> = record.entries.iter().map(|e| e.kind).collect();
    assert_eq!(kinds.len(), 6);
    let rotation = record
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::Rotation)
        .unwrap();
    assert_eq!(rotation.asset_id, Some(record.assets[0].asset.id));
}

#[test]
fn invalid_entry_input_names_the_field_and_writes_nothing() {
    let bench = Bench::with_case();
    bench.ok(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "note",
        "--actor",
        "bob",
        "--summary",
        "A note",
    ]);
    let note = bench.record("NHI-2026-0001").entries[0].id;
    let before = bench.state();
    let note_ref = note.to_string();
    let refusals: [(&[&str], &str); 7] = [
        (
            &["--kind", "rotatoin", "--actor", "bob", "--summary", "s"],
            "kind: `rotatoin` is not one of",
        ),
        (
            &["--kind", "note", "--actor", " ", "--summary", "s"],
            "actor: is required",
        ),
        (
            &[
                "--kind",
                "note",
                "--actor",
                "bob",
                "--summary",
                "s",
                "--at",
                "someday",
            ],
            "occurred-at: ",
        ),
        (
            &[
                "--kind",
                "approval_granted",
                "--actor",
                "c",
                "--summary",
                "s",
                "--covers",
                &note_ref,
            ],
            "approver: is required; covers: entry #",
        ),
        (
            &[
                "--kind",
                "verification",
                "--actor",
                "b",
                "--summary",
                "s",
                "--method",
                "m",
                "--result",
                "maybe",
            ],
            "result: `maybe` is not one of: passed, failed",
        ),
        (
            &["--kind", "notification", "--actor", "b", "--summary", "s"],
            "recipients: name at least one recipient",
        ),
        (
            &[
                "--kind",
                "rotation",
                "--actor",
                "b",
                "--summary",
                "s",
                "--asset",
                "nope",
            ],
            "asset: no asset `nope` is linked to NHI-2026-0001",
        ),
    ];
    for (extra, expected) in refusals {
        let mut args = vec!["entry", "add", "NHI-2026-0001"];
        args.extend_from_slice(extra);
        let err = bench.refused(&args);
        assert!(err.contains(expected), "{extra:?}: {err}");
    }
    let err = bench.refused(&[
        "entry",
        "add",
        "NHI-2026-0404",
        "--kind",
        "note",
        "--actor",
        "b",
        "--summary",
        "s",
    ]);
    assert!(err.contains("no case NHI-2026-0404"), "{err}");
    assert_eq!(bench.state(), before);
}

#[test]
fn assets_are_linked_created_and_unlinked() {
    let bench = Bench::with_case();
    bench.ok(&[
        "case",
        "add",
        "--ref",
        "NHI-2026-0002",
        "--title",
        "Same key elsewhere",
        "--category",
        "secret_leak",
    ]);
    let out = bench.ok(&[
        "asset",
        "link",
        "NHI-2026-0002",
        "--identifier",
        "SHA256:deploy",
        "--relation",
        "related",
    ]);
    assert_eq!(
        out,
        "asset SHA256:deploy (ssh_key, github) linked to NHI-2026-0002 as related\n"
    );
    let json = bench.json(&[
        "asset",
        "link",
        "NHI-2026-0002",
        "--new",
        "--kind",
        "access_key",
        "--name",
        "ci key",
        "--identifier",
        "AKIAEXAMPLE",
        "--provider",
        "aws",
        "--environment",
        "prod",
        "--owner",
        "platform",
    ]);
    assert_eq!(json["created"], true);
    assert_eq!(json["relation"], "affected");
    assert_eq!(json["asset"]["kind"], "access_key");
    assert_eq!(json["asset"]["environment"], "prod");
    let record = bench.record("NHI-2026-0002");
    let links: Vec<(&str, Relation)> = record
        .assets
        .iter()
        .map(|l| (l.asset.identifier.as_str(), l.relation))
        .collect();
    assert!(
        links.contains(&("SHA256:deploy", Relation::Related)),
        "{links:?}"
    );
    assert!(
        links.contains(&("AKIAEXAMPLE", Relation::Affected)),
        "{links:?}"
    );

    let before = bench.state();
    for (args, expected) in [
        (
            vec![
                "asset",
                "link",
                "NHI-2026-0002",
                "--identifier",
                "AKIAEXAMPLE",
            ],
            "already linked",
        ),
        (
            vec![
                "asset",
                "link",
                "NHI-2026-0002",
                "--identifier",
                "unknown-id",
            ],
            "identifier: no asset `unknown-id` in this store",
        ),
        (
            vec![
                "asset",
                "link",
                "NHI-2026-0002",
                "--identifier",
                "SHA256:deploy",
                "--provider",
                "gitlab",
            ],
            "identifier: no asset",
        ),
        (
            vec![
                "asset",
                "link",
                "NHI-2026-0002",
                "--new",
                "--identifier",
                "x",
                "--provider",
                "aws",
            ],
            "kind: is required with --new",
        ),
        (
            vec![
                "asset",
                "link",
                "NHI-2026-0002",
                "--new",
                "--kind",
                "robot",
                "--name",
                "n",
                "--identifier",
                "x",
                "--provider",
                "aws",
            ],
            "kind: `robot` is not one of",
        ),
        (
            vec![
                "asset",
                "link",
                "NHI-2026-0002",
                "--identifier",
                "x",
                "--relation",
                "cousin",
            ],
            "relation: `cousin`",
        ),
        (
            vec![
                "asset",
                "unlink",
                "NHI-2026-0001",
                "--identifier",
                "AKIAEXAMPLE",
            ],
            "identifier: no asset `AKIAEXAMPLE` is linked",
        ),
    ] {
        let err = bench.refused(&args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert_eq!(bench.state(), before);

    let out = bench.ok(&[
        "asset",
        "unlink",
        "NHI-2026-0002",
        "--identifier",
        "SHA256:deploy",
    ]);
    assert_eq!(
        out,
        "asset SHA256:deploy (github) unlinked from NHI-2026-0002\n"
    );
    assert_eq!(bench.record("NHI-2026-0002").assets.len(), 1);
    assert_eq!(
        bench.record("NHI-2026-0001").assets.len(),
        1,
        "the asset itself stays"
    );
}

#[test]
fn evidence_is_copied_in_with_its_hash() {
    let bench = Bench::with_case();
    let file = bench.sandbox.path("rotation.log");
    let bytes = b"2026-06-01T10:00Z rotated key SHA256:deploy\n\x00\xffbinary tail";
    std::fs::write(&file, bytes).unwrap();
    let digest = sha256_hex(bytes);
    let out = bench.ok(&[
        "evidence",
        "add",
        "NHI-2026-0001",
        "--file",
        file.to_str().unwrap(),
        "--kind",
        "rotation_log",
        "--title",
        "Rotation log",
        "--asset",
        "SHA256:deploy",
    ]);
    let id: i64 = out["evidence #".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        out,
        format!(
            "evidence #{id} added to NHI-2026-0001: Rotation log (rotation_log)\n  size {} bytes  sha256 {digest}\n",
            bytes.len()
        )
    );
    assert_eq!(bench.store().evidence_bytes(id).unwrap(), bytes);
    let record = bench.record("NHI-2026-0001");
    assert_eq!(record.evidence[0].media_type, "text/plain; charset=utf-8");
    assert_eq!(record.evidence[0].source.as_deref(), Some("rotation.log"));
    assert_eq!(record.evidence[0].collected_by, USER);
    assert_eq!(record.evidence[0].asset_id, Some(record.assets[0].asset.id));

    bench.ok(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "note",
        "--actor",
        "bob",
        "--summary",
        "Chat",
    ]);
    let entry = bench.record("NHI-2026-0001").entries[0].id;
    let json = bench.json(&[
        "evidence",
        "add",
        "NHI-2026-0001",
        "--text",
        "bob: key rotated",
        "--kind",
        "chat_export",
        "--title",
        "Chat excerpt",
        "--entry",
        &entry.to_string(),
        "--source",
        "#sec-incidents",
    ]);
    assert_eq!(json["evidence"]["sha256"], sha256_hex(b"bob: key rotated"));
    assert_eq!(json["evidence"]["size"], 16);
    assert_eq!(json["evidence"]["entry_id"], entry);
    assert_eq!(json["evidence"]["media_type"], "text/plain; charset=utf-8");
}

#[test]
fn evidence_over_the_configured_limit_or_invalid_writes_nothing() {
    let bench = Bench::with_case();
    let config = bench.sandbox.path("small.conf");
    std::fs::write(&config, "[evidence]\nmax_file_bytes = 16\n").unwrap();
    let big = bench.sandbox.path("big.bin");
    std::fs::write(&big, [7u8; 17]).unwrap();
    let before = bench.state();
    let cfg = config.to_str().unwrap();
    let big = big.to_str().unwrap();
    let missing = bench.sandbox.path("missing.txt");
    for (args, expected) in [
        (
            vec![
                "--config",
                cfg,
                "evidence",
                "add",
                "NHI-2026-0001",
                "--file",
                big,
                "--kind",
                "other",
                "--title",
                "t",
            ],
            "file: ",
        ),
        (
            vec![
                "--config",
                cfg,
                "evidence",
                "add",
                "NHI-2026-0001",
                "--text",
                "seventeen bytes!!",
                "--kind",
                "other",
                "--title",
                "t",
            ],
            "text: 17 bytes is over the evidence limit of 16 bytes",
        ),
        (
            vec![
                "evidence",
                "add",
                "NHI-2026-0001",
                "--file",
                missing.to_str().unwrap(),
                "--kind",
                "other",
                "--title",
                "t",
            ],
            "missing.txt: ",
        ),
        (
            vec![
                "evidence",
                "add",
                "NHI-2026-0001",
                "--text",
                "x",
                "--kind",
                "gossip",
                "--title",
                "t",
            ],
            "kind: `gossip` is not one of",
        ),
        (
            vec![
                "evidence",
                "add",
                "NHI-2026-0001",
                "--text",
                "x",
                "--kind",
                "other",
                "--title",
                "",
            ],
            "title: is required",
        ),
        (
            vec![
                "evidence",
                "add",
                "NHI-2026-0001",
                "--text",
                "x",
                "--kind",
                "other",
                "--title",
                "t",
                "--entry",
                "9999",
            ],
            "entry: NHI-2026-0001 has no entry #9999",
        ),
    ] {
        let err = bench.refused(&args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let err = bench.refused(&[
        "--config",
        cfg,
        "evidence",
        "add",
        "NHI-2026-0001",
        "--file",
        big,
        "--kind",
        "other",
        "--title",
        "t",
    ]);
    assert!(err.contains("is 17 bytes; the limit is 16 bytes"), "{err}");
    assert_eq!(bench.state(), before);
}

#[test]
fn closing_over_error_gaps_needs_confirmation() {
    let bench = Bench::with_case();
    bench.ok(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "rotation",
        "--actor",
        "bob",
        "--summary",
        "Rotated",
        "--asset",
        "SHA256:deploy",
    ]);
    let before = bench.state();
    let err = bench.refused(&["case", "close", "NHI-2026-0001", "--note", "Done"]);
    assert!(
        err.starts_with("nhitrace: case NHI-2026-0001 still has"),
        "{err}"
    );
    assert!(err.contains("--confirm"), "{err}");
    assert!(err.contains("\n  NT002  "), "unverified fix named: {err}");
    assert!(err.contains("still has 1 error-level gap(s)"), "{err}");
    assert_eq!(bench.state(), before);
    assert!(
        bench
            .refused(&["case", "close", "NHI-2026-0001", "--note", "  "])
            .contains("note: is required")
    );
    assert_eq!(bench.state(), before);

    let out = bench.ok(&[
        "case",
        "close",
        "NHI-2026-0001",
        "--note",
        "Accepted risk",
        "--confirm",
        "--at",
        "2026-06-02 08:00",
    ]);
    assert!(
        out.starts_with("case NHI-2026-0001 closed at 2026-06-02 08:00 UTC (entry #"),
        "{out}"
    );
    assert!(
        out.contains("closed over 1 error-level gap(s):\n  NT002"),
        "{out}"
    );
    let record = bench.record("NHI-2026-0001");
    assert_eq!(record.case.status, CaseStatus::Closed);
    assert_eq!(record.case.closing_note.as_deref(), Some("Accepted risk"));
    let closing = record
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::Closed)
        .unwrap();
    assert_eq!(closing.actor, USER);
    assert_eq!(closing.summary, "Accepted risk");
    assert_eq!(Some(closing.occurred_at), record.case.closed_at);
    let err = bench.refused(&["case", "close", "NHI-2026-0001", "--note", "again"]);
    assert!(err.contains("already closed"), "{err}");

    bench.ok(&[
        "case",
        "add",
        "--ref",
        "AUTH-1",
        "--title",
        "Token refused",
        "--category",
        "auth_failure",
        "--reporter",
        "ops",
    ]);
    let err = bench.refused(&["case", "close", "AUTH-1", "--note", "Works again"]);
    assert!(err.contains("\n  NT004  no asset linked"), "{err}");
}

#[test]
fn a_case_from_report_to_verified_closure_through_the_cli() {
    let bench = Bench::with_case();
    let add = |kind: &str, actor: &str, at: &str, summary: &str, extra: &[&str]| -> i64 {
        let mut args = vec![
            "entry",
            "add",
            "NHI-2026-0001",
            "--kind",
            kind,
            "--actor",
            actor,
            "--summary",
            summary,
            "--at",
            at,
        ];
        args.extend_from_slice(extra);
        bench.json(&args)["entry"]["id"].as_i64().unwrap()
    };
    add(
        "reported",
        "alice",
        "2026-06-01 09:12",
        "Key found in public repo",
        &["--channel", "chat"],
    );
    add(
        "triaged",
        "dave",
        "2026-06-01 09:20",
        "Confirmed live key",
        &[],
    );
    bench.ok(&[
        "case",
        "set",
        "NHI-2026-0001",
        "--status",
        "remediating",
        "--owner",
        "dave",
        "--reviewer",
        "carol",
    ]);
    add(
        "rotation",
        "bob",
        "2026-06-01 10:00",
        "Rotated the deploy key",
        &["--asset", "SHA256:deploy"],
    );
    let change = add(
        "change_applied",
        "bob",
        "2026-06-01 10:05",
        "Removed the key from the repo",
        &[],
    );
    add(
        "approval_granted",
        "carol",
        "2026-06-01 09:50",
        "Approved removal",
        &["--approver", "carol", "--covers", &change.to_string()],
    );
    add(
        "notification",
        "bob",
        "2026-06-01 10:20",
        "Told the owners",
        &["--recipients", "repo owners, security"],
    );
    let verification = add(
        "verification",
        "dave",
        "2026-06-01 10:30",
        "Old key refused",
        &["--method", "push with old key", "--result", "passed"],
    );
    bench.ok(&[
        "evidence",
        "add",
        "NHI-2026-0001",
        "--text",
        "ERROR: Permission denied (publickey)",
        "--kind",
        "verification_proof",
        "--title",
        "Push refused",
        "--entry",
        &verification.to_string(),
    ]);
    bench.ok(&[
        "case",
        "set",
        "NHI-2026-0001",
        "--status",
        "verifying",
        "--root-cause",
        "leaked_secret",
    ]);
    let out = bench.ok(&[
        "case",
        "close",
        "NHI-2026-0001",
        "--note",
        "Key rotated, removed, owners told, old key refused",
        "--at",
        "2026-06-01 11:00",
    ]);
    assert!(!out.contains("closed over"), "{out}");

    let verify = bench.ok(&["verify"]);
    assert!(
        verify.ends_with("verified: every check passed\n"),
        "{verify}"
    );
    let check = bench.run(&["check", "--case", "NHI-2026-0001"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        crate::support::harness::stdout(&check)
    );
    assert!(
        crate::support::harness::stdout(&check).starts_with("1 cases checked: 0 with gaps"),
        "{}",
        crate::support::harness::stdout(&check)
    );
}

#[test]
fn store_errors_exit_2_on_one_line_and_touch_nothing() {
    let bench = Bench::new();
    let err = bench.refused(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "note",
        "--actor",
        "b",
        "--summary",
        "s",
    ]);
    assert!(
        err.starts_with("nhitrace: ") && err.contains("no such store"),
        "{err}"
    );
    assert!(!bench.db.exists(), "only `case add` creates a store");
    std::fs::write(&bench.db, b"not a database, just notes\n").unwrap();
    for args in [
        vec!["case", "add", "--title", "t", "--category", "other"],
        vec![
            "evidence",
            "add",
            "NHI-2026-0001",
            "--text",
            "x",
            "--kind",
            "other",
            "--title",
            "t",
        ],
    ] {
        let err = bench.refused(&args);
        assert!(
            err.contains("not a nhitrace store") || err.contains("not a database"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert_eq!(
        std::fs::read(&bench.db).unwrap(),
        b"not a database, just notes\n"
    );
}
