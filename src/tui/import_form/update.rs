//! How the form's actions change it. No I/O: listing, reading and writing are
//! asked for as [`ImportEffect`]s.

use std::path::{Path, PathBuf};

use super::{
    Focus, ImportAction, ImportEffect, ImportForm, ImportSettings, ImportSlot, Imported, ItemKind,
    Listing, ReadJob, SOURCES, Step, WriteJob,
};
use crate::domain::CaseId;
use crate::events::{ImportOptions, Limits};

/// Rows a page key moves in the file list or the preview.
const PAGE: usize = 10;

/// What the screen has to do after an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Run these effects (none: nothing to do).
    Effects(Vec<ImportEffect>),
    /// The import was written and the form closed: reload the case, say so.
    Imported(Box<Imported>),
}

/// Open the form on `case`, listing the current directory.
pub fn open(
    slot: &mut ImportSlot,
    case: CaseId,
    reference: String,
    settings: ImportSettings,
) -> Vec<ImportEffect> {
    let ticket = slot.ticket();
    slot.form = Some(Box::new(ImportForm {
        case,
        reference,
        dir: PathBuf::new(),
        path: String::new(),
        listing: Listing::Loading,
        cursor: 0,
        marked: Vec::new(),
        source: 0,
        all: false,
        focus: Focus::Files,
        step: Step::Pick,
        notice: None,
        failure: None,
        scroll: 0,
        ticket,
        settings,
    }));
    vec![ImportEffect::List { ticket, dir: None }]
}

pub fn update(slot: &mut ImportSlot, action: ImportAction) -> Outcome {
    if is_answer(&action) {
        return answered(slot, action);
    }
    let next = slot.issued.wrapping_add(1);
    let Some(form) = slot.form.as_deref_mut() else {
        return Outcome::Effects(Vec::new());
    };
    let (effects, close) = match &form.step {
        Step::Pick => pick(form, action, next),
        Step::Reading { .. } | Step::Writing { .. } => (Vec::new(), false),
        Step::Preview(_) | Step::Refused(_) => preview(form, action, next),
    };
    if effects.iter().any(|e| ticket_of(e) == next) {
        slot.issued = next;
    }
    if close {
        slot.form = None;
    }
    Outcome::Effects(effects)
}

fn is_answer(action: &ImportAction) -> bool {
    matches!(
        action,
        ImportAction::Listed { .. }
            | ImportAction::Progress { .. }
            | ImportAction::Previewed { .. }
            | ImportAction::Imported { .. }
    )
}

fn ticket_of(effect: &ImportEffect) -> u64 {
    match effect {
        ImportEffect::List { ticket, .. } => *ticket,
        ImportEffect::Read(job) => job.ticket,
        ImportEffect::Write(job) => job.ticket,
    }
}

/// Keys while picking. Returns the effects and whether the form closes.
fn pick(form: &mut ImportForm, action: ImportAction, next: u64) -> (Vec<ImportEffect>, bool) {
    form.notice = None;
    let rows = form.items().len();
    match (form.focus, action) {
        (_, ImportAction::Cancel) => return (Vec::new(), true),
        (_, ImportAction::NextField) => form.focus = step_focus(form.focus, 1),
        (_, ImportAction::PrevField) => form.focus = step_focus(form.focus, 3),
        (_, ImportAction::Preview) => return (start_reading(form, next), false),
        (_, ImportAction::ClearPath) => {
            form.path.clear();
            form.focus = Focus::Path;
        }
        (Focus::Path, ImportAction::Type(c)) => form.path.push(c),
        (Focus::Path, ImportAction::Toggle) => form.path.push(' '),
        (Focus::Path, ImportAction::Backspace) => {
            form.path.pop();
        }
        (Focus::Path, ImportAction::Enter) => {
            form.focus = Focus::Files;
            let dir = PathBuf::from(form.path.trim());
            return (list(form, dir, next), false);
        }
        (Focus::Path, ImportAction::Down) => form.focus = Focus::Files,
        (Focus::Files, ImportAction::Down) => form.cursor = step(form.cursor, 1, rows),
        (Focus::Files, ImportAction::Up) if form.cursor == 0 => form.focus = Focus::Path,
        (Focus::Files, ImportAction::Up) => form.cursor = form.cursor.saturating_sub(1),
        (Focus::Files, ImportAction::PageDown) => form.cursor = step(form.cursor, PAGE, rows),
        (Focus::Files, ImportAction::PageUp) => form.cursor = form.cursor.saturating_sub(PAGE),
        (Focus::Files, ImportAction::Backspace) => {
            if let Some(parent) = form.dir.parent().map(Path::to_path_buf) {
                return (list(form, parent, next), false);
            }
        }
        (Focus::Files, ImportAction::Enter) => return (on_item(form, false, next), false),
        (Focus::Files, ImportAction::Toggle) => return (on_item(form, true, next), false),
        (Focus::Source, ImportAction::NextValue | ImportAction::Toggle) => {
            form.source = (form.source + 1) % SOURCES.len();
        }
        (Focus::Source, ImportAction::PrevValue) => {
            form.source = (form.source + SOURCES.len() - 1) % SOURCES.len();
        }
        (Focus::All, ImportAction::Toggle | ImportAction::NextValue | ImportAction::PrevValue) => {
            form.all = !form.all;
        }
        (Focus::Source | Focus::All, ImportAction::Down) => {
            form.focus = step_focus(form.focus, 1);
        }
        (Focus::Source | Focus::All, ImportAction::Up) => {
            form.focus = step_focus(form.focus, 3);
        }
        (Focus::Source | Focus::All, ImportAction::Enter) => {
            return (start_reading(form, next), false);
        }
        _ => {}
    }
    (Vec::new(), false)
}

/// Enter (or Space, `mark`) on the row under the cursor: open a directory (Enter
/// only), mark or unmark a file.
fn on_item(form: &mut ImportForm, mark: bool, next: u64) -> Vec<ImportEffect> {
    let Some(item) = form.items().get(form.cursor).cloned() else {
        return Vec::new();
    };
    match item.kind {
        ItemKind::Parent | ItemKind::Dir if mark => {
            form.notice = Some("Space marks a file; Enter opens a directory".into());
            Vec::new()
        }
        ItemKind::Parent => match form.dir.parent().map(Path::to_path_buf) {
            Some(parent) => list(form, parent, next),
            None => Vec::new(),
        },
        ItemKind::Dir => {
            let dir = form.dir.join(&item.name);
            list(form, dir, next)
        }
        ItemKind::File => {
            let path = form.dir.join(&item.name);
            match form.marked.iter().position(|p| *p == path) {
                Some(i) => {
                    form.marked.remove(i);
                }
                None => form.marked.push(path),
            }
            Vec::new()
        }
    }
}

fn list(form: &mut ImportForm, dir: PathBuf, next: u64) -> Vec<ImportEffect> {
    form.ticket = next;
    vec![ImportEffect::List {
        ticket: next,
        dir: Some(dir),
    }]
}

fn start_reading(form: &mut ImportForm, next: u64) -> Vec<ImportEffect> {
    if form.marked.is_empty() {
        form.notice = Some("mark at least one file (Space on a file in the list)".into());
        return Vec::new();
    }
    form.ticket = next;
    form.failure = None;
    form.scroll = 0;
    form.step = Step::Reading {
        done: 0,
        total: form.marked.len(),
    };
    vec![ImportEffect::Read(ReadJob {
        ticket: next,
        case: form.case,
        files: form.marked.clone(),
        options: ImportOptions {
            source: form.source(),
            all: form.all,
            limits: Limits::new(form.settings.evidence_max_bytes),
        },
    })]
}

/// Keys in the preview (or the list of errors).
fn preview(form: &mut ImportForm, action: ImportAction, next: u64) -> (Vec<ImportEffect>, bool) {
    match action {
        ImportAction::Cancel => {
            form.step = Step::Pick;
            form.failure = None;
        }
        ImportAction::Down => form.scroll = form.scroll.saturating_add(1),
        ImportAction::Up => form.scroll = form.scroll.saturating_sub(1),
        ImportAction::PageDown => form.scroll = form.scroll.saturating_add(PAGE),
        ImportAction::PageUp => form.scroll = form.scroll.saturating_sub(PAGE),
        ImportAction::Enter | ImportAction::Preview => {
            let Step::Preview(preview) = &form.step else {
                form.notice =
                    Some("nothing can be imported: Esc, then unmark or fix the files named".into());
                return (Vec::new(), false);
            };
            let preview = preview.clone();
            form.ticket = next;
            form.failure = None;
            form.notice = None;
            let job = WriteJob {
                ticket: next,
                case: form.case,
                batch: preview.batch.clone(),
                rules: form.settings.rules.clone(),
            };
            form.step = Step::Writing {
                total: preview.entries,
                preview,
                done: 0,
            };
            return (vec![ImportEffect::Write(job)], false);
        }
        _ => {}
    }
    (Vec::new(), false)
}

/// An effect's answer; one to an older ticket is dropped.
fn answered(slot: &mut ImportSlot, action: ImportAction) -> Outcome {
    let none = Outcome::Effects(Vec::new());
    let Some(form) = slot.form.as_deref_mut() else {
        return none;
    };
    match action {
        ImportAction::Listed { ticket, dir, items } if ticket == form.ticket => match items {
            Ok(items) => {
                form.path = with_slash(&dir);
                form.dir = dir;
                form.listing = Listing::Items(items);
                form.cursor = 0;
            }
            Err(message) if form.listing == Listing::Loading => {
                form.path = with_slash(&dir);
                form.dir = dir;
                form.listing = Listing::Failed(message);
            }
            // Keep the listing shown; say why the typed path was not listed.
            Err(message) => form.notice = Some(format!("{}: {message}", dir.display())),
        },
        ImportAction::Progress {
            ticket,
            done,
            total,
        } if ticket == form.ticket => match &mut form.step {
            Step::Reading { done: d, total: t }
            | Step::Writing {
                done: d, total: t, ..
            } => {
                (*d, *t) = (done, total);
            }
            _ => {}
        },
        ImportAction::Previewed { ticket, preview } if ticket == form.ticket => {
            form.scroll = 0;
            form.step = match preview {
                Ok(preview) => Step::Preview(preview),
                Err(errors) => Step::Refused(errors),
            };
        }
        ImportAction::Imported { ticket, result } if ticket == form.ticket => match result {
            Ok(imported) => {
                slot.form = None;
                return Outcome::Imported(imported);
            }
            Err(message) => {
                if let Step::Writing { preview, .. } = &form.step {
                    form.step = Step::Preview(preview.clone());
                }
                form.failure = Some(message);
            }
        },
        _ => {}
    }
    none
}

fn with_slash(dir: &Path) -> String {
    let text = dir.display().to_string();
    if text.ends_with(std::path::MAIN_SEPARATOR) {
        text
    } else {
        format!("{text}{}", std::path::MAIN_SEPARATOR)
    }
}

fn step(cursor: usize, by: usize, rows: usize) -> usize {
    cursor.saturating_add(by).min(rows.saturating_sub(1))
}

/// The field `by` places on (3: one back), wrapping.
fn step_focus(focus: Focus, by: usize) -> Focus {
    let i = Focus::ORDER.iter().position(|f| *f == focus).unwrap_or(0);
    Focus::ORDER[(i + by) % Focus::ORDER.len()]
}
