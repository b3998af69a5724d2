//! Key bindings as data: `assets/keymap.conf` compiled in, parsed into a table that
//! drives key handling, the help screen and the key-hint bar.

use std::collections::HashMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Pane};
use super::case_picker::CasePickerAction;
use super::filter_picker::ListAction;
use super::form::WriteKind;
use super::screen::ScreenAction;
use super::search::SearchAction;

/// The default key map, compiled into the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.conf");

/// A key map line that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("key map line {line}: {message}")]
pub struct KeyMapError {
    /// 1-based line number in the key map text.
    pub line: usize,
    pub message: String,
}

/// One key with its modifiers, normalised so that `G` and `Shift-g` are the same chord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeyChord {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> KeyChord {
        // Shift is carried by the character itself (`G`, `?`) and by BackTab.
        let modifiers = modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match code {
            KeyCode::Char(c) if !modifiers.is_empty() => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        KeyChord { code, modifiers }
    }

    pub fn from_event(event: &KeyEvent) -> KeyChord {
        KeyChord::new(event.code, event.modifiers)
    }

    /// Parse one key as written in the key map (`q`, `Ctrl-c`, `PageDown`, `Shift-Tab`).
    pub fn parse(text: &str) -> Result<KeyChord, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            if let Some(r) = strip_prefix_ignore_case(rest, "Ctrl-").filter(|r| !r.is_empty()) {
                modifiers |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = strip_prefix_ignore_case(rest, "Alt-").filter(|r| !r.is_empty())
            {
                modifiers |= KeyModifiers::ALT;
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
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
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

/// What an action name in the key map means, with its help text and hint-bar label.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub name: &'static str,
    pub action: Action,
    pub help: &'static str,
    /// Label in the key-hint bar; consecutive commands with the same label share one hint.
    pub hint: Option<&'static str>,
}

/// Every action a key can be bound to.
pub fn commands() -> Vec<Command> {
    let c = |name, action, help, hint| Command {
        name,
        action,
        help,
        hint,
    };
    vec![
        c(
            "focus_next",
            Action::FocusNext,
            "focus the next pane",
            Some("pane"),
        ),
        c(
            "focus_prev",
            Action::FocusPrev,
            "focus the previous pane",
            None,
        ),
        c(
            "focus_cases",
            Action::FocusPane(Pane::Cases),
            "focus the case list",
            None,
        ),
        c(
            "focus_timeline",
            Action::FocusPane(Pane::Timeline),
            "focus the timeline",
            None,
        ),
        c(
            "focus_assets",
            Action::FocusPane(Pane::Assets),
            "focus the assets",
            None,
        ),
        c(
            "focus_evidence",
            Action::FocusPane(Pane::Evidence),
            "focus the evidence",
            None,
        ),
        c(
            "select_next",
            Action::SelectNext,
            "next row / scroll down",
            Some("move"),
        ),
        c(
            "select_prev",
            Action::SelectPrev,
            "previous row / scroll up",
            Some("move"),
        ),
        c("first", Action::First, "first row / top", None),
        c("last", Action::Last, "last row / end", None),
        c("page_down", Action::PageDown, "one page down", None),
        c("page_up", Action::PageUp, "one page up", None),
        c(
            "open",
            Action::Open,
            "open the full record of the selected row",
            Some("open"),
        ),
        c("back", Action::Back, "close the record or help", None),
        c(
            "search",
            Action::Search(SearchAction::Start),
            "fuzzy search: ref, title, people, assets, tickets",
            Some("search"),
        ),
        c(
            "goto_case",
            Action::CasePicker(CasePickerAction::Open),
            "go to a case: fuzzy pick by ref, title, people, assets",
            None,
        ),
        c(
            "filter",
            Action::List(ListAction::OpenPicker),
            "filter and sort the case list",
            Some("filter"),
        ),
        c(
            "sort",
            Action::List(ListAction::CycleSort),
            "sort by ref, last activity, severity",
            None,
        ),
        c(
            "clear_filter",
            Action::List(ListAction::Clear),
            "clear the search, filters and sort",
            None,
        ),
        c("help", Action::ShowHelp, "show this help", Some("help")),
        c("quit", Action::Quit, "quit nhitrace", Some("quit")),
        c(
            "show_gaps",
            Action::Screen(ScreenAction::ShowGaps),
            "every open gap in the store; again (or Tab) groups by case",
            None,
        ),
        c(
            "show_asset_cases",
            Action::Screen(ScreenAction::ShowAssetCases),
            "every case that touched the asset selected in pane 3",
            None,
        ),
        c(
            "narrow_rule",
            Action::Screen(ScreenAction::CycleRuleFilter),
            "narrow the case list to the next rule code",
            None,
        ),
        c(
            "clear_rule",
            Action::Screen(ScreenAction::ClearRuleFilter),
            "list every case again",
            None,
        ),
        c(
            "add_entry",
            Action::StartWrite(WriteKind::AddEntry),
            "add a timeline entry to the case",
            Some("add"),
        ),
        c(
            "new_case",
            Action::StartWrite(WriteKind::NewCase),
            "open a new case",
            None,
        ),
        c(
            "edit_case",
            Action::StartWrite(WriteKind::EditCase),
            "edit the case's fields",
            None,
        ),
        c(
            "change_status",
            Action::StartWrite(WriteKind::ChangeStatus),
            "change the case's status",
            None,
        ),
        c(
            "link_asset",
            Action::StartWrite(WriteKind::LinkAsset),
            "link an asset (pick one or create it)",
            None,
        ),
        c(
            "unlink_asset",
            Action::StartWrite(WriteKind::UnlinkAsset),
            "unlink an asset from the case",
            None,
        ),
        c(
            "attach_evidence",
            Action::StartWrite(WriteKind::AttachEvidence),
            "attach evidence (text or file)",
            None,
        ),
        c(
            "close_case",
            Action::StartWrite(WriteKind::CloseCase),
            "close the case with a closing note",
            None,
        ),
        c(
            "history",
            Action::ShowHistory,
            "the case's history: who changed what, when",
            None,
        ),
    ]
}

/// One action with the keys bound to it, in key map order.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub command: Command,
    pub keys: Vec<KeyChord>,
}

/// A parsed key map.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMap {
    pub(super) bindings: Vec<Binding>,
    pub(super) by_key: HashMap<KeyChord, usize>,
}

impl KeyMap {
    /// The compiled-in default key map.
    pub fn default_map() -> Result<KeyMap, KeyMapError> {
        KeyMap::parse(DEFAULT_KEYMAP)
    }

    /// Parse key map text: `action = key, key` per line, `#` comments, blank lines.
    pub fn parse(text: &str) -> Result<KeyMap, KeyMapError> {
        let known = commands();
        let mut map = KeyMap {
            bindings: Vec::new(),
            by_key: HashMap::new(),
        };
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let err = |message: String| KeyMapError { line, message };
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let (name, keys) = content
                .split_once('=')
                .ok_or_else(|| err("expected `action = key, key`".to_string()))?;
            let name = name.trim();
            let command = known
                .iter()
                .find(|c| c.name == name)
                .ok_or_else(|| err(format!("unknown action `{name}`")))?;
            if map.bindings.iter().any(|b| b.command.name == name) {
                return Err(err(format!("action `{name}` is bound twice")));
            }
            let mut chords = Vec::new();
            for key in keys.split(',').map(str::trim) {
                if key.is_empty() {
                    return Err(err(format!("empty key for `{name}`")));
                }
                let chord = KeyChord::parse(key).map_err(err)?;
                if let Some(&other) = map.by_key.get(&chord) {
                    let other = map.bindings[other].command.name;
                    return Err(err(format!("key `{key}` is already bound to `{other}`")));
                }
                map.by_key.insert(chord, map.bindings.len());
                chords.push(chord);
            }
            map.bindings.push(Binding {
                command: command.clone(),
                keys: chords,
            });
        }
        Ok(map)
    }

    /// The action bound to a key, if any.
    pub fn action_for(&self, chord: KeyChord) -> Option<Action> {
        self.by_key
            .get(&chord)
            .map(|&i| self.bindings[i].command.action.clone())
    }

    /// Every binding, in key map order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The key-hint bar items: (keys, label), consecutive bindings with the same label
    /// merged (`j/k move`), first key of each binding.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        let mut hints: Vec<(String, &'static str)> = Vec::new();
        for binding in &self.bindings {
            let (Some(label), Some(key)) = (binding.command.hint, binding.keys.first()) else {
                continue;
            };
            match hints.last_mut() {
                Some((keys, last)) if *last == label => {
                    keys.push('/');
                    keys.push_str(&key.to_string());
                }
                _ => hints.push((key.to_string(), label)),
            }
        }
        hints
    }
}
