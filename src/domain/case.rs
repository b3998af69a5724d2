//! The case: one incident about non-human identities, end to end.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::labels::labelled_enum;

labelled_enum! {
    /// What kind of incident a case is.
    Category("category") {
        AccessLoss => "access_loss",
        SecretLeak => "secret_leak",
        Exemption => "exemption",
        AuthFailure => "auth_failure",
        PermissionDrift => "permission_drift",
        Offboarding => "offboarding",
        Other => "other",
    }
}

labelled_enum! {
    /// How bad a case is; ordered from least to most severe.
    Severity("severity") {
        Low => "low",
        Medium => "medium",
        High => "high",
        Critical => "critical",
    }
}

labelled_enum! {
    /// Where a case stands in its life.
    CaseStatus("status") {
        Open => "open",
        Investigating => "investigating",
        AwaitingApproval => "awaiting_approval",
        Remediating => "remediating",
        Verifying => "verifying",
        Closed => "closed",
    }
}

labelled_enum! {
    /// Why the incident happened, once known.
    RootCause("root cause") {
        CredentialExpiry => "credential_expiry",
        SecretRotation => "secret_rotation",
        CertificateTrust => "certificate_trust",
        PermissionDrift => "permission_drift",
        Misconfiguration => "misconfiguration",
        LeakedSecret => "leaked_secret",
        Unknown => "unknown",
    }
}

/// Database id of a case.
pub type CaseId = i64;

/// A pointer into another system: a Jira key, a ServiceNow number, a chat thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalRef {
    /// The system, e.g. `jira`, `servicenow`, `slack`.
    pub system: String,
    /// The identifier inside that system, e.g. `SEC-1234`.
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A case as stored. `id` is 0 until the store assigns one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    #[serde(default)]
    pub id: CaseId,
    /// Human key such as `NHI-2026-0042`; unique in a store.
    pub reference: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub category: Category,
    pub severity: Severity,
    pub status: CaseStatus,
    /// Who reported the incident; `None` is a broken trail (NT003).
    #[serde(default)]
    pub reporter: Option<String>,
    /// Channel of the report: `chat`, `ticket`, `email`, `alert`, `scanner`, ...
    #[serde(default)]
    pub reported_via: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub reviewer: Option<String>,
    pub opened_at: DateTime<Utc>,
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub closing_note: Option<String>,
    #[serde(default)]
    pub root_cause: Option<RootCause>,
    #[serde(default)]
    pub external_refs: Vec<ExternalRef>,
}
