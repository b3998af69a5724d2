//! The audit log: one row per write, appended in the write's own transaction, each
//! row's hash chained to the previous one so edits, deletions and reordering show.
//! The hash itself is [`crate::integrity::chain_hash`]; the time of a row is the
//! writer's clock, handed in by the caller of [`super::Store::write`].

use super::sql::{Connection, OptionalExtension, Row};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::StoreError;
use super::codec::{parse_time, time};
use super::error::db;
use crate::domain::CaseId;
use crate::integrity::{AuditContent, chain_hash};

pub use crate::integrity::GENESIS_HASH;

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// The operating-system user who made the change.
    pub os_user: String,
    /// What was done, e.g. `create_case`, `update_case`, `close_case`.
    pub action: String,
    /// What it was done to, e.g. `case:12`, `entry:40`, `case:12/asset:3`.
    pub entity: String,
    pub case_id: Option<CaseId>,
    /// Canonical JSON (sorted keys) of the change; `{"old": .., "new": ..}` for edits.
    pub change: String,
    pub prev_hash: String,
    pub hash: String,
}

/// A row as stored, every field as text, exactly what was hashed.
#[derive(Debug, Clone)]
pub(crate) struct StoredRow {
    pub seq: i64,
    pub at: String,
    pub os_user: String,
    pub action: String,
    pub entity: String,
    pub case_id: Option<CaseId>,
    pub change: String,
    pub prev_hash: String,
    pub hash: String,
}

impl StoredRow {
    /// The hash this row must carry: SHA-256 of `prev_hash` followed by its content.
    pub(crate) fn expected_hash(&self) -> Result<String, StoreError> {
        let content = AuditContent {
            action: &self.action,
            at: &self.at,
            case_id: self.case_id,
            change: &self.change,
            entity: &self.entity,
            os_user: &self.os_user,
            seq: self.seq,
        };
        chain_hash(&self.prev_hash, &content).map_err(|e| StoreError::Audit(e.to_string()))
    }

    pub(crate) fn from_row(row: &Row<'_>) -> crate::store::sql::SqlResult<StoredRow> {
        Ok(StoredRow {
            seq: row.get("seq")?,
            at: row.get("at")?,
            os_user: row.get("os_user")?,
            action: row.get("action")?,
            entity: row.get("entity")?,
            case_id: row.get("case_id")?,
            change: row.get("change")?,
            prev_hash: row.get("prev_hash")?,
            hash: row.get("hash")?,
        })
    }

    fn into_entry(self) -> crate::store::sql::SqlResult<AuditEntry> {
        Ok(AuditEntry {
            seq: self.seq,
            at: parse_time(&self.at)?,
            os_user: self.os_user,
            action: self.action,
            entity: self.entity,
            case_id: self.case_id,
            change: self.change,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

/// The JSON value of a domain object, for the `change` column.
pub(crate) fn to_value<T: Serialize>(value: &T) -> Result<Value, StoreError> {
    crate::integrity::to_value(value).map_err(|e| StoreError::Audit(e.to_string()))
}

/// Who writes and when: the OS user and the clock of the transaction, given by the
/// caller of [`super::Store::write`] (the store never reads the clock itself).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamp<'a> {
    pub os_user: &'a str,
    pub at: DateTime<Utc>,
}

/// What one write appends to the log.
pub(crate) struct Change<'a> {
    pub action: &'a str,
    pub entity: String,
    pub case_id: Option<CaseId>,
    pub change: Value,
}

/// Append one row, chained to the current head. Runs inside the caller's
/// immediate transaction, so the head cannot move underneath it.
pub(crate) fn append(
    conn: &Connection,
    stamp: Stamp<'_>,
    change: Change<'_>,
) -> Result<(), StoreError> {
    let (count, head) = chain_head(conn)?;
    let mut row = StoredRow {
        seq: count as i64 + 1,
        at: time(stamp.at),
        os_user: stamp.os_user.to_string(),
        action: change.action.to_string(),
        entity: change.entity,
        case_id: change.case_id,
        change: crate::integrity::canonical_json(&change.change),
        prev_hash: head,
        hash: String::new(),
    };
    row.hash = row.expected_hash()?;
    super::audit_batch::insert_row(conn, &row)
}

/// Number of rows and hash of the last one ([`GENESIS_HASH`] when empty).
pub(crate) fn chain_head(conn: &Connection) -> Result<(u64, String), StoreError> {
    let head: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            (),
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(db)?;
    Ok(match head {
        Some((seq, hash)) => (seq.max(0) as u64, hash),
        None => (0, GENESIS_HASH.to_string()),
    })
}

/// The hash of audit row `seq`, if there is one.
pub(crate) fn hash_at(conn: &Connection, seq: u64) -> Result<Option<String>, StoreError> {
    let seq = i64::try_from(seq).unwrap_or(i64::MAX);
    conn.query_row("SELECT hash FROM audit_log WHERE seq = ?1", [seq], |row| {
        row.get(0)
    })
    .optional()
    .map_err(db)
}

pub(crate) fn case_history(conn: &Connection, case: CaseId) -> Result<Vec<AuditEntry>, StoreError> {
    let mut statement = conn
        .prepare_cached(concat!(
            "SELECT seq, at, os_user, action, entity, case_id, change, prev_hash, hash",
            " FROM audit_log WHERE case_id = ?1 ORDER BY seq"
        ))
        .map_err(db)?;
    let rows = statement
        .query_map([case], |row| StoredRow::from_row(row)?.into_entry())
        .map_err(db)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(db)
}

/// Who is making changes (see [`crate::os_user::os_user`]).
pub(crate) fn os_user() -> String {
    crate::os_user::os_user()
}
