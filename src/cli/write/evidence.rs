//! `nhitrace evidence add REF (--file PATH | --text TEXT) ...`: the bytes are copied
//! into the store, which records their size and SHA-256.

use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, Subcommand};

use super::entry::linked_asset;
use super::output::{self, Written};
use super::{Context, FormatArg, Need, case_record, field, label, one_line};
use super::{optional_line, writable_store};
use crate::cli::CliError;
use crate::domain::{Evidence, EvidenceKind};

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Attach evidence to a case: a file's bytes or a text excerpt.
    Add(EvidenceAddArgs),
}

#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("content").required(true).args(["file", "text"])))]
pub struct EvidenceAddArgs {
    /// The case, e.g. NHI-2026-0042.
    pub reference: String,
    /// A file whose bytes are copied into the store.
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// A text excerpt (log lines, a chat message...).
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// approval_record, entitlement_diff, rotation_log, chat_export, ticket_export,
    /// log_excerpt, screenshot, verification_proof, notification_record,
    /// config_snapshot, other.
    #[arg(long)]
    pub kind: String,
    /// One-line title.
    #[arg(long)]
    pub title: String,
    /// The timeline entry (number) this evidence proves.
    #[arg(long, value_name = "N")]
    pub entry: Option<String>,
    /// Identifier of a linked asset the evidence is about.
    #[arg(long, value_name = "IDENTIFIER")]
    pub asset: Option<String>,
    /// Media type (default: guessed from the file name; text/plain for --text).
    #[arg(long, value_name = "TYPE")]
    pub media_type: Option<String>,
    /// Where it came from (default: the file name).
    #[arg(long)]
    pub source: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

pub(super) fn add(ctx: &Context<'_>, args: &EvidenceAddArgs) -> Result<u8, CliError> {
    let mut store = writable_store(ctx.store, Need::Existing)?;
    let record = case_record(&store, &args.reference)?;
    let kind: EvidenceKind = label("kind", &args.kind)?;
    let title = one_line("title", &args.title)?;
    let entry_id = match &args.entry {
        Some(text) => {
            let number = text.trim().trim_start_matches('#');
            let id: i64 = number
                .parse()
                .map_err(|_| field("entry", format!("`{number}` is not an entry number")))?;
            if !record.entries.iter().any(|e| e.id == id) {
                return Err(field(
                    "entry",
                    format!("{} has no entry #{id}", record.case.reference),
                ));
            }
            Some(id)
        }
        None => None,
    };
    let asset_id = match &args.asset {
        Some(identifier) => Some(linked_asset(&record, "asset", identifier)?),
        None => None,
    };
    let limit = ctx.config.evidence_max_bytes;
    let (bytes, guessed_type, file_name) = match (&args.file, &args.text) {
        (Some(path), _) => {
            let bytes = read_limited(path, limit)?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            (bytes, media_type_of(path), name)
        }
        (None, Some(text)) => {
            if text.trim().is_empty() {
                return Err(field("text", "is required"));
            }
            if text.len() as u64 > limit {
                return Err(field("text", over_limit(text.len() as u64, limit)));
            }
            (text.as_bytes().to_vec(), "text/plain; charset=utf-8", None)
        }
        (None, None) => return Err(field("file", "give --file PATH or --text TEXT")),
    };
    let media_type = optional_line("media-type", args.media_type.as_deref())?
        .unwrap_or_else(|| guessed_type.to_string());
    let source = optional_line("source", args.source.as_deref())?.or(file_name);
    let mut evidence = Evidence {
        id: 0,
        case_id: record.case.id,
        entry_id,
        asset_id,
        kind,
        title,
        media_type,
        size: 0,
        sha256: String::new(),
        source,
        collected_by: store.os_user().to_string(),
        collected_at: ctx.now,
    };
    store.write(|w| w.insert_evidence(&mut evidence, &bytes))?;
    output::print(
        &args.format,
        &Written::EvidenceAdded {
            reference: &record.case.reference,
            evidence: &evidence,
        },
    )
}

/// The file's bytes: a regular file within `limit`, read without trusting what it is.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, CliError> {
    crate::input::read_bounded(path, limit).map_err(|refusal| field("file", refusal.to_string()))
}

fn over_limit(size: u64, limit: u64) -> String {
    format!(
        "{size} bytes is over the evidence limit of {limit} bytes (max_file_bytes in the [evidence] section of the config)"
    )
}

/// A media type from the file name's extension.
fn media_type_of(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "txt" | "log" => "text/plain; charset=utf-8",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "json" => "application/json",
        "yaml" | "yml" => "application/yaml",
        "html" | "htm" => "text/html",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "eml" => "message/rfc822",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_follow_the_extension() {
        assert_eq!(
            media_type_of(Path::new("a/rotation.LOG")),
            "text/plain; charset=utf-8"
        );
        assert_eq!(media_type_of(Path::new("shot.png")), "image/png");
        assert_eq!(media_type_of(Path::new("blob")), "application/octet-stream");
    }
}
