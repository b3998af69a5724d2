//! One write form end to end: the release binary in a pseudo-terminal on the demo
//! store, a note added to a case through the add-entry form, then the store read back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::harness::Sandbox;
use crate::support::harness::pty::{PtyApp, release_binary};
use nhitrace::domain::EntryKind;
use nhitrace::store::{OpenMode, Store};

#[test]
fn add_a_note_through_the_form_and_find_it_in_the_store() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo_store();
    let root = sandbox.dir.path();
    let (data, config) = (root.join("data"), root.join("config"));
    let mut app = PtyApp::spawn(
        &release_binary(),
        &["--db", path.to_str().unwrap()],
        &[
            ("HOME", root),
            ("XDG_DATA_HOME", &data),
            ("XDG_CONFIG_HOME", &config),
            ("TMPDIR", root),
        ],
        80,
        24,
    );
    app.wait_for("Cases");
    let reference = {
        let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
        store.case_summaries().unwrap()[0].reference.clone()
    };

    // `a` opens the add-entry form on the selected (first) case; the kind is `note`.
    app.send("a");
    app.wait_for(&format!("Add entry to {reference}"));
    app.send("\t\t");
    app.send("pty-analyst");
    app.send("\t\t");
    // Pasted text arrives as one bracketed paste; its line break becomes a space.
    app.send("\x1b[200~Vendor confirmed\r\nkey revoked upstream\x1b[201~");
    app.wait_for("Vendor confirmed key revoked upstream");
    app.send("\x13"); // Ctrl-s
    app.wait_gone("Add entry to");
    let screen = app.wait_for("entry #");
    assert!(screen.contains("note"), "{screen}");
    // The new note is the newest row of the timeline (cells are cut at 80 columns).
    let screen = app.wait_for("Vendor confi");
    assert!(screen.contains("note         pty-an"), "{screen}");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);

    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let id = store.case_id_by_ref(&reference).unwrap().unwrap();
    let record = store.case_record(id).unwrap();
    let note = record
        .entries
        .iter()
        .find(|e| e.summary == "Vendor confirmed key revoked upstream")
        .expect("the note is stored");
    assert_eq!(note.kind, EntryKind::Note);
    assert_eq!(note.actor, "pty-analyst");
    let history = store.case_history(id).unwrap();
    let row = history
        .iter()
        .find(|row| row.entity == format!("entry:{}", note.id))
        .expect("the write has its audit row");
    assert_eq!(row.action, "add_entry");
    assert!(row.change.contains("Vendor confirmed key revoked upstream"));
    assert!(store.verify().unwrap().first_bad_row.is_none());
}

/// The "Import events" form end to end: `I` on the first case, a CloudTrail fixture
/// picked in the listing, the preview read, Enter to import, the entries on the
/// timeline, and `verify` passing on the store afterwards.
#[test]
fn import_events_through_the_form_and_verify() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo_store();
    let root = sandbox.dir.path();
    let (data, config) = (root.join("data"), root.join("config"));
    let fixtures = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/events/cloudtrail"
    );
    let mut app = PtyApp::spawn(
        &release_binary(),
        &["--db", path.to_str().unwrap()],
        &[
            ("HOME", root),
            ("XDG_DATA_HOME", &data),
            ("XDG_CONFIG_HOME", &config),
            ("TMPDIR", root),
        ],
        80,
        24,
    );
    app.wait_for("Cases");
    let (reference, before) = {
        let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
        let reference = store.case_summaries().unwrap()[0].reference.clone();
        let id = store.case_id_by_ref(&reference).unwrap().unwrap();
        (reference, store.case_record(id).unwrap().entries.len())
    };
    app.send("I");
    app.wait_for(&format!("Import events · {reference} · pick files"));
    app.send("\x15"); // Ctrl-u: an empty path line
    app.send(fixtures);
    app.send("\r");
    app.wait_for("trust-anchors.json");
    app.send("\x1b[B"); // Down: ../ → key-leak.json
    app.send(" ");
    app.wait_for("Marked  1: key-leak.json");
    app.send("\x13"); // Ctrl-s: preview
    let screen = app.wait_for("· preview");
    assert!(
        screen.contains("1 file · 9 events → 7 entries to add (0 already on this case)"),
        "{screen}"
    );
    assert!(
        screen.contains("5 change_applied, 2 revocation"),
        "{screen}"
    );
    app.send("\r"); // import
    app.wait_gone("Import events ·");
    app.wait_for("imported 7 entries");
    // The imported entries are on the timeline (June, before the demo's own).
    app.wait_for("06-03 08:00 revocation");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);

    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let id = store.case_id_by_ref(&reference).unwrap().unwrap();
    assert_eq!(store.case_record(id).unwrap().entries.len(), before + 7);
    drop(store);
    let out = sandbox.run(&["--db", path.to_str().unwrap(), "verify"]);
    assert!(
        out.status.success(),
        "{}",
        crate::support::harness::stdout(&out)
    );
}
