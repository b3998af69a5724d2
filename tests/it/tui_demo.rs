//! The main screen and record views on the real demo dataset.
#![allow(clippy::expect_used)]

use crate::support::screen::{demo, screen};
use nhitrace::tui::{Action, Pane};

#[test]
fn demo_main_screen_80x24() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    insta::assert_snapshot!("demo_first_case_80x24", screen(&app, 80, 24));
    // NHI-2026-0035: a flagged case, its gaps in the trail strip.
    for _ in 0..4 {
        f.send(&mut app, Action::SelectNext);
    }
    let text = screen(&app, 80, 24);
    assert!(text.contains("NHI-2026-0035"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn demo_main_screen_160x48() {
    let mut f = demo();
    let mut app = f.app(160, 48, false);
    f.send(&mut app, Action::SelectNext);
    insta::assert_snapshot!(screen(&app, 160, 48));
}

#[test]
fn demo_main_screen_200x50_no_color() {
    let mut f = demo();
    let mut app = f.app(200, 50, true);
    f.send(&mut app, Action::SelectNext);
    f.send(&mut app, Action::FocusPane(Pane::Timeline));
    insta::assert_snapshot!(screen(&app, 200, 50));
}

#[test]
fn demo_evidence_record_80x24() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::FocusPane(Pane::Evidence));
    f.send(&mut app, Action::Open);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn demo_timeline_entry_record_80x24() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::FocusPane(Pane::Timeline));
    f.send(&mut app, Action::SelectNext);
    f.send(&mut app, Action::Open);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn every_demo_case_and_record_renders_at_80x24_without_control_characters() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    for _ in 0..f.records.len() {
        for pane in [Pane::Cases, Pane::Timeline, Pane::Assets, Pane::Evidence] {
            f.send(&mut app, Action::FocusPane(pane));
            f.send(&mut app, Action::Open);
            let buffer = nhitrace::tui::render_to_buffer(&app, 80, 24);
            assert!(
                buffer
                    .content()
                    .iter()
                    .all(|c| !c.symbol().chars().any(char::is_control))
            );
            f.send(&mut app, Action::Back);
        }
        f.send(&mut app, Action::FocusPane(Pane::Cases));
        f.send(&mut app, Action::SelectNext);
    }
    assert_eq!(
        app.selected_case().map(|c| c.id),
        f.records.last().map(|r| r.case.id)
    );
}
