//! The reveal key: an evidence record shows its secrets unmasked only after the
//! reveal is written to the audit log (who, when, which evidence); a read-only
//! session can reveal when the store file is writable for that row, and says why not
//! otherwise.

use crate::support::cli::Bench;
use crate::support::harness::pty::{PtyApp, release_binary};
use crate::support::tmpfs::Tmpfs;
use nhitrace::store::{OpenMode, Store, StoreError};

const SECRET: &str = "AKIAIOSFODNN7EXAMPLE";

fn bench_with_secret() -> Bench {
    let bench = Bench::with_case();
    bench.ok(&[
        "evidence",
        "add",
        "NHI-2026-0001",
        "--kind",
        "log_excerpt",
        "--title",
        "leak",
        "--text",
        &format!("key {SECRET} in the repo\n"),
    ]);
    bench
}

fn reveals(bench: &Bench) -> Vec<(String, String)> {
    let store = Store::open(&bench.db, OpenMode::ReadOnly).unwrap();
    let id = store.case_id_by_ref("NHI-2026-0001").unwrap().unwrap();
    store
        .case_history(id)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "reveal_evidence")
        .map(|e| (e.os_user, e.entity))
        .collect()
}

fn start(bench: &Bench, read_only: bool) -> PtyApp {
    let root = bench.sandbox.dir.path();
    let (data, config) = (root.join("data"), root.join("config"));
    let mut args = vec!["--db", bench.db.to_str().unwrap()];
    if read_only {
        args.push("--read-only");
    }
    PtyApp::spawn(
        &release_binary(),
        &args,
        &[
            ("HOME", root),
            ("XDG_DATA_HOME", &data),
            ("XDG_CONFIG_HOME", &config),
            ("TMPDIR", root),
            ("USER", std::path::Path::new("analyst")),
        ],
        120,
        40,
    )
}

#[test]
fn the_reveal_key_shows_the_secret_and_audits_it_also_read_only() {
    for read_only in [false, true] {
        let bench = bench_with_secret();
        let mut app = start(&bench, read_only);
        app.wait_for("Evidence");
        app.send("4");
        app.send("\r");
        let masked = app.wait_for("AKIA…MPLE");
        assert!(!masked.contains(SECRET), "{masked}");
        app.send("m");
        let shown = app.wait_for(SECRET);
        assert!(shown.contains("audit log"), "{shown}");
        app.send("\x1b");
        // Apart, or the terminal reads ESC q as Alt-q.
        std::thread::sleep(std::time::Duration::from_millis(300));
        app.send("q");
        assert_eq!(app.wait_exit(), 0);
        let rows = reveals(&bench);
        assert_eq!(rows.len(), 1, "read_only={read_only}: {rows:?}");
        assert_eq!(rows[0].0, "analyst");
        assert!(rows[0].1.starts_with("evidence:"), "{rows:?}");
        let verify = bench.run(&["verify"]);
        assert!(verify.status.success(), "the chain breaks after a reveal");
    }
}

#[test]
fn the_reveal_key_comes_from_the_key_map_which_the_help_lists() {
    use nhitrace::tui::{Action, KeyMap};
    let keymap = KeyMap::default_map().unwrap();
    let chord = nhitrace::tui::KeyChord::parse("m").unwrap();
    assert_eq!(keymap.action_for(chord), Some(Action::RevealSecrets));
    // The help screen is generated from these bindings.
    let binding = keymap
        .bindings()
        .iter()
        .find(|b| b.command.name == "reveal")
        .unwrap();
    assert!(
        binding.command.help.contains("unmasked"),
        "{:?}",
        binding.command
    );
}

#[test]
fn a_read_only_session_on_an_unwritable_file_says_why_it_cannot_reveal() {
    let bench = bench_with_secret();
    let Some(disk) = Tmpfs::mount("4m") else {
        eprintln!("skipped: cannot mount a tmpfs to make an unwritable store file");
        return;
    };
    let db = disk.path().join("trail.db");
    std::fs::copy(&bench.db, &db).unwrap();
    // A WAL store on read-only media is readable when its -wal and -shm files exist.
    for suffix in ["-wal", "-shm"] {
        let side = format!("{}{suffix}", bench.db.display());
        if std::path::Path::new(&side).exists() {
            std::fs::copy(&side, format!("{}{suffix}", db.display())).unwrap();
        }
    }
    if !disk.remount_read_only() {
        eprintln!("skipped: cannot remount the tmpfs read-only");
        return;
    }
    let mut store = Store::open(&db, OpenMode::ReadOnly).unwrap();
    let evidence = store.all_records().unwrap()[0].evidence[0].id;
    let err = store
        .record_reveal(evidence, chrono::Utc::now())
        .unwrap_err();
    assert!(matches!(err, StoreError::RevealNotAudited { .. }), "{err}");
    assert!(err.to_string().contains("not writable"), "{err}");
}
