//! What a batch held, without its events: per file the name, source, how many
//! events and of which entry kinds, and what was skipped. An import that streams
//! its files keeps only this of each once the file is written.

use super::{EventBatch, EventFile, Skipped, Source};
use crate::domain::EntryKind;

/// One file, counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileTally {
    pub name: String,
    pub source: Source,
    /// How many events the file held.
    pub event_count: usize,
    pub skipped: Skipped,
    /// Mapped events per entry kind, in the vocabulary's order; kinds with none
    /// left out.
    pub kinds: Vec<(EntryKind, usize)>,
}

impl FileTally {
    pub fn of(file: &EventFile) -> FileTally {
        FileTally {
            name: file.name.clone(),
            source: file.source,
            event_count: file.event_count,
            skipped: file.skipped,
            kinds: EntryKind::ALL
                .iter()
                .filter_map(|&kind| {
                    let count = file.events.iter().filter(|e| e.entry.kind == kind).count();
                    (count > 0).then_some((kind, count))
                })
                .collect(),
        }
    }
}

/// Every file of an import, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchTally {
    pub files: Vec<FileTally>,
}

impl BatchTally {
    pub fn of(batch: &EventBatch) -> BatchTally {
        BatchTally {
            files: batch.files.iter().map(FileTally::of).collect(),
        }
    }

    /// Mapped events per entry kind over every file, in the vocabulary's order.
    pub fn kind_counts(&self) -> Vec<(EntryKind, usize)> {
        EntryKind::ALL
            .iter()
            .filter_map(|&kind| {
                let count: usize = self
                    .files
                    .iter()
                    .flat_map(|f| &f.kinds)
                    .filter(|(k, _)| *k == kind)
                    .map(|(_, n)| n)
                    .sum();
                (count > 0).then_some((kind, count))
            })
            .collect()
    }

    /// Events skipped while reading, summed over files.
    pub fn skipped(&self) -> Skipped {
        self.files
            .iter()
            .fold(Skipped::default(), |sum, f| sum.plus(f.skipped))
    }
}
