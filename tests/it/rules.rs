//! Rules NT001–NT007, the trail and the catalogue: records built in code, a fixed
//! clock, exact gaps.

use crate::support::rules::*;
use nhitrace::domain::{EntryKind, Relation, VerificationResult};
use nhitrace::rules::{CATALOGUE, GapSeverity, LinkState, RuleCode, TrailLink, trail};

#[test]
fn complete_trail_has_no_gaps_and_every_link_present() {
    let (r, _) = complete();
    assert_eq!(gaps(&r), vec![]);
    assert_eq!(
        trail(&r),
        [
            (TrailLink::Reported, LinkState::Present),
            (TrailLink::Affected, LinkState::Present),
            (TrailLink::Approved, LinkState::Present),
            (TrailLink::Remediated, LinkState::Present),
            (TrailLink::Verified, LinkState::Present),
        ]
    );
}

#[test]
fn nt001_change_with_no_approval() {
    let (mut r, t) = complete();
    r.entries.retain(|e| e.id != t.approval);
    let g = gaps(&r);
    assert_eq!(codes(&g), vec![("NT001", vec![t.change])]);
    assert_eq!(
        g[0].message,
        "change_applied \"Attach DeployPolicy\" has no approval naming an approver"
    );
    assert_eq!(g[0].severity, GapSeverity::Error);
    assert_eq!(trail(&r)[2], (TrailLink::Approved, LinkState::Missing));
}

#[test]
fn nt001_blank_approver_is_named_in_the_gap() {
    let (mut r, t) = complete();
    r.entries[t.approval as usize - 1].fields.approver = Some("  ".to_string());
    let g = gaps(&r);
    assert_eq!(codes(&g), vec![("NT001", vec![t.change, t.approval])]);
    assert_eq!(
        g[0].message,
        "change_applied \"Attach DeployPolicy\" has an approval with no approver named"
    );
}

#[test]
fn nt001_approval_of_another_entry_or_a_denial_does_not_cover() {
    let (mut r, t) = complete();
    r.entries[t.approval as usize - 1].fields.covers = Some(t.request);
    add(
        &mut r,
        EntryKind::ApprovalDenied,
        "2026-11-20T11:30:00Z",
        "frank",
        "denied",
        approval("frank", t.change),
    );
    assert_eq!(codes(&gaps(&r)), vec![("NT001", vec![t.change])]);
}

#[test]
fn nt001_each_uncovered_exemption_and_change_is_its_own_gap() {
    let (mut r, t) = complete();
    let second = add(
        &mut r,
        EntryKind::ChangeApplied,
        "2026-11-20T12:30:00Z",
        "dave",
        "Detach AdminAccess",
        none(),
    );
    let exemption = add(
        &mut r,
        EntryKind::ExemptionGranted,
        "2026-11-20T12:40:00Z",
        "dave",
        "allow legacy",
        none(),
    );
    let g = gaps(&r);
    let nt001: Vec<_> = codes(&g)
        .into_iter()
        .filter(|(c, _)| *c == "NT001")
        .collect();
    // The approved change stays covered; only the two new ones are flagged.
    assert_eq!(
        nt001,
        vec![("NT001", vec![second]), ("NT001", vec![exemption])]
    );
    assert_ne!(second, t.change);
}

#[test]
fn nt002_verification_without_proof() {
    let (mut r, t) = complete();
    r.evidence.clear();
    let g = gaps(&r);
    assert_eq!(codes(&g), vec![("NT002", vec![t.change, t.verification])]);
    assert_eq!(
        g[0].message,
        "verification after change_applied \"Attach DeployPolicy\" has no proof evidence attached"
    );
    assert_eq!(trail(&r)[4], (TrailLink::Verified, LinkState::Missing));
}

#[test]
fn nt002_failed_verification_with_proof_is_not_enough() {
    let (mut r, t) = complete();
    r.entries[t.verification as usize - 1].fields.result = Some(VerificationResult::Failed);
    let g = gaps(&r);
    assert_eq!(codes(&g), vec![("NT002", vec![t.change])]);
    assert_eq!(
        g[0].message,
        "no verification after change_applied \"Attach DeployPolicy\" passed"
    );
}

#[test]
fn nt002_and_nt007_a_later_fix_needs_a_new_verification() {
    let (mut r, t) = complete();
    let rotation = add(
        &mut r,
        EntryKind::Rotation,
        "2026-11-21T08:00:00Z",
        "dave",
        "rotated key",
        none(),
    );
    let g = gaps(&r);
    assert_eq!(
        codes(&g),
        vec![
            ("NT002", vec![rotation]),
            ("NT007", vec![t.verification, rotation])
        ]
    );
    assert_eq!(
        g[0].message,
        "rotation \"rotated key\" is not followed by any verification"
    );
    assert_eq!(
        g[1].message,
        "latest verification (2026-11-20 13:00 UTC) predates rotation \"rotated key\""
    );
    assert_eq!(g[1].severity, GapSeverity::Warning);
}

#[test]
fn nt002_near_misses_same_instant_and_no_remediation() {
    let (mut r, t) = complete();
    r.entries[t.verification as usize - 1].occurred_at =
        r.entries[t.change as usize - 1].occurred_at;
    assert_eq!(gaps(&r), vec![]);

    let mut quiet = case(nhitrace::domain::Category::Other);
    add(
        &mut quiet,
        EntryKind::Reported,
        "2026-11-26T09:00:00Z",
        "alice",
        "question",
        none(),
    );
    assert_eq!(gaps(&quiet), vec![]);
    assert_eq!(
        trail(&quiet)[2],
        (TrailLink::Approved, LinkState::NotNeeded)
    );
    assert_eq!(
        trail(&quiet)[3],
        (TrailLink::Remediated, LinkState::Missing)
    );
    assert_eq!(
        trail(&quiet)[4],
        (TrailLink::Verified, LinkState::NotNeeded)
    );
}

#[test]
fn nt003_blank_or_missing_reporter() {
    for reporter in [None, Some("   ")] {
        let (mut r, _) = complete();
        r.case.reporter = reporter.map(str::to_string);
        let g = gaps(&r);
        assert_eq!(codes(&g), vec![("NT003", vec![])]);
        assert_eq!(g[0].message, "no reporter recorded");
        assert_eq!(trail(&r)[0], (TrailLink::Reported, LinkState::Missing));
    }
}

#[test]
fn nt004_no_asset_or_only_related_assets() {
    let (mut r, _) = complete();
    r.assets[0].relation = Relation::Related;
    let g = gaps(&r);
    assert_eq!(codes(&g), vec![("NT004", vec![])]);
    assert_eq!(g[0].message, "the linked asset is not marked affected");
    assert_eq!(trail(&r)[1], (TrailLink::Affected, LinkState::Missing));
    r.assets.push(r.assets[0].clone());
    assert_eq!(
        gaps(&r)[0].message,
        "none of the 2 linked assets is marked affected"
    );
    r.assets.clear();
    assert_eq!(gaps(&r)[0].message, "no asset linked");
}

#[test]
fn nt005_approver_applied_the_change() {
    let (mut r, t) = complete();
    r.entries[t.approval as usize - 1].fields.approver = Some(" Dave ".to_string());
    let g = gaps(&r);
    assert_eq!(codes(&g), vec![("NT005", vec![t.approval, t.change])]);
    assert_eq!(
        g[0].message,
        "Dave approved change_applied \"Attach DeployPolicy\" they applied themselves"
    );
}

#[test]
fn nt005_approver_requested_the_change() {
    let (mut r, t) = complete();
    r.entries[t.approval as usize - 1].fields.approver = Some("BOB".to_string());
    assert_eq!(
        codes(&gaps(&r)),
        vec![("NT005", vec![t.approval, t.request])]
    );
}

#[test]
fn nt005_near_miss_request_after_the_approval_does_not_count() {
    let (mut r, _) = complete();
    add(
        &mut r,
        EntryKind::ChangeRequested,
        "2026-11-22T10:00:00Z",
        "carol",
        "follow-up",
        none(),
    );
    assert_eq!(gaps(&r), vec![]);
}

#[test]
fn nt006_approval_after_the_change() {
    let (mut r, t) = complete();
    r.entries[t.approval as usize - 1].occurred_at = at("2026-11-22T12:00:00Z");
    let g = gaps(&r);
    assert_eq!(codes(&g), vec![("NT006", vec![t.approval, t.change])]);
    assert_eq!(
        g[0].message,
        "approval of change_applied \"Attach DeployPolicy\" is dated 2 days after the change"
    );
}

#[test]
fn nt006_near_miss_approval_at_the_same_instant() {
    let (mut r, t) = complete();
    r.entries[t.approval as usize - 1].occurred_at = r.entries[t.change as usize - 1].occurred_at;
    assert_eq!(gaps(&r), vec![]);
}

#[test]
fn nt007_near_miss_latest_verification_after_fix() {
    let (mut r, _) = complete();
    add(
        &mut r,
        EntryKind::Verification,
        "2026-11-20T08:00:00Z",
        "erin",
        "baseline",
        verified(VerificationResult::Failed),
    );
    assert_eq!(gaps(&r), vec![]);
}

#[test]
fn remediated_by_exemption_alone() {
    let mut r = case(nhitrace::domain::Category::Exemption);
    add(
        &mut r,
        EntryKind::ExemptionGranted,
        "2026-11-25T09:00:00Z",
        "dave",
        "legacy sync",
        none(),
    );
    assert_eq!(trail(&r)[3], (TrailLink::Remediated, LinkState::Present));
    assert_eq!(trail(&r)[4], (TrailLink::Verified, LinkState::NotNeeded));
}

#[test]
fn catalogue_is_in_code_order_and_matches_the_design_table() {
    let errors = [
        "NT001", "NT002", "NT003", "NT004", "NT008", "NT010", "NT011", "NT013",
    ];
    assert_eq!(CATALOGUE.len(), RuleCode::ALL.len());
    for (info, &code) in CATALOGUE.iter().zip(RuleCode::ALL) {
        assert_eq!(info.code, code);
        assert_eq!(code.info().code, code);
        let expected = if errors.contains(&code.as_str()) {
            GapSeverity::Error
        } else {
            GapSeverity::Warning
        };
        assert_eq!(info.severity, expected, "{code}");
        assert!(
            !info.title.is_empty() && info.explanation.ends_with('.'),
            "{code}"
        );
    }
    assert_eq!(
        RuleCode::Nt001.info().frameworks,
        ["CSF PR.AA-05", "CSF RS.AN-06", "OWASP NHI5", "OWASP NHI10"]
    );
    assert_eq!(
        RuleCode::Nt008.info().frameworks,
        ["OWASP NHI2", "OWASP NHI7"]
    );
    assert!(RuleCode::Nt014.info().frameworks.is_empty());
}
