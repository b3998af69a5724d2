//! The UI's store side: `load_app` and effects run against a real store in a temp dir.
#![allow(clippy::expect_used)]

use crate::support::screen::now;
use nhitrace::rules::RuleConfig;
use nhitrace::store::Store;
use nhitrace::tui::{
    Action, App, Effect, EvidenceBody, Overlay, Pane, ReadAnswers, RunOptions, execute, load_app,
    settle, settle_effects,
};

use crate::support::forms::store_with_fixtures;

fn options() -> RunOptions {
    RunOptions {
        now: now(),
        rules: RuleConfig::default(),
        zone: chrono::FixedOffset::east_opt(0).expect("utc"),
        no_color: false,
        evidence_max_bytes: 1024 * 1024,
        keymap: nhitrace::tui::KeyMap::default_map().expect("default key map"),
    }
}

/// Apply an action and settle its effects against the store, as the run loop does;
/// returns the effects asked for.
fn dispatch(app: &mut App, store: &Store, action: Action) -> Vec<Effect> {
    settle(app, &mut ReadAnswers(store), action)
}

/// Settle the startup effects against the store.
fn start(app: &mut App, store: &Store) {
    let first = app.initial_effects();
    settle_effects(app, &mut ReadAnswers(store), first);
}

#[test]
fn load_app_reads_cases_and_flags_then_effects_read_records_and_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store_with_fixtures(&dir);
    let mut app = load_app(&store, &options()).expect("load");
    assert_eq!(app.flagged_count(), 3);
    assert!(
        app.record().is_none(),
        "no record is read before it is asked for"
    );
    dispatch(&mut app, &store, Action::resize(80, 24));
    start(&mut app, &store);
    let first = app.selected_case().map(|c| c.reference.clone());
    assert_eq!(app.record().map(|r| r.case.reference.clone()), first);

    // Cases are listed by reference: 0038 (hostile) first, then 0039, 0041, 0042.
    dispatch(&mut app, &store, Action::Last);
    let record = app.record().expect("loaded");
    assert_eq!(record.case.reference, "NHI-2026-0042");
    assert_eq!(record.evidence.len(), 2);

    dispatch(&mut app, &store, Action::FocusPane(Pane::Evidence));
    let asked = dispatch(&mut app, &store, Action::Open);
    assert!(matches!(asked.as_slice(), [Effect::LoadEvidenceBytes(_)]));
    let Some(Overlay::Record(view)) = app.overlay() else {
        unreachable!("a record overlay is open")
    };
    assert!(
        matches!(&view.body, EvidenceBody::Loaded(b) if b.starts_with(b"2026-06-01T09:40:02Z")),
        "{:?}",
        view.body
    );
}

#[test]
fn a_missing_case_becomes_a_load_failure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store_with_fixtures(&dir);
    match execute(&store, Effect::LoadCase(9999)) {
        Some(Action::LoadFailed(message)) => assert!(message.contains("case #9999"), "{message}"),
        other => unreachable!("expected a failure, got {other:?}"),
    }
}

/// Evidence bytes altered behind nhitrace's back (raw SQL) are found when the
/// evidence is opened: the item is marked and the case gains NT013.
#[test]
fn altered_evidence_is_flagged_nt013_when_its_bytes_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store_with_fixtures(&dir);
    let mut app = load_app(&store, &options()).expect("load");
    start(&mut app, &store);
    // Move down the list to the first case with evidence.
    for _ in 0..app.shown_len() {
        if app.record().is_some_and(|r| !r.evidence.is_empty()) {
            break;
        }
        dispatch(&mut app, &store, Action::SelectNext);
    }
    let record = app.record().expect("a case loaded").clone();
    let evidence = record.evidence.first().expect("a case has evidence").id;
    assert!(
        !app.gaps_of(record.case.id)
            .iter()
            .any(|g| g.code == nhitrace::rules::RuleCode::Nt013)
    );
    let raw = rusqlite::Connection::open(dir.path().join("cases.db")).expect("raw open");
    raw.execute(
        "UPDATE evidence_bytes SET bytes = ?1 WHERE evidence_id = ?2",
        rusqlite::params![b"rewritten afterwards".to_vec(), evidence],
    )
    .expect("alter the bytes");
    drop(raw);

    dispatch(&mut app, &store, Action::FocusPane(Pane::Evidence));
    dispatch(&mut app, &store, Action::Open);
    let record = app.record().expect("still loaded");
    assert_eq!(record.tampered_evidence, vec![evidence]);
    let gaps = app.gaps_of(record.case.id);
    let gap = gaps
        .iter()
        .find(|g| g.code == nhitrace::rules::RuleCode::Nt013)
        .expect("NT013 among the case's gaps");
    assert_eq!(gap.evidence, vec![evidence]);
}
