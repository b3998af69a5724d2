//! The lean read `check` evaluates: each case as a [`TrailRecord`], only the columns
//! the rules read (no free text, bookkeeping, asset details or references), loaded
//! like full records a range of case ids at a time.

use std::collections::HashMap;

use rusqlite::{Connection, Row};

use super::StoreError;
use super::codec::RowExt;
use super::reads::{each_run, query};
use crate::domain::{CaseId, TrailEntry, TrailRecord};

const CASES: &str = "SELECT id, reference, reporter, category, status, root_cause, opened_at
                     FROM cases WHERE id BETWEEN ?1 AND ?2 ORDER BY id";
const LINKS: &str = "SELECT case_id, asset_id, relation FROM case_assets
                     WHERE case_id BETWEEN ?1 AND ?2 ORDER BY rowid";
const ENTRIES: &str = "SELECT case_id, id, occurred_at, kind, actor, summary, asset_id, fields
                       FROM entries WHERE case_id BETWEEN ?1 AND ?2
                       ORDER BY case_id, occurred_at, id";
const EVIDENCE: &str = "SELECT case_id, id, entry_id FROM evidence
                        WHERE case_id BETWEEN ?1 AND ?2 ORDER BY case_id, id";

/// The trail records of the cases whose ids lie in `first..=last`, in id order.
pub(crate) fn trails_in_range(
    conn: &Connection,
    first: CaseId,
    last: CaseId,
) -> Result<Vec<TrailRecord>, StoreError> {
    let range = [first, last];
    let mut records = query(conn, CASES, &range, case_from_row)?;
    let index: HashMap<CaseId, usize> = records
        .iter()
        .enumerate()
        .map(|(position, record)| (record.id, position))
        .collect();
    let record_of = |case: CaseId| index.get(&case).copied();

    for (case, asset, relation) in query(conn, LINKS, &range, |row| {
        Ok((row.get::<_, CaseId>(0)?, row.get(1)?, row.label(2)?))
    })? {
        if let Some(position) = record_of(case) {
            records[position].links.push((asset, relation));
        }
    }
    each_run(
        conn,
        ENTRIES,
        &range,
        |row| Ok((row.get::<_, CaseId>(0)?, entry_from_row(row)?)),
        |(case, _)| *case,
        |case, run| match record_of(case) {
            Some(position) => take_run(&mut records[position].entries, run),
            None => run.clear(),
        },
    )?;
    each_run(
        conn,
        EVIDENCE,
        &range,
        |row| Ok((row.get::<_, CaseId>(0)?, (row.get(1)?, row.get(2)?))),
        |(case, _)| *case,
        |case, run| match record_of(case) {
            Some(position) => take_run(&mut records[position].evidence, run),
            None => run.clear(),
        },
    )?;
    Ok(records)
}

/// Move the values of a run of `(case, value)` rows to the end of `into`, growing it
/// once.
fn take_run<T>(into: &mut Vec<T>, run: &mut Vec<(CaseId, T)>) {
    into.reserve_exact(run.len());
    into.extend(run.drain(..).map(|(_, value)| value));
}

/// The trail record of one case.
pub(crate) fn case_trail(conn: &Connection, id: CaseId) -> Result<TrailRecord, StoreError> {
    trails_in_range(conn, id, id)?
        .pop()
        .ok_or_else(|| StoreError::NoSuchCase(format!("#{id}")))
}

/// `id, reference, reporter, category, status, root_cause, opened_at`.
fn case_from_row(row: &Row<'_>) -> rusqlite::Result<TrailRecord> {
    Ok(TrailRecord {
        id: row.get(0)?,
        reference: row.get(1)?,
        reporter: row.get(2)?,
        category: row.label(3)?,
        status: row.label(4)?,
        root_cause: row.opt_label(5)?,
        opened_at: row.time(6)?,
        links: Vec::new(),
        entries: Vec::new(),
        evidence: Vec::new(),
    })
}

/// `id, occurred_at, kind, actor, summary, asset_id, fields` from column 1 on.
fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<TrailEntry> {
    Ok(TrailEntry {
        id: row.get(1)?,
        occurred_at: row.time(2)?,
        kind: row.label(3)?,
        actor: row.get(4)?,
        summary: row.get(5)?,
        asset_id: row.get(6)?,
        fields: row.json(7)?,
    })
}
