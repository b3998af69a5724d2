//! Reading and checking a whole bundle document: nothing is imported from a
//! document that fails any check, and each failure names its JSON path.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::parse::{ParsedCase, case_doc};
use super::reader::{Obj, Read, describe};
use super::{Bundle, BundleError, BundledCase, FORMAT, Manifest, ManifestCase, VERSION};
use crate::domain::Asset;
use crate::integrity::{canonical_sha256, sha256_hex};

const ROOT: &[&str] = &["cases", "format", "manifest", "version"];
const MANIFEST: &[&str] = &[
    "case_count",
    "cases",
    "created_at",
    "created_by",
    "nhitrace_version",
];
const MANIFEST_CASE: &[&str] = &["evidence_sha256", "reference", "sha256"];

/// Parse a bundle document and check it completely: format and version, every
/// field's type and vocabulary, evidence bytes against their size and SHA-256,
/// references inside each case, and the manifest's counts and hashes.
pub fn parse_and_validate(bytes: &[u8]) -> Result<Bundle, BundleError> {
    let root: Value = serde_json::from_slice(bytes).map_err(|err| {
        let at = format!("line {}, column {}", err.line(), err.column());
        let reason = match err.classify() {
            serde_json::error::Category::Eof => format!("truncated or not JSON ({at})"),
            _ => format!("not JSON ({err})"),
        };
        BundleError::invalid("$", reason)
    })?;
    let Some(map) = root.as_object() else {
        return Err(BundleError::invalid(
            "$",
            format!("expected a bundle object, found {}", describe(&root)),
        ));
    };
    match map.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(BundleError::invalid(
                "$.format",
                format!("{other:?} is not {FORMAT:?}: not a nhitrace bundle"),
            ));
        }
        None => {
            return Err(BundleError::invalid(
                "$.format",
                "missing: not a nhitrace bundle",
            ));
        }
    }
    let root = Obj::new(&root, "$", ROOT)?;
    let version = root.unsigned("version")?;
    if version != VERSION {
        return Err(BundleError::invalid(
            "$.version",
            format!("unsupported bundle version {version} (this nhitrace reads {VERSION})"),
        ));
    }
    let (manifest, case_count) = manifest(&root.object("manifest", MANIFEST)?)?;

    let case_values = root.array("cases")?;
    let mut cases = Vec::with_capacity(case_values.len());
    for (i, value) in case_values.iter().enumerate() {
        let path = format!("$.cases[{i}]");
        let parsed = case_doc(value, &path)?;
        check_case(&parsed, &path)?;
        cases.push(parsed);
    }
    check_across_cases(&cases)?;
    check_manifest(&manifest, case_count, case_values, &cases)?;

    Ok(Bundle {
        manifest,
        cases: cases
            .into_iter()
            .map(|c| BundledCase {
                record: c.record,
                evidence_bytes: c.evidence_bytes,
            })
            .collect(),
    })
}

fn manifest(o: &Obj<'_>) -> Read<(Manifest, u64)> {
    let path = o.at("cases");
    let cases = o
        .array("cases")?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let c = Obj::new(v, format!("{path}[{i}]"), MANIFEST_CASE)?;
            Ok(ManifestCase {
                reference: c.string("reference")?,
                sha256: c.string("sha256")?,
                evidence_sha256: c.strings("evidence_sha256")?,
            })
        })
        .collect::<Read<Vec<_>>>()?;
    let manifest = Manifest {
        created_at: o.time("created_at")?,
        created_by: o.string("created_by")?,
        nhitrace_version: o.string("nhitrace_version")?,
        cases,
    };
    Ok((manifest, o.unsigned("case_count")?))
}

/// Ids unique, every reference pointing inside the case, approvals not covering
/// each other in a cycle, and evidence bytes matching their size and SHA-256.
fn check_case(case: &ParsedCase, path: &str) -> Read<()> {
    let record = &case.record;
    let mut assets = HashSet::new();
    let mut identities = HashSet::new();
    for (j, linked) in record.assets.iter().enumerate() {
        let at = format!("{path}.assets[{j}].asset");
        if !assets.insert(linked.asset.id) {
            return Err(used_twice(format!("{at}.id"), linked.asset.id));
        }
        if !identities.insert((&linked.asset.provider, &linked.asset.identifier)) {
            return Err(BundleError::invalid(
                at,
                format!("asset {} is linked twice", identity(&linked.asset)),
            ));
        }
    }
    let asset_ref = |id: Option<i64>, at: String| match id {
        Some(id) if !assets.contains(&id) => Err(BundleError::invalid(
            at,
            format!("asset {id} is not linked to this case"),
        )),
        _ => Ok(()),
    };
    let mut entries = HashMap::new();
    for (k, entry) in record.entries.iter().enumerate() {
        if entries.insert(entry.id, entry.fields.covers).is_some() {
            return Err(used_twice(format!("{path}.entries[{k}].id"), entry.id));
        }
    }
    for (k, entry) in record.entries.iter().enumerate() {
        let at = format!("{path}.entries[{k}]");
        if k > 0 && entry.occurred_at < record.entries[k - 1].occurred_at {
            return Err(BundleError::invalid(
                format!("{at}.occurred_at"),
                "earlier than the entry before it (entries are listed in timeline order)",
            ));
        }
        asset_ref(entry.asset_id, format!("{at}.asset_id"))?;
        if let Some(covers) = entry.fields.covers {
            let at = format!("{at}.fields.covers");
            if covers == entry.id || !entries.contains_key(&covers) {
                return Err(BundleError::invalid(
                    at,
                    format!("entry {covers} is not another entry of this case"),
                ));
            }
            let covered = record.entries.iter().position(|e| e.id == covers);
            if covered.is_some_and(|c| c > k && record.entries[c].occurred_at == entry.occurred_at)
            {
                return Err(BundleError::invalid(
                    at,
                    format!(
                        "entry {covers} happened at the same time and is listed after the entry covering it"
                    ),
                ));
            }
            if covers_cycle(&entries, entry.id) {
                return Err(BundleError::invalid(
                    at,
                    "entries cover each other in a cycle",
                ));
            }
        }
    }
    let mut evidence = HashSet::new();
    for (k, (item, bytes)) in record.evidence.iter().zip(&case.evidence_bytes).enumerate() {
        let at = format!("{path}.evidence[{k}]");
        if !evidence.insert(item.id) {
            return Err(used_twice(format!("{at}.id"), item.id));
        }
        asset_ref(item.asset_id, format!("{at}.asset_id"))?;
        if let Some(entry) = item.entry_id
            && !entries.contains_key(&entry)
        {
            return Err(BundleError::invalid(
                format!("{at}.entry_id"),
                format!("entry {entry} is not an entry of this case"),
            ));
        }
        if item.size != bytes.len() as u64 {
            return Err(BundleError::invalid(
                format!("{at}.size"),
                format!(
                    "says {} bytes but the content has {}",
                    item.size,
                    bytes.len()
                ),
            ));
        }
        if item.sha256 != sha256_hex(bytes) {
            return Err(BundleError::invalid(
                format!("{at}.sha256"),
                "does not match the bytes",
            ));
        }
    }
    Ok(())
}

/// Whether following `covers` from `start` comes back round to an entry already seen.
fn covers_cycle(covers: &HashMap<i64, Option<i64>>, start: i64) -> bool {
    let mut seen = HashSet::from([start]);
    let mut at = start;
    while let Some(Some(next)) = covers.get(&at) {
        if !seen.insert(*next) {
            return true;
        }
        at = *next;
    }
    false
}

/// References are unique, and an asset (provider + identifier) appearing in more
/// than one case is the same asset everywhere, as it would be in one store.
fn check_across_cases(cases: &[ParsedCase]) -> Read<()> {
    let mut references: HashMap<&str, usize> = HashMap::new();
    let mut assets: HashMap<(&str, &str), (String, Asset)> = HashMap::new();
    for (i, case) in cases.iter().enumerate() {
        let reference = case.record.case.reference.as_str();
        if let Some(first) = references.insert(reference, i) {
            return Err(BundleError::invalid(
                format!("$.cases[{i}].case.reference"),
                format!("{reference} is also the reference of $.cases[{first}]"),
            ));
        }
        for (j, linked) in case.record.assets.iter().enumerate() {
            let at = format!("$.cases[{i}].assets[{j}].asset");
            let mut asset = linked.asset.clone();
            asset.id = 0;
            let key = (
                linked.asset.provider.as_str(),
                linked.asset.identifier.as_str(),
            );
            match assets.get(&key) {
                Some((first, seen)) if *seen != asset => {
                    return Err(BundleError::invalid(
                        at,
                        format!(
                            "asset {} differs from the same asset at {first}",
                            identity(&asset)
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    assets.insert(key, (at, asset));
                }
            }
        }
    }
    Ok(())
}

fn check_manifest(
    manifest: &Manifest,
    case_count: u64,
    case_values: &[Value],
    cases: &[ParsedCase],
) -> Read<()> {
    if case_count != cases.len() as u64 {
        return Err(BundleError::invalid(
            "$.manifest.case_count",
            format!(
                "says {case_count} but the bundle holds {} cases",
                cases.len()
            ),
        ));
    }
    if manifest.cases.len() != cases.len() {
        return Err(BundleError::invalid(
            "$.manifest.cases",
            format!(
                "lists {} cases but the bundle holds {}",
                manifest.cases.len(),
                cases.len()
            ),
        ));
    }
    for (i, ((listed, value), case)) in manifest
        .cases
        .iter()
        .zip(case_values)
        .zip(cases)
        .enumerate()
    {
        let at = format!("$.manifest.cases[{i}]");
        let reference = &case.record.case.reference;
        if listed.reference != *reference {
            return Err(BundleError::invalid(
                format!("{at}.reference"),
                format!(
                    "{:?} does not match $.cases[{i}] ({reference:?})",
                    listed.reference
                ),
            ));
        }
        if listed.sha256 != canonical_sha256(value) {
            return Err(BundleError::invalid(
                format!("{at}.sha256"),
                format!("does not match the canonical JSON of $.cases[{i}]"),
            ));
        }
        let evidence = &case.record.evidence;
        if listed.evidence_sha256.len() != evidence.len() {
            return Err(BundleError::invalid(
                format!("{at}.evidence_sha256"),
                format!(
                    "lists {} hashes but $.cases[{i}] has {} evidence items",
                    listed.evidence_sha256.len(),
                    evidence.len()
                ),
            ));
        }
        for (k, (hash, item)) in listed.evidence_sha256.iter().zip(evidence).enumerate() {
            if *hash != item.sha256 {
                return Err(BundleError::invalid(
                    format!("{at}.evidence_sha256[{k}]"),
                    format!("does not match $.cases[{i}].evidence[{k}].sha256"),
                ));
            }
        }
    }
    Ok(())
}

fn used_twice(path: String, id: i64) -> BundleError {
    BundleError::invalid(path, format!("id {id} is used twice"))
}

fn identity(asset: &Asset) -> String {
    format!("{}/{}", asset.provider, asset.identifier)
}
