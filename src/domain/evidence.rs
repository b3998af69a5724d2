//! Evidence: bytes stored inside the store, hashed on ingest.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::asset::AssetId;
use super::case::CaseId;
use super::labels::labelled_enum;
use super::timeline::EntryId;

labelled_enum! {
    /// What a piece of evidence is.
    EvidenceKind("evidence kind") {
        ApprovalRecord => "approval_record",
        EntitlementDiff => "entitlement_diff",
        RotationLog => "rotation_log",
        ChatExport => "chat_export",
        TicketExport => "ticket_export",
        LogExcerpt => "log_excerpt",
        Screenshot => "screenshot",
        VerificationProof => "verification_proof",
        NotificationRecord => "notification_record",
        ConfigSnapshot => "config_snapshot",
        Other => "other",
    }
}

/// Database id of an evidence item.
pub type EvidenceId = i64;

/// Metadata of one evidence item. The bytes are read separately, only when opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    #[serde(default)]
    pub id: EvidenceId,
    #[serde(default)]
    pub case_id: CaseId,
    /// The timeline entry this proves, if one.
    #[serde(default)]
    pub entry_id: Option<EntryId>,
    /// The asset this is about, if one.
    #[serde(default)]
    pub asset_id: Option<AssetId>,
    pub kind: EvidenceKind,
    pub title: String,
    /// e.g. `text/plain`, `application/json`, `image/png`.
    pub media_type: String,
    /// Size of the bytes; set by the store on ingest.
    #[serde(default)]
    pub size: u64,
    /// Lower-case hex SHA-256 of the bytes; set by the store on ingest.
    #[serde(default)]
    pub sha256: String,
    /// Where it came from: a system, a file name, a URL.
    #[serde(default)]
    pub source: Option<String>,
    pub collected_by: String,
    pub collected_at: DateTime<Utc>,
}
