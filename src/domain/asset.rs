//! Non-human identity assets and how a case relates to them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::labels::labelled_enum;

labelled_enum! {
    /// What kind of non-human identity an asset is.
    AssetKind("asset kind") {
        ServiceAccount => "service_account",
        AccessKey => "access_key",
        ApiToken => "api_token",
        Certificate => "certificate",
        OauthApp => "oauth_app",
        SshKey => "ssh_key",
        Role => "role",
        Secret => "secret",
        WorkloadIdentity => "workload_identity",
    }
}

labelled_enum! {
    /// Lifecycle state of an asset.
    AssetStatus("asset status") {
        Active => "active",
        Disabled => "disabled",
        Rotated => "rotated",
        Revoked => "revoked",
        Expired => "expired",
        Deleted => "deleted",
    }
}

labelled_enum! {
    /// How a case relates to an asset.
    Relation("relation") {
        Affected => "affected",
        Related => "related",
    }
}

/// Database id of an asset.
pub type AssetId = i64;

/// A non-human identity. Lives across cases: the same key in three cases is one asset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Asset {
    #[serde(default)]
    pub id: AssetId,
    pub kind: AssetKind,
    pub name: String,
    /// ARN, key id, fingerprint, serial: never the secret itself. Unique per provider.
    pub identifier: String,
    /// `aws`, `gcp`, `azure`, `github`, `gitlab`, `kubernetes`, `okta`, `vault`, ...
    pub provider: String,
    #[serde(default)]
    pub environment: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    pub status: AssetStatus,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_rotated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// Known consumers: services, pipelines or teams that use this identity.
    #[serde(default)]
    pub consumers: Vec<String>,
}

/// An asset as linked to one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkedAsset {
    pub asset: Asset,
    pub relation: Relation,
}
