//! `nhitrace bench`: measure the speed targets on a store (see `crate::bench`).

use std::io::Write;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::args::{BenchArgs, OutputFormat, StoreArgs};
use super::{CliError, open};
use crate::bench;
use crate::config::Config;
use crate::tui::{self, RunOptions};

pub(super) fn run(
    store: &StoreArgs,
    args: &BenchArgs,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<u8, CliError> {
    let location = open::store_location(store)?;
    if let Some(path) = location.path()
        && !path.exists()
    {
        return Err(CliError::Usage(format!(
            "{}: no such store",
            path.display()
        )));
    }
    let keymap = tui::KeyMap::with_overrides(&config.key_overrides)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let options = RunOptions {
        now,
        rules: config.rules.clone(),
        zone: *chrono::Local::now().offset(),
        no_color: tui::no_color_requested(),
        evidence_max_bytes: config.evidence_max_bytes,
        keymap,
    };
    let report = bench::run(&location, open::mode(store), &options, process_start())
        .map_err(|e| CliError::Io(format!("bench: {e}")))?;
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        OutputFormat::Json => serde_json::to_writer_pretty(&mut out, &report)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
        OutputFormat::Text => bench::write_text(&mut out, &report),
    };
    written.map_err(|e| CliError::Io(format!("writing the report: {e}")))?;
    Ok(0)
}

/// The median time to spawn this program with `--version` and wait for it: what
/// starting the process costs before any store is opened.
fn process_start() -> Option<Duration> {
    let exe = std::env::current_exe().ok()?;
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let status = std::process::Command::new(&exe)
            .arg("--version")
            .stdout(std::process::Stdio::null())
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
        times.push(start.elapsed());
    }
    times.sort_unstable();
    times.get(times.len() / 2).copied()
}
