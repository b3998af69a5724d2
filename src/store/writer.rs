//! The single-row writes behind [`super::Writer`]. Each checks what it refers to first,
//! so a mistake is reported in domain words rather than as a constraint failure.

use std::fmt::Write as _;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::StoreError;
use super::audit::{self, Change, to_value};
use super::codec::{json, opt_time, time};
use super::error::db;
use crate::domain::{
    Asset, AssetId, Case, CaseId, EntryId, Evidence, EvidenceId, ExternalRef, Relation,
    TimelineEntry,
};

pub(crate) fn insert_case(
    conn: &Connection,
    user: &str,
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
    conn.execute(
        "INSERT INTO cases (reference, title, summary, category, severity, status, reporter,
             reported_via, owner, reviewer, opened_at, closed_at, closing_note, root_cause)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
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
    let id = conn.last_insert_rowid();
    insert_case_refs(conn, id, &case.external_refs)?;
    case.id = id;
    audit::append(
        conn,
        user,
        Change {
            action: "create_case",
            entity: format!("case:{id}"),
            case_id: Some(id),
            change: to_value(&*case),
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
    let mut insert = conn
        .prepare_cached(
            "INSERT INTO external_refs (case_id, system, key, url) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(db)?;
    for reference in refs {
        insert
            .execute(params![
                case,
                reference.system,
                reference.key,
                reference.url
            ])
            .map_err(db)?;
    }
    Ok(())
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
    user: &str,
    asset: &mut Asset,
) -> Result<AssetId, StoreError> {
    if asset_id_by_identifier(conn, &asset.provider, &asset.identifier)?.is_some() {
        return Err(StoreError::Invalid(format!(
            "asset {} / {} already exists",
            asset.provider, asset.identifier
        )));
    }
    conn.execute(
        "INSERT INTO assets (kind, name, identifier, provider, environment, owner, status,
             created_at, last_rotated_at, expires_at, consumers)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            asset.kind.as_str(),
            asset.name,
            asset.identifier,
            asset.provider,
            asset.environment,
            asset.owner,
            asset.status.as_str(),
            opt_time(asset.created_at),
            opt_time(asset.last_rotated_at),
            opt_time(asset.expires_at),
            json(&asset.consumers),
        ],
    )
    .map_err(db)?;
    asset.id = conn.last_insert_rowid();
    audit::append(
        conn,
        user,
        Change {
            action: "create_asset",
            entity: format!("asset:{}", asset.id),
            case_id: None,
            change: to_value(&*asset),
        },
    )?;
    Ok(asset.id)
}

pub(crate) fn link_asset(
    conn: &Connection,
    user: &str,
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
        user,
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
    user: &str,
    entry: &mut TimelineEntry,
) -> Result<EntryId, StoreError> {
    require_case(conn, entry.case_id)?;
    if let Some(asset) = entry.asset_id {
        require_asset(conn, asset)?;
    }
    if let Some(covered) = entry.fields.covers {
        require_entry_in_case(conn, covered, entry.case_id, "covered change")?;
    }
    conn.execute(
        "INSERT INTO entries (case_id, occurred_at, recorded_at, recorded_by, kind, actor,
             channel, summary, details, asset_id, fields)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            entry.case_id,
            time(entry.occurred_at),
            time(entry.recorded_at),
            entry.recorded_by,
            entry.kind.as_str(),
            entry.actor,
            entry.channel,
            entry.summary,
            entry.details,
            entry.asset_id,
            json(&entry.fields),
        ],
    )
    .map_err(db)?;
    let id = conn.last_insert_rowid();
    if let Some(reference) = &entry.external_ref {
        conn.execute(
            "INSERT INTO external_refs (entry_id, system, key, url) VALUES (?1, ?2, ?3, ?4)",
            params![id, reference.system, reference.key, reference.url],
        )
        .map_err(db)?;
    }
    entry.id = id;
    audit::append(
        conn,
        user,
        Change {
            action: "add_entry",
            entity: format!("entry:{id}"),
            case_id: Some(entry.case_id),
            change: to_value(&*entry),
        },
    )?;
    Ok(id)
}

pub(crate) fn insert_evidence(
    conn: &Connection,
    user: &str,
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
    evidence.sha256 = sha256_hex(bytes);
    conn.execute(
        "INSERT INTO evidence (case_id, entry_id, asset_id, kind, title, media_type, size,
             sha256, source, collected_by, collected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            evidence.case_id,
            evidence.entry_id,
            evidence.asset_id,
            evidence.kind.as_str(),
            evidence.title,
            evidence.media_type,
            evidence.size as i64,
            evidence.sha256,
            evidence.source,
            evidence.collected_by,
            time(evidence.collected_at),
        ],
    )
    .map_err(db)?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO evidence_bytes (evidence_id, bytes) VALUES (?1, ?2)",
        params![id, bytes],
    )
    .map_err(db)?;
    evidence.id = id;
    audit::append(
        conn,
        user,
        Change {
            action: "add_evidence",
            entity: format!("evidence:{id}"),
            case_id: Some(evidence.case_id),
            change: to_value(&*evidence),
        },
    )?;
    Ok(id)
}

/// Lower-case hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        // Writing into a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

fn exists<P: rusqlite::Params>(
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
