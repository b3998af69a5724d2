//! How the UI runs, as the command line and the config set it.

use chrono::{DateTime, FixedOffset, Utc};

use super::keymap::KeyMap;
use crate::rules::RuleConfig;

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
