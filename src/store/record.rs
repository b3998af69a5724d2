//! Writing a whole case record as new rows, with its internal ids remapped.
//! This is how demo data and bundle imports enter a store.

use std::collections::HashMap;

use super::{StoreError, Writer};
use crate::domain::{AssetId, CaseId, CaseRecord, EntryId, TimelineEntry};

pub(crate) fn insert_record(
    writer: &mut Writer<'_>,
    record: &CaseRecord,
    evidence_bytes: &[Vec<u8>],
) -> Result<CaseId, StoreError> {
    if evidence_bytes.len() != record.evidence.len() {
        return Err(StoreError::Invalid(format!(
            "case {} has {} evidence items but {} byte buffers were given",
            record.case.reference,
            record.evidence.len(),
            evidence_bytes.len()
        )));
    }
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
    let remap_asset = |old: Option<AssetId>| -> Result<Option<AssetId>, StoreError> {
        old.map(|old| {
            assets.get(&old).copied().ok_or_else(|| {
                StoreError::Invalid(format!(
                    "case {} refers to asset #{old}, which is not linked in the record",
                    record.case.reference
                ))
            })
        })
        .transpose()
    };

    // An approval is inserted after the change it covers, so `covers` can be
    // remapped without rewriting a row that is already written.
    let mut entries: HashMap<EntryId, EntryId> = HashMap::new();
    let mut pending: Vec<&TimelineEntry> = record.entries.iter().collect();
    while !pending.is_empty() {
        let mut deferred = Vec::new();
        for original in &pending {
            let covers = match original.fields.covers {
                Some(old) => match entries.get(&old) {
                    Some(new) => Some(*new),
                    None => {
                        deferred.push(*original);
                        continue;
                    }
                },
                None => None,
            };
            let mut entry = (*original).clone();
            entry.id = 0;
            entry.case_id = case_id;
            entry.asset_id = remap_asset(original.asset_id)?;
            entry.fields.covers = covers;
            let new = writer.insert_entry(&mut entry)?;
            entries.insert(original.id, new);
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

    for (original, bytes) in record.evidence.iter().zip(evidence_bytes) {
        let mut evidence = original.clone();
        evidence.id = 0;
        evidence.case_id = case_id;
        evidence.asset_id = remap_asset(original.asset_id)?;
        evidence.entry_id = original
            .entry_id
            .map(|old| {
                entries.get(&old).copied().ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "case {}: evidence {:?} proves entry #{old}, which is not in the record",
                        record.case.reference, original.title
                    ))
                })
            })
            .transpose()?;
        writer.insert_evidence(&mut evidence, bytes)?;
    }
    Ok(case_id)
}
