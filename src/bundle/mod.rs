//! Case bundles: cases moved between stores as one self-checking JSON document.
//!
//! # Format (version 1)
//!
//! ```json
//! {
//!   "format": "nhitrace-bundle",
//!   "version": 1,
//!   "manifest": {
//!     "created_at": "2026-03-02T10:00:00Z",
//!     "created_by": "alice",
//!     "nhitrace_version": "0.1.0",
//!     "case_count": 1,
//!     "cases": [
//!       { "reference": "NHI-2026-0042", "sha256": "<case hash>", "evidence_sha256": ["<hex>"] }
//!     ]
//!   },
//!   "cases": [
//!     {
//!       "case": { "reference": "NHI-2026-0042", "title": "...", "severity": "high", ... },
//!       "assets": [ { "asset": { "id": 1, "provider": "aws", "identifier": "...", ... },
//!                     "relation": "affected" } ],
//!       "entries": [ { "id": 1, "kind": "change_applied", "asset_id": 1, ... },
//!                    { "id": 2, "kind": "approval_granted", "fields": { "covers": 1 }, ... } ],
//!       "evidence": [ { "id": 1, "entry_id": 1, "asset_id": 1, "size": 16,
//!                       "sha256": "<hex of the bytes>", "content_base64": "...", ... } ]
//!     }
//!   ]
//! }
//! ```
//!
//! Each case carries its whole [`CaseRecord`]: the case
//! (without its store id), linked assets with their relation, timeline entries and
//! evidence metadata (without `case_id`), plus each evidence item's bytes in padded
//! standard base64. Asset, entry and evidence `id`s are local to the case, numbered
//! 1.. in record order, so the document does not depend on the ids of the store it
//! came from; `asset_id`, `entry_id` and `covers` refer to these local ids. Entries
//! are listed in timeline order (`occurred_at`, then the order they were recorded);
//! an entry covering another that happened at the same time is listed after it.
//! Every field a domain type declares is read; an unknown field is refused, so
//! nothing in a bundle is silently dropped.
//!
//! # What is hashed
//!
//! - `cases[i].evidence[j].sha256` and `manifest.cases[i].evidence_sha256[j]`: the
//!   lower-case hex SHA-256 of the evidence bytes (the decoded `content_base64`).
//! - `manifest.cases[i].sha256`: the lower-case hex SHA-256 of the canonical JSON of
//!   the whole `cases[i]` object as it appears in the document (so it covers the
//!   case, assets, entries, evidence metadata and the base64 content). Canonical
//!   JSON: object keys sorted by their UTF-8 bytes, no whitespace between tokens,
//!   strings and numbers written as `serde_json` writes them (UTF-8, minimal escapes).
//!
//! The manifest itself is not hashed: it is the list of hashes.
//!
//! # Modules
//!
//! `document` writes the JSON, `export` reads a store into a [`Bundle`], `reader`
//! and `parse` read JSON back with precise paths, `validate` checks a whole
//! document, `import` writes a bundle into a store in one transaction.

mod base64;
mod document;
mod export;
mod import;
mod parse;
mod reader;
mod validate;

use chrono::{DateTime, Utc};

use crate::domain::CaseRecord;
use crate::store::StoreError;

pub use crate::integrity::{canonical_json, canonical_sha256, sha256_hex};
pub use document::to_json;
pub use export::export;
pub use import::{ImportSummary, import, import_at, import_document};
pub use validate::parse_and_validate;

/// The `format` string of every bundle.
pub const FORMAT: &str = "nhitrace-bundle";
/// The bundle version this nhitrace writes and reads.
pub const VERSION: u64 = 1;

/// A bundle in memory: what [`export`] builds, [`to_json`] writes,
/// [`parse_and_validate`] reads back and [`import`] stores.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    pub manifest: Manifest,
    pub cases: Vec<BundledCase>,
}

/// Who made a bundle, when, and the hashes that let a reader check it.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub created_at: DateTime<Utc>,
    /// The OS user who exported.
    pub created_by: String,
    /// The nhitrace version that wrote the bundle.
    pub nhitrace_version: String,
    pub cases: Vec<ManifestCase>,
}

/// One case in the manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestCase {
    pub reference: String,
    /// SHA-256 of the canonical JSON of the case's document object.
    pub sha256: String,
    /// SHA-256 of each evidence item's bytes, in the case's evidence order.
    pub evidence_sha256: Vec<String>,
}

/// One case with the bytes of its evidence (`evidence_bytes[i]` belongs to
/// `record.evidence[i]`). Ids in `record` are local to the case (see module docs);
/// `record.case.id` and every `case_id` are 0.
#[derive(Debug, Clone, PartialEq)]
pub struct BundledCase {
    pub record: CaseRecord,
    pub evidence_bytes: Vec<Vec<u8>>,
}

/// Why a bundle could not be exported, read or imported.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The document is not a valid bundle; `path` is a JSON path such as
    /// `$.cases[2].evidence[0].sha256`.
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
    #[error("no case {0}")]
    NoSuchCase(String),
    /// A case cannot be written as a bundle (its record is not self-contained).
    #[error("case {reference} cannot be exported: {reason}")]
    Unexportable { reference: String, reason: String },
    /// The store holds a case with this reference and different content.
    #[error(
        "case {reference} already exists in the store with different content; nothing was imported"
    )]
    Conflict { reference: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BundleError {
    pub(crate) fn invalid(path: impl Into<String>, reason: impl Into<String>) -> BundleError {
        BundleError::Invalid {
            path: path.into(),
            reason: reason.into(),
        }
    }
}
