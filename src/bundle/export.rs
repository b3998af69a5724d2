//! Reading cases out of a store into a [`Bundle`], with ids made local to each case.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use super::document::manifest_case;
use super::{Bundle, BundleError, BundledCase, Manifest};
use crate::domain::{AssetId, CaseRecord, EntryId};
use crate::store::Store;

/// Export the cases with these references (all cases when `refs` is empty), in
/// reference order, each once. `created_at` is written to the manifest as given so
/// the same store exported twice with the same time gives the same document.
pub fn export(
    store: &Store,
    refs: &[String],
    created_at: DateTime<Utc>,
) -> Result<Bundle, BundleError> {
    let records = if refs.is_empty() {
        store.all_records()?
    } else {
        let wanted: BTreeSet<&String> = refs.iter().collect();
        let mut records = Vec::with_capacity(wanted.len());
        for reference in wanted {
            let id = store
                .case_id_by_ref(reference)?
                .ok_or_else(|| BundleError::NoSuchCase(reference.clone()))?;
            records.push(store.case_record(id)?);
        }
        records
    };
    let cases = records
        .iter()
        .map(|record| bundled_case(store, record))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Bundle {
        manifest: Manifest {
            created_at,
            created_by: crate::os_user::os_user(),
            nhitrace_version: env!("CARGO_PKG_VERSION").to_string(),
            cases: cases.iter().map(manifest_case).collect(),
        },
        cases,
    })
}

/// One stored case with its evidence bytes, ids made local (see module docs).
pub(crate) fn bundled_case(store: &Store, record: &CaseRecord) -> Result<BundledCase, BundleError> {
    let evidence_bytes = record
        .evidence
        .iter()
        .map(|e| store.evidence_bytes(e.id))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(BundledCase {
        record: localise(record)?,
        evidence_bytes,
    })
}

/// Renumber a record's assets, entries and evidence 1.. in record order and clear
/// its store ids, so the record no longer depends on the store it came from.
fn localise(record: &CaseRecord) -> Result<CaseRecord, BundleError> {
    let reference = &record.case.reference;
    let assets: HashMap<AssetId, AssetId> = local_ids(record.assets.iter().map(|l| l.asset.id));
    let entries: HashMap<EntryId, EntryId> = local_ids(record.entries.iter().map(|e| e.id));
    let asset = |old: Option<AssetId>, what: String| -> Result<Option<AssetId>, BundleError> {
        old.map(|old| {
            assets
                .get(&old)
                .copied()
                .ok_or_else(|| BundleError::Unexportable {
                    reference: reference.clone(),
                    reason: format!(
                        "{what} refers to asset #{old}, which is not linked to the case"
                    ),
                })
        })
        .transpose()
    };
    let entry = |old: Option<EntryId>, what: String| -> Result<Option<EntryId>, BundleError> {
        old.map(|old| {
            entries
                .get(&old)
                .copied()
                .ok_or_else(|| BundleError::Unexportable {
                    reference: reference.clone(),
                    reason: format!("{what} refers to entry #{old}, which is not in the case"),
                })
        })
        .transpose()
    };

    let mut local = record.clone();
    local.case.id = 0;
    local.tampered_evidence.clear();
    for (i, linked) in local.assets.iter_mut().enumerate() {
        linked.asset.id = i as AssetId + 1;
    }
    for (i, e) in local.entries.iter_mut().enumerate() {
        let what = format!("entry #{} ({})", e.id, e.summary);
        e.id = i as EntryId + 1;
        e.case_id = 0;
        e.asset_id = asset(e.asset_id, what.clone())?;
        e.fields.covers = entry(e.fields.covers, what)?;
    }
    for (i, e) in local.evidence.iter_mut().enumerate() {
        let what = format!("evidence #{} ({})", e.id, e.title);
        e.id = i as i64 + 1;
        e.case_id = 0;
        e.asset_id = asset(e.asset_id, what.clone())?;
        e.entry_id = entry(e.entry_id, what)?;
    }
    Ok(local)
}

fn local_ids(ids: impl Iterator<Item = i64>) -> HashMap<i64, i64> {
    ids.enumerate().map(|(i, id)| (id, i as i64 + 1)).collect()
}
