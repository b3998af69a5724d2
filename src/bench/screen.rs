//! The interactive screen, driven the way `tui::run`'s event loop drives it, but
//! drawn into a ratatui `TestBackend` so every step can be timed: the same
//! `first_screen`, the same `tui::settle` over the store and the workers, and the
//! same `render`.

use crate::store::StoreLocation;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::BenchError;
use crate::store::{OpenMode, Store};
use crate::tui::search::SearchAction;
use crate::tui::{
    Action, App, BackgroundLoads, FULL_EVALUATION_LIMIT, Live, Pane, RunOptions, Workers,
    first_screen, prepare, render, settle, settle_effects,
};

/// Width and height of the drawn screen.
pub const WIDTH: u16 = 200;
pub const HEIGHT: u16 = 50;

/// The screen open on a store, with its search workers.
pub struct Screen {
    pub app: App,
    store: Store,
    terminal: Terminal<TestBackend>,
    pub workers: Workers,
    /// When opening started, for [`Screen::wait_for_corpus`].
    opened: Instant,
    /// From opening until the whole case list was applied.
    pub list_ready: Option<Duration>,
}

/// Open the store and draw the first frame as `tui::run` does: a large store's first
/// screenful with its flags, the initial effects run; then the rest of the list (its
/// flags cache brought up to date unless read-only) and the search corpus loading in
/// the background. Returns the screen and the time from opening the store to the first frame drawn.
pub fn open(
    location: &StoreLocation,
    mode: OpenMode,
    options: &RunOptions,
) -> Result<(Screen, Duration), BenchError> {
    let opened = Instant::now();
    let store = Store::open_at(location, mode)?;
    // As `tui::run` does: the first screenful with its flags, the rest after.
    let (mut app, rest) = first_screen(&store, options, usize::from(HEIGHT), FULL_EVALUATION_LIMIT)
        .map_err(|e| BenchError(format!("{e:#}")))?;
    prepare(&mut app, &store, options);
    let terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT))
        .map_err(|never| BenchError(format!("{never:?}")))?;
    let workers = Workers::start(BackgroundLoads::of(&store, options));
    let mut screen = Screen {
        app,
        store,
        terminal,
        workers,
        opened,
        list_ready: None,
    };
    screen.dispatch(Action::resize(WIDTH, HEIGHT));
    screen.settle_initial();
    screen.draw()?;
    let first_frame = opened.elapsed();
    // After the first frame: the rest of the list (then the corpus), or the corpus.
    screen.dispatch(Action::FirstFrame);
    if !rest {
        screen.list_ready = Some(first_frame);
    }
    Ok((screen, first_frame))
}

impl Screen {
    /// Apply an action and settle the effects it asks for, as the event loop does.
    pub fn dispatch(&mut self, action: Action) {
        let mut live = Live {
            store: &mut self.store,
            workers: &mut self.workers,
        };
        settle(&mut self.app, &mut live, action);
    }

    /// Settle the startup effects (the first case's record), as the event loop does.
    fn settle_initial(&mut self) {
        let first = self.app.initial_effects();
        let mut live = Live {
            store: &mut self.store,
            workers: &mut self.workers,
        };
        settle_effects(&mut self.app, &mut live, first);
    }

    /// Draw the state into the test backend (only changed cells are diffed in, as
    /// on a terminal).
    pub fn draw(&mut self) -> Result<(), BenchError> {
        let app = &self.app;
        self.terminal
            .draw(|frame| render(app, frame))
            .map(|_| ())
            .map_err(|never| BenchError(format!("{never:?}")))
    }

    /// Wait until the search corpus has arrived and been applied; returns the time
    /// from opening the store.
    pub fn wait_for_corpus(&mut self) -> Result<Duration, BenchError> {
        while self.app.search_state().corpus.is_none() {
            match self.workers.recv_timeout(Duration::from_secs(120)) {
                Some(action) => {
                    if let Action::LoadFailed(message) = &action {
                        return Err(BenchError(message.clone()));
                    }
                    self.dispatch(action);
                    if self.list_ready.is_none() && self.app.list_loading().is_none() {
                        self.list_ready = Some(self.opened.elapsed());
                    }
                }
                None => return Err(BenchError("the search corpus never arrived".into())),
            }
        }
        self.draw()?;
        Ok(self.opened.elapsed())
    }

    /// Move the selection down the case list `count` times; each time, the time
    /// from the key to the new case's record loaded and the frame drawn.
    pub fn switch_cases(&mut self, count: usize) -> Result<Vec<Duration>, BenchError> {
        self.dispatch(Action::FocusPane(Pane::Cases));
        self.draw()?;
        let mut times = Vec::with_capacity(count);
        for _ in 0..count {
            let before = self.app.selected_case().map(|c| c.id);
            let start = Instant::now();
            self.dispatch(Action::SelectNext);
            self.draw()?;
            times.push(start.elapsed());
            let selected = self.app.selected_case().map(|c| c.id);
            let loaded = self.app.record().map(|r| r.case.id);
            if selected == before || loaded != selected {
                return Err(BenchError(format!(
                    "case switch did not load the next case (was {before:?}, \
                     selected {selected:?}, loaded {loaded:?})"
                )));
            }
        }
        Ok(times)
    }

    /// Type `query` into a fresh search, one key every `gap`, drawing whenever
    /// results arrive in between (as the event loop does), then close the search.
    /// Returns each key's time to its frame drawn, measured while the workers
    /// rank the previous keys.
    pub fn type_query(&mut self, query: &str, gap: Duration) -> Result<Vec<Duration>, BenchError> {
        self.dispatch(Action::Search(SearchAction::Start));
        self.draw()?;
        let mut frames = Vec::new();
        for c in query.chars() {
            let start = Instant::now();
            self.dispatch(Action::Search(SearchAction::Input(c)));
            self.draw()?;
            frames.push(start.elapsed());
            let next_key = start + gap;
            while let Some(left) = next_key.checked_duration_since(Instant::now()) {
                if let Some(action) = self.workers.recv_timeout(left) {
                    self.dispatch(action);
                    self.draw()?;
                }
            }
        }
        self.cancel_search()?;
        Ok(frames)
    }

    /// Type `query` into a fresh search, waiting after each key for its complete
    /// ranked results to arrive and be drawn. Returns, per key, the query typed so
    /// far and the time from the key to its results drawn.
    pub fn settle_query(&mut self, query: &str) -> Result<Vec<(String, Duration)>, BenchError> {
        self.dispatch(Action::Search(SearchAction::Start));
        self.draw()?;
        let mut times = Vec::new();
        for c in query.chars() {
            let start = Instant::now();
            self.dispatch(Action::Search(SearchAction::Input(c)));
            self.draw()?;
            while self.app.search_state().pending() {
                match self.workers.recv_timeout(Duration::from_secs(60)) {
                    Some(action) => self.dispatch(action),
                    None => return Err(BenchError(format!("no results for {query:?}"))),
                }
            }
            self.draw()?;
            times.push((self.app.search_state().query.clone(), start.elapsed()));
        }
        self.cancel_search()?;
        Ok(times)
    }

    fn cancel_search(&mut self) -> Result<(), BenchError> {
        self.dispatch(Action::Search(SearchAction::Cancel));
        self.draw()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }
}
