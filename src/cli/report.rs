//! `nhitrace report REF --format md|html|json [-o FILE]`.

use chrono::{DateTime, Utc};

use super::args::{ReportArgs, ReportFormatArg, StoreArgs};
use super::{CliError, open};
use crate::config::Config;
use crate::report::{self, HistoryItem, ReportFormat};

pub(super) fn run(
    store: &StoreArgs,
    args: &ReportArgs,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<u8, CliError> {
    let store = open::existing_store(store)?;
    let id = store
        .case_id_by_ref(&args.reference)?
        .ok_or_else(|| CliError::Usage(format!("no case {} in this store", args.reference)))?;
    let record = store.case_record(id)?;
    let mut bytes = Vec::with_capacity(record.evidence.len());
    for evidence in &record.evidence {
        bytes.push(store.evidence_bytes(evidence.id)?);
    }
    let history = store
        .case_history(id)?
        .into_iter()
        .map(|entry| HistoryItem {
            seq: entry.seq,
            at: entry.at,
            user: entry.os_user,
            action: entry.action,
            entity: entry.entity,
            change: entry.change,
        })
        .collect();
    let model = report::build(&record, &bytes, history, now, &config.rules);
    let format = match args.format {
        ReportFormatArg::Md => ReportFormat::Markdown,
        ReportFormatArg::Html => ReportFormat::Html,
        ReportFormatArg::Json => ReportFormat::Json,
    };
    let text = report::render(&model, format);
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| CliError::Io(format!("{}: {e}", path.display())))?,
        None => print!("{text}"),
    }
    Ok(0)
}
