//! `nhitrace case add` and `nhitrace case set REF`.

use chrono::{Datelike, Local};
use clap::{Args, Subcommand};

use super::close::CloseArgs;
use super::output::{self, Written};
use super::{Context, FormatArg, Need, case_record, field, invalid, writable_store};
use crate::cli::CliError;
use crate::domain::{CaseStatus, CaseSummary};
use crate::input::CaseDraft;
use crate::store::StoreError;

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Open a new case; prints its reference.
    Add(CaseAddArgs),
    /// Change fields of a case (only those given).
    Set(CaseSetArgs),
    /// Close a case with a closing note.
    Close(CloseArgs),
}

/// The case fields both `add` and `set` accept.
#[derive(Debug, Clone, Args)]
pub struct CaseFields {
    /// One-line title.
    #[arg(long)]
    pub title: Option<String>,
    /// access_loss, secret_leak, exemption, auth_failure, permission_drift, offboarding, other.
    #[arg(long)]
    pub category: Option<String>,
    /// low, medium, high, critical.
    #[arg(long)]
    pub severity: Option<String>,
    /// Who reported the problem.
    #[arg(long)]
    pub reporter: Option<String>,
    /// The channel it was reported through (ticket, chat, pager...).
    #[arg(long, value_name = "CHANNEL")]
    pub reported_via: Option<String>,
    /// Who owns the investigation.
    #[arg(long)]
    pub owner: Option<String>,
    /// Who reviews it.
    #[arg(long)]
    pub reviewer: Option<String>,
    /// When it was opened (`2026-06-01 09:12`, `yesterday 14:00`, `now`).
    #[arg(long, value_name = "WHEN")]
    pub opened_at: Option<String>,
    /// Free-text summary.
    #[arg(long, value_name = "TEXT")]
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct CaseAddArgs {
    #[command(flatten)]
    pub fields: CaseFields,
    /// The case reference (default: the next free NHI-<year>-<NNNN>).
    #[arg(long = "ref", value_name = "REF")]
    pub reference: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Clone, Args)]
pub struct CaseSetArgs {
    /// The case to change, e.g. NHI-2026-0042.
    pub reference: String,
    #[command(flatten)]
    pub fields: CaseFields,
    /// open, investigating, awaiting_approval, remediating, verifying (close with `case close`).
    #[arg(long)]
    pub status: Option<String>,
    /// credential_expiry, secret_rotation, certificate_trust, permission_drift,
    /// misconfiguration, leaked_secret, unknown (empty to clear).
    #[arg(long, value_name = "CAUSE")]
    pub root_cause: Option<String>,
    /// Rename the case to this reference.
    #[arg(long, value_name = "REF")]
    pub new_ref: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

impl CaseFields {
    fn apply(&self, draft: &mut CaseDraft) {
        let pairs = [
            (&self.title, &mut draft.title),
            (&self.category, &mut draft.category),
            (&self.severity, &mut draft.severity),
            (&self.reporter, &mut draft.reporter),
            (&self.reported_via, &mut draft.reported_via),
            (&self.owner, &mut draft.owner),
            (&self.reviewer, &mut draft.reviewer),
            (&self.opened_at, &mut draft.opened_at),
            (&self.summary, &mut draft.summary),
        ];
        for (given, slot) in pairs {
            if let Some(value) = given {
                slot.clone_from(value);
            }
        }
    }
}

/// How many times a proposed reference is re-proposed when another writer took it first.
const PROPOSALS: usize = 5;

pub(super) fn add(ctx: &Context<'_>, args: &CaseAddArgs) -> Result<u8, CliError> {
    let mut store = writable_store(ctx.store, Need::MayCreate)?;
    let mut attempt = 0;
    let case = loop {
        let reference = match &args.reference {
            Some(reference) => reference.clone(),
            None => next_reference(
                &store.case_summaries()?,
                ctx.now.with_timezone(&Local).year(),
            ),
        };
        let mut draft = CaseDraft::new_case(reference);
        args.fields.apply(&mut draft);
        let mut case = draft.validate(None, ctx.now, &Local).map_err(invalid)?;
        match store.write(|w| w.insert_case(&mut case)) {
            Ok(_) => break case,
            Err(StoreError::Invalid(_))
                if args.reference.is_none()
                    && attempt < PROPOSALS
                    && store.case_id_by_ref(&case.reference)?.is_some() =>
            {
                attempt += 1;
            }
            Err(err) => return Err(err.into()),
        }
    };
    output::print(&args.format, &Written::CaseAdded(&case))
}

pub(super) fn set(ctx: &Context<'_>, args: &CaseSetArgs) -> Result<u8, CliError> {
    let mut store = writable_store(ctx.store, Need::Existing)?;
    let old = case_record(&store, &args.reference)?.case;
    let mut draft = CaseDraft::from_case(&old);
    args.fields.apply(&mut draft);
    if let Some(status) = &args.status {
        draft.status.clone_from(status);
    }
    if let Some(cause) = &args.root_cause {
        draft.root_cause.clone_from(cause);
    }
    if let Some(reference) = &args.new_ref {
        draft.reference.clone_from(reference);
    }
    let mut case = draft
        .validate(Some(&old), ctx.now, &Local)
        .map_err(invalid)?;
    if case.status == CaseStatus::Closed && old.status != CaseStatus::Closed {
        return Err(field(
            "status",
            format!(
                "close a case with its closing note: nhitrace case close {} --note ...",
                old.reference
            ),
        ));
    }
    let status = case.status;
    // Fields through one audited edit; a status change through its own, which
    // also clears the closing time of a reopened case.
    case.status = old.status;
    let changed = store.write(|w| {
        let mut changed = w.update_case(&case)?;
        if status != old.status {
            w.set_case_status(case.id, status)?;
            changed = true;
        }
        Ok(changed)
    })?;
    let now = store.case_record(case.id)?.case;
    output::print(
        &args.format,
        &Written::CaseChanged {
            case: &now,
            changed,
        },
    )
}

/// The next free `NHI-<year>-<NNNN>` after the highest one of `year` in the store.
pub(super) fn next_reference(cases: &[CaseSummary], year: i32) -> String {
    let prefix = format!("NHI-{year}-");
    let highest = cases
        .iter()
        .filter_map(|c| c.reference.strip_prefix(&prefix))
        .filter_map(|n| n.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:04}", highest + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, Severity};

    fn summary(reference: &str) -> CaseSummary {
        let at = "2026-06-01T00:00:00Z".parse().unwrap_or_default();
        CaseSummary {
            id: 1,
            reference: reference.into(),
            title: "t".into(),
            category: Category::Other,
            severity: Severity::Low,
            status: CaseStatus::Open,
            owner: None,
            opened_at: at,
            last_activity: at,
        }
    }

    #[test]
    fn the_next_reference_follows_the_highest_of_the_year() {
        assert_eq!(next_reference(&[], 2026), "NHI-2026-0001");
        let cases = [
            summary("NHI-2026-0009"),
            summary("NHI-2026-0041"),
            summary("NHI-2025-0900"),
            summary("NHI-2026-draft"),
            summary("OTHER-7"),
        ];
        assert_eq!(next_reference(&cases, 2026), "NHI-2026-0042");
        assert_eq!(next_reference(&cases, 2025), "NHI-2025-0901");
    }
}
