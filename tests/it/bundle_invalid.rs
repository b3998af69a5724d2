//! Bad bundles are refused with the JSON path and reason, and write nothing.
#![allow(clippy::unwrap_used, clippy::panic)]

use crate::support::bundle::{demo_store, empty_store, export_all, fingerprint};
use nhitrace::bundle::{self, canonical_sha256};
use serde_json::{Value, json};

/// A valid demo bundle as a JSON value, and a store that already holds one case
/// (so "nothing written" is checked against a store that is not empty).
fn fixture() -> (tempfile::TempDir, Value, nhitrace::store::Store) {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_store(dir.path(), "source.db");
    let document = serde_json::from_str(&bundle::to_json(&export_all(&source))).unwrap();
    let mut target = empty_store(dir.path(), "target.db");
    let mut one = export_all(&source);
    one.cases.truncate(1);
    bundle::import(&mut target, &one).unwrap();
    (dir, document, target)
}

/// Refresh the manifest hash of case `i`, so a test reaches the check it targets
/// instead of stopping at the manifest.
fn rehash(document: &mut Value, i: usize) {
    let hash = canonical_sha256(&document["cases"][i]);
    document["manifest"]["cases"][i]["sha256"] = json!(hash);
}

/// Import `bytes` and expect exactly `message`, with the store unchanged.
fn refused(store: &mut nhitrace::store::Store, bytes: &[u8], message: &str) {
    let before = fingerprint(store);
    let err = bundle::import_document(store, bytes).unwrap_err();
    assert_eq!(err.to_string(), message);
    assert_eq!(
        fingerprint(store),
        before,
        "a refused import wrote something"
    );
}

fn mutated(document: &Value, change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut document = document.clone();
    change(&mut document);
    serde_json::to_vec_pretty(&document).unwrap()
}

/// Index of the first case that satisfies `wanted`.
fn case_with(document: &Value, wanted: impl Fn(&Value) -> bool) -> usize {
    document["cases"]
        .as_array()
        .unwrap()
        .iter()
        .position(wanted)
        .unwrap()
}

#[test]
fn a_truncated_file_is_refused_with_its_position() {
    let (_dir, document, mut store) = fixture();
    let text = serde_json::to_string(&document).unwrap();
    let cut = &text.as_bytes()[..3500];
    refused(
        &mut store,
        cut,
        "$: truncated or not JSON (line 1, column 3500)",
    );
    refused(
        &mut store,
        b"",
        "$: truncated or not JSON (line 1, column 0)",
    );
}

#[test]
fn text_that_is_not_json_or_not_a_bundle_is_refused() {
    let (_dir, document, mut store) = fixture();
    refused(
        &mut store,
        b"{\"format\": nope}",
        "$: not JSON (expected ident at line 1 column 13)",
    );
    refused(
        &mut store,
        b"[1, 2]",
        "$: expected a bundle object, found an array",
    );
    let foreign = mutated(&document, |d| d["format"] = json!("zip"));
    refused(
        &mut store,
        &foreign,
        "$.format: \"zip\" is not \"nhitrace-bundle\": not a nhitrace bundle",
    );
}

#[test]
fn an_unknown_version_is_refused() {
    let (_dir, document, mut store) = fixture();
    let bytes = mutated(&document, |d| d["version"] = json!(7));
    refused(
        &mut store,
        &bytes,
        "$.version: unsupported bundle version 7 (this nhitrace reads 1)",
    );
}

#[test]
fn a_string_where_a_number_belongs_is_refused() {
    let (_dir, document, mut store) = fixture();
    let i = case_with(&document, |c| !c["evidence"].as_array().unwrap().is_empty());
    let bytes = mutated(&document, |d| {
        d["cases"][i]["evidence"][0]["size"] = json!("12")
    });
    refused(
        &mut store,
        &bytes,
        &format!("$.cases[{i}].evidence[0].size: expected a non-negative integer, found a string"),
    );
    let bytes = mutated(&document, |d| d["version"] = json!("1"));
    refused(
        &mut store,
        &bytes,
        "$.version: expected a non-negative integer, found a string",
    );
}

#[test]
fn evidence_bytes_that_do_not_match_their_hash_are_refused() {
    let (_dir, document, mut store) = fixture();
    let i = case_with(&document, |c| !c["evidence"].as_array().unwrap().is_empty());
    // Same length, different bytes: only the hash can tell.
    let bytes = mutated(&document, |d| {
        let item = &mut d["cases"][i]["evidence"][0];
        let size = item["size"].as_u64().unwrap() as usize;
        let forged: Vec<u8> = vec![b'x'; size];
        item["content_base64"] = json!(base64_of(&forged));
    });
    refused(
        &mut store,
        &bytes,
        &format!("$.cases[{i}].evidence[0].sha256: does not match the bytes"),
    );
}

/// Standard padded base64, written independently of the crate's encoder.
fn base64_of(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn an_unknown_enum_value_is_refused() {
    let (_dir, document, mut store) = fixture();
    let bytes = mutated(&document, |d| {
        d["cases"][0]["case"]["severity"] = json!("urgent")
    });
    refused(
        &mut store,
        &bytes,
        "$.cases[0].case.severity: unknown severity \"urgent\" (expected one of: low, medium, high, critical)",
    );
}

#[test]
fn a_dangling_covers_reference_is_refused() {
    let (_dir, document, mut store) = fixture();
    let i = case_with(&document, |c| {
        c["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| !e["fields"]["covers"].is_null())
    });
    let k = document["cases"][i]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| !e["fields"]["covers"].is_null())
        .unwrap();
    let bytes = mutated(&document, |d| {
        d["cases"][i]["entries"][k]["fields"]["covers"] = json!(999);
        rehash(d, i);
    });
    refused(
        &mut store,
        &bytes,
        &format!(
            "$.cases[{i}].entries[{k}].fields.covers: entry 999 is not another entry of this case"
        ),
    );
}

#[test]
fn a_case_edited_after_export_fails_its_manifest_hash() {
    let (_dir, document, mut store) = fixture();
    let bytes = mutated(&document, |d| {
        d["cases"][1]["case"]["title"] = json!("Nothing to see")
    });
    refused(
        &mut store,
        &bytes,
        "$.manifest.cases[1].sha256: does not match the canonical JSON of $.cases[1]",
    );
    // The same edit with the manifest hash recomputed is a valid bundle.
    let bytes = mutated(&document, |d| {
        d["cases"][1]["case"]["title"] = json!("Nothing to see");
        rehash(d, 1);
    });
    assert!(bundle::parse_and_validate(&bytes).is_ok());
}

#[test]
fn a_reference_stored_with_different_content_is_a_conflict() {
    let (_dir, document, mut store) = fixture();
    let reference = document["cases"][0]["case"]["reference"]
        .as_str()
        .unwrap()
        .to_string();
    let bytes = mutated(&document, |d| {
        d["cases"][0]["case"]["summary"] = json!("rewritten elsewhere");
        rehash(d, 0);
    });
    refused(
        &mut store,
        &bytes,
        &format!(
            "case {reference} already exists in the store with different content; nothing was imported"
        ),
    );
}

/// A change made to a valid document.
type Mutation = dyn Fn(&mut Value);

#[test]
fn other_broken_documents_name_the_place() {
    let (_dir, document, mut store) = fixture();
    let i = case_with(&document, |c| !c["evidence"].as_array().unwrap().is_empty());
    let cases: Vec<(Box<Mutation>, String)> = vec![
        (
            Box::new(|d| d["cases"][0]["case"]["colour"] = json!("red")),
            "$.cases[0].case.colour: unknown field (expected one of: category, closed_at, closing_note, external_refs, opened_at, owner, reference, reported_via, reporter, reviewer, root_cause, severity, status, summary, title)".to_string(),
        ),
        (
            Box::new(|d| {
                d["cases"][0]["case"].as_object_mut().unwrap().remove("opened_at");
            }),
            "$.cases[0].case.opened_at: missing".to_string(),
        ),
        (
            Box::new(|d| d["cases"][0]["case"]["opened_at"] = json!("yesterday")),
            "$.cases[0].case.opened_at: not an RFC 3339 time \"yesterday\": premature end of input".to_string(),
        ),
        (
            Box::new(|d| d["manifest"]["case_count"] = json!(14)),
            "$.manifest.case_count: says 14 but the bundle holds 15 cases".to_string(),
        ),
        (
            Box::new(move |d| {
                d["cases"][i]["evidence"][0]["content_base64"] = json!("not base64!");
            }),
            format!("$.cases[{i}].evidence[0].content_base64: not valid base64: length is not a multiple of 4 at character 11"),
        ),
        (
            Box::new(move |d| d["cases"][i]["evidence"][0]["size"] = json!(1_000_000)),
            format!("$.cases[{i}].evidence[0].size: says 1000000 bytes but the content has "),
        ),
        (
            Box::new(move |d| d["cases"][i]["evidence"][0]["entry_id"] = json!(999)),
            format!("$.cases[{i}].evidence[0].entry_id: entry 999 is not an entry of this case"),
        ),
        (
            Box::new(|d| d["cases"][0]["entries"][0]["asset_id"] = json!(999)),
            "$.cases[0].entries[0].asset_id: asset 999 is not linked to this case".to_string(),
        ),
        (
            Box::new(move |d| d["manifest"]["cases"][i]["evidence_sha256"][0] = json!("00")),
            format!("$.manifest.cases[{i}].evidence_sha256[0]: does not match $.cases[{i}].evidence[0].sha256"),
        ),
        (
            Box::new(|d| {
                let copy = d["cases"][0]["case"]["reference"].clone();
                d["cases"][2]["case"]["reference"] = copy;
            }),
            "$.cases[2].case.reference: ".to_string(),
        ),
    ];
    for (change, expected) in cases {
        let bytes = mutated(&document, |d| change(d));
        let before = fingerprint(&store);
        let err = bundle::import_document(&mut store, &bytes)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&expected),
            "got {err:?}, expected {expected:?}"
        );
        assert_eq!(fingerprint(&store), before);
    }
}

#[test]
fn approvals_covering_each_other_in_a_cycle_are_refused() {
    let (_dir, document, mut store) = fixture();
    let bytes = mutated(&document, |d| {
        d["cases"][0]["entries"][0]["fields"] = json!({"covers": 2});
        d["cases"][0]["entries"][1]["fields"] = json!({"covers": 1});
        rehash(d, 0);
    });
    refused(
        &mut store,
        &bytes,
        "$.cases[0].entries[0].fields.covers: entries cover each other in a cycle",
    );
}

#[test]
fn entries_out_of_timeline_order_are_refused() {
    let (_dir, document, mut store) = fixture();
    let bytes = mutated(&document, |d| {
        d["cases"][0]["entries"][0]["occurred_at"] = json!("2099-01-01T00:00:00Z");
        rehash(d, 0);
    });
    refused(
        &mut store,
        &bytes,
        "$.cases[0].entries[1].occurred_at: earlier than the entry before it (entries are listed in timeline order)",
    );
    // At the same time, a covered entry is listed before the entry covering it.
    let bytes = mutated(&document, |d| {
        let at = d["cases"][0]["entries"][1]["occurred_at"].clone();
        d["cases"][0]["entries"][0]["occurred_at"] = at;
        d["cases"][0]["entries"][0]["fields"] = json!({"covers": 2});
        rehash(d, 0);
    });
    refused(
        &mut store,
        &bytes,
        "$.cases[0].entries[0].fields.covers: entry 2 happened at the same time and is listed after the entry covering it",
    );
}
