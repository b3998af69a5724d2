//! Writing many whole case records in one transaction, for `nhitrace generate`: the
//! same rows, ids, audit rows (in the same order, with the same hashes) as calling
//! [`super::record::insert_record`] once per record, but with every statement
//! prepared once and cached, the audit rows made on a second thread
//! ([`AuditPipe`]) and none of the existence checks that the record itself
//! already guarantees (the case was inserted a moment ago in this transaction, a
//! remapped entry or asset id is one this function just wrote).

use std::collections::HashMap;

use super::sql::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::Stamp;
use super::audit_pipe::{AuditPipe, Object, Pending};
use super::error::db;
use super::row_insert;
use super::{StoreError, record};
use crate::domain::{AssetId, CaseId, CaseRecord, EntryId, TimelineEntry};

/// Insert `records` (each with the bytes of its evidence) in order; returns the new
/// case ids. Fails, leaving the rollback to the caller's transaction, where
/// [`record::insert_record`] would.
pub(crate) fn insert_records(
    conn: &Connection,
    stamp: Stamp<'_>,
    records: &[(CaseRecord, Vec<Vec<u8>>)],
) -> Result<Vec<CaseId>, StoreError> {
    std::thread::scope(|scope| {
        let mut audit = AuditPipe::start(scope, conn, stamp)?;
        let mut ids = Vec::with_capacity(records.len());
        for (record, bytes) in records {
            ids.push(insert_one(conn, &mut audit, record, bytes)?);
        }
        audit.finish()?;
        Ok(ids)
    })
}

fn insert_one(
    conn: &Connection,
    audit: &mut AuditPipe<'_>,
    record: &CaseRecord,
    evidence_bytes: &[Vec<u8>],
) -> Result<CaseId, StoreError> {
    record::check_bytes(record, evidence_bytes)?;
    let case_id = insert_case(conn, audit, record)?;
    let assets = insert_assets(conn, audit, record, case_id)?;
    let remap_asset = |old: Option<AssetId>| record::remap_asset(record, &assets, old);

    let entries = record::copy_entries(record, case_id, &remap_asset, |entry| {
        insert_entry(conn, audit, entry)
    })?;

    for (original, bytes) in record.evidence.iter().zip(evidence_bytes) {
        let mut evidence = original.clone();
        evidence.id = 0;
        evidence.case_id = case_id;
        evidence.asset_id = remap_asset(original.asset_id)?;
        evidence.entry_id = record::remap_entry(record, original, &entries)?;
        evidence.size = bytes.len() as u64;
        evidence.sha256 = crate::integrity::sha256_hex(bytes);
        let id = row_insert::evidence_row(conn, &evidence, bytes)?;
        evidence.id = id;
        audit.push(Pending {
            action: "add_evidence",
            entity: format!("evidence:{id}"),
            case_id: Some(case_id),
            object: Object::Evidence(evidence),
        })?;
    }
    Ok(case_id)
}

fn cached<'c>(
    conn: &'c Connection,
    sql: &str,
) -> Result<crate::store::sql::Statement<'c>, StoreError> {
    conn.prepare_cached(sql).map_err(db)
}

fn insert_case(
    conn: &Connection,
    audit: &mut AuditPipe<'_>,
    record: &CaseRecord,
) -> Result<CaseId, StoreError> {
    let mut case = record.case.clone();
    if case.reference.trim().is_empty() {
        return Err(StoreError::Invalid("a case needs a reference".into()));
    }
    let taken = cached(conn, "SELECT id FROM cases WHERE reference = ?1")?
        .query_row([&case.reference], |row| row.get::<_, CaseId>(0))
        .optional()
        .map_err(db)?;
    if taken.is_some() {
        return Err(StoreError::Invalid(format!(
            "case reference {} already exists",
            case.reference
        )));
    }
    let id = row_insert::case_row(conn, &case)?;
    row_insert::case_ref_rows(conn, id, &case.external_refs)?;
    case.id = id;
    audit.push(Pending {
        action: "create_case",
        entity: format!("case:{id}"),
        case_id: Some(id),
        object: Object::Case(case),
    })?;
    Ok(id)
}

/// Find or create each linked asset and link it; returns record id → stored id.
fn insert_assets(
    conn: &Connection,
    audit: &mut AuditPipe<'_>,
    record: &CaseRecord,
    case_id: CaseId,
) -> Result<HashMap<AssetId, AssetId>, StoreError> {
    let mut assets = HashMap::new();
    let mut linked_ids: Vec<AssetId> = Vec::new();
    for linked in &record.assets {
        let given = &linked.asset;
        let existing = cached(
            conn,
            "SELECT id FROM assets WHERE provider = ?1 AND identifier = ?2",
        )?
        .query_row([&given.provider, &given.identifier], |row| row.get(0))
        .optional()
        .map_err(db)?;
        let id = match existing {
            Some(id) => id,
            None => {
                let mut asset = given.clone();
                let id = row_insert::asset_row(conn, &asset)?;
                asset.id = id;
                audit.push(Pending {
                    action: "create_asset",
                    entity: format!("asset:{id}"),
                    case_id: None,
                    object: Object::Asset(asset),
                })?;
                id
            }
        };
        assets.insert(given.id, id);
        if linked_ids.contains(&id) {
            return Err(StoreError::Invalid(format!(
                "asset #{id} is already linked to case #{case_id}"
            )));
        }
        linked_ids.push(id);
        cached(
            conn,
            "INSERT INTO case_assets (case_id, asset_id, relation) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![case_id, id, linked.relation.as_str()])
        .map_err(db)?;
        audit.push(Pending {
            action: "link_asset",
            entity: format!("case:{case_id}/asset:{id}"),
            case_id: Some(case_id),
            object: Object::Value(
                json!({ "case_id": case_id, "asset_id": id, "relation": linked.relation }),
            ),
        })?;
    }
    Ok(assets)
}

fn insert_entry(
    conn: &Connection,
    audit: &mut AuditPipe<'_>,
    mut entry: TimelineEntry,
) -> Result<EntryId, StoreError> {
    let id = row_insert::entry_row(conn, &entry)?;
    entry.id = id;
    audit.push(Pending {
        action: "add_entry",
        entity: format!("entry:{id}"),
        case_id: Some(entry.case_id),
        object: Object::Entry(entry),
    })?;
    Ok(id)
}
