//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// nhitrace — traceability for incidents about non-human identities.
///
/// With no command, opens the interactive investigator on the store.
#[derive(Debug, Parser)]
#[command(name = "nhitrace", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Config file to use instead of the one in the platform config directory.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Which store to open, and how.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// Store file to use (default: nhitrace.db in the platform data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Open a fresh temporary copy of the bundled demo store (deleted on exit).
    #[arg(long, conflicts_with = "db")]
    pub demo: bool,
    /// Open the store read-only: nothing is created or changed.
    #[arg(long, global = true)]
    pub read_only: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the bundled demo store to PATH (refuses to overwrite).
    Demo {
        /// Where to write the new store.
        path: PathBuf,
    },
    /// Print the gaps of every case; exit 1 when any gap at or above --fail-on exists.
    Check(CheckArgs),
    /// Write the reconstructed story of one case for an auditor.
    Report(ReportArgs),
    /// Write cases (all, or those named) with their evidence to one JSON bundle.
    Export {
        /// Case references to export; none means every case.
        refs: Vec<String>,
        /// The bundle file to write (refuses to overwrite).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Import the cases of a bundle; cases already present are skipped.
    Import {
        /// The bundle file to read.
        file: PathBuf,
    },
    /// Import audit events (CloudTrail, GitHub, Kubernetes, GCP, Okta) into a case's trail.
    ImportEvents(super::import_events::ImportEventsArgs),
    /// Write a synthetic store of N generated cases to PATH (refuses to overwrite).
    Generate(GenerateArgs),
    /// Open, edit or close a case.
    Case {
        #[command(subcommand)]
        command: super::write::CaseCommand,
    },
    /// Add a timeline entry to a case.
    Entry {
        #[command(subcommand)]
        command: super::write::EntryCommand,
    },
    /// Link or unlink an asset.
    Asset {
        #[command(subcommand)]
        command: super::write::AssetCommand,
    },
    /// Attach evidence to a case.
    Evidence {
        #[command(subcommand)]
        command: super::write::EvidenceCommand,
    },
    /// Check the audit chain, evidence hashes and the file; exit 1 on any failure.
    Verify(super::verify::VerifyArgs),
    /// Copy every case, asset, entry, evidence byte and audit row into a new store
    /// (e.g. a SQLite file into a PostgreSQL database), then verify it.
    Migrate(super::migrate::MigrateArgs),
    /// Measure start-up, search, case switching, check and memory on a store.
    Bench(BenchArgs),
    /// Show where configuration lives.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the user's config file (which may not exist yet).
    Path,
}

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// The case to report on, e.g. NHI-2026-0042.
    pub reference: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormatArg::Md)]
    pub format: ReportFormatArg,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    Md,
    Html,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// How many cases to generate.
    #[arg(long, value_name = "N")]
    pub cases: usize,
    /// Seed: the same seed always gives the same store.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the new store.
    pub path: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Exit 1 when a gap at or above this severity exists.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Check only this case (repeat for several).
    #[arg(long = "case", value_name = "REF")]
    pub cases: Vec<String>,
}

/// The least severe gap that makes `check` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}
