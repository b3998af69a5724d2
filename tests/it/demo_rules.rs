//! The demo dataset, evaluated with a fixed clock. The table below documents every
//! demo case and the exact gaps its trail has.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use nhitrace::demo::{DemoCase, cases};
use nhitrace::domain::{Category, EntryKind, EvidenceKind, Relation, RootCause};
use nhitrace::rules::{LinkState, RuleConfig, evaluate, trail};
use nhitrace::sanitize::{lines, mask_secrets};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

type Expected = (
    &'static str,
    &'static [(&'static str, &'static [&'static str])],
);

/// Each demo case and its gaps: (code, entry keys).
const EXPECTED: &[Expected] = &[
    // svc-deploy lost S3 write after a boundary change: request, approval, diff, two verifications.
    ("NHI-2026-0031", &[]),
    // svc-deploy key leaked in a public fork: rotated, history purged, consumers told, verified.
    ("NHI-2026-0032", &[]),
    // Salesforce sync rotation exemption: justification, expiry, controls, approver.
    ("NHI-2026-0033", &[]),
    // Credential expiry: key rotated, "verified" by word of mouth, closed anyway.
    (
        "NHI-2026-0034",
        &[("NT002", &["rot", "ver"]), ("NT015", &["cls"])],
    ),
    // Secret rotation: on-call approved the change they applied themselves.
    ("NHI-2026-0035", &[("NT005", &["apr", "chg"])]),
    // Certificate trust: emergency change approved six hours later.
    ("NHI-2026-0036", &[("NT006", &["apr", "chg"])]),
    // Permission drift on svc-deploy: SCP changed with no approval, closed anyway.
    ("NHI-2026-0037", &[("NT001", &["chg"]), ("NT015", &["cls"])]),
    // svc-deploy again: closed as transient with no root cause.
    ("NHI-2026-0038", &[("NT012", &["cls"])]),
    // GitLab token pasted in chat: message deleted, token never rotated.
    ("NHI-2026-0039", &[("NT002", &["cln"]), ("NT008", &[])]),
    // Slack bot token in a gist: revoked and verified, nobody downstream told.
    ("NHI-2026-0040", &[("NT009", &[])]),
    // Power BI exemption lapsed on 2026-11-15, neither revoked nor renewed.
    ("NHI-2026-0041", &[("NT011", &["exm"])]),
    // Legacy SFTP key exemption without expiry or compensating controls.
    ("NHI-2026-0042", &[("NT010", &["exm"])]),
    // Offboarding with no reporter recorded, closed anyway.
    ("NHI-2026-0043", &[("NT003", &[]), ("NT015", &["cls"])]),
    // Policy drift with the role linked only as related; quiet since 2026-10-20.
    ("NHI-2026-0044", &[("NT004", &[]), ("NT014", &["nte"])]),
    // Follow-up change after the verification: never re-verified.
    (
        "NHI-2026-0045",
        &[("NT002", &["chg2"]), ("NT007", &["ver", "chg2"])],
    ),
];

fn demo() -> Vec<DemoCase> {
    cases().unwrap()
}

fn by_ref(demo: &[DemoCase], reference: &str) -> DemoCase {
    demo.iter()
        .find(|c| c.record.case.reference == reference)
        .unwrap()
        .clone()
}

#[test]
fn every_demo_case_has_exactly_the_documented_gaps() {
    let demo = demo();
    let refs: Vec<&str> = demo
        .iter()
        .map(|c| c.record.case.reference.as_str())
        .collect();
    let expected_refs: Vec<&str> = EXPECTED.iter().map(|(r, _)| *r).collect();
    assert_eq!(refs, expected_refs);
    for (case, (reference, expected)) in demo.iter().zip(EXPECTED) {
        let gaps = evaluate(&case.record, now(), &RuleConfig::default());
        let actual: Vec<(&str, Vec<&str>)> = gaps
            .iter()
            .map(|g| {
                let keys = g
                    .entries
                    .iter()
                    .map(|id| case.entry_keys[id].as_str())
                    .collect();
                (g.code.as_str(), keys)
            })
            .collect();
        let expected: Vec<(&str, Vec<&str>)> = expected
            .iter()
            .map(|(code, keys)| (*code, keys.to_vec()))
            .collect();
        assert_eq!(actual, expected, "{reference}");
    }
}

#[test]
fn complete_demo_trails_show_every_needed_link_present() {
    let demo = demo();
    for reference in ["NHI-2026-0031", "NHI-2026-0032", "NHI-2026-0033"] {
        let case = by_ref(&demo, reference);
        assert!(
            trail(&case.record)
                .iter()
                .all(|(_, s)| *s != LinkState::Missing),
            "{reference}: {:?}",
            trail(&case.record)
        );
    }
}

#[test]
fn demo_hits_every_rule_a_dataset_can_show() {
    let demo = demo();
    let hit: BTreeSet<&str> = demo
        .iter()
        .flat_map(|c| evaluate(&c.record, now(), &RuleConfig::default()))
        .map(|g| g.code.as_str())
        .collect();
    // NT013 needs bytes altered inside a store; the store tests cover it.
    let all_but_tamper: BTreeSet<&str> = nhitrace::rules::RuleCode::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| *c != "NT013")
        .collect();
    assert_eq!(hit, all_but_tamper);
}

#[test]
fn demo_shape_refs_dates_and_size() {
    let demo = demo();
    assert!(demo.len() >= 14);
    let start = DateTime::parse_from_rfc3339("2026-09-01T00:00:00Z").unwrap();
    let end = DateTime::parse_from_rfc3339("2026-11-25T23:59:59Z").unwrap();
    for c in &demo {
        let r = &c.record;
        assert!(r.case.reference.starts_with("NHI-2026-00"));
        for at in std::iter::once(r.case.opened_at).chain(r.entries.iter().map(|e| e.occurred_at)) {
            assert!(at >= start && at <= end, "{} {at}", r.case.reference);
        }
        assert_eq!(r.evidence.len(), c.evidence_bytes.len());
        for (ev, bytes) in r.evidence.iter().zip(&c.evidence_bytes) {
            assert_eq!(ev.size, bytes.len() as u64);
            assert_eq!(ev.sha256.len(), 64);
        }
    }
}

#[test]
fn demo_covers_the_situations_the_product_exists_for() {
    let demo = demo();
    let kinds = |c: &DemoCase| c.record.entries.iter().map(|e| e.kind).collect::<Vec<_>>();

    let role_change = by_ref(&demo, "NHI-2026-0031");
    assert_eq!(role_change.record.case.category, Category::AccessLoss);
    let k = kinds(&role_change);
    assert!(k.contains(&EntryKind::ChangeRequested) && k.contains(&EntryKind::ApprovalGranted));
    assert_eq!(
        k.iter().filter(|k| **k == EntryKind::Verification).count(),
        2
    );
    assert!(
        role_change
            .record
            .evidence
            .iter()
            .any(|e| e.kind == EvidenceKind::EntitlementDiff)
    );

    let leak = by_ref(&demo, "NHI-2026-0032");
    assert_eq!(leak.record.case.category, Category::SecretLeak);
    for kind in [
        EntryKind::Rotation,
        EntryKind::Cleanup,
        EntryKind::Notification,
    ] {
        assert!(kinds(&leak).contains(&kind), "{kind}");
    }

    let exemption = by_ref(&demo, "NHI-2026-0033");
    let granted = exemption
        .record
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::ExemptionGranted)
        .unwrap();
    assert!(granted.fields.justification.is_some() && granted.fields.expires_at.is_some());
    assert!(!granted.fields.compensating_controls.is_empty());
    assert!(
        exemption
            .record
            .entries
            .iter()
            .any(|e| e.fields.covers == Some(granted.id))
    );

    let causes: BTreeSet<RootCause> = demo
        .iter()
        .filter(|c| c.record.case.category == Category::AuthFailure)
        .filter_map(|c| c.record.case.root_cause)
        .collect();
    for cause in [
        RootCause::CredentialExpiry,
        RootCause::SecretRotation,
        RootCause::CertificateTrust,
        RootCause::PermissionDrift,
    ] {
        assert!(causes.contains(&cause), "{cause}");
    }

    assert!(
        demo.iter()
            .any(|c| c.record.case.category == Category::Offboarding)
    );

    let mut affected_cases: BTreeMap<i64, usize> = BTreeMap::new();
    for c in &demo {
        for link in c
            .record
            .assets
            .iter()
            .filter(|l| l.relation == Relation::Affected)
        {
            *affected_cases.entry(link.asset.id).or_default() += 1;
        }
    }
    assert!(
        affected_cases.values().any(|n| *n >= 3),
        "{affected_cases:?}"
    );
}

#[test]
fn demo_evidence_carries_escape_sequences_and_a_secret_that_are_neutralised() {
    let texts: Vec<String> = demo()
        .iter()
        .flat_map(|c| c.evidence_bytes.clone())
        .map(|b| String::from_utf8(b).unwrap())
        .collect();
    let terminal_log = texts
        .iter()
        .find(|t| t.contains("\x1b]0;") && t.contains("\x1b[31m"))
        .unwrap();
    let shown = lines(terminal_log);
    assert!(shown.iter().all(|l| !l.chars().any(char::is_control)));
    assert!(shown[0].starts_with("␛]0;deploy@ci-runner-07: ~/release␇$ ./deploy.sh"));

    let chat = texts.iter().find(|t| t.contains("glpat-")).unwrap();
    let masked = mask_secrets(chat);
    assert!(masked.contains("oauth2:glpat-…N3zB@"));
    assert!(!masked.contains("Rk7vQ2mX9pL4sT8wN3zB"));
}
