//! Rules NT008–NT015 and gap ordering: records built in code, a fixed clock, exact gaps.

use crate::support::rules::*;
use nhitrace::domain::{
    CaseStatus, Category, EntryFields, EntryKind, LinkedAsset, Relation, RootCause,
};
use nhitrace::rules::{RuleConfig, evaluate};

/// A leak case: reported, the affected key (asset 1) rotated and verified with proof,
/// consumers told. Complete.
fn leak() -> (nhitrace::domain::CaseRecord, i64, i64) {
    let mut r = case(Category::SecretLeak);
    r.assets.push(LinkedAsset {
        asset: asset(2, "ci runner token"),
        relation: Relation::Related,
    });
    add(
        &mut r,
        EntryKind::Reported,
        "2026-11-24T09:00:00Z",
        "scanner",
        "key in repo",
        none(),
    );
    let rotation = add(
        &mut r,
        EntryKind::Rotation,
        "2026-11-24T10:00:00Z",
        "dave",
        "rotated key",
        none(),
    );
    let told = EntryFields {
        recipients: vec!["payments-team".to_string()],
        ..EntryFields::default()
    };
    let notification = add(
        &mut r,
        EntryKind::Notification,
        "2026-11-24T10:30:00Z",
        "dave",
        "consumers told",
        told,
    );
    let v = add(
        &mut r,
        EntryKind::Verification,
        "2026-11-24T11:00:00Z",
        "erin",
        "old key refused",
        verified(nhitrace::domain::VerificationResult::Passed),
    );
    prove(&mut r, v);
    (r, rotation, notification)
}

#[test]
fn leak_with_rotation_and_notification_is_complete() {
    assert_eq!(gaps(&leak().0), vec![]);
}

#[test]
fn nt008_no_rotation_at_all() {
    let (mut r, rotation, _) = leak();
    r.entries.retain(|e| e.id != rotation);
    let g = gaps(&r);
    assert_eq!(codes(&g), vec![("NT008", vec![])]);
    assert_eq!(
        g[0].message,
        "secret leak with no rotation or revocation recorded"
    );
}

#[test]
fn nt008_rotation_of_a_related_asset_only() {
    let (mut r, rotation, _) = leak();
    r.entries[rotation as usize - 1].asset_id = Some(2);
    assert_eq!(codes(&gaps(&r)), vec![("NT008", vec![rotation])]);
}

#[test]
fn nt008_near_misses_revocation_counts_and_other_categories_need_none() {
    let (mut r, rotation, _) = leak();
    r.entries[rotation as usize - 1].kind = EntryKind::Revocation;
    assert_eq!(gaps(&r), vec![]);
    r.entries.retain(|e| e.id != rotation);
    r.case.category = Category::AuthFailure;
    assert_eq!(gaps(&r), vec![]);
}

#[test]
fn nt009_no_notification_or_one_without_recipients() {
    let (mut r, _, notification) = leak();
    r.entries[notification as usize - 1].fields.recipients = vec![" ".to_string()];
    let g = gaps(&r);
    assert_eq!(codes(&g), vec![("NT009", vec![notification])]);
    assert_eq!(
        g[0].message,
        "secret leak: notification recorded without any recipient"
    );
    r.entries.retain(|e| e.id != notification);
    assert_eq!(codes(&gaps(&r)), vec![("NT009", vec![])]);
}

/// An exemption approved by someone else, with everything it needs.
fn exemption(expires: &str) -> (nhitrace::domain::CaseRecord, i64) {
    let mut r = case(Category::Exemption);
    add(
        &mut r,
        EntryKind::Reported,
        "2026-11-20T09:00:00Z",
        "alice",
        "vendor sync needs legacy key",
        none(),
    );
    let fields = EntryFields {
        justification: Some("vendor cannot use OIDC before Q1".to_string()),
        expires_at: Some(at(expires)),
        compensating_controls: vec![
            "IP allow-list".to_string(),
            "daily key-use review".to_string(),
        ],
        ..EntryFields::default()
    };
    let e = add(
        &mut r,
        EntryKind::ExemptionGranted,
        "2026-11-21T09:00:00Z",
        "dave",
        "legacy key allowed",
        fields,
    );
    add(
        &mut r,
        EntryKind::ApprovalGranted,
        "2026-11-21T08:00:00Z",
        "carol",
        "risk accepted",
        approval("carol", e),
    );
    (r, e)
}

#[test]
fn nt010_names_what_the_exemption_lacks() {
    let (mut r, e) = exemption("2026-12-31T00:00:00Z");
    let f = &mut r.entries[e as usize - 1].fields;
    f.justification = Some(String::new());
    f.compensating_controls = vec!["  ".to_string()];
    let g = gaps(&r);
    assert_eq!(codes(&g), vec![("NT010", vec![e])]);
    assert_eq!(
        g[0].message,
        "exemption_granted \"legacy key allowed\" has no justification, no compensating controls"
    );
    r.entries[e as usize - 1].fields.expires_at = None;
    assert_eq!(
        gaps(&r)[0].message,
        "exemption_granted \"legacy key allowed\" has no justification, no expiry, no compensating controls"
    );
}

#[test]
fn nt010_near_miss_complete_exemption_in_force() {
    assert_eq!(gaps(&exemption("2026-12-31T00:00:00Z").0), vec![]);
}

#[test]
fn nt011_expired_and_neither_revoked_nor_renewed() {
    let (r, e) = exemption("2026-11-25T00:00:00Z");
    let g = gaps(&r);
    assert_eq!(codes(&g), vec![("NT011", vec![e])]);
    assert_eq!(
        g[0].message,
        "exemption_granted \"legacy key allowed\" expired 2026-11-25 00:00 UTC and was neither revoked nor renewed"
    );
}

#[test]
fn nt011_near_misses_revoked_or_renewed() {
    let (mut revoked, _) = exemption("2026-11-25T00:00:00Z");
    add(
        &mut revoked,
        EntryKind::ExemptionRevoked,
        "2026-11-25T09:00:00Z",
        "dave",
        "legacy key disabled",
        none(),
    );
    assert_eq!(gaps(&revoked), vec![]);

    let (mut renewed, _) = exemption("2026-11-25T00:00:00Z");
    let fields = EntryFields {
        justification: Some("vendor slipped to Q2".to_string()),
        expires_at: Some(at("2027-03-31T00:00:00Z")),
        compensating_controls: vec!["IP allow-list".to_string()],
        ..EntryFields::default()
    };
    let again = add(
        &mut renewed,
        EntryKind::ExemptionGranted,
        "2026-11-24T09:00:00Z",
        "dave",
        "renewed",
        fields,
    );
    add(
        &mut renewed,
        EntryKind::ApprovalGranted,
        "2026-11-24T08:00:00Z",
        "carol",
        "ok",
        approval("carol", again),
    );
    assert_eq!(gaps(&renewed), vec![]);
}

#[test]
fn nt011_a_renewal_that_also_lapsed_leaves_both_flagged() {
    let (mut r, e) = exemption("2026-11-25T00:00:00Z");
    let fields = EntryFields {
        justification: Some("one more week".to_string()),
        expires_at: Some(at("2026-11-26T00:00:00Z")),
        compensating_controls: vec!["IP allow-list".to_string()],
        ..EntryFields::default()
    };
    let again = add(
        &mut r,
        EntryKind::ExemptionGranted,
        "2026-11-24T09:00:00Z",
        "dave",
        "renewed",
        fields,
    );
    add(
        &mut r,
        EntryKind::ApprovalGranted,
        "2026-11-24T08:00:00Z",
        "carol",
        "ok",
        approval("carol", again),
    );
    assert_eq!(
        codes(&gaps(&r)),
        vec![("NT011", vec![e]), ("NT011", vec![again])]
    );
}

/// A closed auth-failure case with a complete trail.
fn closed_auth_failure() -> (nhitrace::domain::CaseRecord, i64) {
    let (mut r, _) = complete();
    r.case.category = Category::AuthFailure;
    r.case.status = CaseStatus::Closed;
    r.case.root_cause = Some(RootCause::CredentialExpiry);
    let closed = add(
        &mut r,
        EntryKind::Closed,
        "2026-11-21T09:00:00Z",
        "olga",
        "closed",
        none(),
    );
    (r, closed)
}

#[test]
fn nt012_closed_auth_failure_without_root_cause() {
    let (mut r, closed) = closed_auth_failure();
    assert_eq!(gaps(&r), vec![]);
    r.case.root_cause = None;
    let g = gaps(&r);
    assert_eq!(codes(&g), vec![("NT012", vec![closed])]);
    assert_eq!(
        g[0].message,
        "authentication failure closed without a root cause"
    );
    r.case.category = Category::AccessLoss;
    assert_eq!(gaps(&r), vec![], "only auth failures need a root cause");
}

#[test]
fn nt013_tampered_evidence_and_nt015_closed_over_it() {
    let (mut r, closed) = closed_auth_failure();
    r.tampered_evidence = vec![1];
    let g = gaps(&r);
    let verification = r.evidence[0].entry_id.unwrap();
    assert_eq!(
        codes(&g),
        vec![("NT013", vec![verification]), ("NT015", vec![closed])]
    );
    assert_eq!(g[0].evidence, vec![1]);
    assert_eq!(
        g[0].message,
        "evidence \"proof 1\" no longer matches its SHA-256"
    );
    assert_eq!(g[1].message, "closed with open error gaps: NT013");
}

#[test]
fn nt014_open_case_without_activity() {
    let (mut r, _) = complete();
    let last = r.entries.iter().max_by_key(|e| e.occurred_at).unwrap().id;
    // Last activity 2026-11-20 13:00; the clock is 2026-11-27 12:00: under 7 days.
    assert_eq!(gaps(&r), vec![]);
    let strict = RuleConfig {
        stale_after_days: 5,
    };
    let g = evaluate(&r, now(), &strict);
    assert_eq!(codes(&g), vec![("NT014", vec![last])]);
    assert_eq!(g[0].message, "no activity for 6 days (since 2026-11-20)");
    r.case.status = CaseStatus::Closed;
    assert_eq!(evaluate(&r, now(), &strict), vec![]);
}

#[test]
fn nt014_uses_opened_at_without_entries_and_is_exclusive_at_the_threshold() {
    let mut r = case(Category::Other);
    r.case.opened_at = at("2026-11-13T12:00:00Z");
    assert_eq!(gaps(&r), vec![], "exactly 14 days is not stale yet");
    r.case.opened_at = at("2026-11-13T11:59:00Z");
    assert_eq!(codes(&gaps(&r)), vec![("NT014", vec![])]);
}

#[test]
fn nt015_only_for_error_level_gaps() {
    let (mut r, closed) = closed_auth_failure();
    r.case.reporter = None;
    assert_eq!(
        codes(&gaps(&r)),
        vec![("NT003", vec![]), ("NT015", vec![closed])]
    );
    r.case.reporter = Some("alice".to_string());
    r.case.root_cause = None;
    assert_eq!(
        codes(&gaps(&r)),
        vec![("NT012", vec![closed])],
        "a warning alone does not trigger NT015"
    );
}

#[test]
fn gaps_are_ordered_by_code_then_first_entry() {
    let mut r = case(Category::SecretLeak);
    r.case.reporter = None;
    let second = add(
        &mut r,
        EntryKind::ChangeApplied,
        "2026-11-26T10:00:00Z",
        "dave",
        "b",
        none(),
    );
    let first = add(
        &mut r,
        EntryKind::ChangeApplied,
        "2026-11-26T09:00:00Z",
        "dave",
        "a",
        none(),
    );
    assert_eq!(
        codes(&gaps(&r)),
        vec![
            ("NT001", vec![second]),
            ("NT001", vec![first]),
            ("NT002", vec![second]),
            ("NT003", vec![]),
            ("NT008", vec![]),
            ("NT009", vec![]),
        ]
    );
}
