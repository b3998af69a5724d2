//! Writing a bundle as JSON: pretty, deterministic, keys of every case object sorted.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Bundle, BundledCase, FORMAT, ManifestCase, VERSION, base64};
use crate::integrity::{canonical_sha256, sha256_hex};

/// The top level, in the order a reader should meet it.
#[derive(Serialize)]
struct Document<'a> {
    format: &'a str,
    version: u64,
    manifest: ManifestDocument<'a>,
    cases: Vec<Value>,
}

#[derive(Serialize)]
struct ManifestDocument<'a> {
    created_at: String,
    created_by: &'a str,
    nhitrace_version: &'a str,
    case_count: usize,
    cases: Vec<ManifestCaseDocument<'a>>,
}

#[derive(Serialize)]
struct ManifestCaseDocument<'a> {
    reference: &'a str,
    sha256: &'a str,
    evidence_sha256: &'a [String],
}

/// The bundle as a JSON document (pretty-printed, ending in a newline). The same
/// bundle always gives the same bytes.
pub fn to_json(bundle: &Bundle) -> String {
    let manifest = &bundle.manifest;
    let document = Document {
        format: FORMAT,
        version: VERSION,
        manifest: ManifestDocument {
            created_at: manifest
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            created_by: &manifest.created_by,
            nhitrace_version: &manifest.nhitrace_version,
            case_count: bundle.cases.len(),
            cases: manifest
                .cases
                .iter()
                .map(|c| ManifestCaseDocument {
                    reference: &c.reference,
                    sha256: &c.sha256,
                    evidence_sha256: &c.evidence_sha256,
                })
                .collect(),
        },
        cases: bundle.cases.iter().map(case_value).collect(),
    };
    // Strings, numbers and `Value`s always serialise; the compact fallback only
    // exists so this function need not panic or fail.
    let mut text = serde_json::to_string_pretty(&document)
        .unwrap_or_else(|_| serde_json::json!({ "format": FORMAT }).to_string());
    text.push('\n');
    text
}

/// The manifest line of one case: its reference and hashes.
pub(crate) fn manifest_case(case: &BundledCase) -> ManifestCase {
    ManifestCase {
        reference: case.record.case.reference.clone(),
        sha256: canonical_sha256(&case_value(case)),
        evidence_sha256: case.evidence_bytes.iter().map(|b| sha256_hex(b)).collect(),
    }
}

/// The document object of one case: the record without store ids, plus the
/// base64 bytes of each evidence item.
pub(crate) fn case_value(case: &BundledCase) -> Value {
    let record = &case.record;
    let mut object = Map::new();
    object.insert("case".into(), without(to_value(&record.case), &["id"]));
    object.insert("assets".into(), to_value(&record.assets));
    object.insert(
        "entries".into(),
        Value::Array(
            record
                .entries
                .iter()
                .map(|e| without(to_value(e), &["case_id"]))
                .collect(),
        ),
    );
    let evidence = record
        .evidence
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let mut value = without(to_value(item), &["case_id"]);
            if let Value::Object(map) = &mut value {
                let bytes = case.evidence_bytes.get(i).map(Vec::as_slice);
                map.insert(
                    "content_base64".into(),
                    Value::String(base64::encode(bytes.unwrap_or_default())),
                );
            }
            value
        })
        .collect();
    object.insert("evidence".into(), Value::Array(evidence));
    Value::Object(object)
}

/// Domain types serialise to plain JSON objects (string keys, no fallible
/// `Serialize`), so this never yields the `Null` fallback in practice.
fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn without(mut value: Value, keys: &[&str]) -> Value {
    if let Value::Object(map) = &mut value {
        for key in keys {
            map.remove(*key);
        }
    }
    value
}
