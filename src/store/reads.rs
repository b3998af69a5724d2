//! Reads. A record is loaded with one query per table, whether for one case or for
//! all of them, and grouped in Rust.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};

use super::StoreError;
use super::codec::RowExt;
use super::error::db;
use crate::domain::{
    Asset, Case, CaseId, CaseRecord, CaseSummary, Evidence, EvidenceId, ExternalRef, LinkedAsset,
    TimelineEntry,
};

macro_rules! select_cases {
    () => {
        "SELECT id, reference, title, summary, category, severity, status, reporter,
                reported_via, owner, reviewer, opened_at, closed_at, closing_note, root_cause
         FROM cases"
    };
}
macro_rules! select_case_refs {
    () => {
        "SELECT case_id, system, key, url FROM external_refs WHERE case_id IS NOT NULL"
    };
}
macro_rules! select_links {
    () => {
        "SELECT l.case_id, l.relation, a.id, a.kind, a.name, a.identifier, a.provider,
                a.environment, a.owner, a.status, a.created_at, a.last_rotated_at,
                a.expires_at, a.consumers
         FROM case_assets l JOIN assets a ON a.id = l.asset_id"
    };
}
macro_rules! select_entries {
    () => {
        "SELECT e.id, e.case_id, e.occurred_at, e.recorded_at, e.recorded_by, e.kind, e.actor,
                e.channel, e.summary, e.details, e.asset_id, e.fields,
                r.system AS ref_system, r.key AS ref_key, r.url AS ref_url
         FROM entries e LEFT JOIN external_refs r ON r.entry_id = e.id"
    };
}
macro_rules! select_evidence {
    () => {
        "SELECT id, case_id, entry_id, asset_id, kind, title, media_type, size, sha256, source,
                collected_by, collected_at
         FROM evidence"
    };
}

/// The queries that load records: all of them, or those of one case.
struct RecordQueries {
    cases: &'static str,
    refs: &'static str,
    links: &'static str,
    entries: &'static str,
    evidence: &'static str,
}

const ALL: RecordQueries = RecordQueries {
    cases: concat!(select_cases!(), " ORDER BY reference"),
    refs: concat!(select_case_refs!(), " ORDER BY id"),
    links: concat!(select_links!(), " ORDER BY l.rowid"),
    entries: concat!(
        select_entries!(),
        " ORDER BY e.case_id, e.occurred_at, e.id"
    ),
    evidence: concat!(select_evidence!(), " ORDER BY case_id, id"),
};

const ONE: RecordQueries = RecordQueries {
    cases: concat!(select_cases!(), " WHERE id = ?1"),
    refs: concat!(select_case_refs!(), " AND case_id = ?1 ORDER BY id"),
    links: concat!(select_links!(), " WHERE l.case_id = ?1 ORDER BY l.rowid"),
    entries: concat!(
        select_entries!(),
        " WHERE e.case_id = ?1 ORDER BY e.occurred_at, e.id"
    ),
    evidence: concat!(select_evidence!(), " WHERE case_id = ?1 ORDER BY id"),
};

pub(crate) fn case_record(conn: &Connection, id: CaseId) -> Result<CaseRecord, StoreError> {
    load_records(conn, &ONE, Some(id))?
        .pop()
        .ok_or_else(|| StoreError::NoSuchCase(format!("#{id}")))
}

pub(crate) fn all_records(conn: &Connection) -> Result<Vec<CaseRecord>, StoreError> {
    load_records(conn, &ALL, None)
}

pub(crate) fn case_ids(conn: &Connection) -> Result<Vec<CaseId>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT id FROM cases").map_err(db)?;
    let rows = statement.query_map([], |row| row.get(0)).map_err(db)?;
    rows.collect::<Result<_, _>>().map_err(db)
}

/// The records of the cases in `ids` (in reference order; unknown ids are skipped):
/// case by case for a few, one bulk load for many.
pub(crate) fn records_for(
    conn: &Connection,
    ids: &[CaseId],
) -> Result<Vec<CaseRecord>, StoreError> {
    const BULK: usize = 2_000;
    if ids.len() > BULK {
        let wanted: std::collections::HashSet<CaseId> = ids.iter().copied().collect();
        let mut records = all_records(conn)?;
        records.retain(|r| wanted.contains(&r.case.id));
        return Ok(records);
    }
    let mut records = Vec::with_capacity(ids.len());
    for &id in ids {
        match case_record(conn, id) {
            Ok(record) => records.push(record),
            Err(StoreError::NoSuchCase(_)) => {}
            Err(err) => return Err(err),
        }
    }
    records.sort_by(|a, b| a.case.reference.cmp(&b.case.reference));
    Ok(records)
}

fn load_records(
    conn: &Connection,
    queries: &RecordQueries,
    filter: Option<CaseId>,
) -> Result<Vec<CaseRecord>, StoreError> {
    let mut records: Vec<CaseRecord> = query(conn, queries.cases, filter, |row| {
        Ok(CaseRecord {
            case: case_from_row(row)?,
            assets: Vec::new(),
            entries: Vec::new(),
            evidence: Vec::new(),
            tampered_evidence: Vec::new(),
        })
    })?;
    let index: HashMap<CaseId, usize> = records
        .iter()
        .enumerate()
        .map(|(position, record)| (record.case.id, position))
        .collect();
    let record_of = |case: CaseId| index.get(&case).copied();

    for (case, reference) in query(conn, queries.refs, filter, |row| {
        Ok((
            row.get::<_, CaseId>("case_id")?,
            external_ref(row, "system", "key", "url")?,
        ))
    })? {
        if let Some(position) = record_of(case) {
            records[position].case.external_refs.push(reference);
        }
    }
    for (case, linked) in query(conn, queries.links, filter, |row| {
        let linked = LinkedAsset {
            asset: asset_from_row(row)?,
            relation: row.label("relation")?,
        };
        Ok((row.get::<_, CaseId>("case_id")?, linked))
    })? {
        if let Some(position) = record_of(case) {
            records[position].assets.push(linked);
        }
    }
    for entry in query(conn, queries.entries, filter, entry_from_row)? {
        if let Some(position) = record_of(entry.case_id) {
            records[position].entries.push(entry);
        }
    }
    for evidence in query(conn, queries.evidence, filter, evidence_from_row)? {
        if let Some(position) = record_of(evidence.case_id) {
            records[position].evidence.push(evidence);
        }
    }
    Ok(records)
}

fn query<T>(
    conn: &Connection,
    sql: &str,
    filter: Option<CaseId>,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut statement = conn.prepare_cached(sql).map_err(db)?;
    let rows = statement
        .query_map(params_from_iter(filter.iter()), map)
        .map_err(db)?;
    rows.collect::<Result<Vec<T>, _>>().map_err(db)
}

pub(crate) fn case_summaries(conn: &Connection) -> Result<Vec<CaseSummary>, StoreError> {
    let sql = "SELECT c.id, c.reference, c.title, c.category, c.severity, c.status, c.owner,
                      c.opened_at,
                      coalesce((SELECT max(e.occurred_at) FROM entries e WHERE e.case_id = c.id),
                               c.opened_at) AS last_activity
               FROM cases c ORDER BY c.reference";
    query(conn, sql, None, |row| {
        Ok(CaseSummary {
            id: row.get("id")?,
            reference: row.get("reference")?,
            title: row.get("title")?,
            category: row.label("category")?,
            severity: row.label("severity")?,
            status: row.label("status")?,
            owner: row.get("owner")?,
            opened_at: row.time("opened_at")?,
            last_activity: row.time("last_activity")?,
        })
    })
}

pub(crate) fn case_id_by_ref(
    conn: &Connection,
    reference: &str,
) -> Result<Option<CaseId>, StoreError> {
    conn.query_row(
        "SELECT id FROM cases WHERE reference = ?1",
        [reference],
        |row| row.get(0),
    )
    .optional()
    .map_err(db)
}

pub(crate) fn evidence_bytes(conn: &Connection, id: EvidenceId) -> Result<Vec<u8>, StoreError> {
    conn.query_row(
        "SELECT bytes FROM evidence_bytes WHERE evidence_id = ?1",
        [id],
        |row| row.get(0),
    )
    .optional()
    .map_err(db)?
    .ok_or(StoreError::NoSuchEvidence(id))
}

pub(crate) fn case_from_row(row: &Row<'_>) -> rusqlite::Result<Case> {
    Ok(Case {
        id: row.get("id")?,
        reference: row.get("reference")?,
        title: row.get("title")?,
        summary: row.get("summary")?,
        category: row.label("category")?,
        severity: row.label("severity")?,
        status: row.label("status")?,
        reporter: row.get("reporter")?,
        reported_via: row.get("reported_via")?,
        owner: row.get("owner")?,
        reviewer: row.get("reviewer")?,
        opened_at: row.time("opened_at")?,
        closed_at: row.opt_time("closed_at")?,
        closing_note: row.get("closing_note")?,
        root_cause: row.opt_label("root_cause")?,
        external_refs: Vec::new(),
    })
}

fn external_ref(
    row: &Row<'_>,
    system: &str,
    key: &str,
    url: &str,
) -> rusqlite::Result<ExternalRef> {
    Ok(ExternalRef {
        system: row.get(system)?,
        key: row.get(key)?,
        url: row.get(url)?,
    })
}

pub(crate) fn all_assets(conn: &Connection) -> Result<Vec<Asset>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, kind, name, identifier, provider, environment, owner, status,
                    created_at, last_rotated_at, expires_at, consumers
             FROM assets ORDER BY name, identifier, id",
        )
        .map_err(db)?;
    stmt.query_map([], asset_from_row)
        .map_err(db)?
        .collect::<Result<_, _>>()
        .map_err(db)
}

pub(crate) fn asset_from_row(row: &Row<'_>) -> rusqlite::Result<Asset> {
    Ok(Asset {
        id: row.get("id")?,
        kind: row.label("kind")?,
        name: row.get("name")?,
        identifier: row.get("identifier")?,
        provider: row.get("provider")?,
        environment: row.get("environment")?,
        owner: row.get("owner")?,
        status: row.label("status")?,
        created_at: row.opt_time("created_at")?,
        last_rotated_at: row.opt_time("last_rotated_at")?,
        expires_at: row.opt_time("expires_at")?,
        consumers: row.json("consumers")?,
    })
}

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<TimelineEntry> {
    let external_ref = match row.get::<_, Option<String>>("ref_system")? {
        Some(_) => Some(external_ref(row, "ref_system", "ref_key", "ref_url")?),
        None => None,
    };
    Ok(TimelineEntry {
        id: row.get("id")?,
        case_id: row.get("case_id")?,
        occurred_at: row.time("occurred_at")?,
        recorded_at: row.time("recorded_at")?,
        recorded_by: row.get("recorded_by")?,
        kind: row.label("kind")?,
        actor: row.get("actor")?,
        channel: row.get("channel")?,
        summary: row.get("summary")?,
        details: row.get("details")?,
        asset_id: row.get("asset_id")?,
        external_ref,
        fields: row.json("fields")?,
    })
}

fn evidence_from_row(row: &Row<'_>) -> rusqlite::Result<Evidence> {
    Ok(Evidence {
        id: row.get("id")?,
        case_id: row.get("case_id")?,
        entry_id: row.get("entry_id")?,
        asset_id: row.get("asset_id")?,
        kind: row.label("kind")?,
        title: row.get("title")?,
        media_type: row.get("media_type")?,
        size: row.get::<_, i64>("size")?.max(0) as u64,
        sha256: row.get("sha256")?,
        source: row.get("source")?,
        collected_by: row.get("collected_by")?,
        collected_at: row.time("collected_at")?,
    })
}
