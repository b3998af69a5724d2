//! Mapping files while they are written: the files are read and mapped on other
//! threads (one fewer than the machine has cores, at least one), and handed to the
//! caller in the order given, so the writer never waits for mapping it could
//! overlap. A `prepare` of everything first costs the sum of both; this costs
//! about the larger (BENCHMARKS.md, "Importing audit events").

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};

use chrono::{DateTime, Utc};

use super::map::{Stamp, prepare_file};
use super::table::table;
use super::{EventError, EventFile, EventInput, ImportOptions};

/// Hand `consume` an iterator over `inputs`, each read and mapped as
/// [`super::prepare`] does, in the order given. Mapping runs ahead of `consume` by
/// a few files at most; when `consume` returns, mapping stops.
pub fn prepare_streaming<R>(
    inputs: Vec<EventInput>,
    options: ImportOptions,
    recorded_by: &str,
    now: DateTime<Utc>,
    consume: impl FnOnce(&mut dyn Iterator<Item = Result<EventFile, EventError>>) -> R,
) -> R {
    let table = match table() {
        Ok(table) => table,
        Err(message) => {
            let error = EventError::file("the mapping table", message);
            return consume(&mut std::iter::once(Err(error)));
        }
    };
    let stamp = Stamp { recorded_by, now };
    let count = inputs.len();
    let mappers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .saturating_sub(1)
        .clamp(1, count.max(1));
    let queue = Mutex::new(inputs.into_iter().enumerate());
    let stop = AtomicBool::new(false);
    let (sender, receiver) = sync_channel(mappers.saturating_mul(2));
    std::thread::scope(|scope| {
        for _ in 0..mappers {
            let sender = sender.clone();
            let (queue, stop) = (&queue, &stop);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    // A poisoned queue only means another mapper panicked.
                    let next = queue.lock().map_or(None, |mut q| q.next());
                    let Some((index, input)) = next else { break };
                    let mapped = prepare_file(input, options, table, stamp);
                    if sender.send((index, mapped)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut ordered = InOrder {
            receiver: &receiver,
            next: 0,
            count,
            waiting: BTreeMap::new(),
        };
        let result = consume(&mut ordered);
        // Let the mappers finish the file in hand and stop.
        stop.store(true, Ordering::Relaxed);
        for _ in receiver.iter() {}
        result
    })
}

/// The mapped files in input order, whatever order the mappers finish them in.
struct InOrder<'a> {
    receiver: &'a Receiver<(usize, Result<EventFile, EventError>)>,
    next: usize,
    count: usize,
    waiting: BTreeMap<usize, Result<EventFile, EventError>>,
}

impl Iterator for InOrder<'_> {
    type Item = Result<EventFile, EventError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.count {
            return None;
        }
        let index = self.next;
        self.next += 1;
        loop {
            if let Some(done) = self.waiting.remove(&index) {
                return Some(done);
            }
            match self.receiver.recv() {
                Ok((at, mapped)) => {
                    self.waiting.insert(at, mapped);
                }
                // Every mapper is gone and this file never came: one panicked.
                Err(_) => {
                    return Some(Err(EventError::file(
                        &format!("file {}", index + 1),
                        "could not be read (an internal error stopped its reader)",
                    )));
                }
            }
        }
    }
}
