//! Timeline entries: what happened in a case, when, and who says so.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::asset::AssetId;
use super::case::{CaseId, ExternalRef};
use super::labels::labelled_enum;

labelled_enum! {
    /// What a timeline entry records.
    EntryKind("entry kind") {
        Reported => "reported",
        Triaged => "triaged",
        Escalated => "escalated",
        Note => "note",
        ChangeRequested => "change_requested",
        ApprovalGranted => "approval_granted",
        ApprovalDenied => "approval_denied",
        ChangeApplied => "change_applied",
        Rotation => "rotation",
        Revocation => "revocation",
        Cleanup => "cleanup",
        Notification => "notification",
        Verification => "verification",
        ExemptionGranted => "exemption_granted",
        ExemptionRevoked => "exemption_revoked",
        StatusChange => "status_change",
        Reopened => "reopened",
        Closed => "closed",
    }
}

impl EntryKind {
    /// A change to a control that must be covered by an approval (NT001).
    pub const fn is_control_change(self) -> bool {
        matches!(self, EntryKind::ChangeApplied | EntryKind::ExemptionGranted)
    }

    /// Something done to fix the problem; must be followed by verification (NT002).
    pub const fn is_remediation(self) -> bool {
        matches!(
            self,
            EntryKind::ChangeApplied
                | EntryKind::Rotation
                | EntryKind::Revocation
                | EntryKind::Cleanup
        )
    }
}

labelled_enum! {
    /// Outcome of a verification.
    VerificationResult("verification result") {
        Passed => "passed",
        Failed => "failed",
    }
}

/// Database id of a timeline entry.
pub type EntryId = i64;

/// Fields that only some kinds of entry carry. Unused fields stay empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntryFields {
    /// Approval: who approved or denied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<String>,
    /// Approval: the id of the change entry (`change_applied` / `exemption_granted`) it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<EntryId>,
    /// Exemption: why the business needs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Exemption: when it lapses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Exemption: controls that reduce the risk meanwhile.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compensating_controls: Vec<String>,
    /// Notification: who was told.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    /// Verification: how the fix was checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Verification: what the check showed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<VerificationResult>,
}

impl EntryFields {
    pub fn is_empty(&self) -> bool {
        *self == EntryFields::default()
    }
}

/// One thing that happened in a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    #[serde(default)]
    pub id: EntryId,
    #[serde(default)]
    pub case_id: CaseId,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// When it was written down.
    pub recorded_at: DateTime<Utc>,
    /// Who wrote it down.
    pub recorded_by: String,
    pub kind: EntryKind,
    /// Who did it (requester, applier, reporter, ...).
    pub actor: String,
    /// Where it happened or was said: `chat`, `iam`, `ticket`, `email`, ...
    #[serde(default)]
    pub channel: Option<String>,
    pub summary: String,
    #[serde(default)]
    pub details: String,
    /// The asset this entry is about, if one.
    #[serde(default)]
    pub asset_id: Option<AssetId>,
    #[serde(default)]
    pub external_ref: Option<ExternalRef>,
    #[serde(default, skip_serializing_if = "EntryFields::is_empty")]
    pub fields: EntryFields,
}
