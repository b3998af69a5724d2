//! A large store's list keeps no titles: the rows the screen draws take theirs
//! from a read of just those rows, until the search corpus (which holds every
//! title) arrives; a written title shows at once; a read that fails is reported
//! and not asked again in a loop.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use nhitrace::domain::CaseId;
use nhitrace::input::CaseDraft;
use nhitrace::rules::RuleConfig;
use nhitrace::store::Store;
use nhitrace::tui::search::{SearchAction, SearchCorpus};
use nhitrace::tui::{
    Action, Answer, App, Effect, FULL_EVALUATION_LIMIT, GapRow, Pane, ReadAnswers, RunOptions,
    Screen, ScreenAction, Submission, Write, execute, execute_mut, first_screen, load_cases,
    settle, settle_effects,
};

/// Just over the limit above which the list is read in the background without
/// its titles.
const CASES: usize = FULL_EVALUATION_LIMIT + 150;

fn options() -> RunOptions {
    let now: DateTime<Utc> = "2026-11-27T12:00:00Z".parse().unwrap();
    RunOptions {
        now,
        rules: RuleConfig::default(),
        zone: chrono::FixedOffset::east_opt(0).unwrap(),
        no_color: true,
        evidence_max_bytes: 64 * 1024,
        keymap: nhitrace::tui::KeyMap::default_map().unwrap(),
    }
}

/// Every case's title as the store holds it.
fn titles(store: &Store) -> HashMap<CaseId, String> {
    store
        .case_summaries()
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect()
}

/// The ids of every `LoadTitles` among `effects`.
fn asked(effects: &[Effect]) -> Vec<CaseId> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadTitles(ids) => Some(ids.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// The rows the list draws at the current selection, each with the title it is
/// drawn with.
fn drawn(app: &App) -> Vec<(CaseId, String)> {
    let window = app.cursor(Pane::Cases).visible(app.pane_rows(Pane::Cases));
    assert!(!window.is_empty());
    window
        .filter_map(|row| app.shown_case(row))
        .map(|(_, c)| (c.id, c.title))
        .collect()
}

/// The screen of a large store at 100×30 with its first rows read.
fn first_rows(store: &Store) -> App {
    let (mut app, rest) = first_screen(store, &options(), 30, FULL_EVALUATION_LIMIT).unwrap();
    assert!(
        rest,
        "the store is large enough to be read in the background"
    );
    settle(&mut app, &mut ReadAnswers(store), Action::resize(100, 30));
    app
}

/// [`first_rows`], then the whole list as the background read gives it; returns
/// the effects that asked for.
fn large_screen(store: &Store) -> (App, Vec<Effect>) {
    let mut app = first_rows(store);
    let first = app.initial_effects();
    settle_effects(&mut app, &mut ReadAnswers(store), first);
    let loaded = load_cases(store, &options()).unwrap();
    assert!(!loaded.cases.is_titled(), "a large list keeps no titles");
    assert_eq!(loaded.cases.title(0), "");
    let effects = settle(
        &mut app,
        &mut ReadAnswers(store),
        Action::CasesLoaded(Box::new(loaded)),
    );
    (app, effects)
}

#[test]
fn a_large_list_shows_the_titles_of_the_rows_it_draws_read_for_them_then_from_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::support::store::generated(&dir.path().join("g.db"), CASES, 4);
    let expected = titles(&store);
    let (mut app, effects) = large_screen(&store);
    assert_eq!(app.cases().len(), CASES);
    let first = asked(&effects);
    assert!(
        !first.is_empty() && first.len() <= 2 * 30,
        "only a window of titles is read: {}",
        first.len()
    );
    for (id, title) in drawn(&app) {
        assert_eq!(title, expected[&id], "case #{id}");
    }
    let screen = crate::support::screen::screen(&app, 100, 30);
    let top = app.shown_case(0).unwrap().1;
    let head: String = top.title.chars().take(20).collect();
    assert!(screen.contains(&head), "{head:?} not drawn:\n{screen}");

    // The last row: its window is read, and every id is read once.
    let effects = settle(&mut app, &mut ReadAnswers(&store), Action::Last);
    let last = asked(&effects);
    assert!(!last.is_empty());
    assert!(last.iter().all(|id| !first.contains(id)), "read again");
    for (id, title) in drawn(&app) {
        assert_eq!(title, expected[&id], "case #{id}");
    }
    // One row up: the window around the selection reaches one row further up,
    // and only that row is read.
    let effects = settle(&mut app, &mut ReadAnswers(&store), Action::SelectPrev);
    let again = asked(&effects);
    assert!(again.len() <= 1, "{again:?}");
    assert!(
        again
            .iter()
            .all(|id| !last.contains(id) && !first.contains(id))
    );

    // The corpus holds every title: the rows take theirs from it, none is read.
    let corpus = SearchCorpus::load(&store).unwrap();
    settle(
        &mut app,
        &mut ReadAnswers(&store),
        Action::Search(SearchAction::CorpusLoaded(Arc::new(corpus))),
    );
    let mut read = Vec::new();
    read.extend(asked(&settle(
        &mut app,
        &mut ReadAnswers(&store),
        Action::First,
    )));
    for _ in 0..80 {
        read.extend(asked(&settle(
            &mut app,
            &mut ReadAnswers(&store),
            Action::SelectNext,
        )));
    }
    assert!(read.is_empty(), "{} titles read", read.len());
    for (id, title) in drawn(&app) {
        assert_eq!(title, expected[&id], "case #{id}");
    }
}

#[test]
fn a_title_written_on_a_large_list_shows_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::support::store::generated(&dir.path().join("g.db"), CASES, 6);
    let (mut app, _) = large_screen(&store);
    let case = app.selected_case().unwrap().id;
    let record = store.case_record(case).unwrap();
    let mut draft = CaseDraft::from_case(&record.case);
    draft.title = "Rotated the leaked deploy key".into();
    let save = Effect::Save(Box::new(Submission {
        zone: chrono::FixedOffset::east_opt(0).unwrap(),
        evidence_max_bytes: 1024,
        rules: RuleConfig::default(),
        write: Write::EditCase {
            draft,
            base: Box::new(record.case.clone()),
        },
    }));
    let saved = execute_mut(&mut store, save).unwrap();
    assert!(matches!(saved, Action::FormSaved(_)), "{saved:?}");
    settle(&mut app, &mut ReadAnswers(&store), saved);
    assert_eq!(
        app.row_of(case),
        Some(0),
        "the same reference, the same row"
    );
    assert_eq!(
        app.shown_case(0).unwrap().1.title,
        "Rotated the leaked deploy key"
    );
    let screen = crate::support::screen::screen(&app, 100, 30);
    assert!(screen.contains("Rotated the leaked deploy key"), "{screen}");
    // The corpus read after the write holds it too.
    let corpus = SearchCorpus::load(&store).unwrap();
    settle(
        &mut app,
        &mut ReadAnswers(&store),
        Action::Search(SearchAction::CorpusLoaded(Arc::new(corpus))),
    );
    assert_eq!(
        app.shown_case(0).unwrap().1.title,
        "Rotated the leaked deploy key"
    );
}

/// The store's answers, except that every title read fails.
struct TitlesFail<'a> {
    store: &'a Store,
    asked: Vec<CaseId>,
}

impl Answer for TitlesFail<'_> {
    fn answer(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::LoadTitles(ids) => {
                self.asked.extend(ids);
                Some(Action::LoadFailed(
                    "could not read the titles of the cases: disk I/O error".into(),
                ))
            }
            other => execute(self.store, other),
        }
    }
}

#[test]
fn a_title_read_that_fails_is_reported_and_not_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::support::store::generated(&dir.path().join("g.db"), CASES, 8);
    let mut app = first_rows(&store);
    let mut answers = TitlesFail {
        store: &store,
        asked: Vec::new(),
    };
    let loaded = load_cases(&store, &options()).unwrap();
    // Settling ends: the failure is not followed by the same read again.
    settle(
        &mut app,
        &mut answers,
        Action::CasesLoaded(Box::new(loaded)),
    );
    assert!(
        app.status()
            .unwrap()
            .contains("could not read the titles of the cases"),
        "{:?}",
        app.status()
    );
    let once = answers.asked.len();
    assert!(once > 0);
    for _ in 0..5 {
        settle(&mut app, &mut answers, Action::SelectNext);
        settle(&mut app, &mut answers, Action::SelectPrev);
    }
    let mut ids = answers.asked.clone();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), answers.asked.len(), "an id was asked twice");
    // The rows are drawn without titles, not with wrong ones.
    assert_eq!(app.shown_case(0).unwrap().1.title, "");
    let screen = crate::support::screen::screen(&app, 100, 30);
    assert!(screen.contains(&app.shown_case(0).unwrap().1.reference));
}

#[test]
fn the_gaps_view_by_case_heads_each_case_with_its_title_before_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::support::store::generated(&dir.path().join("g.db"), CASES, 5);
    let expected = titles(&store);
    let (mut app, _) = large_screen(&store);
    for _ in 0..2 {
        // Open by rule, then switch to by case.
        settle(
            &mut app,
            &mut ReadAnswers(&store),
            Action::Screen(ScreenAction::ShowGaps),
        );
    }
    // The last cases: far from the list's rows, whose titles were read already.
    let read = asked(&settle(&mut app, &mut ReadAnswers(&store), Action::Last));
    let Some(Screen::Gaps(view)) = app.screen() else {
        panic!("no gaps view");
    };
    let heads: Vec<CaseId> = view
        .rows
        .iter()
        .rev()
        .take(12)
        .filter_map(|row| match row {
            GapRow::Case { case, .. } => Some(*case),
            _ => None,
        })
        .collect();
    assert!(heads.len() >= 2, "{heads:?}");
    assert!(heads.iter().all(|id| read.contains(id)), "{read:?}");
    let screen = crate::support::screen::screen(&app, 100, 30);
    for id in &heads {
        let head: String = expected[id].chars().take(20).collect();
        assert!(screen.contains(&head), "{head:?} not drawn:\n{screen}");
    }
}
