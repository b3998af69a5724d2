//! Writing a whole case record as new rows, with its internal ids remapped.
//! This is how demo data and bundle imports enter a store. The checks and the
//! order of the entries are shared with [`super::bulk_record`], which writes many
//! records at once and must write exactly the same rows.

use std::collections::{HashMap, HashSet};

use super::{StoreError, Writer};
use crate::domain::{AssetId, CaseId, CaseRecord, EntryId, Evidence, TimelineEntry};

pub(crate) fn insert_record(
    writer: &mut Writer<'_>,
    record: &CaseRecord,
    evidence_bytes: &[Vec<u8>],
) -> Result<CaseId, StoreError> {
    check_bytes(record, evidence_bytes)?;
    let mut case = record.case.clone();
    case.id = 0;
    let case_id = writer.insert_case(&mut case)?;

    let mut assets: HashMap<AssetId, AssetId> = HashMap::new();
    for linked in &record.assets {
        let existing =
            writer.asset_id_by_identifier(&linked.asset.provider, &linked.asset.identifier)?;
        let id = match existing {
            Some(id) => id,
            None => {
                let mut asset = linked.asset.clone();
                asset.id = 0;
                writer.insert_asset(&mut asset)?
            }
        };
        assets.insert(linked.asset.id, id);
        writer.link_asset(case_id, id, linked.relation)?;
    }
    let remap = |old: Option<AssetId>| remap_asset(record, &assets, old);

    let entries = copy_entries(record, case_id, &remap, |mut entry| {
        writer.insert_entry(&mut entry)
    })?;

    for (original, bytes) in record.evidence.iter().zip(evidence_bytes) {
        let mut evidence = original.clone();
        evidence.id = 0;
        evidence.case_id = case_id;
        evidence.asset_id = remap(original.asset_id)?;
        evidence.entry_id = remap_entry(record, original, &entries)?;
        writer.insert_evidence(&mut evidence, bytes)?;
    }
    Ok(case_id)
}

/// One byte buffer per evidence item.
pub(crate) fn check_bytes(
    record: &CaseRecord,
    evidence_bytes: &[Vec<u8>],
) -> Result<(), StoreError> {
    if evidence_bytes.len() != record.evidence.len() {
        return Err(StoreError::Invalid(format!(
            "case {} has {} evidence items but {} byte buffers were given",
            record.case.reference,
            record.evidence.len(),
            evidence_bytes.len()
        )));
    }
    Ok(())
}

/// The order the entries are inserted in: as given, except that an approval is
/// inserted after the change it covers, so `covers` can be remapped without
/// rewriting a row that is already written.
/// The record's entries inserted into case `case_id` by `insert`, in
/// [`entry_order`], each with its asset remapped and the change it covers pointed
/// at that change's new id; returns record id → stored id.
pub(crate) fn copy_entries(
    record: &CaseRecord,
    case_id: CaseId,
    remap_asset: &dyn Fn(Option<AssetId>) -> Result<Option<AssetId>, StoreError>,
    mut insert: impl FnMut(TimelineEntry) -> Result<EntryId, StoreError>,
) -> Result<HashMap<EntryId, EntryId>, StoreError> {
    let mut entries: HashMap<EntryId, EntryId> = HashMap::new();
    for original in entry_order(record)? {
        let mut entry = original.clone();
        entry.id = 0;
        entry.case_id = case_id;
        entry.asset_id = remap_asset(original.asset_id)?;
        entry.fields.covers = original
            .fields
            .covers
            .and_then(|old| entries.get(&old).copied());
        let new = insert(entry)?;
        entries.insert(original.id, new);
    }
    Ok(entries)
}

pub(crate) fn entry_order(record: &CaseRecord) -> Result<Vec<&TimelineEntry>, StoreError> {
    let mut order = Vec::with_capacity(record.entries.len());
    let mut placed: HashSet<EntryId> = HashSet::new();
    let mut pending: Vec<&TimelineEntry> = record.entries.iter().collect();
    while !pending.is_empty() {
        let mut deferred = Vec::new();
        for original in &pending {
            match original.fields.covers {
                Some(old) if !placed.contains(&old) => deferred.push(*original),
                _ => {
                    placed.insert(original.id);
                    order.push(*original);
                }
            }
        }
        if deferred.len() == pending.len() {
            let stuck = deferred[0];
            return Err(StoreError::Invalid(format!(
                "case {}: entry #{} covers #{}, which is not another entry of the record",
                record.case.reference,
                stuck.id,
                stuck.fields.covers.unwrap_or_default()
            )));
        }
        pending = deferred;
    }
    Ok(order)
}

/// The stored id of an asset the record refers to by its own id.
pub(crate) fn remap_asset(
    record: &CaseRecord,
    assets: &HashMap<AssetId, AssetId>,
    old: Option<AssetId>,
) -> Result<Option<AssetId>, StoreError> {
    old.map(|old| {
        assets.get(&old).copied().ok_or_else(|| {
            StoreError::Invalid(format!(
                "case {} refers to asset #{old}, which is not linked in the record",
                record.case.reference
            ))
        })
    })
    .transpose()
}

/// The stored id of the entry a piece of evidence proves.
pub(crate) fn remap_entry(
    record: &CaseRecord,
    evidence: &Evidence,
    entries: &HashMap<EntryId, EntryId>,
) -> Result<Option<EntryId>, StoreError> {
    evidence
        .entry_id
        .map(|old| {
            entries.get(&old).copied().ok_or_else(|| {
                StoreError::Invalid(format!(
                    "case {}: evidence {:?} proves entry #{old}, which is not in the record",
                    record.case.reference, evidence.title
                ))
            })
        })
        .transpose()
}
