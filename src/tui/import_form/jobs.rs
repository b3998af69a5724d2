//! Answering the form's effects: listing a directory, reading and mapping the files
//! (`app::read_event_files`), writing the batch (`app::import_events`) and reading
//! the case back. On the screen's thread ([`answer`], for tests and the settle
//! path) or, for reading and writing, on a thread of their own with progress
//! ([`run_in_background`]; the write with its own connection to the store).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;

use super::{DirItem, ImportAction, ImportEffect, Imported, ItemKind, Preview, ReadJob, WriteJob};
use crate::app;
use crate::store::{OpenMode, Store, StoreLocation};

/// Rows a listing holds at most (a huge directory is cut, and says so).
const MAX_ITEMS: usize = 5_000;

/// Answer `effect` now, against `store` (written to for `Write`).
pub fn answer(store: &mut Store, effect: ImportEffect) -> ImportAction {
    match effect {
        ImportEffect::Write(job) => write(&job, store, &mut |_, _| {}),
        other => answer_read_only(store, other),
    }
}

/// Answer `effect` now from a store that is only read (a write is refused).
pub fn answer_read_only(store: &Store, effect: ImportEffect) -> ImportAction {
    match effect {
        ImportEffect::List { ticket, dir } => list(ticket, dir),
        ImportEffect::Read(job) => read(&job, Some(store), &mut |_, _| {}),
        ImportEffect::Write(job) => ImportAction::Imported {
            ticket: job.ticket,
            result: Err("this store handle cannot write".into()),
        },
    }
}

/// Run a `Read` or `Write` on a thread of its own, sending progress and then the
/// answer with `send`; the store is opened at `location` (read-only to count what
/// is already imported, read-write to write). A `List` is given back.
pub fn run_in_background(
    effect: ImportEffect,
    location: StoreLocation,
    send: impl Fn(ImportAction) + Send + 'static,
) -> Result<(), ImportEffect> {
    match effect {
        ImportEffect::List { .. } => return Err(effect),
        ImportEffect::Read(job) => {
            std::thread::spawn(move || {
                let store = Store::open_at(&location, OpenMode::ReadOnly).ok();
                let mut progress = throttled(job.ticket, &send);
                let answer = read(&job, store.as_ref(), &mut progress);
                send(answer);
            });
        }
        ImportEffect::Write(job) => {
            std::thread::spawn(move || {
                let answer = match Store::open_at(&location, OpenMode::ReadWrite) {
                    Ok(mut store) => {
                        let mut progress = throttled(job.ticket, &send);
                        write(&job, &mut store, &mut progress)
                    }
                    Err(e) => ImportAction::Imported {
                        ticket: job.ticket,
                        result: Err(format!("could not open the store to write: {e}")),
                    },
                };
                send(answer);
            });
        }
    }
    Ok(())
}

/// A progress callback that sends at most one `Progress` per percent.
fn throttled(ticket: u64, send: &impl Fn(ImportAction)) -> impl FnMut(usize, usize) + '_ {
    let mut last = usize::MAX;
    move |done, total| {
        let percent = done.saturating_mul(100).checked_div(total).unwrap_or(100);
        if percent != last {
            last = percent;
            send(ImportAction::Progress {
                ticket,
                done,
                total,
            });
        }
    }
}

/// The rows of `dir` (the current directory when `None`): `..`, then directories,
/// then files, each by name.
pub(super) fn list(ticket: u64, dir: Option<PathBuf>) -> ImportAction {
    let dir = match dir {
        Some(dir) => dir,
        None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
    };
    let items = read_dir(&dir);
    ImportAction::Listed { ticket, dir, items }
}

fn read_dir(dir: &Path) -> Result<Vec<DirItem>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list: {e}"))?;
    let mut items = Vec::new();
    if dir.parent().is_some() {
        items.push(DirItem {
            name: "..".into(),
            kind: ItemKind::Parent,
            size: 0,
        });
    }
    for entry in entries.flatten().take(MAX_ITEMS) {
        // Follows symbolic links, as opening the file would.
        let Ok(meta) = std::fs::metadata(entry.path()) else {
            continue;
        };
        let kind = if meta.is_dir() {
            ItemKind::Dir
        } else {
            ItemKind::File
        };
        items.push(DirItem {
            name: entry.file_name().to_string_lossy().into_owned(),
            kind,
            size: meta.len(),
        });
    }
    items.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    Ok(items)
}

/// Read and map the files; count what the case already has when `store` is given.
fn read(
    job: &ReadJob,
    store: Option<&Store>,
    progress: &mut dyn FnMut(usize, usize),
) -> ImportAction {
    let actor = crate::os_user::os_user();
    let read = app::read_event_files(&job.files, job.options, &actor, Utc::now(), progress);
    let preview = match read {
        Ok(batch) => {
            let already = store.and_then(|s| s.already_imported(job.case, &batch).ok());
            Ok(Arc::new(Preview::of(batch, already)))
        }
        Err(errors) => Err(errors
            .iter()
            .map(|e| crate::sanitize::line(&e.to_string()).into_owned())
            .collect()),
    };
    ImportAction::Previewed {
        ticket: job.ticket,
        preview,
    }
}

/// Write the batch through the application layer, then read the case back.
fn write(
    job: &WriteJob,
    store: &mut Store,
    progress: &mut dyn FnMut(usize, usize),
) -> ImportAction {
    let now = Utc::now();
    let result = app::import_events(store, job.case, &job.batch, now, progress)
        .map(|summary| {
            Box::new(Imported {
                case: job.case,
                summary,
                reload: app::reload(store, job.case, now, &job.rules)
                    .map_err(|e| format!("could not reload: {e}")),
            })
        })
        .map_err(|e| e.to_string());
    ImportAction::Imported {
        ticket: job.ticket,
        result,
    }
}
