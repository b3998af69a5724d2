//! The text fuzzy search runs over: per case, its reference, title, reporter, owner,
//! linked asset names and identifiers, and external reference keys — each one a
//! field of its own, since a search term matches within one word of one field.
//!
//! [`read_search_texts`] streams it without collecting anything: first every asset's
//! name and identifier (the same asset is linked to many cases, so its text is
//! read once), then one row per case in id order (the table's, a scan: the reader
//! puts them in reference order) with the ids of its linked assets, by asset id.
//! Each row is borrowed from SQLite only for the call it is passed to, so a
//! caller that packs the text into one buffer never holds a second copy.

use std::collections::HashMap;

use super::sql::{Connection, Error as SqlError, Row, Rows};

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
    /// The linked assets, by asset id; their text came with the
    /// assets before the first case.
    pub asset_ids: &'a [AssetId],
    /// External reference keys joined by [`FIELD_SEPARATOR`], when the case has any.
    pub refs: Option<&'a str>,
}

const ASSETS: &str = "SELECT id, name, identifier FROM assets";

/// The cases in id order (the table's: a scan), and their links and reference keys
/// in the same order, each from its index, merged as they are read. A million cases
/// read this way in about a third of the time the same columns took with a
/// subquery per case for the links and another for the keys.
const CASES: &str = "SELECT id, reference, title, reporter, owner FROM cases ORDER BY id";
const LINKS: &str = "SELECT case_id, asset_id FROM case_assets ORDER BY case_id, asset_id";
const REFS: &str =
    "SELECT case_id, key FROM external_refs WHERE case_id IS NOT NULL ORDER BY case_id, id";

fn text_or_null<'a>(row: Row<'a>, column: usize) -> Result<Option<&'a str>, StoreError> {
    row.get(column).map_err(db)
}

fn text<'a>(row: Row<'a>, column: usize) -> Result<&'a str, StoreError> {
    row.get(column).map_err(db)
}

/// Receives the searchable text as [`read_search_texts`] streams it.
pub trait SearchTextSink {
    /// One asset's text; every asset comes before the first case.
    fn asset(&mut self, asset: SearchAsset<'_>) -> Result<(), StoreError>;
    /// One case's parts; cases come in id order.
    fn case(&mut self, case: CaseSearchRow<'_>) -> Result<(), StoreError>;
}

/// Stream the searchable text into `sink`: every asset, then every case in id order. An error from
/// the sink stops the read and is returned.
pub(crate) fn read_search_texts(
    conn: &Connection,
    sink: &mut impl SearchTextSink,
) -> Result<(), StoreError> {
    let mut statement = conn.prepare_cached(ASSETS).map_err(db)?;
    let mut rows = statement.query(()).map_err(db)?;
    while let Some(row) = rows.next().map_err(db)? {
        sink.asset(SearchAsset {
            id: row.get(0).map_err(db)?,
            name: text(row, 1)?,
            identifier: text(row, 2)?,
        })?;
    }
    let mut cases = conn.prepare_cached(CASES).map_err(db)?;
    let mut cases = cases.query(()).map_err(db)?;
    let mut links = conn.prepare_cached(LINKS).map_err(db)?;
    let mut links = Merged::new(links.query(()).map_err(db)?, |row| row.get::<_, AssetId>(1))?;
    let mut refs = conn.prepare_cached(REFS).map_err(db)?;
    let mut refs = Merged::new(refs.query(()).map_err(db)?, |row| row.get::<_, String>(1))?;
    let mut asset_ids: Vec<AssetId> = Vec::new();
    let mut keys = String::new();
    while let Some(row) = cases.next().map_err(db)? {
        // Columns by position: looking each up by name is a tenth of the read.
        let case_id: CaseId = row.get(0).map_err(db)?;
        asset_ids.clear();
        links.each_of(case_id, |id| asset_ids.push(id))?;
        keys.clear();
        let mut any_key = false;
        refs.each_of(case_id, |key| {
            if any_key {
                keys.push(FIELD_SEPARATOR);
            }
            any_key = true;
            keys.push_str(&key);
        })?;
        sink.case(CaseSearchRow {
            case_id,
            reference: text(row, 1)?,
            title: text(row, 2)?,
            reporter: text_or_null(row, 3)?,
            owner: text_or_null(row, 4)?,
            asset_ids: &asset_ids,
            refs: any_key.then_some(keys.as_str()),
        })?;
    }
    Ok(())
}

/// The rows of a child table ordered by `case_id`, read alongside the cases (in
/// id order): each case takes the rows of its id as it comes. A row whose case is
/// not read (none, with the foreign keys) is passed over.
struct Merged<'s, T> {
    rows: Rows<'s>,
    value: fn(&Row<'_>) -> Result<T, SqlError>,
    next: Option<(CaseId, T)>,
}

impl<'s, T> Merged<'s, T> {
    fn new(
        rows: Rows<'s>,
        value: fn(&Row<'_>) -> Result<T, SqlError>,
    ) -> Result<Merged<'s, T>, StoreError> {
        let mut merged = Merged {
            rows,
            value,
            next: None,
        };
        merged.advance()?;
        Ok(merged)
    }

    fn advance(&mut self) -> Result<(), StoreError> {
        self.next = match self.rows.next().map_err(db)? {
            Some(row) => Some((row.get(0).map_err(db)?, (self.value)(&row).map_err(db)?)),
            None => None,
        };
        Ok(())
    }

    /// Hand `take` the values of the rows of `case`, in their order.
    fn each_of(&mut self, case: CaseId, mut take: impl FnMut(T)) -> Result<(), StoreError> {
        while let Some((of, _)) = &self.next {
            if *of > case {
                break;
            }
            let is_case = *of == case;
            if let Some((_, value)) = self.next.take()
                && is_case
            {
                take(value);
            }
            self.advance()?;
        }
        Ok(())
    }
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
    let mut texts = collect.texts;
    texts.sort_unstable_by(|a, b| a.reference.cmp(&b.reference));
    Ok(texts)
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
            let mut links: Vec<_> = record.assets.iter().collect();
            links.sort_by_key(|link| link.asset.id);
            for link in links {
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
