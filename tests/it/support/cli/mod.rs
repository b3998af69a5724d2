//! Shared by the CLI write tests: run `nhitrace` against a store in a sandbox, as a
//! known OS user in UTC, and read back what the store holds.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nhitrace::domain::CaseRecord;
use nhitrace::store::{OpenMode, Store};
use sha2::{Digest, Sha256};

use crate::support::harness::{Sandbox, stderr, stdout};

/// The OS user the tests write as.
pub const USER: &str = "analyst";

/// A sandbox with a store path in it.
pub struct Bench {
    pub sandbox: Sandbox,
    pub db: PathBuf,
}

impl Bench {
    pub fn new() -> Bench {
        let sandbox = Sandbox::new();
        let db = sandbox.path("trail.db");
        Bench { sandbox, db }
    }

    /// `nhitrace --db <store> ARGS...`, as [`USER`], in UTC.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = self.sandbox.command();
        cmd.env("USER", USER)
            .env("LOGNAME", USER)
            .env("TZ", "UTC")
            .arg("--db")
            .arg(&self.db)
            .args(args);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run nhitrace")
    }

    /// Run and insist on exit 0; returns standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}\nstdout: {}\nstderr: {}",
            stdout(&out),
            stderr(&out)
        );
        assert!(stderr(&out).is_empty(), "{}", stderr(&out));
        stdout(&out)
    }

    /// Run and insist on exit 2 with nothing on standard output; returns standard error.
    pub fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}\nstdout: {}\nstderr: {}",
            stdout(&out),
            stderr(&out)
        );
        assert!(stdout(&out).is_empty(), "{}", stdout(&out));
        stderr(&out)
    }

    /// Run with `--format json` and parse what it printed.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        serde_json::from_str(&self.ok(&args)).unwrap()
    }

    /// A store holding one secret-leak case, NHI-2026-0001, with one linked key.
    pub fn with_case() -> Bench {
        let bench = Bench::new();
        bench.ok(&[
            "case",
            "add",
            "--ref",
            "NHI-2026-0001",
            "--title",
            "Deploy key leaked in public repo",
            "--category",
            "secret_leak",
            "--severity",
            "high",
            "--reporter",
            "alice",
            "--opened-at",
            "2026-06-01 09:12",
        ]);
        bench.ok(&[
            "asset",
            "link",
            "NHI-2026-0001",
            "--new",
            "--kind",
            "ssh_key",
            "--name",
            "deploy key",
            "--identifier",
            "SHA256:deploy",
            "--provider",
            "github",
        ]);
        bench
    }

    pub fn store(&self) -> Store {
        Store::open(&self.db, OpenMode::ReadOnly).unwrap()
    }

    pub fn record(&self, reference: &str) -> CaseRecord {
        let store = self.store();
        let id = store.case_id_by_ref(reference).unwrap().unwrap();
        store.case_record(id).unwrap()
    }

    /// What the store holds, coarsely: the chain head and the number of cases.
    pub fn state(&self) -> ((u64, String), usize) {
        let store = self.store();
        (
            store.chain_head().unwrap(),
            store.case_summaries().unwrap().len(),
        )
    }
}

/// Every file in `dir` with its size and SHA-256 (directories with 0 and ""), by name.
pub fn snapshot(dir: &Path) -> Vec<(String, usize, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().unwrap().is_file() {
                let bytes = std::fs::read(entry.path()).unwrap();
                let digest = Sha256::digest(&bytes);
                let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
                (name, bytes.len(), hex)
            } else {
                (name, 0, String::new())
            }
        })
        .collect();
    files.sort();
    files
}
