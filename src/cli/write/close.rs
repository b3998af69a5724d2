//! `nhitrace case close REF --note NOTE [--at WHEN] [--confirm]`: closes the case and
//! appends a `closed` timeline entry in the same transaction (see
//! [`app::WriteCommand::Close`]). When error-level gaps would remain, it names them and
//! refuses unless `--confirm` is given.

use clap::Args;

use super::output::{self, Written};
use super::{Context, FormatArg, Need, case_id, invalid, unexpected, writable_store};
use crate::app::{self, AppError, WriteCommand};
use crate::cli::CliError;
use crate::rules::Gap;
use crate::sanitize::masked_line as line;

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
    let id = case_id(&store, &args.reference)?;
    let command = WriteCommand::Close {
        case: id,
        note: args.note.clone(),
        at: args.at.clone(),
        confirmed: args.confirm,
    };
    let written = app::execute(&mut store, command, &ctx.write_context());
    let (entry, confirmed) = match written {
        Ok(app::Written::CaseClosed {
            entry, confirmed, ..
        }) => (entry, confirmed),
        Ok(_) => return Err(unexpected()),
        Err(AppError::Refused(refusal)) if !refusal.gaps.is_empty() => {
            return Err(CliError::Usage(refusal_text(
                &args.reference,
                &refusal.gaps,
            )));
        }
        Err(AppError::Fields(errors)) => return Err(invalid(errors)),
        Err(AppError::Refused(refusal)) => return Err(CliError::Usage(refusal.message)),
        Err(AppError::Store(err)) => return Err(err.into()),
    };
    let case = store.case_record(id)?.case;
    output::print(
        &args.format,
        &Written::CaseClosed {
            case: &case,
            entry: &entry,
            confirmed: &confirmed,
        },
    )
}

fn refusal_text(reference: &str, gaps: &[Gap]) -> String {
    let mut text = format!(
        "case {} still has {} error-level gap(s); not closed (pass --confirm to close anyway):",
        line(reference.trim()),
        gaps.len()
    );
    for gap in gaps {
        text.push_str(&format!("\n  {}  {}", gap.code, line(&gap.message)));
    }
    text
}
