//! The pool of generated identity assets, shared across cases.

use chrono::{DateTime, Duration, Utc};

use super::rng::Rng;
use super::vocab::{ENVIRONMENTS, PEOPLE, SERVICES, TEAMS};
use crate::domain::{Asset, AssetKind, AssetStatus};

const KINDS: &[AssetKind] = &[
    AssetKind::ServiceAccount,
    AssetKind::ServiceAccount,
    AssetKind::AccessKey,
    AssetKind::AccessKey,
    AssetKind::ApiToken,
    AssetKind::Certificate,
    AssetKind::OauthApp,
    AssetKind::SshKey,
    AssetKind::Role,
    AssetKind::Secret,
    AssetKind::WorkloadIdentity,
];

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn token(rng: &mut Rng, len: usize) -> String {
    (0..len).map(|_| char::from(*rng.pick(ALNUM))).collect()
}

/// `count` distinct assets; the pool index is encoded in every identifier.
pub fn pool(rng: &mut Rng, count: usize, epoch: DateTime<Utc>) -> Vec<Asset> {
    (0..count).map(|i| asset(rng, i, epoch)).collect()
}

fn asset(rng: &mut Rng, index: usize, epoch: DateTime<Utc>) -> Asset {
    let kind = *rng.pick(KINDS);
    let team = *rng.pick(TEAMS);
    let service = *rng.pick(SERVICES);
    let environment = *rng.pick(ENVIRONMENTS);
    let account = 100_000_000_000 + rng.below(900_000_000_000);
    let (name, identifier, provider) = match kind {
        AssetKind::ServiceAccount => (
            format!("svc-{team}-{service}-{index}"),
            format!("svc-{team}-{service}-{index}@{team}-{environment}.iam.gserviceaccount.com"),
            "gcp",
        ),
        AssetKind::AccessKey => (
            format!("{team}-{service} access key {index}"),
            format!("AKIA{}{index:06}", token(rng, 10)),
            "aws",
        ),
        AssetKind::ApiToken => (
            format!("{team} {service} API token {index}"),
            format!("tok_{index:06}_{}", token(rng, 6).to_ascii_lowercase()),
            *rng.pick(&["github", "gitlab", "okta"]),
        ),
        AssetKind::Certificate => (
            format!("{service}.{team}.internal TLS {index}"),
            format!("serial:{:016X}{index:06}", rng.next_u64()),
            "vault",
        ),
        AssetKind::OauthApp => (
            format!("{team}-{service} OAuth app {index}"),
            format!("0oa{}{index:06}", token(rng, 8).to_ascii_lowercase()),
            "okta",
        ),
        AssetKind::SshKey => (
            format!("{service} deploy key {index}"),
            format!("SHA256:{}{index:06}", token(rng, 20)),
            "github",
        ),
        AssetKind::Role => (
            format!("{team}-{service}-role-{index}"),
            format!("arn:aws:iam::{account}:role/{team}-{service}-{index}"),
            "aws",
        ),
        AssetKind::Secret => (
            format!("{team}/{service} secret {index}"),
            format!("secret/data/{team}/{service}/{index}"),
            "vault",
        ),
        AssetKind::WorkloadIdentity => (
            format!("{team}-{service}-wi-{index}"),
            format!("system:serviceaccount:{team}:{service}-{index}"),
            "kubernetes",
        ),
    };
    let created = epoch + Duration::days(rng.range(0, 700));
    Asset {
        id: index as i64 + 1,
        kind,
        name,
        identifier,
        provider: provider.to_string(),
        environment: Some(environment.to_string()),
        owner: Some(format!("{}@{team}", rng.pick(PEOPLE))),
        status: if rng.chance(80) {
            AssetStatus::Active
        } else {
            *rng.pick(AssetStatus::ALL)
        },
        created_at: Some(created),
        last_rotated_at: rng
            .chance(60)
            .then(|| created + Duration::days(rng.range(30, 300))),
        expires_at: matches!(
            kind,
            AssetKind::Certificate | AssetKind::AccessKey | AssetKind::ApiToken
        )
        .then(|| created + Duration::days(rng.range(180, 900))),
        consumers: (0..rng.range(0, 3))
            .map(|_| format!("{}-{}", rng.pick(TEAMS), rng.pick(SERVICES)))
            .collect(),
    }
}
