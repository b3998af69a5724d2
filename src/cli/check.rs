//! `nhitrace check`: every gap of every case, as text or JSON.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::args::{CheckArgs, FailOn, OutputFormat, StoreArgs};
use super::{CliError, EXIT_GAPS, open};
use crate::app::{CheckReport, check_report};
use crate::config::Config;
use crate::rules::GapSeverity;
use crate::sanitize;

pub(super) fn run(
    store: &StoreArgs,
    args: &CheckArgs,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<u8, CliError> {
    let store = open::existing_store(store)?;
    let report = check_report(&store, &args.cases, now, &config.rules)?;
    // Buffered: stdout alone flushes at every line.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        OutputFormat::Json => crate::sanitize::masked_json(&report)
            .map_err(std::io::Error::from)
            .and_then(|json| writeln!(out, "{json}")),
        OutputFormat::Text => write_text(&mut out, &report),
    }
    .and_then(|()| out.flush());
    written.map_err(|e| CliError::Io(format!("writing the report: {e}")))?;
    let failing = match args.fail_on {
        FailOn::Error => report.count(GapSeverity::Error),
        FailOn::Warning => report.gaps.len(),
    };
    Ok(if failing > 0 { EXIT_GAPS } else { 0 })
}

fn write_text(out: &mut impl Write, report: &CheckReport) -> std::io::Result<()> {
    let width = report.gaps.iter().map(|g| g.case.len()).max().unwrap_or(0);
    for gap in &report.gaps {
        writeln!(
            out,
            "{:<width$}  {}  {:<7}  {}",
            sanitize::masked_line(&gap.case),
            gap.code,
            gap.severity,
            sanitize::masked_line(&gap.message),
        )?;
    }
    let flagged = {
        let mut refs: Vec<&str> = report.gaps.iter().map(|g| g.case.as_str()).collect();
        refs.dedup();
        refs.len()
    };
    writeln!(
        out,
        "{} cases checked: {} with gaps, {} errors, {} warnings",
        report.cases,
        flagged,
        report.count(GapSeverity::Error),
        report.count(GapSeverity::Warning),
    )
}
