//! `nhitrace generate --cases N [--seed S] PATH`.

use std::io::Write;

use super::CliError;
use super::args::GenerateArgs;
use crate::generate::{GenerateOptions, generate};
use crate::store::{OpenMode, Store};

pub(super) fn run(args: &GenerateArgs) -> Result<u8, CliError> {
    if args.cases == 0 {
        return Err(CliError::Usage("--cases must be at least 1".into()));
    }
    let started = std::time::Instant::now();
    let mut store = Store::open(&args.path, OpenMode::CreateNew)?;
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
    println!(
        "wrote {written} generated cases (seed {}) to {} in {:.1} s",
        args.seed,
        args.path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(0)
}
