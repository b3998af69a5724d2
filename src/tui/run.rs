//! The run loop: the only part of the UI that touches the terminal and the store.

use std::time::Duration;

use chrono::Datelike;
use chrono::{DateTime, FixedOffset, Utc};
use color_eyre::eyre::WrapErr;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEvent, KeyEventKind,
};

use super::action::Action;
use super::app::App;
use super::case_picker::PickerRanker;
use super::effects::{Effect, execute_mut};
use super::filter_picker::picker_key;
use super::form::WriteSettings;
use super::keymap::{KeyChord, KeyMap};
use super::search::{self, SearchService};
use super::startup::{FULL_EVALUATION_LIMIT, first_screen, load_rest_in_background};
use super::update::update;
use super::view::render;
use crate::rules::RuleConfig;
use crate::store::Store;

/// How the UI runs: the clock for the rules, their configuration, the zone in which
/// times are shown, and whether colours are off.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// "Now" for the rules (stale cases, expired exemptions).
    pub now: DateTime<Utc>,
    pub rules: RuleConfig,
    /// Zone in which times are shown; named on screen.
    pub zone: FixedOffset,
    /// No colours (set from `NO_COLOR`, see [`super::no_color_requested`]).
    pub no_color: bool,
    /// Largest evidence accepted by the attach-evidence form, in bytes.
    pub evidence_max_bytes: u64,
    /// The key map: the defaults with the user's `[keys]` lines applied
    /// ([`KeyMap::with_overrides`]).
    pub keymap: KeyMap,
}

/// Open the screen on `store` until the user quits. The terminal is restored on every
/// exit (ratatui's panic hook covers panics; install color_eyre before calling).
pub fn run(mut store: Store, options: RunOptions) -> color_eyre::Result<()> {
    // The first screenful is read before the terminal is taken over, so an unreadable
    // store is reported on a normal screen; the rest of a large list follows.
    let rows = ratatui::crossterm::terminal::size().map_or(DEFAULT_ROWS, |(_, h)| usize::from(h));
    let (mut app, rest) = first_screen(
        &store,
        &options,
        rows.max(DEFAULT_ROWS),
        FULL_EVALUATION_LIMIT,
    )?;
    prepare(&mut app, &store, &options);
    let mut terminal = ratatui::try_init().wrap_err("could not set up the terminal")?;
    // Pasted text arrives as one event, line breaks included, not as keys.
    let _ = ratatui::crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    let loading = rest.then(|| options.clone());
    let result = event_loop(&mut terminal, &mut store, app, loading);
    let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

/// Rows of list read before the first frame when the terminal size is unknown.
const DEFAULT_ROWS: usize = 50;

/// The settings a loaded screen takes from the options: key map, clock, writes.
pub fn prepare(app: &mut App, store: &Store, options: &RunOptions) {
    app.settings.keymap = options.keymap.clone();
    app.set_now(options.now);
    app.set_write_settings(write_settings(store, options));
}

/// What the write forms need from the store and the options.
fn write_settings(store: &Store, options: &RunOptions) -> WriteSettings {
    WriteSettings {
        read_only: store.is_read_only(),
        rules: options.rules.clone(),
        evidence_max_bytes: options.evidence_max_bytes,
        year: Some(options.now.with_timezone(&options.zone).year()),
    }
}

/// How long to wait for a key while search results or the corpus are on their way,
/// and when nothing is.
const POLL_BUSY: Duration = Duration::from_millis(4);
const POLL_IDLE: Duration = Duration::from_millis(250);

/// `loading`: the options to read the rest of a large list with, after the first
/// frame; `None` when the list is whole already.
fn event_loop(
    terminal: &mut DefaultTerminal,
    store: &mut Store,
    mut app: App,
    loading: Option<RunOptions>,
) -> color_eyre::Result<()> {
    let size = terminal
        .size()
        .wrap_err("could not read the terminal size")?;
    dispatch(&mut app, store, Action::Resize(size.width, size.height));
    for effect in app.initial_effects() {
        let result = execute_mut(store, effect);
        dispatch(&mut app, store, result);
    }
    let mut search = SearchService::start();
    let mut picker = PickerRanker::start(search.sender());
    let mut loading = loading;
    let mut corpus_requested = false;
    let mut dirty = true;
    while !app.should_quit() {
        if dirty {
            terminal
                .draw(|frame| render(&app, frame))
                .wrap_err("could not draw the screen")?;
            dirty = false;
            // After the first frame: the rest of the list (then the corpus), or the
            // corpus alone.
            if let Some(options) = loading.take() {
                let writable = !store.is_read_only();
                load_rest_in_background(
                    store.path().to_path_buf(),
                    writable,
                    options,
                    search.sender(),
                );
            } else if !corpus_requested {
                search::load_corpus_in_background(store.path().to_path_buf(), search.sender());
            }
            corpus_requested = true;
        }
        let busy = app.search.corpus.is_none()
            || app.search.pending()
            || app.list_loading().is_some()
            || app.goto.as_ref().is_some_and(|p| p.pending());
        let wait = if busy { POLL_BUSY } else { POLL_IDLE };
        if event::poll(wait).wrap_err("could not read from the terminal")? {
            let action = match event::read().wrap_err("could not read from the terminal")? {
                Event::Key(key) if key.kind != KeyEventKind::Release => key_action(&app, &key),
                Event::Resize(width, height) => Some(Action::Resize(width, height)),
                Event::Paste(text) if app.form_open() => Some(Action::Paste(text)),
                _ => None,
            };
            if let Some(action) = action {
                dispatch(&mut app, store, action);
                dirty = true;
            }
        }
        while let Some(action) = search.try_recv() {
            dispatch(&mut app, store, action);
            dirty = true;
        }
        search.sync(&app);
        picker.sync(&app);
    }
    Ok(())
}

/// What a key means: an open form takes every key, then the go-to-case picker, the
/// filter picker and the search line, and the key map everywhere else.
pub fn key_action(app: &App, key: &KeyEvent) -> Option<Action> {
    if app.form_open() {
        Some(Action::FormKey(*key))
    } else if app.goto.is_some() {
        super::case_picker::picker_key(key)
    } else if app.list.picker.is_some() {
        picker_key(key)
    } else if app.search.editing {
        search::search_key(key)
    } else {
        app.settings().keymap.action_for(KeyChord::from_event(key))
    }
}

/// Apply an action, then run the effects it asks for and apply their results, until
/// nothing is left to do.
fn dispatch(app: &mut App, store: &mut Store, action: Action) {
    let mut pending: Vec<Effect> = update(app, action);
    while !pending.is_empty() {
        let mut next = Vec::new();
        for effect in pending {
            next.extend(update(app, execute_mut(store, effect)));
        }
        pending = next;
    }
}
