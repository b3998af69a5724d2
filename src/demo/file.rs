//! The shape of `assets/demo.json`: domain records whose parts refer to each other
//! by local keys (`"covers": "chg"`, `"entry": "ver"`, `"asset": "svc-deploy"`).

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::{
    Asset, Case, EntryKind, EvidenceKind, ExternalRef, Relation, VerificationResult,
};

#[derive(Debug, Deserialize)]
pub(super) struct DemoFile {
    pub assets: Vec<KeyedAsset>,
    pub cases: Vec<DemoCaseFile>,
}

#[derive(Debug, Deserialize)]
pub(super) struct KeyedAsset {
    pub key: String,
    #[serde(flatten)]
    pub asset: Asset,
}

#[derive(Debug, Deserialize)]
pub(super) struct DemoCaseFile {
    #[serde(flatten)]
    pub case: Case,
    pub assets: Vec<AssetLink>,
    pub entries: Vec<EntryFile>,
    pub evidence: Vec<EvidenceFile>,
}

#[derive(Debug, Deserialize)]
pub(super) struct AssetLink {
    pub asset: String,
    pub relation: Relation,
}

#[derive(Debug, Deserialize)]
pub(super) struct EntryFile {
    pub key: String,
    /// When it happened; also when it was recorded unless `recorded_at` says otherwise.
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub recorded_at: Option<DateTime<Utc>>,
    /// Who wrote it down; the actor unless given.
    #[serde(default)]
    pub recorded_by: Option<String>,
    pub kind: EntryKind,
    pub actor: String,
    #[serde(default)]
    pub channel: Option<String>,
    pub summary: String,
    #[serde(default)]
    pub details: String,
    #[serde(default)]
    pub asset: Option<String>,
    #[serde(default)]
    pub external_ref: Option<ExternalRef>,
    #[serde(default)]
    pub approver: Option<String>,
    /// Key of the change an approval covers.
    #[serde(default)]
    pub covers: Option<String>,
    #[serde(default)]
    pub justification: Option<String>,
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub compensating_controls: Vec<String>,
    #[serde(default)]
    pub recipients: Vec<String>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub result: Option<VerificationResult>,
}

#[derive(Debug, Deserialize)]
pub(super) struct EvidenceFile {
    /// Key of the entry this proves.
    #[serde(default)]
    pub entry: Option<String>,
    #[serde(default)]
    pub asset: Option<String>,
    pub kind: EvidenceKind,
    pub title: String,
    pub media_type: String,
    #[serde(default)]
    pub source: Option<String>,
    pub collected_by: String,
    pub collected_at: DateTime<Utc>,
    /// The evidence bytes, as text.
    pub text: String,
}
