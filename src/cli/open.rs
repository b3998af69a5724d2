//! Opening the store the command line points at, and the interactive app.

use crate::store::StoreLocation;
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
    Ok(Store::open_at(&store_location(args)?, OpenMode::ReadOnly)?)
}

/// The store the arguments name: `--db PATH|URL`, else `$NHITRACE_DB`, else the
/// default file in the data directory.
pub(super) fn store_location(args: &StoreArgs) -> Result<StoreLocation, CliError> {
    if let Some(path) = &args.db {
        return Ok(location_of(path));
    }
    match std::env::var_os("NHITRACE_DB") {
        Some(named) if !named.is_empty() => Ok(location_of(std::path::Path::new(&named))),
        _ => Ok(StoreLocation::File(paths::default_store()?)),
    }
}

/// A `postgres://` URL names a server store; anything else a SQLite file.
pub(super) fn location_of(path: &std::path::Path) -> StoreLocation {
    path.to_str().map_or_else(
        || StoreLocation::File(path.to_path_buf()),
        StoreLocation::parse,
    )
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
    let location = match &demo {
        Some(demo) => StoreLocation::File(demo.store.clone()),
        None => store_location(args)?,
    };
    let store = Store::open_at(&location, mode(args))?;
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
