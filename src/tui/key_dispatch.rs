//! What a key means on the screen as it is: the mode whose keys are in force (an
//! open form, then the "go to case" picker, the filter picker, the search line, the
//! main screen, where an open overlay takes only its own keys), that mode's table in
//! the key map, and — where text is typed — the key's character. Pure: no terminal
//! type here (see `tui::key_event`).

use super::action::Action;
use super::app::App;
use super::case_picker::CasePickerAction;
use super::form::{FormKey, Step};
use super::keymap::{KeyChord, Mode};
use super::search::SearchAction;

/// The mode whose keys are in force.
pub fn mode_of(app: &App) -> Mode {
    match &app.form {
        Some(form) if matches!(form.step, Step::ConfirmDiscard | Step::ConfirmClose(_)) => {
            Mode::Question
        }
        Some(_) => Mode::Form,
        None if app.import.form.is_some() => Mode::Import,
        None if app.goto.is_some() => Mode::Goto,
        None if app.list.picker.is_some() => Mode::Filter,
        None if app.search.editing => Mode::Search,
        None => Mode::Main,
    }
}

/// The main screen's actions an open overlay takes (the hint bar lists their keys):
/// scrolling, back, the help, quit, the reveal of an evidence record and a refresh.
pub fn overlay_takes(action: &Action) -> bool {
    matches!(
        action,
        Action::SelectNext
            | Action::SelectPrev
            | Action::PageDown
            | Action::PageUp
            | Action::First
            | Action::Last
            | Action::Back
            | Action::ShowHelp
            | Action::Quit
            | Action::RevealSecrets
            | Action::Refresh
    )
}

/// The action for a key: the binding of the mode in force, else the key as text
/// where text is typed (a form takes every key).
pub fn action_for_chord(app: &App, chord: KeyChord) -> Option<Action> {
    let mode = mode_of(app);
    if let Some(action) = app.settings.keymap.action_in(mode, chord) {
        // A record, the help or a history open over the main screen takes only its
        // own keys: a search, a picker or a change of the list started behind it
        // would take the keys typed next unseen.
        if mode == Mode::Main && app.overlay().is_some() && !overlay_takes(&action) {
            return None;
        }
        return Some(action);
    }
    match mode {
        Mode::Form | Mode::Question => Some(Action::FormKey(FormKey::Edit(chord))),
        Mode::Search => chord
            .typed_char()
            .map(|c| Action::Search(SearchAction::Input(c))),
        Mode::Goto => chord
            .typed_char()
            .map(|c| Action::CasePicker(CasePickerAction::Input(c))),
        Mode::Import => chord
            .typed_char()
            .map(|c| Action::Import(super::import_form::ImportAction::Type(c))),
        Mode::Main | Mode::Filter => None,
    }
}
