//! Audit events from cloud and SaaS systems, read and mapped onto a case's trail.
//!
//! Pure: bytes in, a validated [`EventBatch`] out. No SQL, no screen; the store
//! writes a batch in one transaction (`Writer::import_events`).
//!
//! - `read` turns a file's bytes into JSON values: one document, a bare array,
//!   `{"Records": [...]}`, JSON lines, any of them gzip-compressed, within limits.
//! - `detect` recognises the source from the first event when asked for `auto`.
//! - one file per source (`cloudtrail`, `github`, `k8s`, `gcp`, `okta`) reads each
//!   event's id, time, actor, name and outcome.
//! - `table` is the mapping table (`assets/event_map.conf`): which event names
//!   become which entry kind, with what summary, touching which assets.
//! - `map` applies the table and checks every entry with the same validation as
//!   the entry form (`input::EntryDraft`).

mod cloudtrail;
mod detect;
mod file;
mod gcp;
mod github;
mod k8s;
mod map;
mod okta;
mod path;
mod raw;
mod read;
mod stream;
mod table;
mod tally;

use chrono::{DateTime, Utc};

use crate::domain::{AssetKind, EntryKind, TimelineEntry};

pub use file::load_file;
pub use map::prepare;
pub use read::{Limits, MAX_DECOMPRESSED_BYTES};
pub use stream::prepare_streaming;
pub use table::{MappingRule, mapping_rules};
pub use tally::{BatchTally, FileTally};

/// Where events come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    CloudTrail,
    GitHub,
    Kubernetes,
    Gcp,
    Okta,
}

impl Source {
    pub const ALL: [Source; 5] = [
        Source::CloudTrail,
        Source::GitHub,
        Source::Kubernetes,
        Source::Gcp,
        Source::Okta,
    ];

    /// The label used on the command line, in the mapping table and in event ids.
    pub const fn as_str(self) -> &'static str {
        match self {
            Source::CloudTrail => "cloudtrail",
            Source::GitHub => "github",
            Source::Kubernetes => "k8s",
            Source::Gcp => "gcp",
            Source::Okta => "okta",
        }
    }

    /// The provider of the assets its events touch.
    pub const fn provider(self) -> &'static str {
        match self {
            Source::CloudTrail => "aws",
            Source::GitHub => "github",
            Source::Kubernetes => "kubernetes",
            Source::Gcp => "gcp",
            Source::Okta => "okta",
        }
    }

    /// What a reviewer calls it.
    pub const fn title(self) -> &'static str {
        match self {
            Source::CloudTrail => "AWS CloudTrail",
            Source::GitHub => "GitHub",
            Source::Kubernetes => "Kubernetes audit",
            Source::Gcp => "GCP Cloud Audit Logs",
            Source::Okta => "Okta System Log",
        }
    }

    pub fn parse(text: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How to read a set of files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// `None` detects each file's source from its content (`--source auto`).
    pub source: Option<Source>,
    /// Also import read-only calls and events the table does not map (as notes).
    pub all: bool,
    pub limits: Limits,
}

/// One file to import: its name (as shown in messages and on the evidence) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventInput {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// An identity an event touches. Never a secret value: ids, ARNs, names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventAsset {
    pub provider: String,
    pub kind: AssetKind,
    pub identifier: String,
    pub name: String,
}

/// One event mapped onto the trail.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedEvent {
    /// Stable id from the source (CloudTrail `eventID`, k8s `auditID`, ...), or a
    /// hash of the event when it has none; a re-import of the same id adds nothing.
    pub event_id: String,
    /// 1-based position of the event in its file.
    pub position: usize,
    /// The source's event name (`CreateAccessKey`, `create serviceaccounts/token`).
    pub name: String,
    /// The entry to write, validated; `case_id`, `asset_id`, `recorded_*` are set
    /// by the store.
    pub entry: TimelineEntry,
    /// The assets it touches; the first is the entry's asset.
    pub assets: Vec<EventAsset>,
}

/// Events a file held that are not imported, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Get*/List*/Describe* calls, k8s get/list/watch, ... (imported with `--all`).
    pub read_only: usize,
    /// Event names the mapping table does not know (imported as notes with `--all`).
    pub unmapped: usize,
    /// Kubernetes events of a stage other than `ResponseComplete` (the same request
    /// seen earlier in its life).
    pub other_stage: usize,
}

impl Skipped {
    pub fn total(&self) -> usize {
        self.read_only + self.unmapped + self.other_stage
    }

    /// Both counts added, reason by reason.
    pub fn plus(self, other: Skipped) -> Skipped {
        Skipped {
            read_only: self.read_only + other.read_only,
            unmapped: self.unmapped + other.unmapped,
            other_stage: self.other_stage + other.other_stage,
        }
    }
}

/// One file, read and mapped.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub source: Source,
    /// The media type the evidence is stored with.
    pub media_type: &'static str,
    /// How many events the file held.
    pub event_count: usize,
    pub events: Vec<MappedEvent>,
    pub skipped: Skipped,
}

/// A validated set of files, ready for the store to write in one transaction.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventBatch {
    pub files: Vec<EventFile>,
}

impl EventBatch {
    /// Every mapped event of every file.
    pub fn events(&self) -> impl Iterator<Item = &MappedEvent> {
        self.files.iter().flat_map(|f| f.events.iter())
    }

    pub fn event_count(&self) -> usize {
        self.files.iter().map(|f| f.events.len()).sum()
    }

    /// Mapped events per entry kind, in the vocabulary's order.
    pub fn kind_counts(&self) -> Vec<(EntryKind, usize)> {
        EntryKind::ALL
            .iter()
            .filter_map(|&kind| {
                let count = self.events().filter(|e| e.entry.kind == kind).count();
                (count > 0).then_some((kind, count))
            })
            .collect()
    }

    /// Every distinct asset the batch touches, sorted.
    pub fn assets(&self) -> Vec<&EventAsset> {
        let mut assets: Vec<&EventAsset> = self.events().flat_map(|e| e.assets.iter()).collect();
        assets.sort_by(|a, b| {
            (&a.provider, &a.identifier, a.kind).cmp(&(&b.provider, &b.identifier, b.kind))
        });
        assets.dedup_by(|a, b| a.provider == b.provider && a.identifier == b.identifier);
        assets
    }

    /// Events skipped while reading, summed over files.
    pub fn skipped(&self) -> Skipped {
        self.files
            .iter()
            .fold(Skipped::default(), |sum, f| sum.plus(f.skipped))
    }

    /// The earliest and latest event time.
    pub fn span(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let first = self.events().map(|e| e.entry.occurred_at).min()?;
        let last = self.events().map(|e| e.entry.occurred_at).max()?;
        Some((first, last))
    }
}

/// Why a file cannot be imported: the file, the event (position and id when known)
/// and the field, then what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventError {
    pub file: String,
    /// `event 3`, `event 3 (id 7f1c…)`, `line 12`.
    pub event: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for EventError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(event) = &self.event {
            write!(f, ": {event}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for EventError {}

impl EventError {
    pub(crate) fn file(file: &str, message: impl Into<String>) -> EventError {
        EventError {
            file: file.to_string(),
            event: None,
            field: None,
            message: message.into(),
        }
    }
}
