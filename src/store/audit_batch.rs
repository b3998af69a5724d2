//! Appending many audit rows in one transaction: the same rows, hashes and chain
//! as [`super::audit::append`], with the chain head kept in memory between rows
//! instead of read back for each (a bulk import writes a row per entry).
//! [`Chain`] makes the rows (no SQL, so it can run on another thread while the
//! rows they describe are written); [`insert_row`] writes one.

use super::sql::{Connection, params};

use super::StoreError;
use super::audit::{Change, Stamp, StoredRow, chain_head};
use super::codec::time;
use super::error::db;

/// The audit chain from a known head on: each row it makes is chained to the last.
pub(crate) struct Chain {
    os_user: String,
    at: String,
    next_seq: i64,
    head: String,
}

impl Chain {
    /// Continue the chain from the store's current head; every row carries `stamp`.
    pub fn from_head(conn: &Connection, stamp: Stamp<'_>) -> Result<Self, StoreError> {
        let (count, head) = chain_head(conn)?;
        Ok(Chain {
            os_user: stamp.os_user.to_string(),
            at: time(stamp.at),
            next_seq: i64::try_from(count).unwrap_or(i64::MAX).saturating_add(1),
            head,
        })
    }

    /// The next row of the chain, hashed.
    pub fn row(&mut self, change: Change<'_>) -> Result<StoredRow, StoreError> {
        let mut row = StoredRow {
            seq: self.next_seq,
            at: self.at.clone(),
            os_user: self.os_user.clone(),
            action: change.action.to_string(),
            entity: change.entity,
            case_id: change.case_id,
            change: crate::integrity::canonical_json(&change.change),
            prev_hash: std::mem::take(&mut self.head),
            hash: String::new(),
        };
        row.hash = row.expected_hash()?;
        self.next_seq = self.next_seq.saturating_add(1);
        self.head.clone_from(&row.hash);
        Ok(row)
    }
}

/// Write one row made by [`Chain::row`].
pub(crate) fn insert_row(conn: &Connection, row: &StoredRow) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO audit_log (seq, at, os_user, action, entity, case_id, change, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .and_then(|mut insert| {
        insert.execute(params![
            row.seq,
            row.at,
            row.os_user,
            row.action,
            row.entity,
            row.case_id,
            row.change,
            row.prev_hash,
            row.hash,
        ])
    })
    .map_err(db)?;
    Ok(())
}

pub(crate) struct AuditBatch<'a> {
    conn: &'a Connection,
    chain: Chain,
}

impl<'a> AuditBatch<'a> {
    /// Continue the chain from its current head; every row carries `stamp`.
    pub fn begin(conn: &'a Connection, stamp: Stamp<'_>) -> Result<Self, StoreError> {
        Ok(AuditBatch {
            conn,
            chain: Chain::from_head(conn, stamp)?,
        })
    }

    pub fn append(&mut self, change: Change<'_>) -> Result<(), StoreError> {
        let row = self.chain.row(change)?;
        insert_row(self.conn, &row)
    }
}
