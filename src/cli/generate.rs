//! `nhitrace generate --cases N [--seed S] PATH`.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::CliError;
use super::args::GenerateArgs;
use crate::config::Config;
use crate::generate::{GenerateOptions, generate};
use crate::store::{OpenMode, Store};

/// The most cases `generate` writes: ten times the largest store benchmarked.
const MAX_CASES: usize = 1_000_000;

pub(super) fn run(
    args: &GenerateArgs,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<u8, CliError> {
    if !(1..=MAX_CASES).contains(&args.cases) {
        return Err(CliError::Usage(format!(
            "cases: must be between 1 and {MAX_CASES}"
        )));
    }
    let started = std::time::Instant::now();
    let mut store = Store::open_at(&super::open::location_of(&args.path), OpenMode::CreateNew)?;
    let options = GenerateOptions {
        cases: args.cases,
        seed: args.seed,
    };
    let mut err = std::io::stderr().lock();
    let written = generate(&mut store, options, |n| {
        let _ = write!(err, "\r{n}/{} cases", args.cases);
        let _ = err.flush();
    })?;
    let _ = writeln!(err);
    // Fill the cache of rule codes now, so the first open shows the flags at once.
    let flags = crate::flags::load(&mut store, now, &config.rules)?;
    println!(
        "wrote {written} generated cases ({} flagged, seed {}) to {} in {:.1} s",
        flags.codes.len(),
        args.seed,
        args.path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(0)
}
