//! Opening the store the command line points at, and the interactive app.

use chrono::{DateTime, Utc};

use super::args::StoreArgs;
use super::demo::TempDemo;
use super::{CliError, paths};
use crate::config::Config;
use crate::store::{OpenMode, Store};
use crate::tui::{self, RunOptions};

/// Read-only when asked for; otherwise read-write (creating the store if missing).
pub(super) fn mode(args: &StoreArgs) -> OpenMode {
    if args.read_only {
        OpenMode::ReadOnly
    } else {
        OpenMode::ReadWrite
    }
}

/// The store for a command that reads: it must already exist (never created by a read).
pub(super) fn existing_store(args: &StoreArgs) -> Result<Store, CliError> {
    Ok(Store::open(&store_path(args)?, OpenMode::ReadOnly)?)
}

/// The store the arguments name: `--db PATH`, or the default in the data directory.
pub(super) fn store_path(args: &StoreArgs) -> Result<std::path::PathBuf, CliError> {
    match &args.db {
        Some(path) => Ok(path.clone()),
        None => paths::default_store(),
    }
}

/// Open the interactive investigator on the chosen store.
pub(super) fn interactive(
    args: &StoreArgs,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<u8, CliError> {
    // A bad `[keys]` line is reported before anything is opened.
    let keymap = tui::KeyMap::with_overrides(&config.key_overrides)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let demo = if args.demo {
        Some(TempDemo::create()?)
    } else {
        None
    };
    let path = match (&demo, &args.db) {
        (Some(demo), _) => demo.store.clone(),
        (None, Some(path)) => path.clone(),
        (None, None) => paths::default_store()?,
    };
    let store = Store::open(&path, mode(args))?;
    let options = RunOptions {
        now,
        rules: config.rules.clone(),
        zone: *chrono::Local::now().offset(),
        no_color: tui::no_color_requested(),
        evidence_max_bytes: config.evidence_max_bytes,
        keymap,
    };
    tui::run(store, options).map_err(|e| CliError::Terminal(e.to_string()))?;
    Ok(0)
}
