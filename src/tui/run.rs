//! The run loop: the only part of the UI that touches the terminal and the store.

use std::collections::HashMap;
use std::time::Duration;

use chrono::Datelike;
use chrono::{DateTime, FixedOffset, Utc};
use color_eyre::eyre::WrapErr;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEvent, KeyEventKind,
};

use super::action::Action;
use super::app::{App, Settings};
use super::effects::{Effect, execute_mut};
use super::filter_picker::picker_key;
use super::form::WriteSettings;
use super::keymap::{KeyChord, KeyMap};
use super::search::{self, SearchService};
use super::update::update;
use super::view::render;
use crate::flags;
use crate::rules::{self, RuleConfig};
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

/// Above this many cases the list starts from the store's cached rule codes
/// instead of evaluating every record (see [`crate::flags`]).
pub const FULL_EVALUATION_LIMIT: usize = 5_000;

/// Read the case list and the gaps per case and build the screen state, without
/// writing anything. A store of up to [`FULL_EVALUATION_LIMIT`] cases is evaluated in
/// full; a larger one starts from the cached rule codes (each shown with its rule's
/// title until the case is opened, when its full gaps are found). Only gaps are kept
/// per case, not records.
pub fn load_app(store: &Store, options: &RunOptions) -> color_eyre::Result<App> {
    let cases = store
        .case_summaries()
        .wrap_err("could not read the case list")?;
    let flags = if cases.len() > FULL_EVALUATION_LIMIT {
        Some(
            flags::current(store, options.now, &options.rules)
                .wrap_err("could not read the flags of the cases")?,
        )
    } else {
        None
    };
    build_app(store, options, cases, flags)
}

/// As [`load_app`], but a writable store's cache of rule codes is brought up to date
/// (in one transaction) on the way, so the next start finds it current.
pub fn open_app(store: &mut Store, options: &RunOptions) -> color_eyre::Result<App> {
    let cases = store
        .case_summaries()
        .wrap_err("could not read the case list")?;
    let flags = if cases.len() > FULL_EVALUATION_LIMIT {
        Some(
            flags::load(store, options.now, &options.rules)
                .wrap_err("could not bring the case flags up to date")?,
        )
    } else {
        None
    };
    build_app(store, options, cases, flags)
}

fn build_app(
    store: &Store,
    options: &RunOptions,
    cases: Vec<crate::domain::CaseSummary>,
    flags: Option<flags::Flags>,
) -> color_eyre::Result<App> {
    let gaps: HashMap<_, _> = match flags {
        Some(flags) => flags
            .codes
            .into_iter()
            .map(|(id, codes)| (id, codes.into_iter().map(summary_gap).collect()))
            .collect(),
        None => store
            .all_records()
            .wrap_err("could not read the cases")?
            .iter()
            .map(|record| {
                (
                    record.case.id,
                    rules::evaluate(record, options.now, &options.rules),
                )
            })
            .collect(),
    };
    let keymap = KeyMap::default_map().wrap_err("the built-in key map is invalid")?;
    let settings = Settings {
        zone: options.zone,
        no_color: options.no_color,
        keymap,
    };
    let mut app = App::new(cases, gaps, settings);
    app.set_rule_clock(options.now, options.rules.clone());
    Ok(app)
}

/// A gap known only by its rule code, shown with the rule's title.
fn summary_gap(code: rules::RuleCode) -> rules::Gap {
    rules::Gap::new(code, code.info().title.to_string(), Vec::new(), Vec::new())
}

/// Open the screen on `store` until the user quits. The terminal is restored on every
/// exit (ratatui's panic hook covers panics; install color_eyre before calling).
pub fn run(mut store: Store, options: RunOptions) -> color_eyre::Result<()> {
    let mut app = open_app(&mut store, &options)?;
    app.settings.keymap = options.keymap.clone();
    app.set_now(options.now);
    app.set_write_settings(write_settings(&store, &options));
    let mut terminal = ratatui::try_init().wrap_err("could not set up the terminal")?;
    // Pasted text arrives as one event, line breaks included, not as keys.
    let _ = ratatui::crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut store, app);
    let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
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

fn event_loop(
    terminal: &mut DefaultTerminal,
    store: &mut Store,
    mut app: App,
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
    search::load_corpus_in_background(store.path().to_path_buf(), search.sender());
    let mut dirty = true;
    while !app.should_quit() {
        if dirty {
            terminal
                .draw(|frame| render(&app, frame))
                .wrap_err("could not draw the screen")?;
            dirty = false;
        }
        let busy = app.search.corpus.is_none() || app.search.pending();
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
    }
    Ok(())
}

/// What a key means: an open form takes every key, then the filter picker and the
/// search line, and the key map everywhere else.
pub fn key_action(app: &App, key: &KeyEvent) -> Option<Action> {
    if app.form_open() {
        Some(Action::FormKey(*key))
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
