//! The demo dataset: realistic cases compiled in from `assets/demo.json`, turned
//! into domain records with locally assigned ids so the rules can run on them
//! without a store, and written to a store in one transaction.
//!
//! Ids are assigned in file order: assets 1.. (shared by every case that links
//! them, as in a store), cases 1.., entries and evidence 1.. across all cases.
//! Each case's entries are ordered by `occurred_at`, then id, as a store returns them.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::domain::{
    AssetId, CaseRecord, EntryFields, EntryId, Evidence, LinkedAsset, TimelineEntry,
};
use crate::store::{Store, StoreError};

mod file;

use file::{DemoCaseFile, DemoFile, EntryFile, EvidenceFile};

const DEMO_JSON: &str = include_str!("../../assets/demo.json");

/// Why the compiled-in demo could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo data is not valid: {0}")]
    Json(#[from] serde_json::Error),
    #[error("demo case {case}: unknown asset key `{key}`")]
    UnknownAsset { case: String, key: String },
    #[error("demo case {case}: unknown entry key `{key}`")]
    UnknownEntry { case: String, key: String },
    #[error("demo case {case}: entry key `{key}` used twice")]
    DuplicateEntry { case: String, key: String },
}

/// One demo case: its record, the bytes of each evidence item (same order as
/// `record.evidence`), and the local key of each entry id.
#[derive(Debug, Clone)]
pub struct DemoCase {
    pub record: CaseRecord,
    pub evidence_bytes: Vec<Vec<u8>>,
    pub entry_keys: HashMap<EntryId, String>,
}

/// A case record with the bytes of each of its evidence items, in order.
pub type RecordWithBytes = (CaseRecord, Vec<Vec<u8>>);

/// Every demo case as a record with the bytes of its evidence.
pub fn records() -> Result<Vec<RecordWithBytes>, DemoError> {
    Ok(cases()?
        .into_iter()
        .map(|c| (c.record, c.evidence_bytes))
        .collect())
}

/// Every demo case with the local keys of its entries, in file order.
pub fn cases() -> Result<Vec<DemoCase>, DemoError> {
    parse(DEMO_JSON)
}

/// Demo cases from a document shaped like `assets/demo.json`.
fn parse(json: &str) -> Result<Vec<DemoCase>, DemoError> {
    let file: DemoFile = serde_json::from_str(json)?;
    let mut assets = HashMap::new();
    for (i, keyed) in file.assets.into_iter().enumerate() {
        let mut asset = keyed.asset;
        asset.id = i as AssetId + 1;
        assets.insert(keyed.key, asset);
    }
    let mut ids = Ids::default();
    file.cases
        .into_iter()
        .map(|c| build_case(c, &assets, &mut ids))
        .collect()
}

/// Write every demo case into `store` in one transaction.
pub fn write_to(store: &mut Store) -> Result<(), StoreError> {
    let records = records().map_err(|e| StoreError::Invalid(e.to_string()))?;
    store.write(|w| {
        for (record, bytes) in &records {
            w.insert_record(record, bytes)?;
        }
        Ok(())
    })
}

#[derive(Default)]
struct Ids {
    case: i64,
    entry: i64,
    evidence: i64,
}

fn next(counter: &mut i64) -> i64 {
    *counter += 1;
    *counter
}

fn build_case(
    file: DemoCaseFile,
    assets: &HashMap<String, crate::domain::Asset>,
    ids: &mut Ids,
) -> Result<DemoCase, DemoError> {
    let mut case = file.case;
    case.id = next(&mut ids.case);
    let reference = case.reference.clone();
    let asset_id = |key: &str| {
        assets
            .get(key)
            .map(|a| a.id)
            .ok_or_else(|| DemoError::UnknownAsset {
                case: reference.clone(),
                key: key.to_string(),
            })
    };
    let linked = file
        .assets
        .iter()
        .map(|link| {
            let asset =
                assets
                    .get(&link.asset)
                    .cloned()
                    .ok_or_else(|| DemoError::UnknownAsset {
                        case: reference.clone(),
                        key: link.asset.clone(),
                    })?;
            Ok(LinkedAsset {
                asset,
                relation: link.relation,
            })
        })
        .collect::<Result<Vec<_>, DemoError>>()?;

    let mut entry_ids: HashMap<String, EntryId> = HashMap::new();
    for e in &file.entries {
        if entry_ids
            .insert(e.key.clone(), next(&mut ids.entry))
            .is_some()
        {
            return Err(DemoError::DuplicateEntry {
                case: reference.clone(),
                key: e.key.clone(),
            });
        }
    }
    let entry_id = |key: &str| {
        entry_ids
            .get(key)
            .copied()
            .ok_or_else(|| DemoError::UnknownEntry {
                case: reference.clone(),
                key: key.to_string(),
            })
    };

    let mut entries = file
        .entries
        .into_iter()
        .map(|e| build_entry(e, case.id, &entry_id, &asset_id))
        .collect::<Result<Vec<_>, DemoError>>()?;
    entries.sort_by_key(|e| (e.occurred_at, e.id));

    let mut evidence = Vec::new();
    let mut evidence_bytes = Vec::new();
    for ev in file.evidence {
        let (item, bytes) =
            build_evidence(ev, case.id, next(&mut ids.evidence), &entry_id, &asset_id)?;
        evidence.push(item);
        evidence_bytes.push(bytes);
    }

    let entry_keys = entry_ids.into_iter().map(|(k, id)| (id, k)).collect();
    Ok(DemoCase {
        record: CaseRecord {
            case,
            assets: linked,
            entries,
            evidence,
            tampered_evidence: Vec::new(),
        },
        evidence_bytes,
        entry_keys,
    })
}

fn build_entry(
    e: EntryFile,
    case_id: i64,
    entry_id: &impl Fn(&str) -> Result<EntryId, DemoError>,
    asset_id: &impl Fn(&str) -> Result<AssetId, DemoError>,
) -> Result<TimelineEntry, DemoError> {
    Ok(TimelineEntry {
        id: entry_id(&e.key)?,
        case_id,
        occurred_at: e.at,
        recorded_at: e.recorded_at.unwrap_or(e.at),
        recorded_by: e.recorded_by.unwrap_or_else(|| e.actor.clone()),
        kind: e.kind,
        actor: e.actor,
        channel: e.channel,
        summary: e.summary,
        details: e.details,
        asset_id: e.asset.as_deref().map(asset_id).transpose()?,
        external_ref: e.external_ref,
        fields: EntryFields {
            approver: e.approver,
            covers: e.covers.as_deref().map(entry_id).transpose()?,
            justification: e.justification,
            expires_at: e.expires_at,
            compensating_controls: e.compensating_controls,
            recipients: e.recipients,
            method: e.method,
            result: e.result,
        },
    })
}

fn build_evidence(
    ev: EvidenceFile,
    case_id: i64,
    id: i64,
    entry_id: &impl Fn(&str) -> Result<EntryId, DemoError>,
    asset_id: &impl Fn(&str) -> Result<AssetId, DemoError>,
) -> Result<(Evidence, Vec<u8>), DemoError> {
    let bytes = ev.text.into_bytes();
    let sha256 = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let item = Evidence {
        id,
        case_id,
        entry_id: ev.entry.as_deref().map(entry_id).transpose()?,
        asset_id: ev.asset.as_deref().map(asset_id).transpose()?,
        kind: ev.kind,
        title: ev.title,
        media_type: ev.media_type,
        size: bytes.len() as u64,
        sha256,
        source: ev.source,
        collected_by: ev.collected_by,
        collected_at: ev.collected_at,
    };
    Ok((item, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASE: &str = r#"{"reference": "NHI-T-1", "title": "t", "category": "other",
        "severity": "low", "status": "open", "opened_at": "2026-10-01T00:00:00Z""#;

    fn doc(case_rest: &str) -> String {
        format!(
            r#"{{"assets": [{{"key": "k", "kind": "role", "name": "r", "identifier": "arn:r",
            "provider": "aws", "status": "active"}}], "cases": [{CASE}, {case_rest}}}]}}"#
        )
    }

    #[test]
    fn keys_are_resolved_to_local_ids() {
        let json = doc(r#""assets": [{"asset": "k", "relation": "affected"}],
            "entries": [
              {"key": "a", "at": "2026-10-02T00:00:00Z", "kind": "approval_granted", "actor": "x",
               "summary": "ok", "approver": "x", "covers": "c"},
              {"key": "c", "at": "2026-10-01T00:00:00Z", "kind": "change_applied", "actor": "y",
               "summary": "do", "asset": "k"}],
            "evidence": [{"entry": "c", "kind": "other", "title": "t", "media_type": "text/plain",
               "collected_by": "x", "collected_at": "2026-10-02T00:00:00Z", "text": "abc"}]"#);
        let cases = parse(&json).unwrap();
        let r = &cases[0].record;
        assert_eq!(
            r.entries.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![2, 1]
        );
        assert_eq!(r.entries[1].fields.covers, Some(2));
        assert_eq!(r.entries[0].asset_id, Some(1));
        assert_eq!(r.evidence[0].entry_id, Some(2));
        assert_eq!(
            r.evidence[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(cases[0].evidence_bytes, vec![b"abc".to_vec()]);
    }

    #[test]
    fn unknown_keys_are_named() {
        let json = doc(
            r#""assets": [], "entries": [{"key": "a", "at": "2026-10-02T00:00:00Z",
            "kind": "approval_granted", "actor": "x", "summary": "ok", "covers": "nope"}],
            "evidence": []"#,
        );
        let err = parse(&json).unwrap_err().to_string();
        assert_eq!(err, "demo case NHI-T-1: unknown entry key `nope`");
        let json = doc(
            r#""assets": [{"asset": "gone", "relation": "affected"}], "entries": [],
            "evidence": []"#,
        );
        let err = parse(&json).unwrap_err().to_string();
        assert_eq!(err, "demo case NHI-T-1: unknown asset key `gone`");
    }
}
