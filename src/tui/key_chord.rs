//! Keys as the screen knows them: the screen's own key type, with no terminal
//! library in it. The run loop translates terminal events into it at the edge
//! (`tui::key_event`).

use std::fmt;

/// A key, without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    /// Shift-Tab.
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    /// F1 … F12.
    F(u8),
}

/// The modifiers a binding can name: Ctrl and Alt (Shift is carried by the
/// character itself, `G`, `?`, and by `BackTab`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Modifiers {
    pub ctrl: bool,
    pub alt: bool,
}

impl Modifiers {
    pub const NONE: Modifiers = Modifiers {
        ctrl: false,
        alt: false,
    };
    pub const CTRL: Modifiers = Modifiers {
        ctrl: true,
        alt: false,
    };

    pub fn is_empty(self) -> bool {
        !self.ctrl && !self.alt
    }
}

/// One key with its modifiers, normalised so that `G` and `Shift-g` are the same chord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub modifiers: Modifiers,
}

impl KeyChord {
    pub fn new(code: KeyCode, modifiers: Modifiers) -> KeyChord {
        let code = match code {
            KeyCode::Char(c) if !modifiers.is_empty() => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        KeyChord { code, modifiers }
    }

    /// A key with no modifiers.
    pub fn plain(code: KeyCode) -> KeyChord {
        KeyChord::new(code, Modifiers::NONE)
    }

    /// The character a key types as text: a character with neither Ctrl nor Alt.
    pub fn typed_char(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if self.modifiers.is_empty() && !c.is_control() => Some(c),
            _ => None,
        }
    }

    /// Parse one key as written in the key map (`q`, `Ctrl-c`, `PageDown`, `Shift-Tab`).
    pub fn parse(text: &str) -> Result<KeyChord, String> {
        let mut modifiers = Modifiers::NONE;
        let mut rest = text;
        loop {
            if let Some(r) = strip_prefix_ignore_case(rest, "Ctrl-").filter(|r| !r.is_empty()) {
                modifiers.ctrl = true;
                rest = r;
            } else if let Some(r) = strip_prefix_ignore_case(rest, "Alt-").filter(|r| !r.is_empty())
            {
                modifiers.alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = if rest.eq_ignore_ascii_case("Shift-Tab") {
            KeyCode::BackTab
        } else if let Some(code) = NAMED_KEYS
            .iter()
            .find(|(name, _)| rest.len() > 1 && name.eq_ignore_ascii_case(rest))
        {
            code.1
        } else if let Some(n) = rest.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
            if !(1..=12).contains(&n) {
                return Err(format!("unknown key `{text}`"));
            }
            KeyCode::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() && !c.is_whitespace() => KeyCode::Char(c),
                _ => return Err(format!("unknown key `{text}`")),
            }
        };
        Ok(KeyChord::new(code, modifiers))
    }
}

/// `text` without `prefix`, compared ignoring ASCII case (`ctrl-c` is `Ctrl-c`).
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Space", KeyCode::Char(' ')),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
];

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            code => {
                let name = NAMED_KEYS.iter().find(|(_, c)| *c == code).map(|(n, _)| *n);
                f.write_str(name.unwrap_or("?"))
            }
        }
    }
}
