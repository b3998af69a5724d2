//! The edge between the terminal and the key map: crossterm's key events become the
//! screen's own [`KeyChord`]s here, and nowhere else.

use ratatui::crossterm::event::{KeyCode as TermKey, KeyEvent, KeyModifiers};

use super::keymap::{KeyChord, KeyCode, Modifiers};

impl KeyChord {
    /// The chord of a terminal key event; `None` for keys the screen has no use for
    /// (Insert, media keys, F13 and up, …).
    pub fn from_event(event: &KeyEvent) -> Option<KeyChord> {
        let code = match event.code {
            TermKey::Char(c) => KeyCode::Char(c),
            TermKey::Enter => KeyCode::Enter,
            TermKey::Esc => KeyCode::Esc,
            TermKey::Tab => KeyCode::Tab,
            TermKey::BackTab => KeyCode::BackTab,
            TermKey::Backspace => KeyCode::Backspace,
            TermKey::Delete => KeyCode::Delete,
            TermKey::Up => KeyCode::Up,
            TermKey::Down => KeyCode::Down,
            TermKey::Left => KeyCode::Left,
            TermKey::Right => KeyCode::Right,
            TermKey::Home => KeyCode::Home,
            TermKey::End => KeyCode::End,
            TermKey::PageUp => KeyCode::PageUp,
            TermKey::PageDown => KeyCode::PageDown,
            TermKey::F(n) if (1..=12).contains(&n) => KeyCode::F(n),
            _ => return None,
        };
        let modifiers = Modifiers {
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        };
        Some(KeyChord::new(code, modifiers))
    }
}
