//! `nhitrace verify [--head]`: recompute the audit chain and every evidence hash, run
//! SQLite's integrity and foreign-key checks, and say what (if anything) is wrong.
//! Opens the store read-only, so it also works for reviewers with `--read-only`.

use std::io::Write;

use clap::Args;

use super::args::{OutputFormat, StoreArgs};
use super::{CliError, EXIT_GAPS, open};
use crate::sanitize::masked_line as line;
use crate::store::VerifyReport;

#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// Print only the audit chain head, `COUNT HASH`, to anchor it elsewhere.
    #[arg(long)]
    pub head: bool,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// Exit 0 when every check passed, 1 when any failed.
pub(super) fn run(store: &StoreArgs, args: &VerifyArgs) -> Result<u8, CliError> {
    let store = open::existing_store(store)?;
    let mut out = std::io::stdout().lock();
    let io = |e: std::io::Error| CliError::Io(format!("writing the summary: {e}"));
    if args.head {
        let (count, hash) = store.chain_head()?;
        writeln!(out, "{count} {hash}").map_err(io)?;
        return Ok(0);
    }
    let report = store.verify()?;
    match args.format {
        OutputFormat::Json => crate::sanitize::masked_json(&report)
            .map_err(std::io::Error::from)
            .and_then(|json| writeln!(out, "{json}")),
        OutputFormat::Text => write_text(&mut out, &report),
    }
    .map_err(io)?;
    Ok(if report.is_ok() { 0 } else { EXIT_GAPS })
}

fn write_text(out: &mut impl Write, report: &VerifyReport) -> std::io::Result<()> {
    match &report.first_bad_row {
        None => writeln!(
            out,
            "audit log: {} entries checked, chain intact",
            report.audit_entries
        )?,
        Some(bad) => writeln!(
            out,
            "audit log: {} entries checked, BROKEN at row #{}: {}",
            report.audit_entries, bad.seq, bad.reason
        )?,
    }
    writeln!(
        out,
        "chain head: {} {}",
        report.audit_entries, report.chain_head
    )?;
    if report.tampered_evidence.is_empty() {
        writeln!(
            out,
            "evidence: {} checked, all match their SHA-256",
            report.evidence_checked
        )?;
    } else {
        let ids: Vec<String> = report
            .tampered_evidence
            .iter()
            .map(|id| format!("#{id}"))
            .collect();
        writeln!(
            out,
            "evidence: {} checked, ALTERED or missing bytes: evidence {}",
            report.evidence_checked,
            ids.join(", ")
        )?;
    }
    problems(out, "integrity check", &report.integrity_problems)?;
    problems(out, "foreign keys", &report.foreign_key_problems)?;
    if report.is_ok() {
        writeln!(out, "verified: every check passed")
    } else {
        writeln!(out, "FAILED: the store does not verify")
    }
}

fn problems(out: &mut impl Write, name: &str, found: &[String]) -> std::io::Result<()> {
    match found.first() {
        None => writeln!(out, "{name}: ok"),
        Some(first) => writeln!(
            out,
            "{name}: {} problem(s), first: {}",
            found.len(),
            line(first)
        ),
    }
}
