//! `nhitrace check`: every gap of every case, as text or JSON.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::args::{CheckArgs, FailOn, OutputFormat, StoreArgs};
use super::{CliError, EXIT_GAPS, open};
use crate::app::{CaseGap, CheckTotals, check_each};
use crate::config::Config;
use crate::sanitize;

pub(super) fn run(
    store: &StoreArgs,
    args: &CheckArgs,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<u8, CliError> {
    let store = open::existing_store(store)?;
    // Buffered: stdout alone flushes at every line. The gaps are written as each
    // chunk of cases is checked, so memory does not grow with the store.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let io = |e: std::io::Error| CliError::Io(format!("writing the report: {e}"));
    let totals = match args.format {
        OutputFormat::Json => {
            let cases = if args.cases.is_empty() {
                store.case_count()?
            } else {
                args.cases.len()
            };
            let mut json = JsonGaps::new(&mut out);
            json.open(cases).map_err(io)?;
            let totals = check_each(&store, &args.cases, now, &config.rules, &mut |gaps| {
                gaps.iter().try_for_each(|gap| json.gap(gap)).map_err(io)
            })?;
            json.close().map_err(io)?;
            totals
        }
        OutputFormat::Text => {
            let width = if args.cases.is_empty() {
                store.longest_reference()?
            } else {
                args.cases.iter().map(String::len).max().unwrap_or(0)
            };
            let totals = check_each(&store, &args.cases, now, &config.rules, &mut |gaps| {
                gaps.iter()
                    .try_for_each(|gap| write_gap(&mut out, gap, width))
                    .map_err(io)
            })?;
            write_totals(&mut out, &totals).map_err(io)?;
            totals
        }
    };
    out.flush().map_err(io)?;
    let failing = match args.fail_on {
        FailOn::Error => totals.errors,
        FailOn::Warning => totals.errors + totals.warnings,
    };
    Ok(if failing > 0 { EXIT_GAPS } else { 0 })
}

/// One gap as a text line, the case column `width` wide.
fn write_gap(out: &mut impl Write, gap: &CaseGap, width: usize) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<width$}  {}  {:<7}  {}",
        sanitize::masked_line(&gap.case),
        gap.code,
        gap.severity,
        sanitize::masked_line(&gap.message),
    )
}

fn write_totals(out: &mut impl Write, totals: &CheckTotals) -> std::io::Result<()> {
    writeln!(
        out,
        "{} cases checked: {} with gaps, {} errors, {} warnings",
        totals.cases, totals.flagged, totals.errors, totals.warnings,
    )
}

/// The report as pretty JSON (`{"cases": N, "gaps": [...]}`, the text
/// `masked_json` gives for a whole [`crate::app::CheckReport`]), written a gap at a time.
struct JsonGaps<'w, W: Write> {
    out: &'w mut W,
    written: usize,
}

impl<'w, W: Write> JsonGaps<'w, W> {
    fn new(out: &'w mut W) -> Self {
        JsonGaps { out, written: 0 }
    }

    fn open(&mut self, cases: usize) -> std::io::Result<()> {
        write!(self.out, "{{\n  \"cases\": {cases},\n  \"gaps\": [")
    }

    fn gap(&mut self, gap: &CaseGap) -> std::io::Result<()> {
        let text = sanitize::masked_json(gap).map_err(std::io::Error::from)?;
        self.out
            .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        for (index, line) in text.lines().enumerate() {
            if index > 0 {
                self.out.write_all(b"\n")?;
            }
            write!(self.out, "    {line}")?;
        }
        self.written += 1;
        Ok(())
    }

    fn close(&mut self) -> std::io::Result<()> {
        if self.written == 0 {
            writeln!(self.out, "]\n}}")
        } else {
            writeln!(self.out, "\n  ]\n}}")
        }
    }
}
