//! The "Import events" form driven through the key map and `update`, effects settled
//! against a real temp store: open it on a case, pick fixture files in the listing,
//! the preview's exact counts and first entries, the write through the application
//! layer and the case reloaded; a bad file refused with the CLI's message and the
//! store left byte-identical; the read-only refusal; snapshots of the preview.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

use crate::support::forms::Session;
use crate::support::harness::file_bytes;
use crate::support::screen::screen;
use nhitrace::domain::{AssetKind, EntryKind, EvidenceKind, Relation};
use nhitrace::store::OpenMode;
use nhitrace::tui::import_form::{ImportAction, ImportForm, Step};
use nhitrace::tui::{Action, Effect, WriteSettings};
use ratatui::crossterm::event::KeyCode;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/events");
const CASE: &str = "NHI-2026-0042";

/// A session on the fixture store, imports allowed up to 1 MiB a file, case 0042
/// selected.
fn session(mode: OpenMode) -> Session {
    let mut s = Session::open(mode);
    let writes = s.app.write_settings().clone();
    s.app.set_write_settings(WriteSettings {
        evidence_max_bytes: 1 << 20,
        ..writes
    });
    s.select(CASE);
    s
}

fn form(s: &Session) -> &ImportForm {
    s.app.import_form().expect("the import form is open")
}

/// `I`, then the path line cleared and `dir` typed and listed.
fn open_in(s: &mut Session, dir: &str) {
    s.key(KeyCode::Char('I'));
    assert!(s.app.import_form().is_some(), "I opens the form");
    s.key(KeyCode::Up); // from the first row of the listing to the path
    for _ in 0..form(s).path.chars().count() {
        s.key(KeyCode::Backspace);
    }
    s.type_text(&format!("{FIXTURES}/{dir}"));
    s.key(KeyCode::Enter);
    assert_eq!(form(s).dir, PathBuf::from(format!("{FIXTURES}/{dir}")));
}

/// Move the cursor to the file `name` and mark it with Space.
fn mark(s: &mut Session, name: &str) {
    let row = form(s)
        .items()
        .iter()
        .position(|i| i.name == name)
        .unwrap_or_else(|| panic!("no {name} in the listing"));
    while form(s).cursor > row {
        s.key(KeyCode::Up);
    }
    while form(s).cursor < row {
        s.key(KeyCode::Down);
    }
    s.key(KeyCode::Char(' '));
}

#[test]
fn pick_preview_and_import_a_cloudtrail_file() {
    let mut s = session(OpenMode::ReadWrite);
    open_in(&mut s, "cloudtrail");
    let names: Vec<&str> = form(&s).items().iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "..",
            "key-leak.json",
            "lookup-events.json",
            "roles.jsonl",
            "roles.jsonl.gz",
            "trust-anchors.json"
        ]
    );
    mark(&mut s, "key-leak.json");
    assert_eq!(
        form(&s).marked,
        [PathBuf::from(format!(
            "{FIXTURES}/cloudtrail/key-leak.json"
        ))]
    );
    s.ctrl('s');
    let Step::Preview(preview) = &form(&s).step else {
        panic!("expected the preview, got {:?}", form(&s).step);
    };
    assert_eq!(preview.files.len(), 1);
    let file = &preview.files[0];
    assert_eq!(file.name, "key-leak.json");
    assert_eq!(file.source.as_str(), "cloudtrail");
    assert_eq!((file.events, file.entries), (9, 7));
    assert_eq!(
        file.kinds,
        [(EntryKind::ChangeApplied, 5), (EntryKind::Revocation, 2)]
    );
    assert_eq!((file.skipped.read_only, file.skipped.unmapped), (1, 1));
    assert_eq!(preview.already, Some(0));
    assert_eq!(preview.to_add(), 7);
    let first: Vec<(String, EntryKind)> = preview
        .first
        .iter()
        .map(|e| (e.occurred_at.to_rfc3339(), e.kind))
        .collect();
    assert_eq!(
        first[..3],
        [
            (
                "2026-06-01T09:12:00+00:00".to_string(),
                EntryKind::ChangeApplied
            ),
            (
                "2026-06-01T09:15:30+00:00".to_string(),
                EntryKind::ChangeApplied
            ),
            (
                "2026-06-02T10:01:00+00:00".to_string(),
                EntryKind::ChangeApplied
            ),
        ]
    );
    let assets: Vec<(&str, AssetKind, &str)> = preview
        .assets
        .iter()
        .map(|a| (a.provider.as_str(), a.kind, a.identifier.as_str()))
        .collect();
    assert_eq!(
        assets,
        [
            ("aws", AssetKind::AccessKey, "AKIAQNHITRACE7LEAK01"),
            (
                "aws",
                AssetKind::ServiceAccount,
                "arn:aws:iam::210987654321:user/svc-deploy"
            ),
        ]
    );

    // Confirm: one write through the application layer; the form closes and the
    // case is reloaded with the new entries, assets and evidence.
    let id = s.case_id(CASE);
    let before = s.store.case_record(id).unwrap();
    s.key(KeyCode::Enter);
    assert!(s.app.import_form().is_none(), "the form closes");
    assert_eq!(
        s.app.status(),
        Some("imported 7 entries (0 already imported), 2 assets linked")
    );
    let stored = s.store.case_record(id).unwrap();
    assert_eq!(stored.entries.len(), before.entries.len() + 7);
    let added: Vec<_> = stored
        .entries
        .iter()
        .filter(|e| !before.entries.iter().any(|b| b.id == e.id))
        .collect();
    let kinds = |k| added.iter().filter(|e| e.kind == k).count();
    assert_eq!(kinds(EntryKind::ChangeApplied), 5);
    assert_eq!(kinds(EntryKind::Revocation), 2);
    let evidence = stored.evidence.last().unwrap();
    assert_eq!(evidence.kind, EvidenceKind::LogExcerpt);
    assert!(
        evidence.title.contains("key-leak.json"),
        "{}",
        evidence.title
    );
    assert!(stored.assets.iter().any(|a| {
        a.asset.identifier == "AKIAQNHITRACE7LEAK01" && a.relation == Relation::Affected
    }));
    // The screen shows what the store holds.
    assert_eq!(
        s.app.record(),
        Some(&s.store.case_record_rehashed(id).unwrap())
    );
    assert!(s.effects.iter().any(|e| matches!(
        e,
        Effect::Import(nhitrace::tui::import_form::ImportEffect::Write(_))
    )));

    // The same file again: the preview says every event is already on the case,
    // and writing it adds nothing.
    open_in(&mut s, "cloudtrail");
    mark(&mut s, "key-leak.json");
    s.key(KeyCode::Tab); // source
    s.key(KeyCode::Enter); // Enter on the source previews
    let Step::Preview(preview) = &form(&s).step else {
        panic!("expected the preview");
    };
    assert_eq!((preview.already, preview.to_add()), (Some(7), 0));
    s.ctrl('s');
    assert_eq!(
        s.app.status(),
        Some("imported 0 entries (7 already imported), 0 assets linked")
    );
    assert_eq!(
        s.store.case_record(id).unwrap().entries.len(),
        stored.entries.len()
    );
    assert!(s.store.verify().unwrap().first_bad_row.is_none());
}

#[test]
fn a_bad_file_is_named_and_nothing_is_written() {
    let mut s = session(OpenMode::ReadWrite);
    let db = s.dir.path().join("cases.db");
    let wal = s.dir.path().join("cases.db-wal");
    let bytes = |p: &PathBuf| {
        if p.exists() {
            file_bytes(p)
        } else {
            Vec::new()
        }
    };
    let before = (bytes(&db), bytes(&wal));
    open_in(&mut s, "cloudtrail");
    mark(&mut s, "key-leak.json");
    open_in_keep(&mut s, "bad");
    mark(&mut s, "missing-time.json");
    assert_eq!(
        form(&s).marked.len(),
        2,
        "marks are kept across directories"
    );
    s.ctrl('s');
    let Step::Refused(errors) = &form(&s).step else {
        panic!("expected the errors, got {:?}", form(&s).step);
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0],
        format!(
            "{FIXTURES}/bad/missing-time.json: event 2 (id c7a1e0de-0000-4000-8000-000000000002): eventTime: is missing"
        )
    );
    // Confirm is refused; Esc goes back to the files with the marks kept.
    s.key(KeyCode::Enter);
    assert!(matches!(form(&s).step, Step::Refused(_)));
    assert!(
        form(&s)
            .notice
            .as_deref()
            .unwrap()
            .starts_with("nothing can be imported")
    );
    assert!(!s.effects.iter().any(|e| matches!(
        e,
        Effect::Import(nhitrace::tui::import_form::ImportEffect::Write(_))
    )));
    s.key(KeyCode::Esc);
    assert_eq!(form(&s).step, Step::Pick);
    assert_eq!(form(&s).marked.len(), 2);
    s.key(KeyCode::Esc);
    assert!(s.app.import_form().is_none(), "Esc closes the form");
    drop(s.store);
    assert!(
        before == (bytes(&db), bytes(&wal)),
        "the store is byte-identical"
    );
}

/// Like [`open_in`] with the form already open: the path retyped and listed.
fn open_in_keep(s: &mut Session, dir: &str) {
    s.key(KeyCode::BackTab); // files → path
    assert_eq!(form(s).focus, nhitrace::tui::import_form::Focus::Path);
    for _ in 0..form(s).path.chars().count() {
        s.key(KeyCode::Backspace);
    }
    s.type_text(&format!("{FIXTURES}/{dir}"));
    s.key(KeyCode::Enter);
}

#[test]
fn read_only_refuses_the_key_in_the_status_line() {
    let mut s = session(OpenMode::ReadOnly);
    s.key(KeyCode::Char('I'));
    assert!(s.app.import_form().is_none());
    assert_eq!(
        s.app.status(),
        Some("read-only: importing events is disabled")
    );
    s.send(Action::Import(ImportAction::Preview));
    assert!(s.app.import_form().is_none());
}

#[test]
fn preview_snapshots_at_80x24_and_200x50() {
    let mut s = session(OpenMode::ReadWrite);
    open_in(&mut s, "cloudtrail");
    mark(&mut s, "key-leak.json");
    mark(&mut s, "roles.jsonl");
    s.ctrl('s');
    assert!(matches!(form(&s).step, Step::Preview(_)));
    insta::assert_snapshot!("import_preview_80x24", screen(&s.app, 80, 24));
    s.send(Action::resize(200, 50));
    insta::assert_snapshot!("import_preview_200x50", screen(&s.app, 200, 50));
}

#[test]
fn reading_shows_a_progress_bar_and_late_answers_are_dropped() {
    let mut s = session(OpenMode::ReadWrite);
    open_in(&mut s, "cloudtrail");
    mark(&mut s, "key-leak.json");
    mark(&mut s, "roles.jsonl");
    // `update` alone: the read is asked for, not answered yet.
    let effects = nhitrace::tui::update(&mut s.app, Action::Import(ImportAction::Preview));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Import(
            nhitrace::tui::import_form::ImportEffect::Read(_)
        )]
    ));
    let ticket = form(&s).ticket;
    let progress = |ticket| {
        Action::Import(ImportAction::Progress {
            ticket,
            done: 1,
            total: 2,
        })
    };
    nhitrace::tui::update(&mut s.app, progress(ticket));
    assert_eq!(form(&s).step, Step::Reading { done: 1, total: 2 });
    let shown = screen(&s.app, 80, 24);
    assert!(shown.contains("· reading"), "{shown}");
    assert!(shown.contains(" reading files  ████"), "{shown}");
    assert!(shown.contains("░ 1/2"), "{shown}");
    // Keys wait while reading; an answer to an older ticket changes nothing.
    s.send(Action::Import(ImportAction::Cancel));
    nhitrace::tui::update(&mut s.app, progress(ticket.wrapping_sub(1)));
    assert_eq!(form(&s).step, Step::Reading { done: 1, total: 2 });
}

#[test]
fn a_failed_write_keeps_the_form_and_its_choices() {
    let mut s = session(OpenMode::ReadWrite);
    open_in(&mut s, "cloudtrail");
    mark(&mut s, "key-leak.json");
    s.ctrl('s');
    assert!(matches!(form(&s).step, Step::Preview(_)));
    // `update` alone: the write is asked for; the store's refusal comes back.
    let effects = nhitrace::tui::update(&mut s.app, Action::Import(ImportAction::Enter));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Import(
            nhitrace::tui::import_form::ImportEffect::Write(_)
        )]
    ));
    assert!(screen(&s.app, 80, 24).contains("writing (one transaction)"));
    let ticket = form(&s).ticket;
    nhitrace::tui::update(
        &mut s.app,
        Action::Import(ImportAction::Imported {
            ticket,
            result: Err("database is locked".into()),
        }),
    );
    let f = form(&s);
    assert!(matches!(f.step, Step::Preview(_)), "back to the preview");
    assert_eq!(f.failure.as_deref(), Some("database is locked"));
    assert_eq!(f.marked.len(), 1, "the choices stay");
    let shown = screen(&s.app, 80, 24);
    assert!(
        shown.contains("✗ not imported: database is locked"),
        "{shown}"
    );
}
