//! `nhitrace generate`: a realistic synthetic store for load testing and demos at scale.
//!
//! Each case gets a timeline of up to about ten entries shaped by its category and how
//! far an open case has got, about two linked assets drawn from a shared pool (so the
//! same identity recurs across cases), and up to five evidence items. A realistic share
//! of trails is broken: missing approvals (~12% of changes), self- and retroactive
//! approvals (~3% each), missing or proof-less verification, leaks without rotation or
//! notification, exemptions without justification or controls, no reporter (~3%), no
//! affected asset (~3%). The same seed always writes the same content.

mod assets;
mod case;
mod rng;
mod vocab;

use chrono::{DateTime, Datelike, Duration, Utc};
use sha2::{Digest, Sha256};

use crate::store::{Store, StoreError};
use case::CaseBuilder;
use rng::Rng;

/// Cases written per transaction.
const BATCH: usize = 2_000;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    pub cases: usize,
    pub seed: u64,
}

/// The fixed end of the generated history, so the same seed gives the same store
/// whatever the date.
pub fn history_end() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_132_800, 0).unwrap_or_default() // 2026-11-20T00:00:00Z
}

/// The generated cases, one at a time, in reference order.
pub struct Generator {
    rng: Rng,
    pool: Vec<crate::domain::Asset>,
    next: usize,
    total: usize,
}

impl Generator {
    pub fn new(options: GenerateOptions) -> Generator {
        let mut rng = Rng::new(options.seed);
        let epoch = history_end() - Duration::days(1_000);
        let pool = assets::pool(
            &mut rng,
            options.cases / 5 + 20,
            epoch - Duration::days(700),
        );
        Generator {
            rng,
            pool,
            next: 0,
            total: options.cases,
        }
    }
}

impl Iterator for Generator {
    /// A case record (with local ids) and the bytes of its evidence, in order.
    type Item = (crate::domain::CaseRecord, Vec<Vec<u8>>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.total {
            return None;
        }
        self.next += 1;
        let end = history_end();
        let rng = &mut self.rng;
        let closed = rng.chance(65);
        let opened_at = if closed {
            end - Duration::days(1_000) + Duration::minutes(rng.range(0, (1_000 - 30) * 24 * 60))
        } else {
            end - Duration::minutes(rng.range(60, 21 * 24 * 60))
        };
        let reference = format!("NHI-{}-{:06}", opened_at.year(), self.next);
        Some(CaseBuilder::build(
            rng, reference, opened_at, closed, &self.pool,
        ))
    }
}

/// Write `options.cases` generated cases into `store`, which must be empty (a new
/// file: see [`Store::bulk_load`]), calling `progress` with the number written so
/// far after each batch. Returns the number of cases written.
pub fn generate(
    store: &mut Store,
    options: GenerateOptions,
    mut progress: impl FnMut(usize),
) -> Result<usize, StoreError> {
    store.bulk_load(|store| {
        // The cases are made on a thread of their own while the last batch is
        // written (6% of the writing thread's time at 300,000 cases); the channel
        // holds one batch, so memory stays at two or three batches.
        std::thread::scope(|scope| {
            let (send, batches) = std::sync::mpsc::sync_channel(1);
            scope.spawn(move || {
                let mut cases = Generator::new(options);
                loop {
                    let batch: Vec<_> = cases.by_ref().take(BATCH).collect();
                    // An empty batch ends the fill; a closed channel means the
                    // writer stopped on an error.
                    let last = batch.is_empty();
                    if send.send(batch).is_err() || last {
                        return;
                    }
                }
            });
            let mut written = 0;
            // The channel closes early only if the generator died: never pass a
            // short store off as whole.
            while let Ok(batch) = batches.recv() {
                if batch.is_empty() {
                    return Ok(written);
                }
                store.write(|w| w.insert_records(&batch))?;
                written += batch.len();
                progress(written);
            }
            Err(StoreError::Invalid(format!(
                "the case generator stopped after {written} cases"
            )))
        })
    })
}

/// SHA-256 over every record of the store (cases, links, assets, timeline, evidence
/// metadata with its hash), in reference order: equal stores give equal hashes.
pub fn content_hash(store: &Store) -> Result<String, StoreError> {
    let mut hasher = Sha256::new();
    for record in store.all_records()? {
        let json = serde_json::to_vec(&record)
            .map_err(|e| StoreError::Invalid(format!("cannot serialise a record: {e}")))?;
        hasher.update((json.len() as u64).to_le_bytes());
        hasher.update(&json);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
