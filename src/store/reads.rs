//! Reads. A record is loaded with one query per table, whether for one case or for
//! all of them, or a range of case ids at a time, and grouped in Rust.

use std::collections::HashMap;

use super::sql::{Connection, OptionalExtension};

use super::StoreError;
use super::codec::RowExt;
use super::error::db;
pub(crate) use super::query::{each_run, query};
pub(crate) use super::rows::case_from_row;
use super::rows::{asset_at, asset_from_row, entry_from_row, evidence_from_row, external_ref_at};
use crate::domain::{Asset, AssetId, CaseId, CaseRecord, EntryId, EvidenceId, LinkedAsset};

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
macro_rules! entry_columns {
    () => {
        "SELECT e.id, e.case_id, e.occurred_at, e.recorded_at, e.recorded_by, e.kind, e.actor,
                e.channel, e.summary, e.details, e.asset_id, e.fields"
    };
}
/// Entries with their external reference joined: for one case.
macro_rules! select_entries {
    () => {
        concat!(
            entry_columns!(),
            ", r.system AS ref_system, r.key AS ref_key, r.url AS ref_url
         FROM entries e LEFT JOIN external_refs r ON r.entry_id = e.id"
        )
    };
}
/// Entries alone: for many cases, whose entries' references are read apart (the
/// join costs an index probe per entry, most of which have no reference).
macro_rules! select_bare_entries {
    () => {
        concat!(entry_columns!(), " FROM entries e")
    };
}
/// The external references of entries with ids in `?1..=?2`.
const ENTRY_REFS: &str = "SELECT entry_id, system, key, url FROM external_refs
                          WHERE entry_id BETWEEN ?1 AND ?2 ORDER BY entry_id";
macro_rules! select_evidence {
    () => {
        "SELECT id, case_id, entry_id, asset_id, kind, title, media_type, size, sha256, source,
                collected_by, collected_at
         FROM evidence"
    };
}

/// The queries that load records: all of them, those of one case (`?1`), or those of
/// the cases whose ids lie in `?1..=?2`.
struct RecordQueries {
    cases: &'static str,
    refs: &'static str,
    links: &'static str,
    entries: &'static str,
    /// Whether `entries` leaves the references out, to be read with [`ENTRY_REFS`].
    bare_entries: bool,
    evidence: &'static str,
}

const ALL: RecordQueries = RecordQueries {
    cases: concat!(select_cases!(), " ORDER BY reference"),
    refs: concat!(select_case_refs!(), " ORDER BY id"),
    links: concat!(select_links!(), " ORDER BY l.rowid"),
    entries: concat!(
        select_bare_entries!(),
        " ORDER BY e.case_id, e.occurred_at, e.id"
    ),
    bare_entries: true,
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
    bare_entries: false,
    evidence: concat!(select_evidence!(), " WHERE case_id = ?1 ORDER BY id"),
};

const RANGE: RecordQueries = RecordQueries {
    cases: concat!(select_cases!(), " WHERE id BETWEEN ?1 AND ?2 ORDER BY id"),
    refs: concat!(
        select_case_refs!(),
        " AND case_id BETWEEN ?1 AND ?2 ORDER BY id"
    ),
    // Only the asset ids: a walk decodes each asset once (see `AssetCache`).
    links: "SELECT case_id, relation, asset_id FROM case_assets
            WHERE case_id BETWEEN ?1 AND ?2 ORDER BY rowid",
    entries: concat!(
        select_bare_entries!(),
        " WHERE e.case_id BETWEEN ?1 AND ?2 ORDER BY e.case_id, e.occurred_at, e.id"
    ),
    bare_entries: true,
    evidence: concat!(
        select_evidence!(),
        " WHERE case_id BETWEEN ?1 AND ?2 ORDER BY case_id, id"
    ),
};

pub(crate) fn case_record(conn: &Connection, id: CaseId) -> Result<CaseRecord, StoreError> {
    load_records(conn, &ONE, &[id], None)?
        .pop()
        .ok_or_else(|| StoreError::NoSuchCase(format!("#{id}")))
}

pub(crate) fn all_records(conn: &Connection) -> Result<Vec<CaseRecord>, StoreError> {
    load_records(conn, &ALL, &[], None)
}

/// The records of the cases whose ids lie in `first..=last`, in id order.
pub(crate) fn records_in_range(
    conn: &Connection,
    first: CaseId,
    last: CaseId,
    assets: &mut AssetCache,
) -> Result<Vec<CaseRecord>, StoreError> {
    load_records(conn, &RANGE, &[first, last], Some(assets))
}

/// Assets already decoded during a walk: an asset is linked to many cases, and is
/// read and decoded once (the cache holds at most every asset of the store).
#[derive(Default)]
pub(crate) struct AssetCache {
    assets: HashMap<AssetId, Asset>,
}

impl AssetCache {
    fn get(&mut self, conn: &Connection, id: AssetId) -> Result<Asset, StoreError> {
        if let Some(asset) = self.assets.get(&id) {
            return Ok(asset.clone());
        }
        let mut statement = conn.prepare_cached(ONE_ASSET).map_err(db)?;
        let asset = statement.query_row([id], asset_from_row).map_err(db)?;
        self.assets.insert(id, asset.clone());
        Ok(asset)
    }
}

const ONE_ASSET: &str = "SELECT id, kind, name, identifier, provider, environment, owner, status,
                                created_at, last_rotated_at, expires_at, consumers
                         FROM assets WHERE id = ?1";

pub(crate) fn case_ids(conn: &Connection) -> Result<Vec<CaseId>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT id FROM cases").map_err(db)?;
    let rows = statement.query_map((), |row| row.get(0)).map_err(db)?;
    rows.collect::<Result<_, _>>().map_err(db)
}

/// The records of the cases in `ids` (in reference order; unknown ids are skipped):
/// case by case for a few, chunked bulk loads for many.
pub(crate) fn records_for(
    conn: &Connection,
    ids: &[CaseId],
) -> Result<Vec<CaseRecord>, StoreError> {
    const BULK: usize = 2_000;
    let mut records = Vec::with_capacity(ids.len());
    if ids.len() > BULK {
        let wanted: std::collections::HashSet<CaseId> = ids.iter().copied().collect();
        super::walk::for_each_record(conn, super::walk::CHUNK_CASES, |record| {
            if wanted.contains(&record.case.id) {
                records.push(record);
            }
            Ok::<(), StoreError>(())
        })?;
    } else {
        for &id in ids {
            match case_record(conn, id) {
                Ok(record) => records.push(record),
                Err(StoreError::NoSuchCase(_)) => {}
                Err(err) => return Err(err),
            }
        }
    }
    records.sort_by(|a, b| a.case.reference.cmp(&b.case.reference));
    Ok(records)
}

fn load_records(
    conn: &Connection,
    queries: &RecordQueries,
    params: &[CaseId],
    assets: Option<&mut AssetCache>,
) -> Result<Vec<CaseRecord>, StoreError> {
    let mut records: Vec<CaseRecord> = query(conn, queries.cases, params, |row| {
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

    for (case, reference) in query(conn, queries.refs, params, |row| {
        Ok((row.get::<_, CaseId>(0)?, external_ref_at(row, 1)?))
    })? {
        if let Some(position) = record_of(case) {
            records[position].case.external_refs.push(reference);
        }
    }
    match assets {
        // Links with their assets joined.
        None => {
            for (case, linked) in query(conn, queries.links, params, |row| {
                let linked = LinkedAsset {
                    asset: asset_at(row, 2)?,
                    relation: row.label(1)?,
                };
                Ok((row.get::<_, CaseId>(0)?, linked))
            })? {
                if let Some(position) = record_of(case) {
                    records[position].assets.push(linked);
                }
            }
        }
        // Links as asset ids, the assets from the cache.
        Some(assets) => {
            let links = query(conn, queries.links, params, |row| {
                Ok((row.get::<_, CaseId>(0)?, row.label(1)?, row.get(2)?))
            })?;
            for (case, relation, asset) in links {
                let asset = assets.get(conn, asset)?;
                if let Some(position) = record_of(case) {
                    records[position]
                        .assets
                        .push(LinkedAsset { asset, relation });
                }
            }
        }
    }
    // Entries and evidence come grouped by case: each run is moved into its record's
    // vector allocated at the run's length (pushing row by row reallocates each
    // vector several times, a tenth of a walk's time).
    each_run(
        conn,
        queries.entries,
        params,
        entry_from_row,
        |entry| entry.case_id,
        |case, run| match record_of(case) {
            Some(position) => move_run(&mut records[position].entries, run),
            None => run.clear(),
        },
    )?;
    each_run(
        conn,
        queries.evidence,
        params,
        evidence_from_row,
        |evidence| evidence.case_id,
        |case, run| match record_of(case) {
            Some(position) => move_run(&mut records[position].evidence, run),
            None => run.clear(),
        },
    )?;
    if queries.bare_entries {
        attach_entry_refs(conn, &mut records)?;
    }
    Ok(records)
}

/// Give the loaded entries their external references: one range scan over the
/// references of the entry ids loaded, matched to the entries in Rust.
fn attach_entry_refs(conn: &Connection, records: &mut [CaseRecord]) -> Result<(), StoreError> {
    let ids = records.iter().flat_map(|r| r.entries.iter().map(|e| e.id));
    let Some((low, high)) = ids.fold(None, |range, id| match range {
        None => Some((id, id)),
        Some((low, high)) => Some((id.min(low), id.max(high))),
    }) else {
        return Ok(());
    };
    let refs = query(conn, ENTRY_REFS, [low, high], |row| {
        Ok((row.get::<_, EntryId>(0)?, external_ref_at(row, 1)?))
    })?;
    if refs.is_empty() {
        return Ok(());
    }
    let mut place: HashMap<EntryId, (usize, usize)> = HashMap::new();
    for (r, record) in records.iter().enumerate() {
        for (e, entry) in record.entries.iter().enumerate() {
            place.insert(entry.id, (r, e));
        }
    }
    for (entry, reference) in refs {
        if let Some(&(r, e)) = place.get(&entry) {
            records[r].entries[e].external_ref = Some(reference);
        }
    }
    Ok(())
}

/// Move `run` to the end of `into`, allocating `into` once at the run's length when
/// it is empty.
fn move_run<T>(into: &mut Vec<T>, run: &mut Vec<T>) {
    if into.is_empty() {
        *into = Vec::with_capacity(run.len());
    }
    into.append(run);
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

pub(crate) fn all_assets(conn: &Connection) -> Result<Vec<Asset>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, kind, name, identifier, provider, environment, owner, status,
                    created_at, last_rotated_at, expires_at, consumers
             FROM assets ORDER BY name, identifier, id",
        )
        .map_err(db)?;
    stmt.query_map((), asset_from_row)
        .map_err(db)?
        .collect::<Result<_, _>>()
        .map_err(db)
}
