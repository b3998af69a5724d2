//! Audited edits: each records the old and the new value in the audit log, in the
//! same transaction as the change itself.

use super::sql::{Connection, OptionalExtension, params};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::StoreError;
use super::audit::{self, Change, Stamp, to_value};
use super::codec::{opt_time, time};
use super::error::db;
use super::reads::case_from_row;
use super::writer::{insert_case_refs, require_case};
use crate::domain::{AssetId, Case, CaseId, CaseStatus, ExternalRef, Relation};

/// The case as stored now, with its external references.
fn stored_case(conn: &Connection, id: CaseId) -> Result<Case, StoreError> {
    let mut case = conn
        .query_row(
            "SELECT id, reference, title, summary, category, severity, status, reporter,
                    reported_via, owner, reviewer, opened_at, closed_at, closing_note, root_cause
             FROM cases WHERE id = ?1",
            [id],
            case_from_row,
        )
        .optional()
        .map_err(db)?
        .ok_or_else(|| StoreError::NoSuchCase(format!("#{id}")))?;
    let mut refs = conn
        .prepare_cached("SELECT system, key, url FROM external_refs WHERE case_id = ?1 ORDER BY id")
        .map_err(db)?;
    case.external_refs = refs
        .query_map([id], |row| {
            Ok(ExternalRef {
                system: row.get(0)?,
                key: row.get(1)?,
                url: row.get(2)?,
            })
        })
        .map_err(db)?
        .collect::<Result<_, _>>()
        .map_err(db)?;
    Ok(case)
}

/// Replace every field of a stored case with `case`'s. Returns false (and writes
/// nothing) when nothing changed.
pub(crate) fn update_case(
    conn: &Connection,
    stamp: Stamp<'_>,
    case: &Case,
) -> Result<bool, StoreError> {
    let old = stored_case(conn, case.id)?;
    if old == *case {
        return Ok(false);
    }
    if case.reference.trim().is_empty() {
        return Err(StoreError::Invalid("a case needs a reference".into()));
    }
    if old.reference != case.reference
        && super::reads::case_id_by_ref(conn, &case.reference)?.is_some()
    {
        return Err(StoreError::Invalid(format!(
            "case reference {} already exists",
            case.reference
        )));
    }
    conn.execute(
        "UPDATE cases SET reference = ?2, title = ?3, summary = ?4, category = ?5, severity = ?6,
             status = ?7, reporter = ?8, reported_via = ?9, owner = ?10, reviewer = ?11,
             opened_at = ?12, closed_at = ?13, closing_note = ?14, root_cause = ?15
         WHERE id = ?1",
        params![
            case.id,
            case.reference,
            case.title,
            case.summary,
            case.category.as_str(),
            case.severity.as_str(),
            case.status.as_str(),
            case.reporter,
            case.reported_via,
            case.owner,
            case.reviewer,
            time(case.opened_at),
            opt_time(case.closed_at),
            case.closing_note,
            case.root_cause.map(|cause| cause.as_str()),
        ],
    )
    .map_err(db)?;
    if old.external_refs != case.external_refs {
        insert_case_refs(conn, case.id, &case.external_refs)?;
    }
    audit_case_edit(
        conn,
        stamp,
        "update_case",
        case.id,
        to_value(&old)?,
        to_value(case)?,
    )?;
    Ok(true)
}

/// Move a case to another open status. Closing goes through [`close_case`], which
/// records the closing note; leaving `closed` clears the closing time.
pub(crate) fn set_case_status(
    conn: &Connection,
    stamp: Stamp<'_>,
    id: CaseId,
    status: CaseStatus,
) -> Result<(), StoreError> {
    if status == CaseStatus::Closed {
        return Err(StoreError::Invalid(
            "close a case with its closing note (close_case), not by setting its status".into(),
        ));
    }
    let old = stored_case(conn, id)?;
    if old.status == status {
        return Ok(());
    }
    conn.execute(
        "UPDATE cases SET status = ?2, closed_at = NULL WHERE id = ?1",
        params![id, status.as_str()],
    )
    .map_err(db)?;
    let before = json!({ "status": old.status, "closed_at": opt_time(old.closed_at) });
    let after = json!({ "status": status, "closed_at": null });
    audit_case_edit(conn, stamp, "set_case_status", id, before, after)
}

/// Close a case with a closing note at `at`.
pub(crate) fn close_case(
    conn: &Connection,
    stamp: Stamp<'_>,
    id: CaseId,
    note: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    if note.trim().is_empty() {
        return Err(StoreError::Invalid(
            "closing note: a case is closed with a note".into(),
        ));
    }
    let old = stored_case(conn, id)?;
    if old.status == CaseStatus::Closed {
        return Err(StoreError::Invalid(format!(
            "case {} is already closed",
            old.reference
        )));
    }
    conn.execute(
        "UPDATE cases SET status = 'closed', closed_at = ?2, closing_note = ?3 WHERE id = ?1",
        params![id, time(at), note],
    )
    .map_err(db)?;
    let field = |case: &Case| {
        json!({
            "status": case.status,
            "closed_at": opt_time(case.closed_at),
            "closing_note": case.closing_note,
        })
    };
    let new = Case {
        status: CaseStatus::Closed,
        closed_at: Some(at),
        closing_note: Some(note.to_string()),
        ..old.clone()
    };
    audit_case_edit(conn, stamp, "close_case", id, field(&old), field(&new))
}

/// Remove the link between a case and an asset. The asset itself stays.
pub(crate) fn unlink_asset(
    conn: &Connection,
    stamp: Stamp<'_>,
    case: CaseId,
    asset: AssetId,
) -> Result<(), StoreError> {
    require_case(conn, case)?;
    let relation: Option<String> = conn
        .query_row(
            "SELECT relation FROM case_assets WHERE case_id = ?1 AND asset_id = ?2",
            [case, asset],
            |row| row.get(0),
        )
        .optional()
        .map_err(db)?;
    let Some(relation) = relation else {
        return Err(StoreError::Invalid(format!(
            "asset #{asset} is not linked to case #{case}"
        )));
    };
    let relation: Relation = relation
        .parse()
        .map_err(|err| StoreError::Sqlite(format!("stored relation does not decode: {err}")))?;
    conn.execute(
        "DELETE FROM case_assets WHERE case_id = ?1 AND asset_id = ?2",
        [case, asset],
    )
    .map_err(db)?;
    audit::append(
        conn,
        stamp,
        Change {
            action: "unlink_asset",
            entity: format!("case:{case}/asset:{asset}"),
            case_id: Some(case),
            change: json!({
                "old": { "case_id": case, "asset_id": asset, "relation": relation },
                "new": null,
            }),
        },
    )
}

fn audit_case_edit(
    conn: &Connection,
    stamp: Stamp<'_>,
    action: &str,
    id: CaseId,
    old: serde_json::Value,
    new: serde_json::Value,
) -> Result<(), StoreError> {
    audit::append(
        conn,
        stamp,
        Change {
            action,
            entity: format!("case:{id}"),
            case_id: Some(id),
            change: json!({ "old": old, "new": new }),
        },
    )
}
