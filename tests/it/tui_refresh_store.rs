//! Refresh (`Ctrl-r`) end to end: the demo store in a temp file (and on PostgreSQL),
//! written through a second handle as another analyst's process would, and the
//! refresh read by the real background workers, as the run loop settles them.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::time::Duration;

use chrono::{DateTime, Utc};
use nhitrace::app::{NewReference, Proof, WriteCommand, WriteContext};
use nhitrace::domain::{CaseId, EntryKind};
use nhitrace::input::{CaseDraft, EntryDraft};
use nhitrace::rules::RuleConfig;
use nhitrace::store::{OpenMode, Store, StoreLocation};
use nhitrace::tui::filter_picker::ListAction;
use nhitrace::tui::search::SearchAction;
use nhitrace::tui::{
    Action, App, BackgroundLoads, Effect, KeyMap, Live, Pane, RunOptions, Submission, Workers,
    Write, execute_mut, key_action, load_app, prepare, refresh_in_background, settle,
    settle_effects,
};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl_r() -> KeyEvent {
    KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)
}

fn now() -> DateTime<Utc> {
    "2026-11-27T12:00:00Z".parse().unwrap()
}

fn options() -> RunOptions {
    RunOptions {
        now: now(),
        rules: RuleConfig::default(),
        zone: chrono::FixedOffset::east_opt(0).unwrap(),
        no_color: true,
        evidence_max_bytes: 64 * 1024,
        keymap: KeyMap::default_map().unwrap(),
    }
}

/// One analyst's screen on a temp store, driven as the run loop drives it: effects
/// settled against the store and the real background workers.
struct Analyst {
    _dir: tempfile::TempDir,
    location: StoreLocation,
    store: Store,
    workers: Workers,
    app: App,
}

impl Analyst {
    /// The demo store in a temp file opened with `mode` at 80×24, its first case
    /// and its search corpus loaded.
    fn open(mode: OpenMode) -> Analyst {
        let dir = tempfile::tempdir().unwrap();
        let location = StoreLocation::file(dir.path().join("team.db"));
        Analyst::open_at(dir, location, mode)
    }

    /// As [`Analyst::open`], on the (empty) store at `location`.
    fn open_at(dir: tempfile::TempDir, location: StoreLocation, mode: OpenMode) -> Analyst {
        let mut store = Store::open_at(&location, OpenMode::CreateNew).unwrap();
        nhitrace::demo::write_to(&mut store).unwrap();
        drop(store);
        let store = Store::open_at(&location, mode).unwrap();
        let mut app = load_app(&store, &options()).unwrap();
        prepare(&mut app, &store, &options());
        let workers = Workers::start(BackgroundLoads::of(&store, &options()));
        let mut analyst = Analyst {
            _dir: dir,
            location,
            store,
            workers,
            app,
        };
        analyst.send(Action::resize(80, 24));
        let first = analyst.app.initial_effects();
        let mut live = Live {
            store: &mut analyst.store,
            workers: &mut analyst.workers,
        };
        settle_effects(&mut analyst.app, &mut live, first);
        assert_eq!(analyst.send(Action::FirstFrame), vec![Effect::LoadCorpus]);
        analyst.wait_for(|a| matches!(a, Action::Search(SearchAction::CorpusLoaded(_))));
        analyst
    }

    fn send(&mut self, action: Action) -> Vec<Effect> {
        let mut live = Live {
            store: &mut self.store,
            workers: &mut self.workers,
        };
        settle(&mut self.app, &mut live, action)
    }

    fn press(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = key_action(&self.app, &key).expect("the key is bound");
        self.send(action)
    }

    /// Settle what the workers send, as it arrives, up to the first answer `last`
    /// picks.
    fn wait_for(&mut self, last: impl Fn(&Action) -> bool) {
        loop {
            let answer = self
                .workers
                .recv_timeout(Duration::from_secs(30))
                .expect("the workers answer");
            let done = last(&answer);
            self.send(answer);
            if done {
                return;
            }
        }
    }

    /// Settle what the workers send until the search's ranking is in.
    fn wait_ranked(&mut self) {
        while self.app.search_state().pending() {
            let answer = self
                .workers
                .recv_timeout(Duration::from_secs(30))
                .expect("the workers rank");
            self.send(answer);
        }
    }

    /// Ctrl-r, then the list read again and the corpus after it.
    fn refresh(&mut self) {
        assert_eq!(self.press(ctrl_r()), vec![Effect::RefreshList]);
        self.wait_for(|a| matches!(a, Action::CasesRefreshed(_)));
        self.wait_for(|a| matches!(a, Action::Search(SearchAction::CorpusLoaded(_))));
    }
}

/// What another analyst writes through their own connection: a new case whose
/// reference sorts before every other, and a note on `case`. Returns the new case.
fn another_analyst_writes(location: &StoreLocation, case: CaseId) -> CaseId {
    let mut other = Store::open_at(location, OpenMode::ReadWrite).unwrap();
    let ctx = WriteContext {
        now: now(),
        zone: Utc,
        evidence_max_bytes: 1024,
        rules: RuleConfig::default(),
    };
    let mut draft = CaseDraft::new_case("AAA-0001".into());
    draft.title = "From another analyst".into();
    draft.category = "secret_leak".into();
    draft.reporter = "bob".into();
    let new = nhitrace::app::execute(
        &mut other,
        WriteCommand::NewCase {
            draft,
            reference: NewReference::Given,
        },
        &ctx,
    )
    .unwrap()
    .case()
    .unwrap();
    let note = EntryDraft {
        actor: "bob".into(),
        summary: "Bob rotated the key".into(),
        ..EntryDraft::new(EntryKind::Note)
    };
    nhitrace::app::execute(
        &mut other,
        WriteCommand::AddEntry {
            case,
            draft: note,
            proof: Proof::None,
        },
        &ctx,
    )
    .unwrap();
    new
}

fn another_analysts_case_and_entry_appear_on_refresh(mut ana: Analyst) {
    ana.send(Action::SelectNext);
    ana.send(Action::SelectNext);
    let selected = ana.app.selected_case().unwrap();
    let entries = ana.app.record().unwrap().entries.len();
    let rows = ana.app.shown_len();

    let new = another_analyst_writes(&ana.location, selected.id);
    // Nothing shows before the refresh.
    assert_eq!(ana.app.shown_len(), rows);
    assert_eq!(ana.app.record().unwrap().entries.len(), entries);

    ana.refresh();
    assert!(!ana.app.refreshing());
    assert_eq!(ana.app.shown_len(), rows + 1);
    assert_eq!(ana.app.shown_refs()[0], "AAA-0001");
    assert_eq!(ana.app.selected_case().unwrap().id, selected.id, "kept");
    assert_eq!(ana.app.cursor(Pane::Cases).selected(), Some(3));
    let record = ana.app.record().unwrap();
    assert_eq!(record.case.id, selected.id);
    assert_eq!(record.entries.len(), entries + 1);
    assert!(
        record
            .entries
            .iter()
            .any(|e| e.summary == "Bob rotated the key"),
        "{:?}",
        record.entries
    );
    let status = format!("refreshed: {} cases (1 new)", rows + 1);
    assert_eq!(ana.app.status(), Some(status.as_str()));
    let screen = crate::support::screen::screen(&ana.app, 80, 24);
    assert!(screen.contains(&status), "{screen}");
    assert!(screen.contains("0001 med  From another anal"), "{screen}");
    assert!(screen.contains("bob     Bob rotated"), "{screen}");
    // The corpus read after the list holds the new case: the search finds it.
    let corpus = ana.app.search_state().corpus.clone().unwrap();
    assert!(corpus.case_ids().any(|id| id == new));
    ana.press(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
    for c in "another analyst".chars() {
        ana.send(Action::Search(SearchAction::Input(c)));
    }
    ana.wait_ranked();
    assert_eq!(ana.app.shown_refs(), vec!["AAA-0001"]);
}

#[test]
fn another_analysts_new_case_and_entry_appear_on_refresh() {
    another_analysts_case_and_entry_appear_on_refresh(Analyst::open(OpenMode::ReadWrite));
}

#[test]
fn a_read_only_screen_refreshes_too() {
    another_analysts_case_and_entry_appear_on_refresh(Analyst::open(OpenMode::ReadOnly));
}

/// The team store: the same on PostgreSQL, the other analyst on their own
/// connection (`cargo test --test it pg_` runs it with the other server tests).
#[test]
fn pg_another_analysts_new_case_and_entry_appear_on_refresh() {
    let Some(url) = crate::support::pg::new_database_url() else {
        return crate::support::pg::skipped(
            "tui_refresh_store::pg_another_analysts_new_case_and_entry_appear_on_refresh",
        );
    };
    let location = StoreLocation::parse(&url);
    assert!(location.is_server(), "{url}");
    let dir = tempfile::tempdir().unwrap();
    let ana = Analyst::open_at(dir, location, OpenMode::ReadWrite);
    another_analysts_case_and_entry_appear_on_refresh(ana);
}

#[test]
fn an_active_search_stays_applied_and_ranks_the_new_case_in() {
    let mut ana = Analyst::open(OpenMode::ReadWrite);
    ana.press(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
    for c in "key".chars() {
        ana.send(Action::Search(SearchAction::Input(c)));
    }
    ana.wait_ranked();
    ana.send(Action::Search(SearchAction::Accept));
    let before: Vec<String> = ana.app.shown_refs().iter().map(|r| r.to_string()).collect();
    assert!(before.len() >= 2, "{before:?}");
    ana.send(Action::SelectNext);
    let selected = ana.app.selected_case().unwrap().id;

    // The new case sorts first: every list position moves.
    let mut other = Store::open_at(&ana.location, OpenMode::ReadWrite).unwrap();
    let ctx = WriteContext {
        now: now(),
        zone: Utc,
        evidence_max_bytes: 1024,
        rules: RuleConfig::default(),
    };
    let mut draft = CaseDraft::new_case("AAA-0001".into());
    draft.title = "Leaked key in CI".into();
    draft.category = "secret_leak".into();
    let command = WriteCommand::NewCase {
        draft,
        reference: NewReference::Given,
    };
    nhitrace::app::execute(&mut other, command, &ctx).unwrap();

    assert_eq!(ana.press(ctrl_r()), vec![Effect::RefreshList]);
    ana.wait_for(|a| matches!(a, Action::CasesRefreshed(_)));
    // The list read again, the corpus not yet: the same results, same selection.
    assert_eq!(ana.app.search_state().query, "key");
    assert_eq!(ana.app.shown_refs(), before);
    assert_eq!(ana.app.selected_case().unwrap().id, selected);
    ana.wait_for(|a| matches!(a, Action::Search(SearchAction::CorpusLoaded(_))));
    assert!(
        ana.app.search_state().pending(),
        "ranked again over the new corpus"
    );
    ana.wait_ranked();
    let after = ana.app.shown_refs();
    assert!(after.contains(&"AAA-0001"), "{after:?}");
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(ana.app.selected_case().unwrap().id, selected, "still kept");
    // Clearing the search shows every case, the new one too.
    ana.send(Action::List(ListAction::Clear));
    assert_eq!(ana.app.shown_len(), 16);
}

#[test]
fn a_write_from_this_screen_during_a_refresh_reads_the_list_again() {
    let mut ana = Analyst::open(OpenMode::ReadWrite);
    assert_eq!(ana.press(ctrl_r()), vec![Effect::RefreshList]);
    // The list may be read before this write; when it arrives it is read again.
    let mut draft = CaseDraft::new_case("NHI-2026-0900".into());
    draft.title = "Written meanwhile".into();
    draft.category = "other".into();
    let save = Effect::Save(Box::new(Submission {
        zone: chrono::FixedOffset::east_opt(0).unwrap(),
        evidence_max_bytes: 1024,
        rules: RuleConfig::default(),
        write: Write::NewCase(draft),
    }));
    let saved = execute_mut(&mut ana.store, save).unwrap();
    assert!(matches!(saved, Action::FormSaved(_)), "{saved:?}");
    ana.send(saved);
    assert_eq!(ana.app.selected_case().unwrap().title, "Written meanwhile");
    let answer = ana
        .workers
        .recv_timeout(Duration::from_secs(30))
        .expect("the list");
    assert!(matches!(answer, Action::CasesRefreshed(_)), "{answer:?}");
    assert_eq!(ana.send(answer), vec![Effect::RefreshList], "read again");
    assert!(ana.app.refreshing());
    ana.wait_for(|a| matches!(a, Action::CasesRefreshed(_)));
    assert!(!ana.app.refreshing());
    assert_eq!(ana.app.shown_len(), 16);
    let shown = ana.app.selected_case().unwrap();
    assert_eq!(
        shown.title, "Written meanwhile",
        "the written case stays selected"
    );
}

#[test]
fn a_failed_refresh_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let location = StoreLocation::file(dir.path().join("missing.db"));
    refresh_in_background(location, false, options(), tx);
    match rx.recv_timeout(Duration::from_secs(30)).unwrap() {
        Action::RefreshFailed(message) => {
            assert!(message.starts_with("refresh failed: "), "{message}")
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    // Nothing follows a failure: no corpus load replaces its message.
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
}
