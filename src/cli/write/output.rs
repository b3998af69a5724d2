//! What a write command prints: one or two lines of text naming what was written,
//! or the written record as JSON (`--format json`). Stored text is passed through
//! the sanitiser before it reaches the terminal.

use std::io::Write;

use serde_json::{Value, json};

use super::FormatArg;
use crate::cli::{CliError, OutputFormat};
use crate::domain::{Asset, Case, Evidence, Relation, TimelineEntry};
use crate::rules::Gap;
use crate::sanitize::masked_line as line;

/// A record a write command wrote.
pub(super) enum Written<'a> {
    CaseAdded(&'a Case),
    CaseChanged {
        case: &'a Case,
        changed: bool,
    },
    CaseClosed {
        case: &'a Case,
        entry: &'a TimelineEntry,
        /// Error-level gaps the closer confirmed over.
        confirmed: &'a [Gap],
    },
    EntryAdded {
        reference: &'a str,
        entry: &'a TimelineEntry,
    },
    AssetLinked {
        reference: &'a str,
        asset: &'a Asset,
        relation: Relation,
        created: bool,
    },
    AssetUnlinked {
        reference: &'a str,
        asset: &'a Asset,
    },
    EvidenceAdded {
        reference: &'a str,
        evidence: &'a Evidence,
    },
}

/// Print `written` on standard output; exit code 0.
pub(super) fn print(format: &FormatArg, written: &Written<'_>) -> Result<u8, CliError> {
    let mut out = std::io::stdout().lock();
    let result = match format.format {
        OutputFormat::Json => crate::sanitize::masked_json(&to_json(written))
            .map_err(std::io::Error::from)
            .and_then(|json| writeln!(out, "{json}")),
        OutputFormat::Text => writeln!(out, "{}", text(written)),
    };
    result.map_err(|e| CliError::Io(format!("writing the output: {e}")))?;
    Ok(0)
}

fn to_json(written: &Written<'_>) -> Value {
    match written {
        Written::CaseAdded(case) => json!(case),
        Written::CaseChanged { case, changed } => json!({ "changed": changed, "case": case }),
        Written::CaseClosed {
            case,
            entry,
            confirmed,
        } => json!({ "case": case, "entry": entry, "confirmed_gaps": confirmed }),
        Written::EntryAdded { reference, entry } => json!({ "case": reference, "entry": entry }),
        Written::AssetLinked {
            reference,
            asset,
            relation,
            created,
        } => json!({
            "case": reference, "relation": relation, "created": created, "asset": asset,
        }),
        Written::AssetUnlinked { reference, asset } => {
            json!({ "case": reference, "unlinked": asset })
        }
        Written::EvidenceAdded {
            reference,
            evidence,
        } => json!({ "case": reference, "evidence": evidence }),
    }
}

fn text(written: &Written<'_>) -> String {
    match written {
        Written::CaseAdded(case) => format!(
            "case {} added: {} ({}, {}, {})",
            line(&case.reference),
            line(&case.title),
            case.category,
            case.severity,
            case.status
        ),
        Written::CaseChanged { case, changed } => {
            let what = if *changed { "updated" } else { "unchanged" };
            format!(
                "case {} {what}: {} ({}, {}, {})",
                line(&case.reference),
                line(&case.title),
                case.category,
                case.severity,
                case.status
            )
        }
        Written::CaseClosed {
            case,
            entry,
            confirmed,
        } => {
            let mut text = format!(
                "case {} closed at {} (entry #{})",
                line(&case.reference),
                entry.occurred_at.format("%Y-%m-%d %H:%M UTC"),
                entry.id
            );
            if !confirmed.is_empty() {
                text.push_str(&format!(
                    "\nclosed over {} error-level gap(s):",
                    confirmed.len()
                ));
                for gap in *confirmed {
                    text.push_str(&format!("\n  {}  {}", gap.code, line(&gap.message)));
                }
            }
            text
        }
        Written::EntryAdded { reference, entry } => format!(
            "entry #{} added to {}: {} by {} at {}: {}",
            entry.id,
            line(reference),
            entry.kind,
            line(&entry.actor),
            entry.occurred_at.format("%Y-%m-%d %H:%M UTC"),
            line(&entry.summary)
        ),
        Written::AssetLinked {
            reference,
            asset,
            relation,
            created,
        } => format!(
            "asset {} ({}, {}) {}linked to {} as {relation}",
            line(&asset.identifier),
            asset.kind,
            line(&asset.provider),
            if *created { "created and " } else { "" },
            line(reference)
        ),
        Written::AssetUnlinked { reference, asset } => format!(
            "asset {} ({}) unlinked from {}",
            line(&asset.identifier),
            line(&asset.provider),
            line(reference)
        ),
        Written::EvidenceAdded {
            reference,
            evidence,
        } => format!(
            "evidence #{} added to {}: {} ({})\n  size {} bytes  sha256 {}",
            evidence.id,
            line(reference),
            line(&evidence.title),
            evidence.kind,
            evidence.size,
            evidence.sha256
        ),
    }
}
