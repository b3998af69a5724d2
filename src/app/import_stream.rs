//! The command line's import of many event files: every file is read first (a file
//! that cannot be read refuses the import before the store is touched), then the
//! files are mapped on other cores while this thread writes them, all in one
//! transaction. A file that cannot be mapped rolls the transaction back, so, as
//! with [`super::import_events`], any bad file means nothing is written; every
//! bad file is reported.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::error::AppError;
use super::port::CaseStore;
use crate::domain::CaseId;
use crate::events::{self, BatchTally, EventError, EventInput, FileTally, ImportOptions, Limits};
use crate::store::{ImportSummary, StoreError};

/// What a streamed import wrote, and what its files held.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamedImport {
    pub summary: ImportSummary,
    pub tally: BatchTally,
}

/// Why a streamed import wrote nothing.
#[derive(Debug)]
pub enum StreamError {
    /// Files that cannot be read or mapped, each named with its event and field.
    Refused(Vec<EventError>),
    App(AppError),
}

impl From<AppError> for StreamError {
    fn from(error: AppError) -> StreamError {
        StreamError::App(error)
    }
}

/// Read every file's bytes (`events::load_file`); every error when any fails.
pub fn load_event_files(
    files: &[PathBuf],
    limits: Limits,
) -> Result<Vec<EventInput>, Vec<EventError>> {
    let mut inputs = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for path in files {
        match events::load_file(path, limits) {
            Ok(input) => inputs.push(input),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(inputs)
    } else {
        Err(errors)
    }
}

/// Map `inputs` and write them into `case` in one transaction dated `now`,
/// `progress(files begun, files)` as each file is taken up by the writer.
pub fn import_event_files<S: CaseStore>(
    store: &mut S,
    case: CaseId,
    inputs: Vec<EventInput>,
    options: ImportOptions,
    actor: &str,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<StreamedImport, StreamError> {
    if inputs.is_empty() {
        return Err(AppError::refused("no event file to import").into());
    }
    let total = inputs.len();
    events::prepare_streaming(inputs, options, actor, now, |mapped| {
        let mut tally = BatchTally::default();
        let mut errors = Vec::new();
        let mut begun = 0_usize;
        let written = {
            let mut counted = (&mut *mapped).inspect(|file| {
                begun = begun.saturating_add(1);
                progress(begun, total);
                match file {
                    Ok(file) => tally.files.push(FileTally::of(file)),
                    Err(error) => errors.push(error.clone()),
                }
            });
            store.import_event_files(case, &mut counted, now)
        };
        match written {
            Ok(summary) => Ok(StreamedImport { summary, tally }),
            Err(StoreError::ImportRefused(_)) => {
                // The rest of the files are mapped only to report their errors too.
                errors.extend(mapped.filter_map(Result::err));
                Err(StreamError::Refused(errors))
            }
            Err(error) => Err(AppError::from(error).into()),
        }
    })
}
