//! Refresh (`Ctrl-r`) in `update` alone: what the key asks for, and what the list
//! read again does to the screen (selection, filter, the record read again, the
//! nearest row, a failure). `tui_refresh_store` drives the whole path on real
//! stores.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::HashMap;

use nhitrace::domain::CaseId;
use nhitrace::rules::{self, RuleConfig};
use nhitrace::store::{OpenMode, Store};
use nhitrace::tui::search::SearchAction;
use nhitrace::tui::{
    Action, CaseGaps, Effect, KeyMap, LoadedCases, Mode, Pane, ScreenAction, action_for_chord,
    key_action, update,
};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::support::screen::{fixture, records, summary};

fn ctrl_r() -> KeyEvent {
    KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)
}

/// The list as a background read would bring it for these records (in this order).
fn read_again(records: &[nhitrace::domain::CaseRecord]) -> LoadedCases {
    let now = crate::support::screen::now();
    let gaps: HashMap<CaseId, CaseGaps> = records
        .iter()
        .map(|r| {
            let found = rules::evaluate(r, now, &RuleConfig::default());
            (r.case.id, CaseGaps::found(found))
        })
        .collect();
    LoadedCases {
        cases: records.iter().map(summary).collect(),
        gaps: gaps.into_iter().collect(),
    }
}

#[test]
fn ctrl_r_is_refresh_wherever_the_case_list_is_shown_and_free_elsewhere() {
    let map = KeyMap::default_map().unwrap();
    let chord = nhitrace::tui::KeyChord::from_event(&ctrl_r()).unwrap();
    for mode in [Mode::Main, Mode::Search, Mode::Goto, Mode::Filter] {
        assert_eq!(
            map.action_in(mode, chord),
            Some(Action::Refresh),
            "{mode:?}"
        );
    }
    // In a form or its question it is nobody's key (it goes to the field, as before).
    for mode in [Mode::Form, Mode::Question, Mode::Import] {
        assert_eq!(map.action_in(mode, chord), None, "{mode:?}");
    }
    // Plain `r` still narrows by rule.
    let r = nhitrace::tui::KeyChord::parse("r").unwrap();
    assert_eq!(
        map.action_in(Mode::Main, r),
        Some(Action::Screen(ScreenAction::CycleRuleFilter))
    );
    // The search line takes it as a refresh, not as text.
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::Search(SearchAction::Start));
    assert_eq!(action_for_chord(&app, chord), Some(Action::Refresh));
}

#[test]
fn refresh_asks_for_the_list_once_and_says_so() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    let action = key_action(&app, &ctrl_r()).expect("Ctrl-r is bound");
    assert_eq!(update(&mut app, action), vec![Effect::RefreshList]);
    assert!(app.refreshing());
    assert_eq!(app.status(), Some("refreshing…"));
    let screen = crate::support::screen::screen(&app, 80, 24);
    assert!(screen.contains("Cases 4 · refreshing…"), "{screen}");
    // A second refresh while the first is read is not asked for again.
    assert_eq!(update(&mut app, Action::Refresh), vec![]);
    assert_eq!(app.status(), Some("still refreshing…"));
    // A failure is said in the status line and ends the refresh.
    assert_eq!(
        update(
            &mut app,
            Action::RefreshFailed("refresh failed: gone".into())
        ),
        vec![]
    );
    assert!(!app.refreshing());
    assert_eq!(app.status(), Some("refresh failed: gone"));
    assert_eq!(update(&mut app, Action::Refresh), vec![Effect::RefreshList]);
}

#[test]
fn the_list_read_again_keeps_the_selected_case_and_the_filter_and_reads_its_record_again() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::Last);
    let selected = app.selected_case().unwrap();
    f.send(&mut app, Action::FocusPane(Pane::Timeline));
    f.send(&mut app, Action::SelectNext);
    let entry = app.cursor(Pane::Timeline).selected().unwrap();
    let entry_id = app.record().unwrap().entries[entry].id;
    let entries = app.record().unwrap().entries.len();
    let _ = update(&mut app, Action::Refresh);

    // Another analyst opened a case whose reference sorts first (every row moves
    // down by one) and added an entry, dated first, to the selected case.
    let mut stored = records();
    let mut new = stored[0].clone();
    new.case.id = 99;
    new.case.reference = "AAA-0001".into();
    new.case.title = "From another analyst".into();
    for e in &mut new.entries {
        e.case_id = 99;
    }
    new.assets.clear();
    new.evidence.clear();
    stored.insert(0, new);
    let case = stored
        .iter_mut()
        .find(|r| r.case.id == selected.id)
        .unwrap();
    let mut early = case.entries[0].clone();
    early.id = 500;
    early.occurred_at -= chrono::Duration::days(1);
    early.summary = "Bob's note".into();
    case.entries.insert(0, early);
    f.records = stored.clone();

    let effects = update(
        &mut app,
        Action::CasesRefreshed(Box::new(read_again(&stored))),
    );
    assert_eq!(effects, vec![Effect::LoadCase(selected.id)]);
    assert!(!app.refreshing());
    assert_eq!(app.shown_len(), 5);
    assert_eq!(app.shown_refs()[0], "AAA-0001");
    assert_eq!(app.selected_case().unwrap().id, selected.id, "same case");
    assert_eq!(
        app.cursor(Pane::Cases).selected(),
        Some(4),
        "at its new row"
    );
    assert_eq!(app.status(), Some("refreshed: 5 cases (1 new)"));
    // Until the record read again arrives, the one loaded stays on screen.
    assert_eq!(app.record().unwrap().entries.len(), entries);

    for effect in effects {
        let answer = nhitrace::tui::Answer::answer(&mut f, effect).unwrap();
        let _ = update(&mut app, answer);
    }
    let record = app.record().unwrap();
    assert_eq!(record.entries.len(), entries + 1);
    assert_eq!(record.entries[0].summary, "Bob's note");
    let now = app.cursor(Pane::Timeline).selected().unwrap();
    assert_eq!(
        record.entries[now].id, entry_id,
        "the timeline keeps its entry"
    );
    assert_eq!(app.focus(), Pane::Timeline);
    assert_eq!(
        app.status(),
        Some("refreshed: 5 cases (1 new)"),
        "the message outlives the record's arrival"
    );

    // Narrowed to a rule and refreshed again: the narrowing stays applied.
    f.send(&mut app, Action::Screen(ScreenAction::CycleRuleFilter));
    let narrowed = app.shown_refs().len();
    assert!(narrowed < 5, "{narrowed}");
    let rule = app.rule_filter();
    let _ = update(&mut app, Action::Refresh);
    let _ = update(
        &mut app,
        Action::CasesRefreshed(Box::new(read_again(&stored))),
    );
    assert_eq!(app.rule_filter(), rule);
    assert_eq!(app.shown_refs().len(), narrowed);
    assert_eq!(app.status(), Some("refreshed: 5 cases (0 new)"));
}

#[test]
fn a_case_no_longer_listed_leaves_the_selection_on_the_nearest_row() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::Last);
    let gone = app.selected_case().unwrap().id;
    let _ = update(&mut app, Action::Refresh);
    let stored: Vec<_> = records()
        .into_iter()
        .filter(|r| r.case.id != gone)
        .collect();
    let effects = update(
        &mut app,
        Action::CasesRefreshed(Box::new(read_again(&stored))),
    );
    let now = app.selected_case().unwrap();
    assert_eq!(app.cursor(Pane::Cases).selected(), Some(2), "the last row");
    assert_eq!(effects, vec![Effect::LoadCase(now.id)]);
    assert!(
        app.record().is_none(),
        "the record of the case gone is dropped"
    );
    assert_eq!(app.status(), Some("refreshed: 3 cases (0 new)"));
}

#[test]
fn refresh_waits_for_the_first_load_of_a_large_list() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    // A list of which only the first rows are read takes no refresh yet.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db"), OpenMode::CreateNew).unwrap();
    nhitrace::demo::write_to(&mut store).unwrap();
    let options = crate::support::forms::options();
    let (mut first, _) = nhitrace::tui::first_screen(&store, &options, 5, 10).unwrap();
    assert_eq!(update(&mut first, Action::Refresh), vec![]);
    assert!(!first.refreshing());
    assert_eq!(first.status(), Some("case list still loading; try again"));
    // An answer that was not asked for changes nothing.
    let before = app.shown_refs().len();
    assert_eq!(
        update(&mut app, Action::CasesRefreshed(Box::new(read_again(&[])))),
        vec![]
    );
    assert_eq!(app.shown_refs().len(), before);
}

/// A full-screen view draws its own hint line, and the status shows there first,
/// as on the main screen: a refresh asked for from the gaps view says so.
#[test]
fn a_full_screen_view_shows_the_status_before_its_hints() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::Screen(ScreenAction::ShowGaps));
    assert!(app.screen().is_some());
    let before = crate::support::screen::screen(&app, 80, 24);
    let bar = before.lines().last().expect("a hint line");
    assert!(bar.starts_with(" Enter go to case "), "{before}");
    assert_eq!(update(&mut app, Action::Refresh), vec![Effect::RefreshList]);
    let screen = crate::support::screen::screen(&app, 80, 24);
    let bar = screen.lines().last().expect("a hint line");
    assert!(
        bar.starts_with(" ! refreshing…  Enter go to case "),
        "{screen}"
    );
    assert!(screen.contains("Gaps ·"), "still the gaps view: {screen}");
}
