//! The "Import events" form: pick event files in a directory listing, choose the
//! source and `--all`, see a preview of what would be added, confirm. The same
//! reading, mapping and writing as `nhitrace import-events` (`app::read_event_files`,
//! `app::import_events`).
//!
//! A child of the screen that knows nothing of the rest of it: its state
//! ([`ImportSlot`]) is changed only by [`update`] with its own actions
//! ([`ImportAction`]) and asks for I/O with its own effects ([`ImportEffect`]): a
//! directory listing, reading and mapping the files, the write. [`jobs`] answers
//! them, on the screen's thread or on a thread of their own with progress. The
//! screen wraps these in its `Action` and `Effect` (`tui::update::import`).

mod jobs;
mod preview;
mod update;

use std::path::PathBuf;
use std::sync::Arc;

pub use jobs::{answer, answer_read_only, run_in_background};
pub use preview::{FilePreview, PREVIEW_ENTRIES, Preview};
pub use update::{Outcome, open, update};

use crate::app::Reloaded;
use crate::domain::CaseId;
use crate::events::{EventBatch, ImportOptions, Source};
use crate::rules::RuleConfig;
use crate::store::ImportSummary;

/// What the key map binds in the form (`[import]`), and the answers of its effects.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportAction {
    /// Open the form on the selected case (`[main]`; handled by the screen).
    Open,
    NextField,
    PrevField,
    Down,
    Up,
    PageDown,
    PageUp,
    /// Enter: list the typed path, open the directory under the cursor (or mark
    /// the file), else preview; in the preview: import.
    Enter,
    /// Space: mark or unmark the file under the cursor, switch `--all`, next source.
    Toggle,
    PrevValue,
    NextValue,
    Backspace,
    /// Empty the path line and put the keys there, to type a path from scratch.
    ClearPath,
    /// Preview the marked files; in the preview: import them.
    Preview,
    /// Esc: back from the preview to the files, or close the form.
    Cancel,
    /// A character typed into the path.
    Type(char),
    /// A directory listed (`ImportEffect::List`).
    Listed {
        ticket: u64,
        dir: PathBuf,
        items: Result<Vec<DirItem>, String>,
    },
    /// Reading or writing is this far.
    Progress {
        ticket: u64,
        done: usize,
        total: usize,
    },
    /// The files read and mapped, or every error (`ImportEffect::Read`).
    Previewed {
        ticket: u64,
        preview: Result<Arc<Preview>, Vec<String>>,
    },
    /// The batch written, or why not (`ImportEffect::Write`).
    Imported {
        ticket: u64,
        result: Result<Box<Imported>, String>,
    },
}

/// I/O the form asks for; each answer names the ticket it was asked with, and
/// answers to an older ticket are dropped.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportEffect {
    /// List a directory (`None`: the current directory); answers `Listed`.
    List { ticket: u64, dir: Option<PathBuf> },
    /// Read and map the files; answers `Progress`…, then `Previewed`.
    Read(ReadJob),
    /// Write the batch in one transaction and read the case back; answers
    /// `Progress`…, then `Imported`.
    Write(WriteJob),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReadJob {
    pub ticket: u64,
    pub case: CaseId,
    pub files: Vec<PathBuf>,
    pub options: ImportOptions,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WriteJob {
    pub ticket: u64,
    pub case: CaseId,
    pub batch: Arc<EventBatch>,
    /// What the case's gaps are found with after the write.
    pub rules: RuleConfig,
}

/// A write that went through: what it wrote and the case read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub case: CaseId,
    pub summary: ImportSummary,
    pub reload: Result<Reloaded, String>,
}

impl Imported {
    /// The status line after the import.
    pub fn message(&self) -> String {
        let s = &self.summary;
        format!(
            "imported {} entries ({} already imported), {} assets linked",
            s.entries_added, s.already_imported, s.assets_linked
        )
    }
}

/// One row of the directory listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirItem {
    pub name: String,
    pub kind: ItemKind,
    /// Bytes, for files.
    pub size: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    /// `..`, the directory above.
    Parent,
    Dir,
    File,
}

/// The directory listing as it stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Listing {
    Loading,
    Items(Vec<DirItem>),
    Failed(String),
}

/// The part of the form that has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Path,
    Files,
    Source,
    All,
}

impl Focus {
    pub const ORDER: [Focus; 4] = [Focus::Path, Focus::Files, Focus::Source, Focus::All];
}

/// Where the form is in its life.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Picking files, source and `--all`.
    Pick,
    /// Reading and mapping the marked files.
    Reading { done: usize, total: usize },
    /// What would be added; Enter imports it.
    Preview(Arc<Preview>),
    /// The files cannot be imported: every error, one line each (nothing is written).
    Refused(Vec<String>),
    /// The batch is being written.
    Writing {
        preview: Arc<Preview>,
        done: usize,
        total: usize,
    },
}

/// The sources the form offers: auto (`None`), then each source.
pub const SOURCES: [Option<Source>; 6] = [
    None,
    Some(Source::CloudTrail),
    Some(Source::GitHub),
    Some(Source::Kubernetes),
    Some(Source::Gcp),
    Some(Source::Okta),
];

/// What the form takes from the screen's write settings when it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportSettings {
    pub evidence_max_bytes: u64,
    pub rules: RuleConfig,
}

/// The open form.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportForm {
    pub case: CaseId,
    pub reference: String,
    /// The directory listed.
    pub dir: PathBuf,
    /// The path line as typed.
    pub path: String,
    pub listing: Listing,
    /// Row of the listing under the cursor.
    pub cursor: usize,
    /// Files marked for import, in the order marked (any directory).
    pub marked: Vec<PathBuf>,
    /// Index into [`SOURCES`].
    pub source: usize,
    pub all: bool,
    pub focus: Focus,
    pub step: Step,
    /// A message about the last key (nothing marked, a listing that failed).
    pub notice: Option<String>,
    /// Why the last write failed; the choices stay.
    pub failure: Option<String>,
    /// First preview row shown.
    pub scroll: usize,
    /// The ticket of the answer waited for.
    pub ticket: u64,
    pub settings: ImportSettings,
}

impl ImportForm {
    pub fn source(&self) -> Option<Source> {
        SOURCES.get(self.source).copied().flatten()
    }

    /// The source as the command line names it (`auto`, `cloudtrail`, …).
    pub fn source_label(&self) -> &'static str {
        self.source().map_or("auto", Source::as_str)
    }

    pub fn is_marked(&self, name: &str) -> bool {
        self.marked.contains(&self.dir.join(name))
    }

    /// The listing's rows, empty while loading or failed.
    pub fn items(&self) -> &[DirItem] {
        match &self.listing {
            Listing::Items(items) => items,
            _ => &[],
        }
    }

    /// Reading or writing is under way (the keys wait).
    pub fn busy(&self) -> bool {
        matches!(self.step, Step::Reading { .. } | Step::Writing { .. })
    }
}

/// The form, if open, and the tickets handed out (so a late answer to a form
/// closed meanwhile is told apart).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportSlot {
    pub form: Option<Box<ImportForm>>,
    pub issued: u64,
}

impl ImportSlot {
    /// A new ticket for the next request.
    pub(crate) fn ticket(&mut self) -> u64 {
        self.issued = self.issued.wrapping_add(1);
        self.issued
    }

    /// The open form is waiting for reading or writing.
    pub fn busy(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.busy())
    }
}
