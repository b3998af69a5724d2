//! `nhitrace entry add REF --kind KIND ...`: one timeline entry, checked by the same
//! [`EntryDraft`] as the add-entry form.

use clap::{Args, Subcommand};

use super::output::{self, Written};
use super::{Context, FormatArg, Need, case_record, execute, field, unexpected, writable_store};
use crate::app::{self, Proof, WriteCommand};
use crate::cli::CliError;
use crate::domain::{AssetId, CaseRecord};
use crate::input::EntryDraft;

#[derive(Debug, Subcommand)]
pub enum EntryCommand {
    /// Add a timeline entry to a case.
    Add(EntryAddArgs),
}

#[derive(Debug, Clone, Args)]
pub struct EntryAddArgs {
    /// The case, e.g. NHI-2026-0042.
    pub reference: String,
    /// reported, triaged, escalated, note, change_requested, approval_granted,
    /// approval_denied, change_applied, rotation, revocation, cleanup, notification,
    /// verification, exemption_granted, exemption_revoked, status_change, reopened, closed.
    #[arg(long)]
    pub kind: String,
    /// Who did it.
    #[arg(long)]
    pub actor: String,
    /// One-line summary.
    #[arg(long)]
    pub summary: String,
    /// When it happened (default: now).
    #[arg(
        long,
        value_name = "WHEN",
        default_value = "now",
        alias = "occurred-at"
    )]
    pub at: String,
    /// Where it happened (ticket, chat, console...).
    #[arg(long)]
    pub channel: Option<String>,
    /// Free-text details.
    #[arg(long)]
    pub details: Option<String>,
    /// Identifier of an asset linked to the case that the entry is about.
    #[arg(long, value_name = "IDENTIFIER")]
    pub asset: Option<String>,
    /// Approvals: who approved.
    #[arg(long)]
    pub approver: Option<String>,
    /// Approvals: the entry number of the change the approval covers.
    #[arg(long, value_name = "N")]
    pub covers: Option<String>,
    /// Exemptions: the business justification.
    #[arg(long)]
    pub justification: Option<String>,
    /// Exemptions: when it expires.
    #[arg(long, value_name = "WHEN", alias = "expires-at")]
    pub expires: Option<String>,
    /// Exemptions: compensating controls, comma-separated.
    #[arg(long, value_name = "LIST", alias = "compensating-controls")]
    pub controls: Option<String>,
    /// Notifications: who was told, comma-separated.
    #[arg(long, value_name = "LIST")]
    pub recipients: Option<String>,
    /// Verifications: how the fix was checked.
    #[arg(long)]
    pub method: Option<String>,
    /// Verifications: passed or failed.
    #[arg(long)]
    pub result: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

impl EntryAddArgs {
    fn draft(&self, asset_id: Option<AssetId>) -> EntryDraft {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        EntryDraft {
            kind: self.kind.clone(),
            occurred_at: self.at.clone(),
            actor: self.actor.clone(),
            channel: text(&self.channel),
            summary: self.summary.clone(),
            details: text(&self.details),
            asset_id,
            approver: text(&self.approver),
            covers: text(&self.covers),
            justification: text(&self.justification),
            expires_at: text(&self.expires),
            compensating_controls: text(&self.controls),
            recipients: text(&self.recipients),
            method: text(&self.method),
            result: text(&self.result),
        }
    }
}

pub(super) fn add(ctx: &Context<'_>, args: &EntryAddArgs) -> Result<u8, CliError> {
    let mut store = writable_store(ctx.store, Need::Existing)?;
    let record = case_record(&store, &args.reference)?;
    let asset_id = match &args.asset {
        Some(identifier) => Some(linked_asset(&record, "asset", identifier)?),
        None => None,
    };
    let command = WriteCommand::AddEntry {
        case: record.case.id,
        draft: args.draft(asset_id),
        proof: Proof::None,
    };
    let app::Written::EntryAdded { entry, .. } = execute(ctx, &mut store, command)? else {
        return Err(unexpected());
    };
    output::print(
        &args.format,
        &Written::EntryAdded {
            reference: &record.case.reference,
            entry: &entry,
        },
    )
}

/// The asset linked to the case with this identifier (or `provider/identifier`).
pub(super) fn linked_asset(
    record: &CaseRecord,
    name: &'static str,
    identifier: &str,
) -> Result<AssetId, CliError> {
    let identifier = identifier.trim();
    let matches: Vec<_> = record
        .assets
        .iter()
        .filter(|linked| linked.asset.identifier == identifier)
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.asset.id),
        [] => Err(field(
            name,
            format!(
                "no asset `{}` is linked to {}; link it first with `nhitrace asset link`",
                crate::sanitize::line(identifier),
                record.case.reference
            ),
        )),
        _ => Err(field(
            name,
            format!(
                "`{}` names assets of several providers on {}",
                crate::sanitize::line(identifier),
                record.case.reference
            ),
        )),
    }
}
