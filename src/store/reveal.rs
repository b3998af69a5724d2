//! Revealing a masked secret is audited: one audit row naming who saw which evidence
//! unmasked, and when. A read-only session writes that row through a short-lived
//! writable connection when the store file allows it, and says why not otherwise.

use super::sql::OptionalExtension;
use chrono::{DateTime, Utc};
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
            let not_audited = || StoreError::RevealNotAudited { path: path.clone() };
            if let Some(file) = self.location.path()
                && !super::open::is_writable(file)
            {
                return Err(not_audited());
            }
            // A server store: the role may be allowed to read only.
            let mut writable = match Store::open_at(&self.location, OpenMode::ReadWrite) {
                Ok(store) => store,
                Err(StoreError::ReadOnly) if self.is_server() => return Err(not_audited()),
                Err(err) => return Err(err),
            };
            return match writable.record_reveal(id, now) {
                Err(StoreError::ReadOnly) if self.is_server() => Err(not_audited()),
                other => other,
            };
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
