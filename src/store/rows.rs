//! Row decoders for the record queries of `reads.rs`. Columns are read by position
//! (the SELECT lists in `reads.rs` name them in this order): a by-name lookup
//! searches the column names on every row, a quarter of a bulk load's time.

use super::sql::Row;

use super::codec::RowExt;
use crate::domain::{Asset, Case, CaseSummary, Evidence, ExternalRef, TimelineEntry};

/// `id, reference, title, summary, category, severity, status, reporter, reported_via,
/// owner, reviewer, opened_at, closed_at, closing_note, root_cause`.
pub(crate) fn case_from_row(row: &Row<'_>) -> crate::store::sql::SqlResult<Case> {
    Ok(Case {
        id: row.get(0)?,
        reference: row.get(1)?,
        title: row.get(2)?,
        summary: row.get(3)?,
        category: row.label(4)?,
        severity: row.label(5)?,
        status: row.label(6)?,
        reporter: row.get(7)?,
        reported_via: row.get(8)?,
        owner: row.get(9)?,
        reviewer: row.get(10)?,
        opened_at: row.time(11)?,
        closed_at: row.opt_time(12)?,
        closing_note: row.get(13)?,
        root_cause: row.opt_label(14)?,
        external_refs: Vec::new(),
    })
}

/// `id, reference, title, category, severity, status, owner, opened_at, last_activity`.
pub(crate) fn summary_from_row(row: &Row<'_>) -> crate::store::sql::SqlResult<CaseSummary> {
    Ok(CaseSummary {
        id: row.get(0)?,
        reference: row.get(1)?,
        title: row.get(2)?,
        category: row.label(3)?,
        severity: row.label(4)?,
        status: row.label(5)?,
        owner: row.get(6)?,
        opened_at: row.time(7)?,
        last_activity: row.time(8)?,
    })
}

/// `system, key, url` from column `base` on.
pub(crate) fn external_ref_at(
    row: &Row<'_>,
    base: usize,
) -> crate::store::sql::SqlResult<ExternalRef> {
    Ok(ExternalRef {
        system: row.get(base)?,
        key: row.get(base + 1)?,
        url: row.get(base + 2)?,
    })
}

/// `id, kind, name, identifier, provider, environment, owner, status, created_at,
/// last_rotated_at, expires_at, consumers` from column `base` on.
pub(crate) fn asset_at(row: &Row<'_>, base: usize) -> crate::store::sql::SqlResult<Asset> {
    Ok(Asset {
        id: row.get(base)?,
        kind: row.label(base + 1)?,
        name: row.get(base + 2)?,
        identifier: row.get(base + 3)?,
        provider: row.get(base + 4)?,
        environment: row.get(base + 5)?,
        owner: row.get(base + 6)?,
        status: row.label(base + 7)?,
        created_at: row.opt_time(base + 8)?,
        last_rotated_at: row.opt_time(base + 9)?,
        expires_at: row.opt_time(base + 10)?,
        consumers: row.json(base + 11)?,
    })
}

pub(crate) fn asset_from_row(row: &Row<'_>) -> crate::store::sql::SqlResult<Asset> {
    asset_at(row, 0)
}

/// `id, case_id, occurred_at, recorded_at, recorded_by, kind, actor, channel, summary,
/// details, asset_id, fields`, then optionally `ref_system, ref_key, ref_url`.
pub(crate) fn entry_from_row(row: &Row<'_>) -> crate::store::sql::SqlResult<TimelineEntry> {
    let joined = row.column_count() > 12;
    let external_ref = match joined {
        true if row.opt_str(12)?.is_some() => Some(external_ref_at(row, 12)?),
        _ => None,
    };
    Ok(TimelineEntry {
        id: row.get(0)?,
        case_id: row.get(1)?,
        occurred_at: row.time(2)?,
        recorded_at: row.time(3)?,
        recorded_by: row.get(4)?,
        kind: row.label(5)?,
        actor: row.get(6)?,
        channel: row.get(7)?,
        summary: row.get(8)?,
        details: row.get(9)?,
        asset_id: row.get(10)?,
        external_ref,
        fields: row.json(11)?,
    })
}

/// `id, case_id, entry_id, asset_id, kind, title, media_type, size, sha256, source,
/// collected_by, collected_at`.
pub(crate) fn evidence_from_row(row: &Row<'_>) -> crate::store::sql::SqlResult<Evidence> {
    Ok(Evidence {
        id: row.get(0)?,
        case_id: row.get(1)?,
        entry_id: row.get(2)?,
        asset_id: row.get(3)?,
        kind: row.label(4)?,
        title: row.get(5)?,
        media_type: row.get(6)?,
        size: row.get::<_, i64>(7)?.max(0) as u64,
        sha256: row.get(8)?,
        source: row.get(9)?,
        collected_by: row.get(10)?,
        collected_at: row.time(11)?,
    })
}
