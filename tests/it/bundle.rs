//! Case bundles: lossless round trip, idempotent re-import, conflicts, subsets.
#![allow(clippy::unwrap_used, clippy::panic)]

use crate::support::bundle::{
    created_at, demo_store, empty_store, export_all, fingerprint, references,
};
use nhitrace::bundle::{self, BundleError, canonical_sha256};
use nhitrace::domain::{AssetStatus, EntryFields, EntryKind};

#[test]
fn export_import_export_gives_the_identical_document() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_store(dir.path(), "source.db");
    let first = bundle::to_json(&export_all(&source));

    let mut target = empty_store(dir.path(), "target.db");
    let summary = bundle::import_document(&mut target, first.as_bytes()).unwrap();
    assert_eq!(summary.imported, references(&source));
    assert!(summary.already_present.is_empty());
    assert!(summary.assets_kept.is_empty());

    let second = bundle::to_json(&export_all(&target));
    assert_eq!(first, second);
    assert_eq!(references(&target).len(), 15);
}

#[test]
fn a_document_reads_back_into_the_bundle_it_was_written_from() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path(), "s.db");
    let exported = export_all(&store);
    let text = bundle::to_json(&exported);
    let read = bundle::parse_and_validate(text.as_bytes()).unwrap();
    assert_eq!(read, exported);
    assert_eq!(bundle::to_json(&read), text);
    // Evidence bytes travel with the case and match the store's.
    let evidence_count: usize = read.cases.iter().map(|c| c.evidence_bytes.len()).sum();
    assert!(evidence_count > 0);
}

#[test]
fn exporting_twice_is_byte_identical_and_only_created_at_differs() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path(), "s.db");
    let one = bundle::to_json(&export_all(&store));
    let two = bundle::to_json(&export_all(&store));
    assert_eq!(one, two);
    let later = created_at() + chrono::Duration::hours(1);
    let three = bundle::to_json(&bundle::export(&store, &[], later).unwrap());
    let differing: Vec<(&str, &str)> = one
        .lines()
        .zip(three.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        differing,
        vec![(
            r#"    "created_at": "2026-03-02T10:00:00Z","#,
            r#"    "created_at": "2026-03-02T11:00:00Z","#
        )]
    );
}

#[test]
fn the_manifest_hash_is_the_sha256_of_the_canonical_case_json() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path(), "s.db");
    let text = bundle::to_json(&export_all(&store));
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(document["format"], "nhitrace-bundle");
    assert_eq!(document["version"], 1);
    assert_eq!(document["manifest"]["case_count"], 15);
    for (i, case) in document["cases"].as_array().unwrap().iter().enumerate() {
        let listed = &document["manifest"]["cases"][i];
        assert_eq!(listed["reference"], case["case"]["reference"]);
        assert_eq!(listed["sha256"], canonical_sha256(case).as_str());
        let evidence = case["evidence"].as_array().unwrap();
        for (k, item) in evidence.iter().enumerate() {
            assert_eq!(listed["evidence_sha256"][k], item["sha256"]);
        }
    }
}

#[test]
fn importing_the_same_bundle_twice_adds_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_store(dir.path(), "source.db");
    let text = bundle::to_json(&export_all(&source));
    let mut target = empty_store(dir.path(), "target.db");
    bundle::import_document(&mut target, text.as_bytes()).unwrap();
    let before = fingerprint(&target);

    let again = bundle::import_document(&mut target, text.as_bytes()).unwrap();
    assert!(again.imported.is_empty());
    assert_eq!(again.already_present, references(&source));
    assert_eq!(again.to_string(), "imported 0 cases, 15 already present");
    assert_eq!(fingerprint(&target), before);
}

#[test]
fn a_bundle_overlapping_the_store_imports_only_the_new_cases() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_store(dir.path(), "source.db");
    let all = references(&source);
    let mut target = empty_store(dir.path(), "target.db");
    let one = bundle::export(&source, &all[3..4], created_at()).unwrap();
    assert_eq!(
        bundle::import(&mut target, &one).unwrap().imported,
        all[3..4]
    );

    let summary = bundle::import(&mut target, &export_all(&source)).unwrap();
    assert_eq!(summary.already_present, all[3..4]);
    assert_eq!(summary.imported.len(), all.len() - 1);
    assert_eq!(references(&target), all);
}

#[test]
fn a_reference_stored_with_different_content_fails_the_whole_import() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_store(dir.path(), "source.db");
    let all = references(&source);
    let mut target = empty_store(dir.path(), "target.db");
    let one = bundle::export(&source, &all[0..1], created_at()).unwrap();
    bundle::import(&mut target, &one).unwrap();
    let id = target.case_id_by_ref(&all[0]).unwrap().unwrap();
    let mut case = target.case_record(id).unwrap().case;
    case.title.push_str(" (edited here)");
    target.write(|w| w.update_case(&case)).unwrap();
    let before = fingerprint(&target);

    let err = bundle::import(&mut target, &export_all(&source)).unwrap_err();
    assert!(matches!(&err, BundleError::Conflict { reference } if *reference == all[0]));
    assert_eq!(
        err.to_string(),
        format!(
            "case {} already exists in the store with different content; nothing was imported",
            all[0]
        )
    );
    assert_eq!(fingerprint(&target), before);
}

#[test]
fn a_changed_shared_asset_is_kept_as_stored_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_store(dir.path(), "source.db");
    let mut bundle = export_all(&source);
    let asset = bundle.cases[0].record.assets[0].asset.clone();
    // The target already knows this asset, in another state, through another case.
    let mut target = empty_store(dir.path(), "target.db");
    let mut other = bundle.cases[0].clone();
    other.record.case.reference = "LOCAL-0001".to_string();
    other.record.assets.truncate(1);
    other.record.assets[0].asset.status = if asset.status == AssetStatus::Deleted {
        AssetStatus::Active
    } else {
        AssetStatus::Deleted
    };
    other.record.entries.clear();
    other.record.evidence.clear();
    other.evidence_bytes.clear();
    target
        .write(|w| w.insert_record(&other.record, &[]))
        .unwrap();
    bundle.cases.truncate(1);

    let summary = bundle::import(&mut target, &bundle).unwrap();
    assert_eq!(
        summary.assets_kept,
        vec![format!("{}/{}", asset.provider, asset.identifier)]
    );
    // Asset attributes are not case content: re-importing is still "already present".
    let again = bundle::import(&mut target, &bundle).unwrap();
    assert_eq!(again.already_present.len(), 1);
}

#[test]
fn export_of_chosen_references_is_in_reference_order_each_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path(), "s.db");
    let all = references(&store);
    let asked = vec![all[5].clone(), all[1].clone(), all[5].clone()];
    let bundle = bundle::export(&store, &asked, created_at()).unwrap();
    let got: Vec<&str> = bundle
        .cases
        .iter()
        .map(|c| c.record.case.reference.as_str())
        .collect();
    assert_eq!(got, vec![all[1].as_str(), all[5].as_str()]);
    assert_eq!(bundle.manifest.cases.len(), 2);

    let err = bundle::export(&store, &["NHI-NOPE".to_string()], created_at()).unwrap_err();
    assert_eq!(err.to_string(), "no case NHI-NOPE");
}

/// A case written entry by entry: a change at 10:00, its approval back-dated to
/// 09:00 and recorded after it, then a note at 09:00. The store lists the approval
/// (lower id) before the note; a naive import would insert the approval last.
fn back_dated_approval_store(dir: &std::path::Path) -> nhitrace::store::Store {
    let (template, _) = nhitrace::demo::records().unwrap().remove(0);
    let mut store = empty_store(dir, "source.db");
    let nine = template.case.opened_at + chrono::Duration::hours(9);
    let ten = nine + chrono::Duration::hours(1);
    store
        .write(|w| {
            let mut case = template.case.clone();
            let case_id = w.insert_case(&mut case)?;
            let entry = |kind, at, covers| {
                let mut e = template.entries[0].clone();
                e.id = 0;
                e.case_id = case_id;
                e.kind = kind;
                e.occurred_at = at;
                e.asset_id = None;
                e.external_ref = None;
                e.fields = EntryFields {
                    covers,
                    ..EntryFields::default()
                };
                e
            };
            let change = w.insert_entry(&mut entry(EntryKind::ChangeApplied, ten, None))?;
            w.insert_entry(&mut entry(EntryKind::ApprovalGranted, nine, Some(change)))?;
            w.insert_entry(&mut entry(EntryKind::Note, nine, None))?;
            Ok(())
        })
        .unwrap();
    store
}

#[test]
fn a_back_dated_approval_keeps_its_place_through_a_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let source = back_dated_approval_store(dir.path());
    let first = bundle::to_json(&export_all(&source));
    let kinds: Vec<EntryKind> = export_all(&source).cases[0]
        .record
        .entries
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![
            EntryKind::ApprovalGranted,
            EntryKind::Note,
            EntryKind::ChangeApplied
        ]
    );

    let mut target = empty_store(dir.path(), "target.db");
    bundle::import_document(&mut target, first.as_bytes()).unwrap();
    assert_eq!(bundle::to_json(&export_all(&target)), first);
    let again = bundle::import_document(&mut target, first.as_bytes()).unwrap();
    assert_eq!(again.already_present.len(), 1);
}

#[test]
fn a_case_whose_entry_names_an_unlinked_asset_cannot_be_exported() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path(), "s.db");
    let records = store.all_records().unwrap();
    let record = records
        .iter()
        .find(|r| r.entries.iter().any(|e| e.asset_id.is_some()))
        .unwrap();
    let asset = record.entries.iter().find_map(|e| e.asset_id).unwrap();
    store
        .write(|w| w.unlink_asset(record.case.id, asset))
        .unwrap();
    let err = bundle::export(&store, &[], created_at()).unwrap_err();
    assert!(
        matches!(&err, BundleError::Unexportable { reference, .. } if *reference == record.case.reference)
    );
    assert!(
        err.to_string().contains(&format!(
            "refers to asset #{asset}, which is not linked to the case"
        )),
        "{err}"
    );
}
