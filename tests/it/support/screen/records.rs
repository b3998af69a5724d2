//! Fixture case records built in code.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};
use nhitrace::domain::*;

pub fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, day, hour, minute, 0)
        .single()
        .expect("valid time")
}

pub fn now() -> DateTime<Utc> {
    at(20, 12, 0)
}

fn case(
    id: CaseId,
    reference: &str,
    title: &str,
    category: Category,
    severity: Severity,
    status: CaseStatus,
) -> Case {
    Case {
        id,
        reference: reference.to_string(),
        title: title.to_string(),
        summary: format!("{title}.\nSecond line of the summary."),
        category,
        severity,
        status,
        reporter: Some("alice".into()),
        reported_via: Some("chat".into()),
        owner: Some("bob".into()),
        reviewer: Some("carol".into()),
        opened_at: at(1, 9, 12),
        closed_at: None,
        closing_note: None,
        root_cause: None,
        external_refs: vec![ExternalRef {
            system: "jira".into(),
            key: format!("SEC-{id}"),
            url: None,
        }],
    }
}

fn asset(id: AssetId, kind: AssetKind, name: &str, identifier: &str) -> Asset {
    Asset {
        id,
        kind,
        name: name.into(),
        identifier: identifier.into(),
        provider: "aws".into(),
        environment: Some("prod".into()),
        owner: Some("platform".into()),
        status: AssetStatus::Active,
        created_at: Some(at(1, 0, 0)),
        last_rotated_at: None,
        expires_at: None,
        consumers: vec!["deploy-pipeline".into(), "billing-api".into()],
    }
}

fn entry(
    id: EntryId,
    case_id: CaseId,
    when: DateTime<Utc>,
    kind: EntryKind,
    actor: &str,
    summary: &str,
) -> TimelineEntry {
    TimelineEntry {
        id,
        case_id,
        occurred_at: when,
        recorded_at: when,
        recorded_by: actor.into(),
        kind,
        actor: actor.into(),
        channel: Some("chat".into()),
        summary: summary.into(),
        details: String::new(),
        asset_id: None,
        external_ref: None,
        fields: EntryFields::default(),
    }
}

fn evidence(
    id: EvidenceId,
    case_id: CaseId,
    entry_id: Option<EntryId>,
    kind: EvidenceKind,
    title: &str,
    size: u64,
) -> Evidence {
    Evidence {
        id,
        case_id,
        entry_id,
        asset_id: None,
        kind,
        title: title.into(),
        media_type: "text/plain".into(),
        size,
        // The real hash of the fixture's bytes, so nothing reads as altered.
        sha256: evidence_bytes()
            .get(&id)
            .map(|bytes| nhitrace::bundle::sha256_hex(bytes))
            .unwrap_or_else(|| format!("{:064x}", id * 7919)),
        source: Some("iam-console".into()),
        collected_by: "bob".into(),
        collected_at: at(1, 11, 0),
    }
}

/// Four cases: a leaked key with a broken trail, a complete role change, an exemption
/// without an approver and a case whose title carries terminal escapes.
pub fn records() -> Vec<CaseRecord> {
    let key = asset(1, AssetKind::AccessKey, "svc-deploy key", "AKIAEXAMPLE7Q2");
    let account = asset(
        2,
        AssetKind::ServiceAccount,
        "svc-deploy",
        "arn:aws:iam::111122223333:user/svc-deploy",
    );
    let mut leak_entries = vec![
        entry(
            1,
            1,
            at(1, 9, 12),
            EntryKind::Reported,
            "alice",
            "Deploy key seen in a public repository",
        ),
        entry(
            2,
            1,
            at(1, 9, 40),
            EntryKind::Rotation,
            "bob",
            "AKIA…7Q2 rotated, old key deactivated",
        ),
        entry(
            3,
            1,
            at(1, 10, 5),
            EntryKind::Notification,
            "bob",
            "3 consumers told to pick up the new key",
        ),
    ];
    leak_entries[1].asset_id = Some(1);
    leak_entries[1].channel = Some("iam".into());
    leak_entries[1].details =
        "Old key AKIAIOSFODNN7EXAMPLE deactivated.\nNew key issued to the vault.".into();
    leak_entries[2].fields.recipients = vec!["deploy-team".into(), "billing-team".into()];
    let leak = CaseRecord {
        case: case(
            1,
            "NHI-2026-0042",
            "Leaked deploy key in public repo",
            Category::SecretLeak,
            Severity::Critical,
            CaseStatus::Verifying,
        ),
        assets: vec![
            LinkedAsset {
                asset: key,
                relation: Relation::Affected,
            },
            LinkedAsset {
                asset: account.clone(),
                relation: Relation::Related,
            },
        ],
        entries: leak_entries,
        evidence: vec![
            evidence(
                1,
                1,
                Some(2),
                EvidenceKind::RotationLog,
                "IAM rotation log",
                4198,
            ),
            evidence(
                2,
                1,
                Some(1),
                EvidenceKind::ChatExport,
                "Chat thread #sec-incidents",
                812,
            ),
        ],
        tampered_evidence: vec![],
    };

    let mut drift_entries = vec![
        entry(
            4,
            2,
            at(2, 8, 0),
            EntryKind::Reported,
            "dave",
            "svc-deploy lost access to the artifacts bucket",
        ),
        entry(
            5,
            2,
            at(2, 9, 0),
            EntryKind::ChangeRequested,
            "bob",
            "Restore s3:GetObject on artifacts",
        ),
        entry(
            6,
            2,
            at(2, 9, 30),
            EntryKind::ApprovalGranted,
            "carol",
            "Approved restore of s3:GetObject",
        ),
        entry(
            7,
            2,
            at(2, 10, 0),
            EntryKind::ChangeApplied,
            "bob",
            "Policy attached to svc-deploy",
        ),
        entry(
            8,
            2,
            at(2, 11, 0),
            EntryKind::Verification,
            "erin",
            "Pipeline run green, access confirmed",
        ),
    ];
    drift_entries[2].fields.approver = Some("carol".into());
    drift_entries[2].fields.covers = Some(7);
    drift_entries[4].fields.method = Some("pipeline run".into());
    drift_entries[4].fields.result = Some(VerificationResult::Passed);
    let mut drift_case = case(
        2,
        "NHI-2026-0041",
        "Role change broke deploy",
        Category::PermissionDrift,
        Severity::High,
        CaseStatus::Closed,
    );
    drift_case.opened_at = at(2, 8, 0);
    drift_case.closed_at = Some(at(2, 12, 0));
    drift_case.root_cause = Some(RootCause::PermissionDrift);
    let drift = CaseRecord {
        case: drift_case,
        assets: vec![LinkedAsset {
            asset: account,
            relation: Relation::Affected,
        }],
        entries: drift_entries,
        evidence: vec![
            evidence(
                3,
                2,
                Some(6),
                EvidenceKind::ApprovalRecord,
                "CAB approval",
                300,
            ),
            evidence(
                4,
                2,
                Some(8),
                EvidenceKind::VerificationProof,
                "Pipeline run log",
                2048,
            ),
        ],
        tampered_evidence: vec![],
    };

    let mut exemption_entries = vec![
        entry(
            9,
            3,
            at(3, 8, 0),
            EntryKind::Reported,
            "frank",
            "Integration needs a long-lived token",
        ),
        entry(
            10,
            3,
            at(3, 9, 0),
            EntryKind::ExemptionGranted,
            "bob",
            "Temporary exemption for partner sync",
        ),
    ];
    exemption_entries[1].fields.justification = Some("Partner cannot use OIDC before Q3".into());
    exemption_entries[1].fields.expires_at = Some(at(30, 0, 0));
    exemption_entries[1].fields.compensating_controls = vec!["IP allow-list".into()];
    let mut exemption_case = case(
        3,
        "NHI-2026-0039",
        "Temporary exemption for partner sync token",
        Category::Exemption,
        Severity::Medium,
        CaseStatus::Open,
    );
    exemption_case.opened_at = at(3, 8, 0);
    let exemption = CaseRecord {
        case: exemption_case,
        assets: vec![LinkedAsset {
            asset: asset(
                3,
                AssetKind::ApiToken,
                "partner-sync token",
                "tok_partner_sync",
            ),
            relation: Relation::Affected,
        }],
        entries: exemption_entries,
        evidence: vec![],
        tampered_evidence: vec![],
    };

    let mut hostile_case = case(
        4,
        "NHI-2026-0038",
        "Title \x1b]2;X\x07 then \x1b[2J cleared",
        Category::Other,
        Severity::Low,
        CaseStatus::Open,
    );
    hostile_case.reporter = None;
    hostile_case.opened_at = at(4, 8, 0);
    let hostile = CaseRecord {
        case: hostile_case,
        assets: vec![],
        entries: vec![entry(
            11,
            4,
            at(4, 8, 0),
            EntryKind::Note,
            "mallory",
            "note \x1b[31mred\x1b[0m text",
        )],
        evidence: vec![],
        tampered_evidence: vec![],
    };
    vec![leak, drift, exemption, hostile]
}

/// The bytes of the fixture evidence items.
pub fn evidence_bytes() -> HashMap<EvidenceId, Vec<u8>> {
    HashMap::from([
        (1, b"2026-06-01T09:40:02Z DeactivateAccessKey AKIAIOSFODNN7EXAMPLE user=svc-deploy\n2026-06-01T09:40:05Z CreateAccessKey user=svc-deploy status=Active\n".to_vec()),
        (2, b"alice: found the deploy key in github.com/acme/site\nbob: rotating now \x1b[2J\n".to_vec()),
        (3, vec![0x89, b'P', b'N', b'G', 0, 1, 2, 3, 0xff]),
        (4, b"pipeline #4411 passed\n".to_vec()),
    ])
}
