//! Reads about one asset across cases: every case that touched it, with the dates
//! and outcome a reviewer needs to spot a recurring failure.

use super::sql::Connection;
use chrono::{DateTime, Utc};

use super::StoreError;
use super::codec::RowExt;
use super::error::db;
use crate::domain::{AssetId, CaseId, CaseRecord, CaseStatus, Relation, RootCause};

/// One case that touched an asset, as the asset view lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetCase {
    pub case_id: CaseId,
    pub reference: String,
    pub title: String,
    /// How the case relates to the asset.
    pub relation: Relation,
    pub status: CaseStatus,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub root_cause: Option<RootCause>,
}

impl AssetCase {
    /// The row of `record` for `asset`, when the case links it.
    pub fn from_record(record: &CaseRecord, asset: AssetId) -> Option<AssetCase> {
        let linked = record.assets.iter().find(|a| a.asset.id == asset)?;
        let case = &record.case;
        Some(AssetCase {
            case_id: case.id,
            reference: case.reference.clone(),
            title: case.title.clone(),
            relation: linked.relation,
            status: case.status,
            opened_at: case.opened_at,
            closed_at: case.closed_at,
            root_cause: case.root_cause,
        })
    }
}

/// Every case linked to `asset`, oldest first (ties by reference).
pub(crate) fn asset_cases(conn: &Connection, asset: AssetId) -> Result<Vec<AssetCase>, StoreError> {
    let mut statement = conn
        .prepare_cached(
            "SELECT c.id, c.reference, c.title, l.relation, c.status, c.opened_at,
                    c.closed_at, c.root_cause
             FROM case_assets l JOIN cases c ON c.id = l.case_id
             WHERE l.asset_id = ?1
             ORDER BY c.opened_at, c.reference",
        )
        .map_err(db)?;
    let rows = statement
        .query_map([asset], |row| {
            Ok(AssetCase {
                case_id: row.get("id")?,
                reference: row.get("reference")?,
                title: row.get("title")?,
                relation: row.label("relation")?,
                status: row.label("status")?,
                opened_at: row.time("opened_at")?,
                closed_at: row.opt_time("closed_at")?,
                root_cause: row.opt_label("root_cause")?,
            })
        })
        .map_err(db)?;
    rows.collect::<Result<_, _>>().map_err(db)
}
