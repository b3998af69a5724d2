//! Shared fixtures for the store tests: entities with every field filled.
#![allow(clippy::unwrap_used, clippy::panic)]
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use nhitrace::domain::{
    Asset, AssetKind, AssetStatus, Case, CaseStatus, Category, EntryFields, EntryKind, Evidence,
    EvidenceKind, ExternalRef, RootCause, Severity, TimelineEntry, VerificationResult,
};

/// A UTC time with nanoseconds, so the store must keep full precision.
pub fn at(day: u32, hour: u32) -> DateTime<Utc> {
    let seconds = 1_780_000_000 + i64::from(day) * 86_400 + i64::from(hour) * 3_600;
    DateTime::from_timestamp(seconds, 123_456_789).unwrap()
}

pub fn case(reference: &str) -> Case {
    Case {
        id: 0,
        reference: reference.to_string(),
        title: format!("Leaked deploy key {reference}"),
        summary: "Key seen in a public repository".to_string(),
        category: Category::SecretLeak,
        severity: Severity::Critical,
        status: CaseStatus::Verifying,
        reporter: Some("alice".to_string()),
        reported_via: Some("chat".to_string()),
        owner: Some("bob".to_string()),
        reviewer: Some("carol".to_string()),
        opened_at: at(1, 9),
        closed_at: Some(at(3, 17)),
        closing_note: Some("rotated and verified".to_string()),
        root_cause: Some(RootCause::LeakedSecret),
        external_refs: vec![
            ExternalRef {
                system: "jira".to_string(),
                key: "SEC-1234".to_string(),
                url: Some("https://jira.example/SEC-1234".to_string()),
            },
            ExternalRef {
                system: "slack".to_string(),
                key: "C01/1717".to_string(),
                url: None,
            },
        ],
    }
}

pub fn asset(identifier: &str) -> Asset {
    Asset {
        id: 0,
        kind: AssetKind::AccessKey,
        name: "svc-deploy key".to_string(),
        identifier: identifier.to_string(),
        provider: "aws".to_string(),
        environment: Some("prod".to_string()),
        owner: Some("platform".to_string()),
        status: AssetStatus::Rotated,
        created_at: Some(at(0, 1)),
        last_rotated_at: Some(at(2, 10)),
        expires_at: Some(at(90, 0)),
        consumers: vec!["deploy-pipeline".to_string(), "billing-sync".to_string()],
    }
}

pub fn entry(case_id: i64, kind: EntryKind, day: u32, hour: u32) -> TimelineEntry {
    TimelineEntry {
        id: 0,
        case_id,
        occurred_at: at(day, hour),
        recorded_at: at(day, hour + 1),
        recorded_by: "bob".to_string(),
        kind,
        actor: "bob".to_string(),
        channel: Some("iam".to_string()),
        summary: format!("{kind} happened"),
        details: "details\nwith two lines".to_string(),
        asset_id: None,
        external_ref: None,
        fields: EntryFields::default(),
    }
}

/// Every kind-specific field filled, to prove they all round-trip.
pub fn every_field(covers: Option<i64>) -> EntryFields {
    EntryFields {
        approver: Some("dave".to_string()),
        covers,
        justification: Some("integration needs it until migration".to_string()),
        expires_at: Some(at(30, 0)),
        compensating_controls: vec!["ip allow-list".to_string(), "daily review".to_string()],
        recipients: vec!["team-billing".to_string()],
        method: Some("tried the old key; got 403".to_string()),
        result: Some(VerificationResult::Passed),
    }
}

pub fn evidence(case_id: i64, entry_id: Option<i64>, asset_id: Option<i64>) -> Evidence {
    Evidence {
        id: 0,
        case_id,
        entry_id,
        asset_id,
        kind: EvidenceKind::RotationLog,
        title: "rotation log".to_string(),
        media_type: "text/plain".to_string(),
        size: 0,
        sha256: String::new(),
        source: Some("cloudtrail".to_string()),
        collected_by: "bob".to_string(),
        collected_at: at(2, 12),
    }
}

/// The names in a directory, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

pub fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A new store at `path` holding `cases` generated cases of `seed` (`generate`'s
/// bulk load).
pub fn generated(path: &Path, cases: usize, seed: u64) -> nhitrace::store::Store {
    use nhitrace::generate::{GenerateOptions, generate};
    use nhitrace::store::{OpenMode, Store};
    let mut store = Store::open(path, OpenMode::CreateNew).unwrap();
    generate(&mut store, GenerateOptions { cases, seed }, |_| {}).unwrap();
    store
}
