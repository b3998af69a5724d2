//! The audit rows of a bulk write made on a second thread: the writing thread hands
//! over each written object (case, asset, entry, evidence, link) as it goes; the
//! other thread turns them into canonical JSON and chains their hashes, in order,
//! and hands the finished rows back to be inserted in the same transaction. The
//! rows are exactly those [`super::audit_batch::AuditBatch`] would append (same
//! seq, content and hashes); only the moment each is inserted moves.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::Scope;

use super::sql::Connection;
use serde_json::Value;

use super::StoreError;
use super::audit::{Change, Stamp, StoredRow, to_value};
use super::audit_batch::{Chain, insert_row};
use crate::domain::{Asset, Case, CaseId, Evidence, TimelineEntry};

/// Objects handed over at once: enough to make the hand-over cheap.
const HAND_OVER: usize = 256;

/// What was written, as written (ids set), for its audit row.
pub(crate) enum Object {
    Case(Case),
    Asset(Asset),
    Entry(TimelineEntry),
    Evidence(Evidence),
    Value(Value),
}

pub(crate) struct Pending {
    pub action: &'static str,
    pub entity: String,
    pub case_id: Option<CaseId>,
    pub object: Object,
}

type Rows = Result<Vec<StoredRow>, StoreError>;

/// The writing thread's end of the pipe.
pub(crate) struct AuditPipe<'c> {
    conn: &'c Connection,
    pending: Vec<Pending>,
    to_chain: Option<SyncSender<Vec<Pending>>>,
    rows: Receiver<Rows>,
}

impl<'c> AuditPipe<'c> {
    /// Start the chaining thread in `scope`, continuing the store's chain.
    pub fn start<'scope>(
        scope: &'scope Scope<'scope, '_>,
        conn: &'c Connection,
        stamp: Stamp<'_>,
    ) -> Result<AuditPipe<'c>, StoreError> {
        let mut chain = Chain::from_head(conn, stamp)?;
        let (to_chain, objects) = mpsc::sync_channel::<Vec<Pending>>(4);
        let (done, rows) = mpsc::channel::<Rows>();
        scope.spawn(move || {
            for batch in objects {
                let made = batch
                    .into_iter()
                    .map(|pending| chain_row(&mut chain, pending))
                    .collect::<Rows>();
                let failed = made.is_err();
                if done.send(made).is_err() || failed {
                    return;
                }
            }
        });
        Ok(AuditPipe {
            conn,
            pending: Vec::with_capacity(HAND_OVER),
            to_chain: Some(to_chain),
            rows,
        })
    }

    /// Queue the audit row of one write.
    pub fn push(&mut self, pending: Pending) -> Result<(), StoreError> {
        self.pending.push(pending);
        if self.pending.len() >= HAND_OVER {
            self.hand_over()?;
            while let Ok(rows) = self.rows.try_recv() {
                self.insert(rows)?;
            }
        }
        Ok(())
    }

    /// Insert every queued row; the chaining thread then ends.
    pub fn finish(mut self) -> Result<(), StoreError> {
        self.hand_over()?;
        self.to_chain = None;
        while let Ok(rows) = self.rows.recv() {
            self.insert(rows)?;
        }
        Ok(())
    }

    fn hand_over(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.pending, Vec::with_capacity(HAND_OVER));
        let sent = match &self.to_chain {
            Some(to_chain) => to_chain.send(batch).is_ok(),
            None => false,
        };
        if sent {
            return Ok(());
        }
        // The chaining thread stopped: it failed, and says why.
        match self.rows.recv() {
            Ok(Err(err)) => Err(err),
            _ => Err(StoreError::Audit("the audit chain stopped".into())),
        }
    }

    fn insert(&self, rows: Rows) -> Result<(), StoreError> {
        rows?.iter().try_for_each(|row| insert_row(self.conn, row))
    }
}

fn chain_row(chain: &mut Chain, pending: Pending) -> Result<StoredRow, StoreError> {
    let Pending {
        action,
        entity,
        case_id,
        object,
    } = pending;
    let change = match object {
        Object::Case(case) => to_value(&case)?,
        Object::Asset(asset) => to_value(&asset)?,
        Object::Entry(entry) => to_value(&entry)?,
        Object::Evidence(evidence) => to_value(&evidence)?,
        Object::Value(value) => value,
    };
    chain.row(Change {
        action,
        entity,
        case_id,
        change,
    })
}
