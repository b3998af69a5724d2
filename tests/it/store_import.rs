//! `Writer::insert_record`: a whole record written as new rows with its ids remapped.
#![allow(clippy::unwrap_used, clippy::panic)]

use crate::support::store::{asset, case, entry, every_field, evidence};
use nhitrace::domain::{CaseRecord, EntryFields, EntryKind, LinkedAsset, Relation};
use nhitrace::store::{OpenMode, Store, StoreError};

/// A record as an import would carry it: ids from another store.
fn foreign_record(reference: &str) -> (CaseRecord, Vec<Vec<u8>>) {
    let mut key = asset("AKIAEXAMPLE7Q2");
    key.id = 7;
    let mut account = asset("svc-deploy");
    account.id = 8;
    let mut change = entry(500, EntryKind::ChangeApplied, 2, 9);
    change.id = 101;
    change.asset_id = Some(7);
    // The approval comes first in the list but covers the change listed after it.
    let mut approval = entry(500, EntryKind::ApprovalGranted, 1, 15);
    approval.id = 100;
    approval.fields = every_field(Some(101));
    let mut note = entry(500, EntryKind::Note, 3, 1);
    note.id = 102;
    let mut log = evidence(500, Some(101), Some(7));
    log.id = 900;
    log.sha256 = "stale".to_string();
    let chat = evidence(500, Some(102), None);
    let record = CaseRecord {
        case: {
            let mut case = case(reference);
            case.id = 500;
            case
        },
        assets: vec![
            LinkedAsset {
                asset: key,
                relation: Relation::Affected,
            },
            LinkedAsset {
                asset: account,
                relation: Relation::Related,
            },
        ],
        entries: vec![approval, change, note],
        evidence: vec![log, chat],
        tampered_evidence: Vec::new(),
    };
    (record, vec![b"rotated at 09:40".to_vec(), b"chat".to_vec()])
}

#[test]
fn insert_record_remaps_covers_evidence_and_assets() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), OpenMode::CreateNew).unwrap();
    // The key already exists in the store from an earlier case: it must be reused.
    let existing_key = store
        .write(|w| {
            w.insert_case(&mut case("NHI-0001"))?;
            w.insert_asset(&mut asset("AKIAEXAMPLE7Q2"))
        })
        .unwrap();
    let (record, bytes) = foreign_record("NHI-0002");
    let id = store.write(|w| w.insert_record(&record, &bytes)).unwrap();
    let (second, _) = foreign_record("NHI-0003");
    let id_again = store.write(|w| w.insert_record(&second, &bytes)).unwrap();

    let stored = store.case_record(id).unwrap();
    assert_eq!(stored.case.reference, "NHI-0002");
    assert_eq!(stored.case.external_refs, record.case.external_refs);
    let key = &stored.assets[0];
    assert_eq!(
        (key.asset.id, key.relation),
        (existing_key, Relation::Affected)
    );
    let account = &stored.assets[1];
    assert_eq!(account.asset.identifier, "svc-deploy");
    assert_eq!(account.relation, Relation::Related);

    let [approval, change, note] = &stored.entries[..] else {
        panic!("expected three entries, got {:?}", stored.entries)
    };
    assert_eq!(approval.kind, EntryKind::ApprovalGranted);
    assert_eq!(change.kind, EntryKind::ChangeApplied);
    assert_eq!(approval.fields.covers, Some(change.id));
    assert_eq!(
        EntryFields {
            covers: None,
            ..approval.fields.clone()
        },
        EntryFields {
            covers: None,
            ..every_field(None)
        }
    );
    assert_eq!(change.asset_id, Some(existing_key));
    assert!(stored.entries.iter().all(|e| e.case_id == id));

    let [log, chat] = &stored.evidence[..] else {
        panic!("expected two evidence items, got {:?}", stored.evidence)
    };
    assert_eq!(log.entry_id, Some(change.id));
    assert_eq!(log.asset_id, Some(existing_key));
    assert_eq!(chat.entry_id, Some(note.id));
    assert_ne!(log.sha256, "stale");
    assert_eq!(log.size, bytes[0].len() as u64);
    assert_eq!(store.evidence_bytes(log.id).unwrap(), bytes[0]);
    assert_eq!(store.evidence_bytes(chat.id).unwrap(), bytes[1]);

    // The second import links the same two assets: one row each, shared by both cases.
    let again = store.case_record(id_again).unwrap();
    let ids = |r: &CaseRecord| r.assets.iter().map(|a| a.asset.id).collect::<Vec<_>>();
    assert_eq!(ids(&again), ids(&stored));
    assert_ne!(again.entries[1].id, change.id);
    assert_eq!(again.entries[0].fields.covers, Some(again.entries[1].id));
}

#[test]
fn insert_record_refuses_dangling_references_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), OpenMode::CreateNew).unwrap();
    let (mut record, bytes) = foreign_record("NHI-0002");
    record.entries[0].fields.covers = Some(4_242);
    let err = store
        .write(|w| w.insert_record(&record, &bytes))
        .unwrap_err();
    assert!(err.to_string().contains("covers #4242"), "{err}");

    let (mut record, bytes) = foreign_record("NHI-0002");
    record.evidence[0].asset_id = Some(31);
    let err = store
        .write(|w| w.insert_record(&record, &bytes))
        .unwrap_err();
    assert!(err.to_string().contains("asset #31"), "{err}");

    let (record, _) = foreign_record("NHI-0002");
    let err = store.write(|w| w.insert_record(&record, &[])).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)));

    assert!(store.all_records().unwrap().is_empty());
}
