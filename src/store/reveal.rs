//! Revealing a masked secret is audited: one audit row naming who saw which evidence
//! unmasked, and when. A read-only session writes that row through a short-lived
//! writable connection when the store file allows it, and says why not otherwise.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde_json::json;

use super::audit::{self, Change};
use super::error::db;
use super::{OpenMode, Store, StoreError};
use crate::domain::EvidenceId;

impl Store {
    /// Append the audit row of showing evidence `id` with its secrets unmasked.
    pub fn record_reveal(&mut self, id: EvidenceId, now: DateTime<Utc>) -> Result<(), StoreError> {
        if self.is_read_only() {
            let path = self.path().to_path_buf();
            if !super::open::is_writable(&path) {
                return Err(StoreError::RevealNotAudited { path });
            }
            let mut writable = Store::open(&path, OpenMode::ReadWrite)?;
            return writable.record_reveal(id, now);
        }
        self.write_at(now, |w| {
            let case_id: Option<i64> = w
                .conn
                .query_row("SELECT case_id FROM evidence WHERE id = ?1", [id], |row| {
                    row.get(0)
                })
                .optional()
                .map_err(db)?;
            let case_id = case_id.ok_or(StoreError::NoSuchEvidence(id))?;
            audit::append(
                w.conn,
                w.stamp,
                Change {
                    action: "reveal_evidence",
                    entity: format!("evidence:{id}"),
                    case_id: Some(case_id),
                    change: json!({ "evidence_id": id, "shown": "unmasked" }),
                },
            )
        })
    }
}
