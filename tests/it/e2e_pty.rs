//! The release binary in a pseudo-terminal on the demo store: keys typed as a user
//! would, the screen read back through a terminal emulator.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::harness::Sandbox;
use crate::support::harness::pty::{PtyApp, release_binary};

fn demo_refs() -> Vec<String> {
    let mut refs: Vec<String> = nhitrace::demo::records()
        .unwrap()
        .into_iter()
        .map(|(record, _)| record.case.reference)
        .collect();
    refs.sort();
    refs
}

fn start(sandbox: &Sandbox, args: &[&str], cols: u16, rows: u16) -> PtyApp {
    let root = sandbox.dir.path();
    let data = root.join("data");
    let config = root.join("config");
    PtyApp::spawn(
        &release_binary(),
        args,
        &[
            ("HOME", root),
            ("XDG_DATA_HOME", &data),
            ("XDG_CONFIG_HOME", &config),
            ("TMPDIR", root),
        ],
        cols,
        rows,
    )
}

#[test]
fn navigate_open_a_record_close_it_and_quit() {
    let sandbox = Sandbox::new();
    let store = sandbox.demo_store();
    let refs = demo_refs();
    let mut app = start(&sandbox, &["--db", store.to_str().unwrap()], 80, 24);

    let screen = app.wait_for("Cases");
    assert!(
        app.alternate_screen(),
        "the app draws on the alternate screen"
    );
    assert!(
        screen.contains(&refs[0][4..]),
        "first case listed:\n{screen}"
    );

    // Move down the list: the second case becomes the selected one.
    app.send("j");
    app.wait_for(&refs[1]);

    // Switch to the timeline pane and open the selected entry's full record.
    app.send("\t");
    app.send("\r");
    let heading = format!("reported · {}", refs[1]);
    let record = app.wait_for(&heading);
    assert!(record.contains("Timeline entry #"), "{record}");
    assert!(
        record.contains("occurred") && record.contains("recorded"),
        "{record}"
    );

    // Close it: the four panes are back; then quit.
    app.send("\x1b");
    app.wait_until(
        "the record to close and the four panes to be back",
        |screen| {
            !screen.contains(&heading) && screen.contains("Assets") && screen.contains("Evidence")
        },
    );
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
}

#[test]
fn a_too_small_terminal_gets_a_message_and_quits_cleanly() {
    let sandbox = Sandbox::new();
    let store = sandbox.demo_store();
    let mut app = start(&sandbox, &["--db", store.to_str().unwrap()], 40, 10);
    let screen = app.wait_for("too small");
    assert!(screen.contains("40×10"), "{screen}");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
}

#[test]
fn the_demo_flag_opens_a_temporary_copy_and_removes_it_on_quit() {
    let sandbox = Sandbox::new();
    let mut app = start(&sandbox, &["--demo"], 200, 50);
    let screen = app.wait_for("Cases 15");
    assert!(screen.contains("NHI-2026-0031"), "{screen}");
    let copies = || {
        std::fs::read_dir(sandbox.dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("nhitrace-demo-")
            })
            .count()
    };
    assert_eq!(copies(), 1, "the demo copy lives in TMPDIR while open");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    assert_eq!(copies(), 0, "and is removed on quit");
}
