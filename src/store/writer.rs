//! The single-row writes behind [`super::Writer`]. Each checks what it refers to first,
//! so a mistake is reported in domain words rather than as a constraint failure.

use super::sql::{Connection, OptionalExtension, params};
use serde_json::json;

use super::StoreError;
use super::audit::{self, Change, Stamp, to_value};
use super::error::db;
use super::row_insert;
use crate::domain::{
    Asset, AssetId, Case, CaseId, EntryId, Evidence, EvidenceId, ExternalRef, Relation,
    TimelineEntry,
};

pub(crate) fn insert_case(
    conn: &Connection,
    stamp: Stamp<'_>,
    case: &mut Case,
) -> Result<CaseId, StoreError> {
    if case.reference.trim().is_empty() {
        return Err(StoreError::Invalid("a case needs a reference".into()));
    }
    if super::reads::case_id_by_ref(conn, &case.reference)?.is_some() {
        return Err(StoreError::Invalid(format!(
            "case reference {} already exists",
            case.reference
        )));
    }
    let id = row_insert::case_row(conn, case)?;
    insert_case_refs(conn, id, &case.external_refs)?;
    case.id = id;
    audit::append(
        conn,
        stamp,
        Change {
            action: "create_case",
            entity: format!("case:{id}"),
            case_id: Some(id),
            change: to_value(&*case)?,
        },
    )?;
    Ok(id)
}

/// Write a case's external references (after clearing any it had).
pub(crate) fn insert_case_refs(
    conn: &Connection,
    case: CaseId,
    refs: &[ExternalRef],
) -> Result<(), StoreError> {
    conn.execute("DELETE FROM external_refs WHERE case_id = ?1", [case])
        .map_err(db)?;
    row_insert::case_ref_rows(conn, case, refs)
}

pub(crate) fn asset_id_by_identifier(
    conn: &Connection,
    provider: &str,
    identifier: &str,
) -> Result<Option<AssetId>, StoreError> {
    conn.query_row(
        "SELECT id FROM assets WHERE provider = ?1 AND identifier = ?2",
        [provider, identifier],
        |row| row.get(0),
    )
    .optional()
    .map_err(db)
}

pub(crate) fn insert_asset(
    conn: &Connection,
    stamp: Stamp<'_>,
    asset: &mut Asset,
) -> Result<AssetId, StoreError> {
    if asset_id_by_identifier(conn, &asset.provider, &asset.identifier)?.is_some() {
        return Err(StoreError::Invalid(format!(
            "asset {} / {} already exists",
            asset.provider, asset.identifier
        )));
    }
    asset.id = row_insert::asset_row(conn, asset)?;
    audit::append(
        conn,
        stamp,
        Change {
            action: "create_asset",
            entity: format!("asset:{}", asset.id),
            case_id: None,
            change: to_value(&*asset)?,
        },
    )?;
    Ok(asset.id)
}

pub(crate) fn link_asset(
    conn: &Connection,
    stamp: Stamp<'_>,
    case: CaseId,
    asset: AssetId,
    relation: Relation,
) -> Result<(), StoreError> {
    require_case(conn, case)?;
    require_asset(conn, asset)?;
    let linked = exists(
        conn,
        "SELECT 1 FROM case_assets WHERE case_id = ?1 AND asset_id = ?2",
        [case, asset],
    )?;
    if linked {
        return Err(StoreError::Invalid(format!(
            "asset #{asset} is already linked to case #{case}"
        )));
    }
    conn.execute(
        "INSERT INTO case_assets (case_id, asset_id, relation) VALUES (?1, ?2, ?3)",
        params![case, asset, relation.as_str()],
    )
    .map_err(db)?;
    audit::append(
        conn,
        stamp,
        Change {
            action: "link_asset",
            entity: format!("case:{case}/asset:{asset}"),
            case_id: Some(case),
            change: json!({ "case_id": case, "asset_id": asset, "relation": relation }),
        },
    )
}

pub(crate) fn insert_entry(
    conn: &Connection,
    stamp: Stamp<'_>,
    entry: &mut TimelineEntry,
) -> Result<EntryId, StoreError> {
    require_case(conn, entry.case_id)?;
    if let Some(asset) = entry.asset_id {
        require_asset(conn, asset)?;
    }
    if let Some(covered) = entry.fields.covers {
        require_entry_in_case(conn, covered, entry.case_id, "covered change")?;
    }
    let id = row_insert::entry_row(conn, entry)?;
    entry.id = id;
    audit::append(
        conn,
        stamp,
        Change {
            action: "add_entry",
            entity: format!("entry:{id}"),
            case_id: Some(entry.case_id),
            change: to_value(&*entry)?,
        },
    )?;
    Ok(id)
}

pub(crate) fn insert_evidence(
    conn: &Connection,
    stamp: Stamp<'_>,
    evidence: &mut Evidence,
    bytes: &[u8],
) -> Result<EvidenceId, StoreError> {
    require_case(conn, evidence.case_id)?;
    if let Some(entry) = evidence.entry_id {
        require_entry_in_case(conn, entry, evidence.case_id, "proven entry")?;
    }
    if let Some(asset) = evidence.asset_id {
        require_asset(conn, asset)?;
    }
    evidence.size = bytes.len() as u64;
    evidence.sha256 = crate::integrity::sha256_hex(bytes);
    let id = row_insert::evidence_row(conn, evidence, bytes)?;
    evidence.id = id;
    audit::append(
        conn,
        stamp,
        Change {
            action: "add_evidence",
            entity: format!("evidence:{id}"),
            case_id: Some(evidence.case_id),
            change: to_value(&*evidence)?,
        },
    )?;
    Ok(id)
}

fn exists<P: crate::store::sql::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
) -> Result<bool, StoreError> {
    conn.query_row(sql, params, |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
        .map_err(db)
}

pub(crate) fn require_case(conn: &Connection, case: CaseId) -> Result<(), StoreError> {
    if exists(conn, "SELECT 1 FROM cases WHERE id = ?1", [case])? {
        Ok(())
    } else {
        Err(StoreError::NoSuchCase(format!("#{case}")))
    }
}

fn require_asset(conn: &Connection, asset: AssetId) -> Result<(), StoreError> {
    if exists(conn, "SELECT 1 FROM assets WHERE id = ?1", [asset])? {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!("no asset #{asset}")))
    }
}

fn require_entry_in_case(
    conn: &Connection,
    entry: EntryId,
    case: CaseId,
    role: &str,
) -> Result<(), StoreError> {
    let sql = "SELECT 1 FROM entries WHERE id = ?1 AND case_id = ?2";
    if exists(conn, sql, [entry, case])? {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{role} #{entry} is not an entry of case #{case}"
        )))
    }
}
