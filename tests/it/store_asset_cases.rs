//! `Store::asset_cases` against a temp file holding the demo dataset.
#![allow(clippy::unwrap_used, clippy::panic)]

use nhitrace::domain::{CaseStatus, Relation};
use nhitrace::store::{AssetCase, OpenMode, Store};

fn demo_store(dir: &tempfile::TempDir) -> Store {
    let path = dir.path().join("nhitrace.db");
    let mut store = Store::open(&path, OpenMode::CreateNew).unwrap();
    nhitrace::demo::write_to(&mut store).unwrap();
    drop(store);
    Store::open(&path, OpenMode::ReadOnly).unwrap()
}

fn asset_id(store: &Store, name: &str) -> i64 {
    store
        .all_records()
        .unwrap()
        .iter()
        .flat_map(|r| r.assets.iter())
        .find(|a| a.asset.name == name)
        .map(|a| a.asset.id)
        .unwrap_or_else(|| panic!("no asset named {name}"))
}

#[test]
fn every_case_that_touched_svc_deploy_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let rows = store.asset_cases(asset_id(&store, "svc-deploy")).unwrap();
    let seen: Vec<(&str, Relation)> = rows
        .iter()
        .map(|r| (r.reference.as_str(), r.relation))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("NHI-2026-0031", Relation::Affected),
            ("NHI-2026-0032", Relation::Related),
            ("NHI-2026-0037", Relation::Affected),
            ("NHI-2026-0038", Relation::Affected),
        ]
    );
    let first = &rows[0];
    assert_eq!(
        first.opened_at.to_rfc3339(),
        "2026-09-02T07:48:00+00:00",
        "dates come back as stored"
    );
}

#[test]
fn the_read_agrees_with_the_records_for_every_asset() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let records = store.all_records().unwrap();
    let mut ids: Vec<i64> = records
        .iter()
        .flat_map(|r| r.assets.iter().map(|a| a.asset.id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert!(ids.len() > 10, "the demo links many assets");
    for id in ids {
        let mut expected: Vec<AssetCase> = records
            .iter()
            .filter_map(|r| AssetCase::from_record(r, id))
            .collect();
        expected.sort_by(|a, b| (a.opened_at, &a.reference).cmp(&(b.opened_at, &b.reference)));
        assert_eq!(store.asset_cases(id).unwrap(), expected, "asset #{id}");
    }
    let closed = records
        .iter()
        .find(|r| r.case.status == CaseStatus::Closed)
        .unwrap();
    let asset = closed.assets[0].asset.id;
    let row = store
        .asset_cases(asset)
        .unwrap()
        .into_iter()
        .find(|r| r.case_id == closed.case.id)
        .unwrap();
    assert!(
        row.closed_at.is_some(),
        "closed cases carry their close date"
    );
}

#[test]
fn an_asset_linked_to_nothing_has_no_cases() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    assert_eq!(store.asset_cases(9_999).unwrap(), Vec::new());
}
