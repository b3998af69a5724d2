//! Several writers on one store at once: every write lands, the chain stays linear,
//! and nobody sees "database is locked".
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::store::case;
use nhitrace::store::{OpenMode, Store};

const WRITES: usize = 250;
const CHILD_STORE: &str = "NHITRACE_TEST_CHILD_STORE";
const CHILD_PREFIX: &str = "NHITRACE_TEST_CHILD_PREFIX";

/// `WRITES` separate write transactions, each adding one case.
fn write_cases(path: &Path, prefix: &str) {
    let mut store = Store::open(path, OpenMode::ReadWrite).unwrap();
    for n in 0..WRITES {
        store
            .write(|w| w.insert_case(&mut case(&format!("{prefix}-{n:04}"))))
            .unwrap_or_else(|err| panic!("{prefix} write {n}: {err}"));
    }
}

fn assert_all_present_and_linear(path: &Path, writers: usize) {
    let store = Store::open(path, OpenMode::ReadOnly).unwrap();
    assert_eq!(store.case_summaries().unwrap().len(), writers * WRITES);
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.audit_entries, (writers * WRITES) as u64);
}

#[test]
fn two_threads_write_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    Store::open(&path, OpenMode::CreateNew).unwrap();
    let writers: Vec<_> = ["A", "B"]
        .into_iter()
        .map(|prefix| {
            let path: PathBuf = path.clone();
            std::thread::spawn(move || write_cases(&path, prefix))
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    assert_all_present_and_linear(&path, 2);
}

#[test]
fn two_processes_write_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    // No store yet: both processes race to create and migrate it.
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = ["P", "Q"]
        .into_iter()
        .map(|prefix| {
            Command::new(&exe)
                .args([
                    "--exact",
                    "store_concurrency::child_writer",
                    "--ignored",
                    "--nocapture",
                ])
                .env(CHILD_STORE, &path)
                .env(CHILD_PREFIX, prefix)
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    assert_all_present_and_linear(&path, 2);
}

/// The body of one writer process in `two_processes_write_at_once`.
#[test]
#[ignore = "run as a child process by two_processes_write_at_once"]
fn child_writer() {
    let (Ok(path), Ok(prefix)) = (std::env::var(CHILD_STORE), std::env::var(CHILD_PREFIX)) else {
        return;
    };
    write_cases(Path::new(&path), &prefix);
}
