//! Reading one case object of a bundle into domain types, field by field.

use serde_json::Value;

use super::base64;
use super::reader::{Obj, Read};
use crate::domain::{
    Asset, Case, CaseRecord, EntryFields, Evidence, ExternalRef, LinkedAsset, TimelineEntry,
};

const CASE_DOC: &[&str] = &["assets", "case", "entries", "evidence"];
const CASE: &[&str] = &[
    "category",
    "closed_at",
    "closing_note",
    "external_refs",
    "opened_at",
    "owner",
    "reference",
    "reported_via",
    "reporter",
    "reviewer",
    "root_cause",
    "severity",
    "status",
    "summary",
    "title",
];
const EXTERNAL_REF: &[&str] = &["key", "system", "url"];
const LINKED_ASSET: &[&str] = &["asset", "relation"];
const ASSET: &[&str] = &[
    "consumers",
    "created_at",
    "environment",
    "expires_at",
    "id",
    "identifier",
    "kind",
    "last_rotated_at",
    "name",
    "owner",
    "provider",
    "status",
];
const ENTRY: &[&str] = &[
    "actor",
    "asset_id",
    "channel",
    "details",
    "external_ref",
    "fields",
    "id",
    "kind",
    "occurred_at",
    "recorded_at",
    "recorded_by",
    "summary",
];
const ENTRY_FIELDS: &[&str] = &[
    "approver",
    "compensating_controls",
    "covers",
    "expires_at",
    "justification",
    "method",
    "recipients",
    "result",
];
const EVIDENCE: &[&str] = &[
    "asset_id",
    "collected_at",
    "collected_by",
    "content_base64",
    "entry_id",
    "id",
    "kind",
    "media_type",
    "sha256",
    "size",
    "source",
    "title",
];

/// A case object read from a document: the record (local ids) and evidence bytes.
pub(crate) struct ParsedCase {
    pub record: CaseRecord,
    pub evidence_bytes: Vec<Vec<u8>>,
}

pub(crate) fn case_doc(value: &Value, path: &str) -> Read<ParsedCase> {
    let doc = Obj::new(value, path, CASE_DOC)?;
    let case = case(&doc.object("case", CASE)?)?;
    let assets = items(&doc, "assets", |v, p| {
        let linked = Obj::new(v, p, LINKED_ASSET)?;
        Ok(LinkedAsset {
            asset: asset(&linked.object("asset", ASSET)?)?,
            relation: linked.label("relation")?,
        })
    })?;
    let entries = items(&doc, "entries", |v, p| entry(&Obj::new(v, p, ENTRY)?))?;
    let evidence = items(&doc, "evidence", |v, p| {
        evidence(&Obj::new(v, p, EVIDENCE)?)
    })?;
    let (evidence, evidence_bytes) = evidence.into_iter().unzip();
    Ok(ParsedCase {
        record: CaseRecord {
            case,
            assets,
            entries,
            evidence,
            tampered_evidence: Vec::new(),
        },
        evidence_bytes,
    })
}

fn items<T>(doc: &Obj<'_>, key: &str, read: impl Fn(&Value, String) -> Read<T>) -> Read<Vec<T>> {
    let path = doc.at(key);
    doc.array(key)?
        .iter()
        .enumerate()
        .map(|(i, v)| read(v, format!("{path}[{i}]")))
        .collect()
}

fn case(o: &Obj<'_>) -> Read<Case> {
    Ok(Case {
        id: 0,
        reference: o.string("reference")?,
        title: o.string("title")?,
        summary: o.string_or_empty("summary")?,
        category: o.label("category")?,
        severity: o.label("severity")?,
        status: o.label("status")?,
        reporter: o.opt_string("reporter")?,
        reported_via: o.opt_string("reported_via")?,
        owner: o.opt_string("owner")?,
        reviewer: o.opt_string("reviewer")?,
        opened_at: o.time("opened_at")?,
        closed_at: o.opt_time("closed_at")?,
        closing_note: o.opt_string("closing_note")?,
        root_cause: o.opt_label("root_cause")?,
        external_refs: match o.get("external_refs") {
            None => Vec::new(),
            Some(_) => items(o, "external_refs", |v, p| {
                external_ref(&Obj::new(v, p, EXTERNAL_REF)?)
            })?,
        },
    })
}

fn external_ref(o: &Obj<'_>) -> Read<ExternalRef> {
    Ok(ExternalRef {
        system: o.string("system")?,
        key: o.string("key")?,
        url: o.opt_string("url")?,
    })
}

fn asset(o: &Obj<'_>) -> Read<Asset> {
    Ok(Asset {
        id: o.id("id")?,
        kind: o.label("kind")?,
        name: o.string("name")?,
        identifier: o.string("identifier")?,
        provider: o.string("provider")?,
        environment: o.opt_string("environment")?,
        owner: o.opt_string("owner")?,
        status: o.label("status")?,
        created_at: o.opt_time("created_at")?,
        last_rotated_at: o.opt_time("last_rotated_at")?,
        expires_at: o.opt_time("expires_at")?,
        consumers: o.strings("consumers")?,
    })
}

fn entry(o: &Obj<'_>) -> Read<TimelineEntry> {
    let fields = match o.opt_object("fields", ENTRY_FIELDS)? {
        None => EntryFields::default(),
        Some(f) => EntryFields {
            approver: f.opt_string("approver")?,
            covers: f.opt_id("covers")?,
            justification: f.opt_string("justification")?,
            expires_at: f.opt_time("expires_at")?,
            compensating_controls: f.strings("compensating_controls")?,
            recipients: f.strings("recipients")?,
            method: f.opt_string("method")?,
            result: f.opt_label("result")?,
        },
    };
    Ok(TimelineEntry {
        id: o.id("id")?,
        case_id: 0,
        occurred_at: o.time("occurred_at")?,
        recorded_at: o.time("recorded_at")?,
        recorded_by: o.string("recorded_by")?,
        kind: o.label("kind")?,
        actor: o.string("actor")?,
        channel: o.opt_string("channel")?,
        summary: o.string("summary")?,
        details: o.string_or_empty("details")?,
        asset_id: o.opt_id("asset_id")?,
        external_ref: o
            .opt_object("external_ref", EXTERNAL_REF)?
            .map(|r| external_ref(&r))
            .transpose()?,
        fields,
    })
}

fn evidence(o: &Obj<'_>) -> Read<(Evidence, Vec<u8>)> {
    let item = Evidence {
        id: o.id("id")?,
        case_id: 0,
        entry_id: o.opt_id("entry_id")?,
        asset_id: o.opt_id("asset_id")?,
        kind: o.label("kind")?,
        title: o.string("title")?,
        media_type: o.string("media_type")?,
        size: o.unsigned("size")?,
        sha256: o.string("sha256")?,
        source: o.opt_string("source")?,
        collected_by: o.string("collected_by")?,
        collected_at: o.time("collected_at")?,
    };
    let content = o.string("content_base64")?;
    let bytes = base64::decode(&content).map_err(|err| {
        super::BundleError::invalid(o.at("content_base64"), format!("not valid base64: {err}"))
    })?;
    Ok((item, bytes))
}
