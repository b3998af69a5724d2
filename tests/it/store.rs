//! The store against real temp files: what is written is read back equal.
#![allow(clippy::unwrap_used, clippy::panic)]

use crate::support::store::{asset, at, case, entry, every_field, evidence};
use nhitrace::domain::{CaseRecord, EntryFields, EntryKind, ExternalRef, LinkedAsset, Relation};
use nhitrace::store::{OpenMode, Store, StoreError};

const ROTATION_LOG: &[u8] = b"abc";
const ROTATION_LOG_SHA256: &str =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

#[test]
fn every_entity_is_read_back_equal_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nhitrace.db");
    let mut store = Store::open(&path, OpenMode::CreateNew).unwrap();
    let expected = store
        .write(|w| {
            let mut case = case("NHI-2026-0042");
            w.insert_case(&mut case)?;
            let mut key = asset("AKIAEXAMPLE7Q2");
            w.insert_asset(&mut key)?;
            let mut account = asset("arn:aws:iam::1:user/svc-deploy");
            account.environment = None;
            account.owner = None;
            account.created_at = None;
            account.last_rotated_at = None;
            account.expires_at = None;
            account.consumers = Vec::new();
            w.insert_asset(&mut account)?;
            w.link_asset(case.id, key.id, Relation::Affected)?;
            w.link_asset(case.id, account.id, Relation::Related)?;

            let mut change = entry(case.id, EntryKind::Rotation, 2, 9);
            change.asset_id = Some(key.id);
            change.external_ref = Some(ExternalRef {
                system: "servicenow".to_string(),
                key: "CHG0042".to_string(),
                url: Some("https://sn.example/CHG0042".to_string()),
            });
            w.insert_entry(&mut change)?;
            // Earlier in time but written later: the timeline is ordered by occurred_at.
            let mut approval = entry(case.id, EntryKind::ApprovalGranted, 1, 15);
            approval.channel = None;
            approval.fields = every_field(Some(change.id));
            w.insert_entry(&mut approval)?;

            let mut log = evidence(case.id, Some(change.id), Some(key.id));
            w.insert_evidence(&mut log, ROTATION_LOG)?;
            let mut chat = evidence(case.id, None, None);
            chat.source = None;
            w.insert_evidence(&mut chat, b"")?;
            Ok(CaseRecord {
                case,
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
                entries: vec![approval, change],
                evidence: vec![log, chat],
                tampered_evidence: Vec::new(),
            })
        })
        .unwrap();
    drop(store);

    let store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    let id = store.case_id_by_ref("NHI-2026-0042").unwrap().unwrap();
    assert_eq!(id, expected.case.id);
    assert_eq!(store.case_record(id).unwrap(), expected);
    assert_eq!(store.all_records().unwrap(), vec![expected.clone()]);

    let log = &expected.evidence[0];
    assert_eq!(log.size, 3);
    assert_eq!(log.sha256, ROTATION_LOG_SHA256);
    assert_eq!(store.evidence_bytes(log.id).unwrap(), ROTATION_LOG);
    let empty = &expected.evidence[1];
    assert_eq!(
        (empty.size, store.evidence_bytes(empty.id).unwrap()),
        (0, Vec::new())
    );
    assert!(matches!(
        store.evidence_bytes(9_999),
        Err(StoreError::NoSuchEvidence(9_999))
    ));

    let summaries = store.case_summaries().unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].reference, "NHI-2026-0042");
    assert_eq!(summaries[0].last_activity, at(2, 9));
    assert!(matches!(
        store.case_record(9_999),
        Err(StoreError::NoSuchCase(_))
    ));
    assert_eq!(store.case_id_by_ref("NHI-0000").unwrap(), None);
}

#[test]
fn records_and_summaries_come_in_reference_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), OpenMode::CreateNew).unwrap();
    store
        .write(|w| {
            for reference in ["NHI-3", "NHI-1", "NHI-2"] {
                let mut case = case(reference);
                w.insert_case(&mut case)?;
            }
            let mut quiet = case("NHI-0");
            w.insert_case(&mut quiet)?;
            for day in [5, 4] {
                let mut later = entry(quiet.id, EntryKind::Note, day, 1);
                w.insert_entry(&mut later)?;
            }
            Ok(())
        })
        .unwrap();
    let references: Vec<String> = store
        .all_records()
        .unwrap()
        .into_iter()
        .map(|r| r.case.reference)
        .collect();
    assert_eq!(references, ["NHI-0", "NHI-1", "NHI-2", "NHI-3"]);
    let summaries = store.case_summaries().unwrap();
    let references: Vec<&str> = summaries.iter().map(|s| s.reference.as_str()).collect();
    assert_eq!(references, ["NHI-0", "NHI-1", "NHI-2", "NHI-3"]);
    assert_eq!(summaries[0].last_activity, at(5, 1));
    assert_eq!(summaries[1].last_activity, summaries[1].opened_at);
    let quiet = &store.all_records().unwrap()[0];
    let days: Vec<_> = quiet.entries.iter().map(|e| e.occurred_at).collect();
    assert_eq!(days, [at(4, 1), at(5, 1)]);
}

#[test]
fn the_list_reads_without_titles_and_the_titles_of_given_cases_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), OpenMode::CreateNew).unwrap();
    let ids = store
        .write(|w| {
            let mut ids = Vec::new();
            for (reference, title) in [("NHI-2", "Second"), ("NHI-1", "First ␟ \u{1b}[2J")] {
                let mut case = case(reference);
                case.title = title.into();
                w.insert_case(&mut case)?;
                ids.push(case.id);
            }
            Ok(ids)
        })
        .unwrap();
    let mut titled = Vec::new();
    store.for_each_case_summary(|c| titled.push(c)).unwrap();
    let mut untitled = Vec::new();
    store
        .for_each_untitled_summary(|c| untitled.push(c))
        .unwrap();
    assert_eq!(untitled.len(), 2);
    for (with, without) in titled.iter().zip(&untitled) {
        assert_eq!(without.title, "");
        assert_eq!(
            nhitrace::domain::CaseSummary {
                title: with.title.clone(),
                ..without.clone()
            },
            *with
        );
    }
    let mut titles = store.case_titles(&[ids[1], 9_999, ids[0]]).unwrap();
    titles.sort();
    assert_eq!(
        titles,
        [
            (ids[0], "Second".to_string()),
            (ids[1], "First ␟ \u{1b}[2J".to_string())
        ]
    );
    // Any number of ids (they are read 500 at a time).
    let mut many: Vec<i64> = (10_000..11_234).collect();
    many.extend(&ids);
    assert_eq!(store.case_titles(&many).unwrap().len(), 2);
    assert!(store.case_titles(&[]).unwrap().is_empty());
}

#[test]
fn a_failed_write_leaves_the_store_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), OpenMode::CreateNew).unwrap();
    let refused = store.write(|w| {
        let mut first = case("NHI-1");
        w.insert_case(&mut first)?;
        let mut key = asset("AKIA1");
        w.insert_asset(&mut key)?;
        Err::<(), _>(StoreError::Invalid("changed my mind".into()))
    });
    assert!(matches!(refused, Err(StoreError::Invalid(m)) if m == "changed my mind"));
    let duplicate = store.write(|w| {
        let mut first = case("NHI-2");
        w.insert_case(&mut first)?;
        let mut again = case("NHI-2");
        w.insert_case(&mut again)
    });
    assert!(matches!(duplicate, Err(StoreError::Invalid(m)) if m.contains("NHI-2 already exists")));
    assert!(store.all_records().unwrap().is_empty());
    // The next write starts a fresh transaction: nothing of the failed ones leaks in.
    store.write(|w| w.insert_case(&mut case("NHI-3"))).unwrap();
    let references: Vec<String> = store
        .all_records()
        .unwrap()
        .into_iter()
        .map(|r| r.case.reference)
        .collect();
    assert_eq!(references, ["NHI-3"]);
}

#[test]
fn writes_that_point_at_nothing_are_refused_in_domain_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), OpenMode::CreateNew).unwrap();
    let (one, two) = store
        .write(|w| {
            Ok((
                w.insert_case(&mut case("NHI-1"))?,
                w.insert_case(&mut case("NHI-2"))?,
            ))
        })
        .unwrap();
    let other_case_entry = store
        .write(|w| w.insert_entry(&mut entry(two, EntryKind::ChangeApplied, 1, 1)))
        .unwrap();
    let err = store
        .write(|w| w.link_asset(one, 77, Relation::Affected))
        .unwrap_err();
    assert_eq!(err.to_string(), "no asset #77");
    let err = store
        .write(|w| w.insert_entry(&mut entry(404, EntryKind::Note, 1, 1)))
        .unwrap_err();
    assert!(matches!(err, StoreError::NoSuchCase(_)));
    let mut approval = entry(one, EntryKind::ApprovalGranted, 1, 2);
    approval.fields = EntryFields {
        covers: Some(other_case_entry),
        ..EntryFields::default()
    };
    let err = store.write(|w| w.insert_entry(&mut approval)).unwrap_err();
    assert!(err.to_string().contains("is not an entry of case"), "{err}");
    let key = store
        .write(|w| w.insert_asset(&mut asset("AKIA1")))
        .unwrap();
    store
        .write(|w| w.link_asset(one, key, Relation::Affected))
        .unwrap();
    let err = store
        .write(|w| w.link_asset(one, key, Relation::Related))
        .unwrap_err();
    assert!(err.to_string().contains("already linked"), "{err}");
    let err = store
        .write(|w| w.insert_asset(&mut asset("AKIA1")))
        .unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
}
