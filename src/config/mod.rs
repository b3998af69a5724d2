//! Configuration: thresholds for the rules, limits for evidence, key overrides.
//!
//! The defaults are `assets/config.conf`, compiled in. The user's file (in the
//! platform config directory, or `--config PATH`) is read on top: any setting it
//! names replaces the default. A line that cannot be read is an error naming the
//! file and line number; nothing is silently ignored.

use std::path::{Path, PathBuf};

use crate::rules::RuleConfig;

const DEFAULTS: &str = include_str!("../../assets/config.conf");

/// The accepted range of `[rules] stale_after_days`: a day to a century.
pub const STALE_AFTER_DAYS: std::ops::RangeInclusive<i64> = 1..=36_500;
/// The accepted range of `[evidence] max_file_bytes`: a byte to 256 MiB (a store
/// keeps evidence inline and a bundle carries it as base64 in memory).
pub const MAX_FILE_BYTES: std::ops::RangeInclusive<i64> = 1..=256 * 1024 * 1024;

/// Everything configurable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub rules: RuleConfig,
    /// Largest evidence file accepted, in bytes.
    pub evidence_max_bytes: u64,
    /// `[keys]` lines, in file order, for the key map to apply.
    pub key_overrides: Vec<KeyOverride>,
}

/// One `action = keys` line of a `[keys]` section: `[keys]` rebinds the main
/// screen, `[keys.MODE]` another mode of the key map (`[keys.search]`, …; the key
/// map names the modes and refuses an unknown one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    /// The mode: `main` for `[keys]`, `MODE` for `[keys.MODE]`.
    pub mode: String,
    pub action: String,
    pub keys: String,
    /// Where it was written, for error messages.
    pub origin: String,
    pub line: usize,
}

/// A config file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}:{line}: {message}")]
pub struct ConfigError {
    pub origin: String,
    pub line: usize,
    pub message: String,
}

impl Default for Config {
    fn default() -> Config {
        let mut config = Config {
            rules: RuleConfig::default(),
            evidence_max_bytes: 0,
            key_overrides: Vec::new(),
        };
        // The compiled-in defaults are tested to parse; should they not, the values
        // above stand and tests fail loudly.
        let _ = config.apply(DEFAULTS, "assets/config.conf");
        config
    }
}

/// The user's config file in the platform config directory
/// (`~/.config/nhitrace/config.conf` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "nhitrace").map(|d| d.config_dir().join("config.conf"))
}

impl Config {
    /// The defaults with the file at `path` applied; a missing file is no error.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        match std::fs::read_to_string(path) {
            Ok(text) => config.apply(&text, &path.display().to_string())?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(ConfigError {
                    origin: path.display().to_string(),
                    line: 0,
                    message: format!("cannot read: {e}"),
                });
            }
        }
        Ok(config)
    }

    /// Apply the settings of one config text on top of this config.
    pub fn apply(&mut self, text: &str, origin: &str) -> Result<(), ConfigError> {
        let mut section = String::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let fail = |message: String| ConfigError {
                origin: origin.to_string(),
                line,
                message,
            };
            let content = raw.split('#').next().unwrap_or("").trim();
            if content.is_empty() {
                continue;
            }
            if let Some(name) = content.strip_prefix('[') {
                let name = name
                    .strip_suffix(']')
                    .ok_or_else(|| fail(format!("`{content}`: a section is written `[name]`")))?;
                let known = matches!(name.trim(), "rules" | "evidence" | "keys")
                    || name
                        .trim()
                        .strip_prefix("keys.")
                        .is_some_and(|mode| !mode.is_empty());
                if !known {
                    return Err(fail(format!(
                        "unknown section `[{name}]` (expected [rules], [evidence], [keys] or [keys.MODE])"
                    )));
                }
                section = name.trim().to_string();
                continue;
            }
            let (name, value) = content
                .split_once('=')
                .map(|(n, v)| (n.trim(), v.trim()))
                .ok_or_else(|| fail(format!("`{content}`: expected `name = value`")))?;
            match (section.as_str(), name) {
                ("rules", "stale_after_days") => {
                    self.rules.stale_after_days =
                        bounded(name, value, STALE_AFTER_DAYS, "days").map_err(fail)?;
                }
                ("evidence", "max_file_bytes") => {
                    let bytes = bounded(name, value, MAX_FILE_BYTES, "bytes").map_err(fail)?;
                    self.evidence_max_bytes = u64::try_from(bytes).unwrap_or(0);
                }
                (keys, action) if keys == "keys" || keys.starts_with("keys.") => {
                    self.key_overrides.push(KeyOverride {
                        mode: keys.strip_prefix("keys.").unwrap_or("main").to_string(),
                        action: action.to_string(),
                        keys: value.to_string(),
                        origin: origin.to_string(),
                        line,
                    })
                }
                ("", _) => {
                    return Err(fail(format!(
                        "`{name}` is outside a section; put it under [rules], [evidence] or [keys]"
                    )));
                }
                (section, _) => {
                    return Err(fail(format!("unknown setting `{name}` in [{section}]")));
                }
            }
        }
        Ok(())
    }
}

/// A whole number (`_` may group digits) within `range`, or a message naming the setting.
fn bounded(
    name: &str,
    value: &str,
    range: std::ops::RangeInclusive<i64>,
    unit: &str,
) -> Result<i64, String> {
    let digits = value.replace('_', "");
    let out_of_range = || {
        format!(
            "{name} = {value} is out of range ({} to {} {unit})",
            range.start(),
            range.end()
        )
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{name} = {value}: `{value}` is not a positive whole number"
        ));
    }
    // Digits only: a number that does not fit an i64 is out of range too.
    match digits.parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(out_of_range()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_defaults_parse() {
        let mut config = Config {
            rules: RuleConfig {
                stale_after_days: 0,
            },
            evidence_max_bytes: 0,
            key_overrides: Vec::new(),
        };
        config.apply(DEFAULTS, "assets/config.conf").unwrap();
        assert_eq!(config.rules.stale_after_days, 14);
        assert_eq!(config.evidence_max_bytes, 25 * 1024 * 1024);
        assert!(config.key_overrides.is_empty());
        assert_eq!(config, Config::default());
    }

    #[test]
    fn a_user_file_overrides_and_keeps_key_lines() {
        let mut config = Config::default();
        config
            .apply(
                "[rules]\nstale_after_days = 30 # a month\n\n[keys]\nquit = x, ctrl-c\n",
                "user.conf",
            )
            .unwrap();
        assert_eq!(config.rules.stale_after_days, 30);
        assert_eq!(config.evidence_max_bytes, 25 * 1024 * 1024);
        assert_eq!(
            config.key_overrides,
            [KeyOverride {
                mode: "main".into(),
                action: "quit".into(),
                keys: "x, ctrl-c".into(),
                origin: "user.conf".into(),
                line: 5
            }]
        );
    }

    #[test]
    fn bad_lines_are_named() {
        let cases = [
            (
                "[rules]\nstale_after_days = soon\n",
                2,
                "not a positive whole number",
            ),
            ("stale_after_days = 3\n", 1, "outside a section"),
            ("[colours]\n", 1, "unknown section"),
            (
                "[rules]\n\nstale_days = 3\n",
                3,
                "unknown setting `stale_days`",
            ),
            ("[evidence]\nmax_file_bytes\n", 2, "expected `name = value`"),
            ("[rules\n", 1, "section is written"),
            (
                "[rules]\nstale_after_days = 200000000000000\n",
                2,
                "stale_after_days = 200000000000000 is out of range (1 to 36500 days)",
            ),
            (
                "[rules]\nstale_after_days = 99999999999999999999999\n",
                2,
                "out of range",
            ),
            ("[rules]\nstale_after_days = 0\n", 2, "out of range"),
            (
                "[rules]\nstale_after_days = -3\n",
                2,
                "not a positive whole number",
            ),
            (
                "[evidence]\nmax_file_bytes = 268435457\n",
                2,
                "max_file_bytes = 268435457 is out of range (1 to 268435456 bytes)",
            ),
        ];
        for (text, line, needle) in cases {
            let err = Config::default().apply(text, "c.conf").unwrap_err();
            assert_eq!(err.line, line, "{text}");
            assert!(
                err.to_string().starts_with(&format!("c.conf:{line}: ")),
                "{err}"
            );
            assert!(err.message.contains(needle), "{err}");
        }
    }

    #[test]
    fn a_missing_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Config::load(&dir.path().join("none.conf")).unwrap(),
            Config::default()
        );
    }
}
