//! The text fuzzy search runs over: per case, its reference, title, reporter, owner,
//! linked asset names and identifiers, and external reference keys — each one a
//! field of its own, since a search term matches within one word of one field.
//!
//! [`read_search_texts`] streams it without collecting anything: first every asset's
//! name and identifier (the same asset is linked to many cases, so its text is
//! read once), then one row per case in reference order with the ids of its linked
//! assets. Each row is borrowed from SQLite only for the call it is passed to, so a
//! caller that packs the text into one buffer never holds a second copy.

use std::collections::HashMap;

use super::sql::{Connection, Row};

use super::StoreError;
use super::error::db;
use crate::domain::{AssetId, CaseId};

/// The searchable text of one case, joined (tests and tools; the search corpus is
/// built from [`read_search_texts`] without this copy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSearchText {
    pub case_id: CaseId,
    pub reference: String,
    pub title: String,
    /// Reporter, owner, each linked asset's name and identifier, then each external
    /// reference key (empty ones left out).
    pub fields: Vec<String>,
}

/// Between the external reference keys of [`CaseSearchRow::refs`]: the ASCII unit
/// separator, a control character no key is meant to hold.
pub const FIELD_SEPARATOR: char = '\u{1f}';

/// One asset's searchable text: `name identifier`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchAsset<'a> {
    pub id: AssetId,
    pub name: &'a str,
    pub identifier: &'a str,
}

/// One case's searchable parts, borrowed from the row being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseSearchRow<'a> {
    pub case_id: CaseId,
    pub reference: &'a str,
    pub title: &'a str,
    pub reporter: Option<&'a str>,
    pub owner: Option<&'a str>,
    /// The linked assets, in the order they were linked; their text came with the
    /// assets before the first case.
    pub asset_ids: &'a [AssetId],
    /// External reference keys joined by [`FIELD_SEPARATOR`], when the case has any.
    pub refs: Option<&'a str>,
}

const ASSETS: &str = "SELECT id, name, identifier FROM assets";

/// The cases with their asset ids and reference keys, each joined into one text
/// (SQLite's `group_concat`, PostgreSQL's `string_agg`).
macro_rules! cases_query {
    ($assets:literal, $refs:literal) => {
        concat!(
            "SELECT c.id, c.reference, c.title, c.reporter, c.owner, (SELECT ",
            $assets,
            " FROM case_assets l WHERE l.case_id = c.id) AS assets, (SELECT ",
            $refs,
            " FROM external_refs r WHERE r.case_id = c.id) AS refs
             FROM cases c ORDER BY c.reference"
        )
    };
}
const CASES: &str = cases_query!(
    "group_concat(l.asset_id, ',' ORDER BY l.rowid)",
    "group_concat(r.key, char(31) ORDER BY r.id)"
);
const CASES_PG: &str = cases_query!(
    "string_agg(l.asset_id::text, ',' ORDER BY l.rowid)",
    "string_agg(r.key, chr(31) ORDER BY r.id)"
);

fn text_or_null<'a>(row: Row<'a>, column: &str) -> Result<Option<&'a str>, StoreError> {
    row.get(column).map_err(db)
}

fn text<'a>(row: Row<'a>, column: &str) -> Result<&'a str, StoreError> {
    row.get(column).map_err(db)
}

/// Receives the searchable text as [`read_search_texts`] streams it.
pub trait SearchTextSink {
    /// One asset's text; every asset comes before the first case.
    fn asset(&mut self, asset: SearchAsset<'_>) -> Result<(), StoreError>;
    /// One case's parts; cases come in reference order.
    fn case(&mut self, case: CaseSearchRow<'_>) -> Result<(), StoreError>;
}

/// Stream the searchable text into `sink`: every asset, then every case in reference
/// order (SQLite's byte order of the references, which is `str`'s). An error from
/// the sink stops the read and is returned.
pub(crate) fn read_search_texts(
    conn: &Connection,
    sink: &mut impl SearchTextSink,
) -> Result<(), StoreError> {
    let mut statement = conn.prepare_cached(ASSETS).map_err(db)?;
    let mut rows = statement.query(()).map_err(db)?;
    while let Some(row) = rows.next().map_err(db)? {
        sink.asset(SearchAsset {
            id: row.get("id").map_err(db)?,
            name: text(row, "name")?,
            identifier: text(row, "identifier")?,
        })?;
    }
    let cases = if conn.is_pg() { CASES_PG } else { CASES };
    let mut statement = conn.prepare_cached(cases).map_err(db)?;
    let mut rows = statement.query(()).map_err(db)?;
    let mut asset_ids: Vec<AssetId> = Vec::new();
    while let Some(row) = rows.next().map_err(db)? {
        asset_ids.clear();
        for id in text_or_null(row, "assets")?.unwrap_or_default().split(',') {
            if id.is_empty() {
                continue;
            }
            let id = id
                .parse()
                .map_err(|_| StoreError::Invalid(format!("unreadable asset id {id:?}")))?;
            asset_ids.push(id);
        }
        sink.case(CaseSearchRow {
            case_id: row.get("id").map_err(db)?,
            reference: text(row, "reference")?,
            title: text(row, "title")?,
            reporter: text_or_null(row, "reporter")?,
            owner: text_or_null(row, "owner")?,
            asset_ids: &asset_ids,
            refs: text_or_null(row, "refs")?,
        })?;
    }
    Ok(())
}

/// Collects [`CaseSearchText`]s.
#[derive(Default)]
struct Collect {
    assets: HashMap<AssetId, [String; 2]>,
    texts: Vec<CaseSearchText>,
}

impl SearchTextSink for Collect {
    fn asset(&mut self, asset: SearchAsset<'_>) -> Result<(), StoreError> {
        let text = [asset.name.to_string(), asset.identifier.to_string()];
        self.assets.insert(asset.id, text);
        Ok(())
    }

    fn case(&mut self, case: CaseSearchRow<'_>) -> Result<(), StoreError> {
        let mut fields: Vec<String> = Vec::new();
        fields.extend(
            [case.reporter, case.owner]
                .into_iter()
                .flatten()
                .map(str::to_string),
        );
        for id in case.asset_ids {
            fields.extend(self.assets.get(id).into_iter().flatten().cloned());
        }
        let refs = case.refs.unwrap_or_default();
        fields.extend(refs.split(FIELD_SEPARATOR).map(str::to_string));
        fields.retain(|f| !f.is_empty());
        self.texts.push(CaseSearchText {
            case_id: case.case_id,
            reference: case.reference.to_string(),
            title: case.title.to_string(),
            fields,
        });
        Ok(())
    }
}

/// Every case's searchable text, collected (see [`CaseSearchText`]).
pub(crate) fn case_search_texts(conn: &Connection) -> Result<Vec<CaseSearchText>, StoreError> {
    let mut collect = Collect::default();
    read_search_texts(conn, &mut collect)?;
    Ok(collect.texts)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use crate::generate::{GenerateOptions, Generator};
    use crate::store::{OpenMode, Store};

    #[test]
    fn every_case_gets_its_searchable_parts_in_reference_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db"), OpenMode::CreateNew).unwrap();
        let generated: Vec<_> = Generator::new(GenerateOptions { cases: 6, seed: 7 }).collect();
        store
            .write(|w| {
                for (record, bytes) in &generated {
                    w.insert_record(record, bytes)?;
                }
                Ok(())
            })
            .unwrap();
        let texts = store.case_search_texts().unwrap();
        let records = store.all_records().unwrap();
        assert_eq!(texts.len(), records.len());
        for (text, record) in texts.iter().zip(&records) {
            let case = &record.case;
            assert_eq!(text.case_id, case.id);
            assert_eq!(text.reference, case.reference);
            assert_eq!(text.title, case.title);
            let mut expected: Vec<String> = Vec::new();
            expected.extend(case.reporter.clone());
            expected.extend(case.owner.clone());
            for link in &record.assets {
                expected.extend([link.asset.name.clone(), link.asset.identifier.clone()]);
            }
            expected.extend(case.external_refs.iter().map(|r| r.key.clone()));
            expected.retain(|f| !f.is_empty());
            assert_eq!(text.fields, expected, "{}", case.reference);
        }
    }

    #[test]
    fn a_case_without_people_assets_or_refs_has_no_other_fields() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db"), OpenMode::CreateNew).unwrap();
        let (mut record, _) = Generator::new(GenerateOptions { cases: 1, seed: 1 })
            .next()
            .unwrap();
        record.case.reporter = None;
        record.case.owner = None;
        record.case.external_refs.clear();
        let mut case = record.case.clone();
        store.write(|w| w.insert_case(&mut case)).unwrap();
        let texts = store.case_search_texts().unwrap();
        assert_eq!(texts.len(), 1);
        assert!(texts[0].fields.is_empty());
        assert_eq!(texts[0].title, record.case.title);
    }
}
