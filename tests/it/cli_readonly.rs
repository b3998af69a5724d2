//! `--read-only` refuses every CLI write before touching anything: the directory
//! listing and every file's bytes stay as they were, and no store is created.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::cli::{Bench, snapshot};

/// One invocation of every write command, each valid apart from `--read-only`.
fn every_write(evidence_file: &str) -> Vec<Vec<&str>> {
    vec![
        vec!["case", "add", "--title", "t", "--category", "other"],
        vec!["case", "set", "NHI-2026-0001", "--owner", "dave"],
        vec![
            "case",
            "close",
            "NHI-2026-0001",
            "--note",
            "done",
            "--confirm",
        ],
        vec![
            "entry",
            "add",
            "NHI-2026-0001",
            "--kind",
            "note",
            "--actor",
            "bob",
            "--summary",
            "s",
        ],
        vec![
            "asset",
            "link",
            "NHI-2026-0001",
            "--new",
            "--kind",
            "role",
            "--name",
            "n",
            "--identifier",
            "r",
            "--provider",
            "aws",
        ],
        vec![
            "asset",
            "unlink",
            "NHI-2026-0001",
            "--identifier",
            "SHA256:deploy",
        ],
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
        vec![
            "evidence",
            "add",
            "NHI-2026-0001",
            "--file",
            evidence_file,
            "--kind",
            "other",
            "--title",
            "t",
        ],
    ]
}

#[test]
fn read_only_refuses_every_write_and_changes_no_byte() {
    let bench = Bench::with_case();
    let file = bench.sandbox.path("proof.txt");
    std::fs::write(&file, "proof").unwrap();
    let state = bench.state();
    let before = snapshot(bench.sandbox.dir.path());
    for args in every_write(file.to_str().unwrap()) {
        let mut with_flag = vec!["--read-only"];
        with_flag.extend(&args);
        let err = bench.refused(&with_flag);
        assert!(
            err.starts_with("nhitrace: the store is open read-only; "),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        // The flag may also come after the command.
        let mut after = args.clone();
        after.push("--read-only");
        assert!(bench.refused(&after).contains("read-only"), "{args:?}");
    }
    assert_eq!(snapshot(bench.sandbox.dir.path()), before);
    assert_eq!(bench.state(), state);
    // Reading still works on the same store, and changes neither the store nor its
    // log. (SQLite readers of a WAL store share the -shm index, which they may
    // rewrite; it holds no data.)
    assert_eq!(bench.run(&["--read-only", "verify"]).status.code(), Some(0));
    let check = bench.run(&["--read-only", "check"]);
    assert!(
        check.status.code().is_some_and(|c| c <= 1),
        "{}",
        crate::support::harness::stderr(&check)
    );
    let without_index = |files: Vec<(String, usize, String)>| {
        files
            .into_iter()
            .map(|(name, size, hash)| {
                if name.ends_with("-shm") {
                    (name, size, String::new())
                } else {
                    (name, size, hash)
                }
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        without_index(snapshot(bench.sandbox.dir.path())),
        without_index(before)
    );
}

#[test]
fn read_only_creates_no_store_and_no_directory() {
    let bench = Bench::new();
    let before = snapshot(bench.sandbox.dir.path());
    let err = bench.refused(&[
        "--read-only",
        "case",
        "add",
        "--title",
        "t",
        "--category",
        "other",
    ]);
    assert!(err.contains("read-only"), "{err}");
    assert!(!bench.db.exists());
    // Without --db either: the default data directory is not created.
    let out = bench
        .sandbox
        .command()
        .args([
            "--read-only",
            "case",
            "add",
            "--title",
            "t",
            "--category",
            "other",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(snapshot(bench.sandbox.dir.path()), before);
}
