//! The one place each kind of row is inserted: a case, its external references, an
//! asset, a timeline entry (with its reference) and an evidence item (with its
//! bytes). Single writes, bundle and record inserts, `generate`'s bulk load and the
//! event importer all insert through here, after their own checks; the statements
//! are prepared once per connection and cached.

use super::sql::{Connection, Statement, params};

use super::StoreError;
use super::codec::{json, opt_time, time};
use super::error::db;
use crate::domain::{
    Asset, AssetId, Case, CaseId, EntryId, Evidence, EvidenceId, ExternalRef, TimelineEntry,
};

fn cached<'c>(conn: &'c Connection, sql: &str) -> Result<Statement<'c>, StoreError> {
    conn.prepare_cached(sql).map_err(db)
}

/// The case's own row (not its references); returns its id.
pub(crate) fn case_row(conn: &Connection, case: &Case) -> Result<CaseId, StoreError> {
    cached(
        conn,
        "INSERT INTO cases (reference, title, summary, category, severity, status, reporter,
             reported_via, owner, reviewer, opened_at, closed_at, closing_note, root_cause)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
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
    ])
    .map_err(db)?;
    conn.last_insert_rowid().map_err(db)
}

/// The external references of case `case`, added.
pub(crate) fn case_ref_rows(
    conn: &Connection,
    case: CaseId,
    refs: &[ExternalRef],
) -> Result<(), StoreError> {
    let mut insert = cached(
        conn,
        "INSERT INTO external_refs (case_id, system, key, url) VALUES (?1, ?2, ?3, ?4)",
    )?;
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

/// An asset's row; returns its id.
pub(crate) fn asset_row(conn: &Connection, asset: &Asset) -> Result<AssetId, StoreError> {
    cached(
        conn,
        "INSERT INTO assets (kind, name, identifier, provider, environment, owner, status,
             created_at, last_rotated_at, expires_at, consumers)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
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
    ])
    .map_err(db)?;
    conn.last_insert_rowid().map_err(db)
}

/// A timeline entry's row and its external reference; returns its id.
pub(crate) fn entry_row(conn: &Connection, entry: &TimelineEntry) -> Result<EntryId, StoreError> {
    cached(
        conn,
        "INSERT INTO entries (case_id, occurred_at, recorded_at, recorded_by, kind, actor,
             channel, summary, details, asset_id, fields)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
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
    ])
    .map_err(db)?;
    let id = conn.last_insert_rowid().map_err(db)?;
    if let Some(reference) = &entry.external_ref {
        cached(
            conn,
            "INSERT INTO external_refs (entry_id, system, key, url) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, reference.system, reference.key, reference.url])
        .map_err(db)?;
    }
    Ok(id)
}

/// An evidence item's row (size and hash as the caller set them) and its bytes;
/// returns its id.
pub(crate) fn evidence_row(
    conn: &Connection,
    evidence: &Evidence,
    bytes: &[u8],
) -> Result<EvidenceId, StoreError> {
    cached(
        conn,
        "INSERT INTO evidence (case_id, entry_id, asset_id, kind, title, media_type, size,
             sha256, source, collected_by, collected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
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
    ])
    .map_err(db)?;
    let id = conn.last_insert_rowid().map_err(db)?;
    cached(
        conn,
        "INSERT INTO evidence_bytes (evidence_id, bytes) VALUES (?1, ?2)",
    )?
    .execute(params![id, bytes])
    .map_err(db)?;
    Ok(id)
}
