//! The run loop: the only part of the UI that touches the terminal and the store.

use std::time::Duration;

use chrono::Datelike;
use color_eyre::eyre::WrapErr;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEvent, KeyEventKind,
};

use super::action::Action;
use super::app::App;
use super::form::WriteSettings;
use super::key_dispatch::action_for_chord;
use super::keymap::KeyChord;
pub use super::options::RunOptions;
use super::settle::{BackgroundLoads, Live, Workers, settle, settle_effects};
use super::startup::{FULL_EVALUATION_LIMIT, first_screen};
use super::view::render;
use crate::store::Store;

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
    // A store read whole has no rest to load after the first frame.
    debug_assert_eq!(rest, app.list_loading().is_some());
    let result = event_loop(&mut terminal, &mut store, app, &options);
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

fn event_loop(
    terminal: &mut DefaultTerminal,
    store: &mut Store,
    mut app: App,
    options: &RunOptions,
) -> color_eyre::Result<()> {
    let size = terminal
        .size()
        .wrap_err("could not read the terminal size")?;
    let mut workers = Workers::start(BackgroundLoads::of(store, options));
    let mut live = Live {
        store,
        workers: &mut workers,
    };
    settle(&mut app, &mut live, Action::resize(size.width, size.height));
    let first = app.initial_effects();
    settle_effects(&mut app, &mut live, first);
    let mut first_frame = true;
    let mut dirty = true;
    let hang_up = termination_requested();
    while !app.should_quit() && !hang_up.load(std::sync::atomic::Ordering::Relaxed) {
        if dirty {
            terminal
                .draw(|frame| render(&app, frame))
                .wrap_err("could not draw the screen")?;
            dirty = false;
            if std::mem::take(&mut first_frame) {
                // After the first frame: the rest of the list (then the corpus), or
                // the corpus alone.
                settle(&mut app, &mut live, Action::FirstFrame);
            }
        }
        let busy = app.search.corpus.is_none()
            || app.search.pending()
            || app.list_loading().is_some()
            || app.refreshing()
            || app.goto.as_ref().is_some_and(|p| p.pending())
            || app.import.busy();
        let wait = if busy { POLL_BUSY } else { POLL_IDLE };
        if event::poll(wait).wrap_err("could not read from the terminal")? {
            let action = match event::read().wrap_err("could not read from the terminal")? {
                Event::Key(key) if key.kind != KeyEventKind::Release => key_action(&app, &key),
                Event::Resize(width, height) => {
                    repaint_all(terminal, width, height)?;
                    Some(Action::resize(width, height))
                }
                Event::Paste(text) if app.form_open() => Some(Action::Paste(text)),
                _ => None,
            };
            if let Some(action) = action {
                settle(&mut app, &mut live, action);
                dirty = true;
            }
        }
        while let Some(action) = live.workers.try_recv() {
            settle(&mut app, &mut live, action);
            dirty = true;
        }
    }
    Ok(())
}

/// After a resize the next frame is drawn whole on a cleared screen. Ratatui only does
/// so when the size differs from the last frame's, but resizes coalesce: a shrink and a
/// grow back read as one resize to the same size, and the terminal has lost what the
/// shrink cut off, which a frame of changes alone would never draw again.
fn repaint_all(terminal: &mut DefaultTerminal, width: u16, height: u16) -> color_eyre::Result<()> {
    terminal
        .resize(ratatui::layout::Rect::new(0, 0, width, height))
        .wrap_err("could not clear the screen")
}

/// A flag raised by SIGTERM or SIGHUP (a closed SSH session), so the loop ends and
/// the terminal is restored instead of the process dying in raw mode. Every write is
/// already committed when its form closes, so nothing is lost. Should the handlers
/// not install, the signals keep their default action.
fn termination_requested() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        let _ = signal_hook::flag::register(signal, std::sync::Arc::clone(&flag));
    }
    flag
}

/// What a terminal key means: translated into the screen's own key at this edge,
/// then looked up in the key map of the mode in force (`tui::key_dispatch`).
pub fn key_action(app: &App, key: &KeyEvent) -> Option<Action> {
    KeyChord::from_event(key).and_then(|chord| action_for_chord(app, chord))
}
