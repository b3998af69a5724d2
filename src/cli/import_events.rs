//! `nhitrace import-events FILE... --case REF`: audit events from CloudTrail,
//! GitHub, Kubernetes, GCP and Okta onto a case's trail. Every file is read before
//! the store is opened, then mapped on other cores while it is written, all in one
//! transaction; any bad file refuses the whole import (exit 2, one line per bad
//! file, nothing written).

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::json;

use super::CliError;
use super::args::{OutputFormat, StoreArgs};
use super::progress::Progress;
use super::write::{Need, case_id, writable_store};
use crate::app::{self, StreamError};
use crate::config::Config;
use crate::events::{BatchTally, EventError, ImportOptions, Limits, Source};
use crate::sanitize::line;
use crate::store::ImportSummary;

/// Imports of fewer files draw no progress bar.
const PROGRESS_FROM_FILES: usize = 8;

#[derive(Debug, Clone, Args)]
pub struct ImportEventsArgs {
    /// Event files: CloudTrail (Records, array, JSON lines, LookupEvents), GitHub audit
    /// log or secret-scanning alerts, Kubernetes audit, GCP audit, Okta System Log; .gz too.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The case the events belong to, e.g. NHI-2026-0042.
    #[arg(long = "case", value_name = "REF")]
    pub case: String,
    /// Where the events come from (auto: recognised from each file's content).
    #[arg(long, value_enum, default_value_t = SourceArg::Auto)]
    pub source: SourceArg,
    /// Also import read-only calls and events the mapping table does not know, as notes.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceArg {
    Auto,
    Cloudtrail,
    Github,
    K8s,
    Gcp,
    Okta,
}

impl SourceArg {
    fn source(self) -> Option<Source> {
        match self {
            SourceArg::Auto => None,
            SourceArg::Cloudtrail => Some(Source::CloudTrail),
            SourceArg::Github => Some(Source::GitHub),
            SourceArg::K8s => Some(Source::Kubernetes),
            SourceArg::Gcp => Some(Source::Gcp),
            SourceArg::Okta => Some(Source::Okta),
        }
    }
}

pub(super) fn run(
    store_args: &StoreArgs,
    args: &ImportEventsArgs,
    config: &Config,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u8, CliError> {
    if store_args.read_only {
        return Err(CliError::Usage(
            "the store is open read-only; import-events is refused (drop --read-only to import)"
                .into(),
        ));
    }
    let options = ImportOptions {
        source: args.source.source(),
        all: args.all,
        limits: Limits::new(config.evidence_max_bytes),
    };
    let actor = crate::os_user::os_user();
    // Every file's bytes first: one that cannot be read is refused before the store
    // is opened. The files are then mapped while they are written.
    let inputs = app::load_event_files(&args.files, options.limits).map_err(refused)?;
    let mut store = writable_store(store_args, Need::Existing)?;
    let case = case_id(&store, &args.case)?;
    let files = inputs.len();
    let mut progress = Progress::new("importing", files, PROGRESS_FROM_FILES);
    let imported = app::import_event_files(
        &mut store,
        case,
        inputs,
        options,
        &actor,
        now,
        &mut |done, total| progress.update(done, total),
    );
    progress.finish();
    match imported {
        Ok(imported) => print(args, &imported.tally, &imported.summary),
        Err(StreamError::Refused(errors)) => Err(refused(errors)),
        Err(StreamError::App(error)) => Err(error.into()),
    }
}

fn refused(errors: Vec<EventError>) -> CliError {
    let lines: Vec<String> = errors
        .iter()
        .map(|e| line(&e.to_string()).into_owned())
        .collect();
    CliError::Usage(format!("{}\nnothing was imported", lines.join("\n")))
}

fn print(
    args: &ImportEventsArgs,
    tally: &BatchTally,
    summary: &ImportSummary,
) -> Result<u8, CliError> {
    let text = match args.format {
        OutputFormat::Json => {
            let value = to_json(&args.case, tally, summary);
            serde_json::to_string_pretty(&value).unwrap_or_default()
        }
        OutputFormat::Text => to_text(&args.case, tally, summary),
    };
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{text}")
        .map_err(|e| CliError::Io(format!("writing the output: {e}")))?;
    Ok(0)
}

fn to_json(reference: &str, tally: &BatchTally, summary: &ImportSummary) -> serde_json::Value {
    let skipped = tally.skipped();
    let kinds: serde_json::Map<String, serde_json::Value> = tally
        .kind_counts()
        .into_iter()
        .map(|(kind, count)| (kind.as_str().to_string(), json!(count)))
        .collect();
    let files: Vec<_> = tally
        .files
        .iter()
        .zip(&summary.files)
        .map(|(file, written)| {
            json!({
                "name": file.name, "source": file.source.as_str(), "events": file.event_count,
                "entries_added": written.entries_added, "already_imported": written.already_imported,
                "skipped": { "read_only": file.skipped.read_only, "unmapped": file.skipped.unmapped,
                             "other_stage": file.skipped.other_stage },
                "evidence_id": written.evidence_id, "stored": written.stored, "sha256": written.sha256,
            })
        })
        .collect();
    json!({
        "case": reference.trim(),
        "entries_added": summary.entries_added,
        "already_imported": summary.already_imported,
        "skipped": { "read_only": skipped.read_only, "unmapped": skipped.unmapped,
                     "other_stage": skipped.other_stage },
        "mapped_kinds": kinds,
        "assets_created": summary.assets_created,
        "assets_linked": summary.assets_linked,
        "entry_ids": summary.entry_ids,
        "files": files,
    })
}

fn to_text(reference: &str, tally: &BatchTally, summary: &ImportSummary) -> String {
    let skipped = tally.skipped();
    let kinds: Vec<String> = tally
        .kind_counts()
        .iter()
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect();
    let mut out = format!(
        "imported into {}: {} entries added, {} already imported; {} assets linked ({} new)",
        line(reference.trim()),
        summary.entries_added,
        summary.already_imported,
        summary.assets_linked,
        summary.assets_created,
    );
    if !kinds.is_empty() {
        out.push_str(&format!("\n  mapped: {}", kinds.join(", ")));
    }
    for (file, written) in tally.files.iter().zip(&summary.files) {
        let evidence = match (written.evidence_id, written.stored) {
            (Some(id), true) => format!("evidence #{id} stored"),
            (Some(id), false) => format!("evidence #{id} (already stored)"),
            (None, _) => "not stored (nothing new)".to_string(),
        };
        let short = written.sha256.get(..12).unwrap_or(&written.sha256);
        out.push_str(&format!(
            "\n  {} ({}): {} events, {} added, {} already imported · {evidence}, sha256 {short}…",
            line(&file.name),
            file.source,
            file.event_count,
            written.entries_added,
            written.already_imported,
        ));
    }
    out.push_str(&format!(
        "\n  skipped: {} read-only, {} not in the mapping table, {} earlier k8s stages{}",
        skipped.read_only,
        skipped.unmapped,
        skipped.other_stage,
        if skipped.read_only + skipped.unmapped > 0 {
            " (--all imports them as notes)"
        } else {
            ""
        }
    ));
    out
}
