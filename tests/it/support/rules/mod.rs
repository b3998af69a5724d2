//! Records built in code for the rule tests: a complete trail, and small helpers to
//! break it one way at a time.

// Test support: a malformed literal date is a bug in the test itself.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, Utc};
use nhitrace::domain::{
    Asset, AssetKind, AssetStatus, Case, CaseRecord, CaseStatus, Category, EntryFields, EntryId,
    EntryKind, Evidence, EvidenceId, EvidenceKind, LinkedAsset, Relation, Severity, TimelineEntry,
    VerificationResult,
};
use nhitrace::rules::{Gap, RuleConfig, evaluate};

/// The fixed clock every rule test uses.
pub fn now() -> DateTime<Utc> {
    at("2026-11-27T12:00:00Z")
}

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// `(code, entries)` of each gap, for exact comparison.
pub fn codes(gaps: &[Gap]) -> Vec<(&'static str, Vec<EntryId>)> {
    gaps.iter()
        .map(|g| (g.code.as_str(), g.entries.clone()))
        .collect()
}

pub fn gaps(record: &CaseRecord) -> Vec<Gap> {
    evaluate(record, now(), &RuleConfig::default())
}

pub fn asset(id: i64, name: &str) -> Asset {
    Asset {
        id,
        kind: AssetKind::AccessKey,
        name: name.to_string(),
        identifier: format!("AKIA{id:016}"),
        provider: "aws".to_string(),
        environment: Some("prod".to_string()),
        owner: Some("platform".to_string()),
        status: AssetStatus::Active,
        created_at: None,
        last_rotated_at: None,
        expires_at: None,
        consumers: Vec::new(),
    }
}

/// An empty case of `category` with a reporter and one affected asset (id 1).
pub fn case(category: Category) -> CaseRecord {
    CaseRecord {
        case: Case {
            id: 1,
            reference: "NHI-2026-0900".to_string(),
            title: "test case".to_string(),
            summary: String::new(),
            category,
            severity: Severity::High,
            status: CaseStatus::Investigating,
            reporter: Some("alice".to_string()),
            reported_via: Some("chat".to_string()),
            owner: Some("olga".to_string()),
            reviewer: None,
            opened_at: at("2026-11-20T09:00:00Z"),
            closed_at: None,
            closing_note: None,
            root_cause: None,
            external_refs: Vec::new(),
        },
        assets: vec![LinkedAsset {
            asset: asset(1, "svc-deploy key"),
            relation: Relation::Affected,
        }],
        entries: Vec::new(),
        evidence: Vec::new(),
        tampered_evidence: Vec::new(),
    }
}

/// Append an entry; ids are 1, 2, 3... in the order of the calls.
pub fn add(
    r: &mut CaseRecord,
    kind: EntryKind,
    when: &str,
    actor: &str,
    summary: &str,
    fields: EntryFields,
) -> EntryId {
    let id = r.entries.len() as i64 + 1;
    r.entries.push(TimelineEntry {
        id,
        case_id: r.case.id,
        occurred_at: at(when),
        recorded_at: at(when),
        recorded_by: actor.to_string(),
        kind,
        actor: actor.to_string(),
        channel: None,
        summary: summary.to_string(),
        details: String::new(),
        asset_id: Some(1),
        external_ref: None,
        fields,
    });
    id
}

/// Attach a proof evidence item to `entry`; ids are 1, 2, 3...
pub fn prove(r: &mut CaseRecord, entry: EntryId) -> EvidenceId {
    let id = r.evidence.len() as i64 + 1;
    r.evidence.push(Evidence {
        id,
        case_id: r.case.id,
        entry_id: Some(entry),
        asset_id: None,
        kind: EvidenceKind::VerificationProof,
        title: format!("proof {id}"),
        media_type: "text/plain".to_string(),
        size: 4,
        sha256: String::new(),
        source: None,
        collected_by: "erin".to_string(),
        collected_at: now(),
    });
    id
}

pub fn approval(approver: &str, covers: EntryId) -> EntryFields {
    EntryFields {
        approver: Some(approver.to_string()),
        covers: Some(covers),
        ..EntryFields::default()
    }
}

pub fn verified(result: VerificationResult) -> EntryFields {
    EntryFields {
        method: Some("assume-role smoke test".to_string()),
        result: Some(result),
        ..EntryFields::default()
    }
}

pub fn none() -> EntryFields {
    EntryFields::default()
}

/// Ids of the complete trail's entries.
pub struct Trail {
    pub reported: EntryId,
    pub request: EntryId,
    pub change: EntryId,
    pub approval: EntryId,
    pub verification: EntryId,
}

/// A complete trail: reported, requested by bob, approved by carol before dave
/// applies it, verified by erin afterwards with proof attached.
pub fn complete() -> (CaseRecord, Trail) {
    let mut r = case(Category::AccessLoss);
    let reported = add(
        &mut r,
        EntryKind::Reported,
        "2026-11-20T09:00:00Z",
        "alice",
        "deploys fail",
        none(),
    );
    let request = add(
        &mut r,
        EntryKind::ChangeRequested,
        "2026-11-20T10:00:00Z",
        "bob",
        "restore s3:PutObject",
        none(),
    );
    let change = add(
        &mut r,
        EntryKind::ChangeApplied,
        "2026-11-20T12:00:00Z",
        "dave",
        "Attach DeployPolicy",
        none(),
    );
    let approval = add(
        &mut r,
        EntryKind::ApprovalGranted,
        "2026-11-20T11:00:00Z",
        "carol",
        "approved in CAB",
        approval("carol", change),
    );
    let verification = add(
        &mut r,
        EntryKind::Verification,
        "2026-11-20T13:00:00Z",
        "erin",
        "deploy succeeded",
        verified(VerificationResult::Passed),
    );
    prove(&mut r, verification);
    (
        r,
        Trail {
            reported,
            request,
            change,
            approval,
            verification,
        },
    )
}
