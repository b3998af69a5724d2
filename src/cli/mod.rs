//! The command line: parses arguments, opens the store, runs one command.
//! This is the edge of the program: the only place that reads the real clock
//! and turns errors into messages and exit codes.

mod args;
mod bench;
mod bundle;
mod check;
mod demo;
mod generate;
mod import_events;
mod migrate;
mod open;
mod paths;
mod progress;
mod report;
mod verify;
mod write;

use std::process::ExitCode;

use crate::config::Config;

pub use crate::app::{CheckReport, check_report};
pub use args::{Cli, Command, ConfigCommand, OutputFormat};

/// Exit code for "gaps found" (`check`) — distinct from usage and store errors.
pub const EXIT_GAPS: u8 = 1;
/// Exit code for invalid input, an unusable store or any other failure.
pub const EXIT_FAILURE: u8 = 2;

/// Parse the process arguments and run; returns the process exit code.
pub fn main() -> ExitCode {
    use clap::Parser;
    // Before ratatui's init, so its panic hook restores the terminal and then
    // color-eyre reports the panic on a usable screen.
    if let Err(err) = color_eyre::install() {
        eprintln!("nhitrace: cannot install the error reporter: {err}");
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // Messages may quote store or bundle text: never raw controls or secrets.
            eprintln!(
                "nhitrace: {}",
                crate::sanitize::masked_lines(&err.to_string()).join("\n")
            );
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Run one parsed command line. Errors are one-line messages for the user.
pub fn run(cli: Cli) -> Result<u8, CliError> {
    let now = chrono::Utc::now();
    if let Some(Command::Config {
        command: ConfigCommand::Path,
    }) = cli.command
    {
        // Answer even when the config file is broken: that is when it is needed.
        return config_path(cli.config.as_deref());
    }
    let config = load_config(cli.config.as_deref())?;
    match cli.command {
        None => open::interactive(&cli.store, &config, now),
        Some(Command::Demo { path }) => demo::write_demo_store(&path),
        Some(Command::Check(args)) => check::run(&cli.store, &args, &config, now),
        Some(Command::Report(args)) => report::run(&cli.store, &args, &config, now),
        Some(Command::Generate(args)) => generate::run(&args, &config, now),
        Some(Command::Export { refs, output }) => bundle::export(&cli.store, &refs, &output, now),
        Some(Command::Import { file }) => bundle::import(&cli.store, &file, now, &config),
        Some(Command::ImportEvents(args)) => import_events::run(&cli.store, &args, &config, now),
        Some(Command::Config { .. }) => config_path(cli.config.as_deref()),
        Some(Command::Verify(args)) => verify::run(&cli.store, &args),
        Some(Command::Migrate(args)) => migrate::run(&args, now),
        Some(Command::Bench(args)) => bench::run(&cli.store, &args, &config, now),
        Some(Command::Case { command }) => {
            write::run_case(&write_context(&cli.store, &config, now), &command)
        }
        Some(Command::Entry { command }) => {
            write::run_entry(&write_context(&cli.store, &config, now), &command)
        }
        Some(Command::Asset { command }) => {
            write::run_asset(&write_context(&cli.store, &config, now), &command)
        }
        Some(Command::Evidence { command }) => {
            write::run_evidence(&write_context(&cli.store, &config, now), &command)
        }
    }
}

fn write_context<'a>(
    store: &'a args::StoreArgs,
    config: &'a Config,
    now: chrono::DateTime<chrono::Utc>,
) -> write::Context<'a> {
    write::Context { store, config, now }
}

fn config_path(explicit: Option<&std::path::Path>) -> Result<u8, CliError> {
    let path = explicit
        .map(std::path::Path::to_path_buf)
        .or_else(crate::config::default_path)
        .ok_or_else(|| {
            CliError::Usage("cannot find a home directory for the config file".into())
        })?;
    println!("{}", path.display());
    Ok(0)
}

/// The defaults with the user's config file (or `--config PATH`) applied.
fn load_config(explicit: Option<&std::path::Path>) -> Result<Config, CliError> {
    let path = match explicit {
        Some(path) => {
            if !path.exists() {
                return Err(CliError::Usage(format!(
                    "{}: no such config file",
                    path.display()
                )));
            }
            path.to_path_buf()
        }
        None => match crate::config::default_path() {
            Some(path) => path,
            None => return Ok(Config::default()),
        },
    };
    Config::load(&path).map_err(|e| CliError::Usage(format!("config {e}")))
}

/// A failure of the command line, shown as `nhitrace: <message>`.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    Terminal(String),
}

impl From<crate::app::AppError> for CliError {
    fn from(err: crate::app::AppError) -> CliError {
        match err {
            crate::app::AppError::Store(err) => CliError::Store(err),
            other => CliError::Usage(other.to_string()),
        }
    }
}
