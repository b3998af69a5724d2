//! Audit events onto a case's trail: the files read and mapped into one batch
//! ([`read_event_files`]), then the batch written in one transaction
//! ([`import_events`]). The command line and the screen's import form both go
//! through here, so they read, map and write alike.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::error::AppError;
use super::port::CaseStore;
use crate::domain::CaseId;
use crate::events::{self, EventBatch, EventError, ImportOptions};
use crate::store::ImportSummary;

/// Load and map every file (`events::load_file`, then `events::prepare`), calling
/// `progress(files done, files)` after each file. Every error of every file when
/// any fails: nothing of such a batch may be written.
pub fn read_event_files(
    files: &[PathBuf],
    options: ImportOptions,
    actor: &str,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<EventBatch, Vec<EventError>> {
    let mut inputs = Vec::new();
    let mut errors: Vec<EventError> = Vec::new();
    for (done, path) in files.iter().enumerate() {
        match events::load_file(path, options.limits) {
            Ok(input) => inputs.push(input),
            Err(error) => errors.push(error),
        }
        progress(done.saturating_add(1), files.len());
    }
    match events::prepare(inputs, options, actor, now) {
        Ok(batch) if errors.is_empty() => Ok(batch),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// Write `batch` into `case` in one transaction dated `now`, recorded under the
/// store's user; `progress(events done, events)` now and then. Events the case
/// already has are counted, not written again. On any error nothing is written.
pub fn import_events<S: CaseStore>(
    store: &mut S,
    case: CaseId,
    batch: &EventBatch,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportSummary, AppError> {
    if batch.files.is_empty() {
        return Err(AppError::refused("no event file to import"));
    }
    Ok(store.import_events(case, batch, now, progress)?)
}
