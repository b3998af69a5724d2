//! What an import would add, worked out once when the files have been read (not at
//! every frame): per file its source, events, entries by kind and skipped counts;
//! the first entries by time; the assets to link.

use std::sync::Arc;

use crate::domain::{EntryKind, TimelineEntry};
use crate::events::{EventAsset, EventBatch, Skipped, Source};

/// Entries the preview lists (the rest are counted).
pub const PREVIEW_ENTRIES: usize = 100;

/// One file of the batch.
#[derive(Debug, Clone, PartialEq)]
pub struct FilePreview {
    /// The file's name without its directory.
    pub name: String,
    pub source: Source,
    /// Events the file held.
    pub events: usize,
    /// Entries it maps to, by kind (vocabulary order).
    pub kinds: Vec<(EntryKind, usize)>,
    pub entries: usize,
    pub skipped: Skipped,
}

/// The batch, and what the form shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// What the write takes.
    pub batch: Arc<EventBatch>,
    pub files: Vec<FilePreview>,
    /// Entries the batch maps to, already imported ones included.
    pub entries: usize,
    /// The first [`PREVIEW_ENTRIES`] entries by time.
    pub first: Vec<TimelineEntry>,
    /// Distinct assets the entries touch.
    pub assets: Vec<EventAsset>,
    /// Entries already on the case's trail (or twice in the batch), when the store
    /// could tell.
    pub already: Option<usize>,
}

impl Preview {
    pub fn of(batch: EventBatch, already: Option<usize>) -> Preview {
        let files = batch
            .files
            .iter()
            .map(|file| FilePreview {
                name: short_name(&file.name),
                source: file.source,
                events: file.event_count,
                kinds: EntryKind::ALL
                    .iter()
                    .filter_map(|&kind| {
                        let n = file.events.iter().filter(|e| e.entry.kind == kind).count();
                        (n > 0).then_some((kind, n))
                    })
                    .collect(),
                entries: file.events.len(),
                skipped: file.skipped,
            })
            .collect();
        let mut first: Vec<&TimelineEntry> = batch.events().map(|e| &e.entry).collect();
        first.sort_by_key(|e| e.occurred_at);
        let first = first.into_iter().take(PREVIEW_ENTRIES).cloned().collect();
        let assets = batch.assets().into_iter().cloned().collect();
        Preview {
            entries: batch.event_count(),
            files,
            first,
            assets,
            already,
            batch: Arc::new(batch),
        }
    }

    /// Entries the write would add (all of them when the store could not tell).
    pub fn to_add(&self) -> usize {
        self.entries.saturating_sub(self.already.unwrap_or(0))
    }

    /// Events skipped in every file, by reason.
    pub fn skipped(&self) -> Skipped {
        self.batch.skipped()
    }
}

/// The last part of a path, as a reviewer knows the file.
fn short_name(name: &str) -> String {
    std::path::Path::new(name)
        .file_name()
        .map_or_else(|| name.to_string(), |n| n.to_string_lossy().into_owned())
}
