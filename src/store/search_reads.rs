//! The text fuzzy search runs over: per case, its reference, title, reporter, owner,
//! linked asset names and identifiers, and external reference keys. One query for
//! every case, so the search corpus loads in one pass at startup.

use rusqlite::Connection;

use super::StoreError;
use super::error::db;
use crate::domain::CaseId;

/// The searchable text of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSearchText {
    pub case_id: CaseId,
    pub reference: String,
    pub title: String,
    /// Reporter, owner, linked asset names and identifiers, then external reference
    /// keys, joined by single spaces (empty parts left out).
    pub details: String,
}

const QUERY: &str = "
SELECT c.id, c.reference, c.title, c.reporter, c.owner,
       (SELECT group_concat(a.name || ' ' || a.identifier, ' ' ORDER BY l.rowid)
          FROM case_assets l JOIN assets a ON a.id = l.asset_id
         WHERE l.case_id = c.id) AS assets,
       (SELECT group_concat(r.key, ' ' ORDER BY r.id)
          FROM external_refs r
         WHERE r.case_id = c.id) AS refs
FROM cases c
ORDER BY c.reference";

pub(crate) fn case_search_texts(conn: &Connection) -> Result<Vec<CaseSearchText>, StoreError> {
    let mut statement = conn.prepare_cached(QUERY).map_err(db)?;
    let rows = statement
        .query_map([], |row| {
            let parts: [Option<String>; 4] = [
                row.get("reporter")?,
                row.get("owner")?,
                row.get("assets")?,
                row.get("refs")?,
            ];
            let mut details = String::new();
            for part in parts.iter().flatten().filter(|p| !p.is_empty()) {
                if !details.is_empty() {
                    details.push(' ');
                }
                details.push_str(part);
            }
            Ok(CaseSearchText {
                case_id: row.get("id")?,
                reference: row.get("reference")?,
                title: row.get("title")?,
                details,
            })
        })
        .map_err(db)?;
    rows.collect::<Result<_, _>>().map_err(db)
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
            let assets: Vec<String> = record
                .assets
                .iter()
                .map(|l| format!("{} {}", l.asset.name, l.asset.identifier))
                .collect();
            expected.extend(assets);
            expected.extend(case.external_refs.iter().map(|r| r.key.clone()));
            assert_eq!(text.details, expected.join(" "), "{}", case.reference);
        }
    }

    #[test]
    fn a_case_without_people_assets_or_refs_has_empty_details() {
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
        assert_eq!(texts[0].details, "");
        assert_eq!(texts[0].title, record.case.title);
    }
}
