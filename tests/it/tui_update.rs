//! `update` driven with actions; the state asserted. Effects answered from fixtures.
#![allow(clippy::panic, clippy::expect_used)]

use crate::support::screen::{fixture, summary};
use nhitrace::tui::{Action, App, Effect, EvidenceBody, Overlay, Pane, RecordTarget};

fn record_view(app: &App) -> &nhitrace::tui::RecordView {
    match app.overlay() {
        Some(Overlay::Record(view)) => view,
        other => panic!("expected a record overlay, got {other:?}"),
    }
}

#[test]
fn startup_loads_only_the_first_case() {
    let mut f = fixture();
    let app = f.app(80, 24, false);
    assert_eq!(f.effects, vec![Effect::LoadCase(1)]);
    assert_eq!(app.record().map(|r| r.case.id), Some(1));
    assert_eq!(
        app.flagged_count(),
        3,
        "leak, exemption and hostile cases have gaps"
    );
    assert_eq!(app.cursor(Pane::Timeline).len(), 3);
}

#[test]
fn focus_moves_with_tab_backtab_and_numbers() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    for expected in [Pane::Timeline, Pane::Assets, Pane::Evidence, Pane::Cases] {
        f.send(&mut app, Action::FocusNext);
        assert_eq!(app.focus(), expected);
    }
    f.send(&mut app, Action::FocusPrev);
    assert_eq!(app.focus(), Pane::Evidence);
    f.send(&mut app, Action::FocusPane(Pane::Assets));
    assert_eq!(app.focus(), Pane::Assets);
}

#[test]
fn moving_in_the_case_list_loads_the_selected_case() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::SelectNext);
    assert_eq!(f.effects.last(), Some(&Effect::LoadCase(2)));
    assert_eq!(
        app.record().map(|r| r.case.reference.as_str()),
        Some("NHI-2026-0041")
    );
    assert_eq!(app.cursor(Pane::Timeline).len(), 5);
    f.send(&mut app, Action::Last);
    assert_eq!(app.selected_case().map(|c| c.id), Some(4));
    let before = f.effects.len();
    f.send(&mut app, Action::SelectNext);
    assert_eq!(
        f.effects.len(),
        before,
        "no reload when the selection does not move"
    );
    f.send(&mut app, Action::First);
    assert_eq!(app.record().map(|r| r.case.id), Some(1));
    f.send(&mut app, Action::PageDown);
    assert_eq!(
        app.selected_case().map(|c| c.id),
        Some(4),
        "a page clamps at the end"
    );
}

#[test]
fn moving_in_a_detail_pane_keeps_the_case() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::FocusPane(Pane::Timeline));
    f.send(&mut app, Action::SelectNext);
    f.send(&mut app, Action::SelectNext);
    f.send(&mut app, Action::SelectNext);
    assert_eq!(app.cursor(Pane::Timeline).selected(), Some(2));
    f.send(&mut app, Action::SelectPrev);
    assert_eq!(app.cursor(Pane::Timeline).selected(), Some(1));
    assert_eq!(f.effects, vec![Effect::LoadCase(1)]);
}

#[test]
fn a_late_record_of_another_case_is_ignored() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    let other = f.records[2].clone();
    f.send(&mut app, Action::CaseLoaded(Box::new(other)));
    assert_eq!(app.record().map(|r| r.case.id), Some(1));
}

#[test]
fn evidence_bytes_are_read_only_when_an_evidence_record_opens() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::FocusPane(Pane::Evidence));
    f.send(&mut app, Action::SelectNext);
    assert!(
        !f.effects
            .iter()
            .any(|e| matches!(e, Effect::LoadEvidenceBytes(_)))
    );
    f.send(&mut app, Action::Open);
    assert_eq!(f.effects.last(), Some(&Effect::LoadEvidenceBytes(2)));
    let view = record_view(&app);
    assert_eq!(view.target, RecordTarget::Evidence(2));
    assert!(matches!(view.body, EvidenceBody::Loaded(ref b) if b.starts_with(b"alice:")));
}

#[test]
fn failed_evidence_read_is_shown_in_the_record_and_the_status() {
    let mut f = fixture();
    f.bytes.clear();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::FocusPane(Pane::Evidence));
    f.send(&mut app, Action::Open);
    assert!(
        matches!(record_view(&app).body, EvidenceBody::Failed(ref m) if m.contains("evidence #1"))
    );
    assert!(app.status().is_some_and(|s| s.contains("evidence #1")));
}

#[test]
fn open_targets_the_selected_row_of_the_focused_pane() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::Open);
    assert_eq!(record_view(&app).target, RecordTarget::Case(1));
    f.send(&mut app, Action::Back);
    f.send(&mut app, Action::FocusPane(Pane::Timeline));
    f.send(&mut app, Action::Last);
    f.send(&mut app, Action::Open);
    assert_eq!(record_view(&app).target, RecordTarget::Entry(3));
    f.send(&mut app, Action::Back);
    f.send(&mut app, Action::FocusPane(Pane::Assets));
    f.send(&mut app, Action::SelectNext);
    f.send(&mut app, Action::Open);
    assert_eq!(record_view(&app).target, RecordTarget::Asset(2));
}

#[test]
fn record_scrolls_and_clamps() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::Open);
    let rows = record_view(&app).document.rows.len();
    assert!(
        rows > 22,
        "the case record is longer than a screen ({rows} rows)"
    );
    f.send(&mut app, Action::SelectPrev);
    assert_eq!(record_view(&app).scroll, 0);
    f.send(&mut app, Action::SelectNext);
    assert_eq!(record_view(&app).scroll, 1);
    f.send(&mut app, Action::Last);
    let max = record_view(&app).scroll;
    assert_eq!(max, rows - 21, "21 content rows fit in the 80x24 overlay");
    f.send(&mut app, Action::PageDown);
    assert_eq!(record_view(&app).scroll, max);
    f.send(&mut app, Action::SelectPrev);
    assert_eq!(record_view(&app).scroll, max - 1);
    f.send(&mut app, Action::First);
    assert_eq!(record_view(&app).scroll, 0);
    f.send(&mut app, Action::Last);
    f.send(&mut app, Action::resize(80, 60));
    assert_eq!(
        record_view(&app).scroll,
        0,
        "a taller terminal needs no scrolling"
    );
    assert_eq!(
        app.focus(),
        Pane::Cases,
        "keys in an overlay do not move the panes"
    );
    assert_eq!(app.selected_case().map(|c| c.id), Some(1));
}

#[test]
fn back_help_and_quit() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::Back);
    assert!(app.overlay().is_none());
    assert!(!app.should_quit(), "Esc at top level does nothing harmful");
    f.send(&mut app, Action::ShowHelp);
    f.send(&mut app, Action::ShowHelp);
    assert!(matches!(app.overlay(), Some(Overlay::Help { .. })));
    f.send(&mut app, Action::Back);
    assert!(
        app.overlay().is_none(),
        "help opened twice closes with one Esc"
    );
    f.send(&mut app, Action::Open);
    f.send(&mut app, Action::ShowHelp);
    f.send(&mut app, Action::Back);
    assert!(
        matches!(app.overlay(), Some(Overlay::Record(_))),
        "help over a record goes back to it"
    );
    f.send(&mut app, Action::Quit);
    assert!(app.should_quit());
}

#[test]
fn a_hundred_thousand_cases_render_only_the_visible_window() {
    let f = fixture();
    let base = summary(&f.records[0]);
    let cases: Vec<_> = (1..=100_000)
        .map(|i| {
            let mut c = base.clone();
            c.id = i;
            c.reference = format!("NHI-2026-{i:06}");
            c
        })
        .collect();
    let settings = nhitrace::tui::Settings {
        zone: chrono::FixedOffset::east_opt(0).expect("utc"),
        no_color: false,
        keymap: nhitrace::tui::KeyMap::default_map().expect("key map"),
    };
    let mut app = App::new(cases, Default::default(), settings);
    nhitrace::tui::update(&mut app, Action::resize(80, 24));
    let effects = nhitrace::tui::update(&mut app, Action::Last);
    assert_eq!(effects, vec![Effect::LoadCase(100_000)]);
    let started = std::time::Instant::now();
    let text = crate::support::screen::screen(&app, 80, 24);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert!(text.contains("100000"), "{text}");
    assert!(
        text.contains("099983") && !text.contains("099982"),
        "exactly the last 18 rows:\n{text}"
    );
}

#[test]
fn gaps_show_errors_first_and_unflagged_cases_have_none() {
    use nhitrace::rules::{Gap, RuleCode};
    let f = fixture();
    let cases: Vec<_> = f.records.iter().map(summary).collect();
    let gaps = std::collections::HashMap::from([
        (
            1,
            vec![
                Gap::new(RuleCode::Nt014, "stale".into(), vec![], vec![]),
                Gap::new(RuleCode::Nt002, "no proof".into(), vec![], vec![]),
            ],
        ),
        (2, vec![]),
    ]);
    let settings = nhitrace::tui::Settings {
        zone: chrono::FixedOffset::east_opt(0).expect("utc"),
        no_color: false,
        keymap: nhitrace::tui::KeyMap::default_map().expect("key map"),
    };
    let app = App::new(cases, gaps, settings);
    let codes: Vec<_> = app.gaps_of(1).iter().map(|g| g.code).collect();
    assert_eq!(codes, vec![RuleCode::Nt002, RuleCode::Nt014]);
    assert!(app.gaps_of(2).is_empty());
    assert_eq!(app.flagged_count(), 1, "an empty gap list does not flag");
}

#[test]
fn a_failed_case_load_is_reported_not_hidden() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.records.remove(1);
    f.send(&mut app, Action::SelectNext);
    assert!(app.record().is_none());
    assert_eq!(app.status(), Some("no case #2"));
    assert!(crate::support::screen::screen(&app, 80, 24).contains("no case #2"));
}
