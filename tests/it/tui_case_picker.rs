//! "Go to case" (`p`): the fuzzy case picker ranks with the search's matcher, keeps
//! only the newest query's results, lights the matched characters, and Enter jumps to
//! the chosen case, clearing a filter that hides it; Esc leaves everything as it was.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::sync::mpsc;
use std::time::Duration;

use crate::support::screen::{demo, screen};
use nhitrace::tui::case_picker::{CasePickerAction, PickerResults, rank_cases};
use nhitrace::tui::filter_picker::ListAction;
use nhitrace::tui::workers::PickerRanker;
use nhitrace::tui::{
    Action, App, Effect, KeyChord, Pane, ScreenAction, key_action, render_to_buffer,
};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

fn typed(f: &mut crate::support::screen::Fixture, app: &mut App, text: &str) {
    for c in text.chars() {
        f.send(app, Action::CasePicker(CasePickerAction::Input(c)));
    }
}

/// Rank the picker's query on this thread and deliver it, as its thread would.
fn deliver(f: &mut crate::support::screen::Fixture, app: &mut App) {
    let picker = app.case_picker().expect("picker open").clone();
    let corpus = app.search_state().corpus.clone().expect("corpus loaded");
    let hits = rank_cases(&corpus, &picker.query, || false).unwrap();
    let results = PickerResults {
        generation: picker.generation,
        hits,
    };
    f.send(app, Action::CasePicker(CasePickerAction::Results(results)));
}

fn picking(query: &str) -> (crate::support::screen::Fixture, App) {
    let mut f = demo();
    let mut app = f.app(100, 30, false);
    f.send(&mut app, crate::support::search::loaded(&f.records));
    f.send(&mut app, Action::CasePicker(CasePickerAction::Open));
    typed(&mut f, &mut app, query);
    deliver(&mut f, &mut app);
    (f, app)
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

#[test]
fn p_and_ctrl_p_open_the_picker_which_then_takes_the_keys() {
    let mut f = demo();
    let mut app = f.app(100, 30, false);
    for chord in ["p", "Ctrl-p"] {
        let chord = KeyChord::parse(chord).unwrap();
        assert_eq!(
            app.settings().keymap.action_for(chord),
            Some(Action::CasePicker(CasePickerAction::Open))
        );
    }
    f.send(&mut app, Action::CasePicker(CasePickerAction::Open));
    // Letters go into the query, not to the key map (q would quit otherwise).
    let q = key_action(&app, &key(KeyCode::Char('q'), KeyModifiers::NONE));
    assert_eq!(q, Some(Action::CasePicker(CasePickerAction::Input('q'))));
    let esc = key_action(&app, &key(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(esc, Some(Action::CasePicker(CasePickerAction::Close)));
    let down = key_action(&app, &key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert_eq!(down, Some(Action::CasePicker(CasePickerAction::Move(1))));
    let text = screen(&app, 100, 30);
    assert!(text.contains("Go to case"), "{text}");
    assert!(text.contains("the search index is loading"), "{text}");
    f.send(&mut app, crate::support::search::loaded(&f.records));
    let text = screen(&app, 100, 30);
    assert!(text.contains("type part of a reference"), "{text}");
}

#[test]
fn results_are_ranked_by_the_search_matcher_and_lit() {
    let (_f, app) = picking("svc-deploy");
    let picker = app.case_picker().unwrap();
    let corpus = app.search_state().corpus.clone().unwrap();
    let refs: Vec<&str> = picker
        .hits
        .iter()
        .map(|&i| corpus.item(i as usize).unwrap().reference)
        .collect();
    // svc-deploy recurs in 0031, 0037 and 0038 (the demo's recurring account).
    for reference in ["NHI-2026-0031", "NHI-2026-0037", "NHI-2026-0038"] {
        assert!(refs.contains(&reference), "{reference} in {refs:?}");
    }
    let ranked = nhitrace::tui::search::rank(&corpus, "svc-deploy");
    let expected: Vec<u32> = ranked.iter().map(|h| h.index).collect();
    assert_eq!(picker.hits, expected, "the same order as search");

    let text = screen(&app, 100, 30);
    assert!(text.contains(&format!("{} matches", refs.len())), "{text}");
    // One match is counted in the singular.
    let (_f, one) = picking("vault");
    assert_eq!(one.case_picker().unwrap().hits.len(), 1);
    let text = screen(&one, 100, 30);
    assert!(text.contains("┃1 match "), "{text}");
    // Matched characters are bold and underlined in the picker's rows.
    let buffer = render_to_buffer(&app, 100, 30);
    let lit = (0..30u16)
        .flat_map(|y| (0..100u16).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let cell = &buffer[(x, y)];
            cell.modifier.contains(Modifier::UNDERLINED) && cell.symbol() != " "
        })
        .count();
    assert!(lit >= "svc".len(), "matched characters are lit:\n{text}");
}

#[test]
fn a_stale_ranking_never_replaces_the_newest() {
    let mut f = demo();
    let mut app = f.app(100, 30, false);
    f.send(&mut app, crate::support::search::loaded(&f.records));
    f.send(&mut app, Action::CasePicker(CasePickerAction::Open));
    typed(&mut f, &mut app, "key");
    let old = app.case_picker().unwrap().generation;
    typed(&mut f, &mut app, "x");
    let stale = PickerResults {
        generation: old,
        hits: vec![0, 1, 2],
    };
    f.send(
        &mut app,
        Action::CasePicker(CasePickerAction::Results(stale)),
    );
    let picker = app.case_picker().unwrap();
    assert!(picker.hits.is_empty());
    assert!(picker.pending());
}

#[test]
fn enter_jumps_to_the_case_even_when_a_filter_hides_it() {
    let (mut f, mut app) = picking("NHI-2026-0044");
    let corpus = app.search_state().corpus.clone().unwrap();
    let first = app.case_picker().unwrap().hits[0];
    let wanted = corpus.case_id(first as usize).unwrap();
    // Narrow the list to one rule code after another until the target is hidden.
    f.send(&mut app, Action::CasePicker(CasePickerAction::Close));
    for _ in 0..16 {
        f.send(&mut app, Action::Screen(ScreenAction::CycleRuleFilter));
        if app.row_of(wanted).is_none() {
            break;
        }
    }
    assert!(
        app.row_of(wanted).is_none(),
        "some narrowing hides the case"
    );
    f.send(&mut app, Action::CasePicker(CasePickerAction::Open));
    typed(&mut f, &mut app, "NHI-2026-0044");
    deliver(&mut f, &mut app);
    f.send(&mut app, Action::CasePicker(CasePickerAction::Accept));
    assert!(app.case_picker().is_none(), "the picker closes");
    assert_eq!(app.selected_case().unwrap().id, wanted);
    assert_eq!(
        app.record().unwrap().case.id,
        wanted,
        "its record is loaded"
    );
    assert_eq!(app.focus(), Pane::Timeline);
}

#[test]
fn esc_closes_without_moving_and_arrows_stay_in_range() {
    let (mut f, mut app) = picking("a");
    let before = app.selected_case().map(|c| c.id);
    let count = app.case_picker().unwrap().hits.len();
    assert!(count > 2);
    f.send(&mut app, Action::CasePicker(CasePickerAction::Move(-5)));
    assert_eq!(app.case_picker().unwrap().selected, 0);
    f.send(&mut app, Action::CasePicker(CasePickerAction::Move(1000)));
    assert_eq!(app.case_picker().unwrap().selected, count - 1);
    f.send(&mut app, Action::CasePicker(CasePickerAction::Close));
    assert!(app.case_picker().is_none());
    assert_eq!(app.selected_case().map(|c| c.id), before);
    // Filters and sort still open with their own key.
    f.send(&mut app, Action::List(ListAction::OpenPicker));
    assert!(app.list_view().picker.is_some());
}

#[test]
fn the_ranking_thread_answers_the_newest_query() {
    let mut f = demo();
    let mut app = f.app(100, 30, false);
    f.send(&mut app, crate::support::search::loaded(&f.records));
    let (tx, rx) = mpsc::channel();
    let mut ranker = PickerRanker::start(tx);
    f.send(&mut app, Action::CasePicker(CasePickerAction::Open));
    typed(&mut f, &mut app, "rot");
    // The ranking the picker asked for last goes to the thread, as the run loop
    // hands it over.
    let job = f
        .effects
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::RankPicker(job) => Some(job.clone()),
            _ => None,
        })
        .expect("the picker asked for a ranking");
    assert_eq!(job.query, "rot");
    ranker.submit(job);
    let answer = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    let Action::CasePicker(CasePickerAction::Results(results)) = answer else {
        panic!("expected results, got {answer:?}");
    };
    assert_eq!(results.generation, app.case_picker().unwrap().generation);
    let corpus = app.search_state().corpus.clone().unwrap();
    assert_eq!(
        Some(results.hits.clone()),
        rank_cases(&corpus, "rot", || false)
    );
    f.send(
        &mut app,
        Action::CasePicker(CasePickerAction::Results(results)),
    );
    assert!(!app.case_picker().unwrap().pending());
}
