//! Key bindings as data: `assets/keymap.conf` compiled in, parsed into one table per
//! [`Mode`] that drives key handling, the help screen and the key-hint bar.

mod commands;
mod modes;
mod overrides;

use std::collections::HashMap;

pub use super::key_chord::{KeyChord, KeyCode, Modifiers};
pub use commands::{Command, Mode, commands};
pub use overrides::KeyOverrideError;

use super::action::Action;

/// The default key map, compiled into the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("../../../assets/keymap.conf");

/// A key map line that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("key map line {line}: {message}")]
pub struct KeyMapError {
    /// 1-based line number in the key map text.
    pub line: usize,
    pub message: String,
}

/// One action with the keys bound to it, in key map order.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub command: Command,
    pub keys: Vec<KeyChord>,
}

/// The bindings of one mode.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct ModeMap {
    pub(super) bindings: Vec<Binding>,
    pub(super) by_key: HashMap<KeyChord, usize>,
}

impl ModeMap {
    /// A table over these bindings (a key bound twice goes to the last).
    pub(super) fn new(bindings: Vec<Binding>) -> ModeMap {
        let mut by_key = HashMap::new();
        for (index, binding) in bindings.iter().enumerate() {
            for key in &binding.keys {
                by_key.insert(*key, index);
            }
        }
        ModeMap { bindings, by_key }
    }
}

/// A parsed key map: one table per mode.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMap {
    pub(super) modes: [ModeMap; 7],
}

impl KeyMap {
    /// The compiled-in default key map.
    pub fn default_map() -> Result<KeyMap, KeyMapError> {
        KeyMap::parse(DEFAULT_KEYMAP)
    }

    /// Parse key map text: `[mode]` section lines, `action = key, key` per line, `#`
    /// comments, blank lines. Lines before any section are the main screen's.
    pub fn parse(text: &str) -> Result<KeyMap, KeyMapError> {
        let mut modes: [ModeMap; 7] = Default::default();
        let mut mode = Mode::Main;
        let mut known = mode.commands();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let err = |message: String| KeyMapError { line, message };
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if let Some(name) = content.strip_prefix('[').and_then(|c| c.strip_suffix(']')) {
                mode = Mode::named(name.trim())
                    .ok_or_else(|| err(format!("unknown section `[{}]`", name.trim())))?;
                known = mode.commands();
                continue;
            }
            let map = &mut modes[mode.index()];
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
        Ok(KeyMap { modes })
    }

    /// The action bound to a key on the main screen, if any.
    pub fn action_for(&self, chord: KeyChord) -> Option<Action> {
        self.action_in(Mode::Main, chord)
    }

    /// The action bound to a key in `mode`, if any.
    pub fn action_in(&self, mode: Mode, chord: KeyChord) -> Option<Action> {
        let map = &self.modes[mode.index()];
        map.by_key
            .get(&chord)
            .map(|&i| map.bindings[i].command.action.clone())
    }

    /// Every binding of the main screen, in key map order.
    pub fn bindings(&self) -> &[Binding] {
        self.bindings_in(Mode::Main)
    }

    /// Every binding of `mode`, in key map order.
    pub fn bindings_in(&self, mode: Mode) -> &[Binding] {
        &self.modes[mode.index()].bindings
    }

    /// The first key the main screen binds to each of `names` (command names
    /// joined by `|`), joined by `/` (`select_next|select_prev` gives `j/k`); `None`
    /// when none of them has a key.
    pub fn first_keys(&self, names: &str) -> Option<String> {
        self.first_keys_in(Mode::Main, names)
    }

    /// [`KeyMap::first_keys`] of `mode`'s bindings.
    pub fn first_keys_in(&self, mode: Mode, names: &str) -> Option<String> {
        let keys: Vec<String> = names
            .split('|')
            .filter_map(|name| {
                self.bindings_in(mode)
                    .iter()
                    .find(|b| b.command.name == name)
                    .and_then(|b| b.keys.first())
                    .map(ToString::to_string)
            })
            .collect();
        (!keys.is_empty()).then(|| keys.join("/"))
    }

    /// The key-hint bar items: (keys, label), consecutive bindings with the same label
    /// merged (`j/k move`), first key of each binding.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        self.hints_where(|_| true)
    }

    /// [`KeyMap::hints`] of the bindings whose action `keep` accepts.
    pub fn hints_where(&self, keep: impl Fn(&Action) -> bool) -> Vec<(String, &'static str)> {
        let mut hints: Vec<(String, &'static str)> = Vec::new();
        for binding in self.bindings().iter().filter(|b| keep(&b.command.action)) {
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
