//! Keys while the query line is open: characters are typed, not looked up in the
//! key map; the arrows still move through the results.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::SearchAction;
use crate::tui::action::Action;

/// The action for a key typed into the query line.
pub fn search_key(key: &KeyEvent) -> Option<Action> {
    let control = key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    Some(match key.code {
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Action::Quit,
        KeyCode::Char(c) if !control && !c.is_control() => Action::Search(SearchAction::Input(c)),
        KeyCode::Backspace => Action::Search(SearchAction::Backspace),
        KeyCode::Esc => Action::Search(SearchAction::Cancel),
        KeyCode::Enter => Action::Search(SearchAction::Accept),
        KeyCode::Down => Action::SelectNext,
        KeyCode::Up => Action::SelectPrev,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        _ => return None,
    })
}
