//! `nhitrace case add` and `nhitrace case set REF`.

use chrono::{Datelike, Local};
use clap::{Args, Subcommand};

use super::close::CloseArgs;
use super::output::{self, Written};
use super::{Context, FormatArg, Need, case_record, execute, unexpected, writable_store};
use crate::app::{self, NewReference, WriteCommand};
use crate::cli::CliError;
use crate::input::CaseDraft;

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

pub(super) fn add(ctx: &Context<'_>, args: &CaseAddArgs) -> Result<u8, CliError> {
    let mut store = writable_store(ctx.store, Need::MayCreate)?;
    let (draft_reference, reference) = match &args.reference {
        Some(reference) => (reference.clone(), NewReference::Given),
        None => (
            String::new(),
            NewReference::Next {
                year: ctx.now.with_timezone(&Local).year(),
            },
        ),
    };
    let mut draft = CaseDraft::new_case(draft_reference);
    args.fields.apply(&mut draft);
    match execute(ctx, &mut store, WriteCommand::NewCase { draft, reference })? {
        app::Written::CaseAdded(case) => output::print(&args.format, &Written::CaseAdded(&case)),
        _ => Err(unexpected()),
    }
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
    let id = old.id;
    let command = WriteCommand::EditCase {
        base: Box::new(old),
        draft,
    };
    let app::Written::CaseChanged { changed, .. } = execute(ctx, &mut store, command)? else {
        return Err(unexpected());
    };
    let now = store.case_record(id)?.case;
    output::print(
        &args.format,
        &Written::CaseChanged {
            case: &now,
            changed,
        },
    )
}
