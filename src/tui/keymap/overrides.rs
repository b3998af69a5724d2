//! The user's `[keys]` lines applied on top of the default key map: an action named
//! in the user's file gets exactly the keys written there, and loses its defaults.
//! A key the user gives to one action is taken away from any other of the same mode.
//! `[keys]` is the main screen; `[keys.search]`, `[keys.goto]`, `[keys.filter]` and
//! `[keys.form]` are the other modes.

use std::collections::HashMap;

use super::{Binding, KeyChord, KeyMap, Mode, ModeMap};
use crate::config::KeyOverride;

/// A `[keys]` line that cannot be applied, named by file and line
/// (`config.conf:7: unknown action "qiut"`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}:{line}: {message}")]
pub struct KeyOverrideError {
    pub origin: String,
    pub line: usize,
    pub message: String,
}

impl KeyMap {
    /// The default key map with the user's `[keys]` lines applied.
    pub fn with_overrides(overrides: &[KeyOverride]) -> Result<KeyMap, KeyOverrideError> {
        let defaults = KeyMap::default_map().map_err(|e| KeyOverrideError {
            origin: "assets/keymap.conf".to_string(),
            line: e.line,
            message: e.message,
        })?;
        defaults.overridden(overrides)
    }

    /// This key map with the user's `[keys]` lines applied.
    pub fn overridden(&self, overrides: &[KeyOverride]) -> Result<KeyMap, KeyOverrideError> {
        let mut map = self.clone();
        for mode in Mode::ALL {
            let mine: Vec<&KeyOverride> = overrides
                .iter()
                .filter(|o| Mode::named(&o.mode) == Some(mode))
                .collect();
            if !mine.is_empty() {
                map.modes[mode.index()] = overridden(&self.modes[mode.index()], mode, &mine)?;
            }
        }
        if let Some(o) = overrides.iter().find(|o| Mode::named(&o.mode).is_none()) {
            return Err(KeyOverrideError {
                origin: o.origin.clone(),
                line: o.line,
                message: format!("unknown key section \"{}\"", o.mode),
            });
        }
        Ok(map)
    }
}

/// One mode's table with that mode's lines applied.
fn overridden(
    base: &ModeMap,
    mode: Mode,
    overrides: &[&KeyOverride],
) -> Result<ModeMap, KeyOverrideError> {
    let known = mode.commands();
    // Each overridden action with its new keys, and which line set each key.
    let mut replaced: Vec<(&'static str, Vec<KeyChord>)> = Vec::new();
    let mut taken: HashMap<KeyChord, (&'static str, usize)> = HashMap::new();
    let mut set_on: HashMap<&'static str, usize> = HashMap::new();
    for o in overrides {
        let fail = |message: String| KeyOverrideError {
            origin: o.origin.clone(),
            line: o.line,
            message,
        };
        let command = known
            .iter()
            .find(|c| c.name == o.action)
            .ok_or_else(|| fail(format!("unknown action \"{}\"", o.action)))?;
        if let Some(first) = set_on.insert(command.name, o.line) {
            return Err(fail(format!(
                "action \"{}\" is already set on line {first}",
                o.action
            )));
        }
        let mut chords = Vec::new();
        for key in o.keys.split(',').map(str::trim) {
            if key.is_empty() {
                return Err(fail(format!("empty key for \"{}\"", o.action)));
            }
            let chord = KeyChord::parse(key).map_err(|m| fail(m.replace('`', "\"")))?;
            if let Some((other, line)) = taken.insert(chord, (command.name, o.line)) {
                return Err(fail(format!(
                    "key \"{key}\" is already given to \"{other}\" on line {line}"
                )));
            }
            chords.push(chord);
        }
        replaced.push((command.name, chords));
    }
    let mut bindings: Vec<Binding> = Vec::new();
    for binding in &base.bindings {
        let keys = match replaced
            .iter()
            .find(|(name, _)| *name == binding.command.name)
        {
            Some((_, keys)) => keys.clone(),
            None => binding
                .keys
                .iter()
                .filter(|k| !taken.contains_key(k))
                .copied()
                .collect(),
        };
        bindings.push(Binding {
            command: binding.command.clone(),
            keys,
        });
    }
    // Actions the base map leaves unbound come last, in the user's order.
    for (name, keys) in &replaced {
        if bindings.iter().any(|b| b.command.name == *name) {
            continue;
        }
        if let Some(command) = known.iter().find(|c| c.name == *name) {
            bindings.push(Binding {
                command: command.clone(),
                keys: keys.clone(),
            });
        }
    }
    Ok(ModeMap::new(bindings))
}
