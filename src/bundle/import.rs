//! Writing a bundle into a store: all cases in one transaction, or nothing.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde_json::{Value, json};

use super::document::case_value;
use super::export::bundled_case;
use super::{Bundle, BundleError, BundledCase};
use crate::domain::{Asset, CaseRecord};
use crate::store::{Store, StoreError};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// References of the cases written, in bundle order.
    pub imported: Vec<String>,
    /// References already in the store with identical content, left as they were.
    pub already_present: Vec<String>,
    /// Assets (`provider/identifier`) the store already held with different
    /// attributes; the store's version was kept and linked.
    pub assets_kept: Vec<String>,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "imported {} {}, {} already present",
            self.imported.len(),
            if self.imported.len() == 1 {
                "case"
            } else {
                "cases"
            },
            self.already_present.len()
        )?;
        if !self.assets_kept.is_empty() {
            write!(
                f,
                "; kept the store's version of {} {}: {}",
                self.assets_kept.len(),
                if self.assets_kept.len() == 1 {
                    "asset"
                } else {
                    "assets"
                },
                self.assets_kept.join(", ")
            )?;
        }
        Ok(())
    }
}

/// Validate a bundle document ([`parse_and_validate`](super::parse_and_validate))
/// and import it: what `nhitrace import FILE` does. A document that fails
/// validation writes nothing.
pub fn import_document(store: &mut Store, bytes: &[u8]) -> Result<ImportSummary, BundleError> {
    let bundle = super::parse_and_validate(bytes)?;
    import(store, &bundle)
}

/// Import every case of `bundle` into `store` in one transaction.
///
/// A case whose reference is already stored with the same content is skipped
/// (`already_present`); with different content the import fails with
/// [`BundleError::Conflict`] and nothing is written. "Same content" compares the
/// case, links (relation and asset provider + identifier), entries, evidence
/// metadata and bytes; asset attributes are not compared, because an asset is
/// shared across cases and may have changed since (those are listed in
/// `assets_kept` when a new case links them).
pub fn import(store: &mut Store, bundle: &Bundle) -> Result<ImportSummary, BundleError> {
    import_at(store, bundle, chrono::Utc::now())
}

/// [`import`] with the audit rows of the import dated `now`.
pub fn import_at(
    store: &mut Store,
    bundle: &Bundle,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ImportSummary, BundleError> {
    if store.is_read_only() {
        return Err(StoreError::ReadOnly.into());
    }
    let mut summary = ImportSummary::default();
    let mut new_cases: Vec<&BundledCase> = Vec::new();
    for case in &bundle.cases {
        let reference = &case.record.case.reference;
        match store.case_id_by_ref(reference)? {
            None => new_cases.push(case),
            Some(id) => {
                let same = match bundled_case(store, &store.case_record(id)?) {
                    Ok(existing) => comparable(&existing) == comparable(case),
                    Err(BundleError::Unexportable { .. }) => false,
                    Err(err) => return Err(err),
                };
                if !same {
                    return Err(BundleError::Conflict {
                        reference: reference.clone(),
                    });
                }
                summary.already_present.push(reference.clone());
            }
        }
    }
    summary.assets_kept = assets_kept(store, &new_cases)?;
    store.write_at(now, |w| {
        for case in &new_cases {
            w.insert_record(&in_insertion_order(&case.record), &case.evidence_bytes)?;
        }
        Ok(())
    })?;
    summary.imported = new_cases
        .iter()
        .map(|c| c.record.case.reference.clone())
        .collect();
    Ok(summary)
}

/// The record with its entries reordered so that the store, which numbers rows in
/// insertion order and lists entries by (`occurred_at`, id), lists them back in the
/// bundle's order: an entry is inserted after the one it covers and after the
/// entries listed before it at the same time. Among the entries ready to insert,
/// the one listed first goes first. Should no entry be ready (only possible for a
/// record that did not pass validation), the rest keep their order.
fn in_insertion_order(record: &CaseRecord) -> CaseRecord {
    let entries = &record.entries;
    let position: HashMap<i64, usize> =
        entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let must_follow = |i: usize| -> Vec<usize> {
        let mut before: Vec<usize> = entries[..i]
            .iter()
            .rposition(|e| e.occurred_at == entries[i].occurred_at)
            .into_iter()
            .collect();
        before.extend(
            entries[i]
                .fields
                .covers
                .and_then(|c| position.get(&c).copied()),
        );
        before
    };
    let mut inserted = vec![false; entries.len()];
    let mut order = Vec::with_capacity(entries.len());
    while order.len() < entries.len() {
        let ready = (0..entries.len())
            .find(|&i| !inserted[i] && must_follow(i).iter().all(|&b| inserted[b]))
            .or_else(|| (0..entries.len()).find(|&i| !inserted[i]));
        let Some(i) = ready else { break };
        inserted[i] = true;
        order.push(entries[i].clone());
    }
    CaseRecord {
        entries: order,
        ..record.clone()
    }
}

/// A case's document with each linked asset reduced to its identity.
fn comparable(case: &BundledCase) -> Value {
    let mut value = case_value(case);
    if let Some(Value::Array(assets)) = value.get_mut("assets") {
        for (linked, original) in assets.iter_mut().zip(&case.record.assets) {
            if let Some(asset) = linked.get_mut("asset") {
                *asset = json!({
                    "id": original.asset.id,
                    "provider": original.asset.provider,
                    "identifier": original.asset.identifier,
                });
            }
        }
    }
    value
}

/// Assets of the new cases that the store already links to some case with
/// different attributes, as `provider/identifier`, sorted.
fn assets_kept(store: &Store, new_cases: &[&BundledCase]) -> Result<Vec<String>, BundleError> {
    let incoming: Vec<&Asset> = new_cases
        .iter()
        .flat_map(|c| c.record.assets.iter().map(|l| &l.asset))
        .collect();
    if incoming.is_empty() {
        return Ok(Vec::new());
    }
    let mut stored: HashMap<(String, String), Asset> = HashMap::new();
    for record in store.all_records()? {
        for linked in record.assets {
            let key = (
                linked.asset.provider.clone(),
                linked.asset.identifier.clone(),
            );
            stored.insert(key, linked.asset);
        }
    }
    let mut kept = BTreeSet::new();
    for asset in incoming {
        let key = (asset.provider.clone(), asset.identifier.clone());
        if let Some(existing) = stored.get(&key) {
            let mut theirs = asset.clone();
            theirs.id = existing.id;
            if theirs != *existing {
                kept.insert(format!("{}/{}", asset.provider, asset.identifier));
            }
        }
    }
    Ok(kept.into_iter().collect())
}
