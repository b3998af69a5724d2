//! `nhitrace case close REF --note NOTE [--at WHEN] [--confirm]`: closes the case and
//! appends a `closed` timeline entry in the same transaction. When error-level gaps
//! would remain, it names them and refuses unless `--confirm` is given.

use chrono::{DateTime, Local, Utc};
use clap::Args;

use super::output::{self, Written};
use super::{Context, FormatArg, Need, case_id, field, invalid, writable_store};
use crate::cli::CliError;
use crate::domain::{CaseRecord, CaseStatus, EntryKind, TimelineEntry};
use crate::input::EntryDraft;
use crate::rules::{self, Gap, GapSeverity, RuleCode, RuleConfig};
use crate::sanitize::line;

#[derive(Debug, Clone, Args)]
pub struct CloseArgs {
    /// The case, e.g. NHI-2026-0042.
    pub reference: String,
    /// The closing note: how it ended and why that is enough.
    #[arg(long)]
    pub note: String,
    /// When it was closed (default: now).
    #[arg(
        long,
        value_name = "WHEN",
        default_value = "now",
        alias = "occurred-at"
    )]
    pub at: String,
    /// Close even though error-level gaps remain (they are named first).
    #[arg(long)]
    pub confirm: bool,
    #[command(flatten)]
    pub format: FormatArg,
}

pub(super) fn run(ctx: &Context<'_>, args: &CloseArgs) -> Result<u8, CliError> {
    let mut store = writable_store(ctx.store, Need::Existing)?;
    let record = store.case_record_rehashed(case_id(&store, &args.reference)?)?;
    let reference = record.case.reference.clone();
    if record.case.status == CaseStatus::Closed {
        return Err(CliError::Usage(format!(
            "case {reference} is already closed"
        )));
    }
    let note = args.note.trim_end();
    let Some(first_line) = note.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return Err(field("note", "is required"));
    };
    let draft = EntryDraft {
        occurred_at: args.at.clone(),
        actor: store.os_user().to_string(),
        summary: first_line.to_string(),
        details: note.to_string(),
        ..EntryDraft::new(EntryKind::Closed)
    };
    let mut entry = draft
        .validate(
            record.case.id,
            &record.entries,
            store.os_user(),
            ctx.now,
            &Local,
        )
        .map_err(invalid)?;
    let at = entry.occurred_at;
    let gaps = remaining_errors(&record, &entry, note, ctx.now, &ctx.config.rules);
    if !gaps.is_empty() && !args.confirm {
        return Err(CliError::Usage(refusal(&reference, &gaps)));
    }
    store.write(|w| {
        w.close_case(record.case.id, note, at)?;
        w.insert_entry(&mut entry)
    })?;
    let case = store.case_record(record.case.id)?.case;
    output::print(
        &args.format,
        &Written::CaseClosed {
            case: &case,
            entry: &entry,
            confirmed: &gaps,
        },
    )
}

/// The error-level gaps the case would have once closed as asked (NT015, "closed
/// over errors", is the consequence of closing, not a reason of its own).
fn remaining_errors(
    record: &CaseRecord,
    closing: &TimelineEntry,
    note: &str,
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Vec<Gap> {
    let mut closed = record.clone();
    closed.case.status = CaseStatus::Closed;
    closed.case.closed_at = Some(closing.occurred_at);
    closed.case.closing_note = Some(note.to_string());
    let mut entry = closing.clone();
    entry.id = record.entries.iter().map(|e| e.id).max().unwrap_or(0) + 1;
    closed.entries.push(entry);
    rules::evaluate(&closed, now, config)
        .into_iter()
        .filter(|gap| gap.severity == GapSeverity::Error && gap.code != RuleCode::Nt015)
        .collect()
}

fn refusal(reference: &str, gaps: &[Gap]) -> String {
    let mut text = format!(
        "case {} still has {} error-level gap(s); not closed (pass --confirm to close anyway):",
        line(reference),
        gaps.len()
    );
    for gap in gaps {
        text.push_str(&format!("\n  {}  {}", gap.code, line(&gap.message)));
    }
    text
}
