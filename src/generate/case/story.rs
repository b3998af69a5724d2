//! The story of a generated case: its timeline for its category, stage by stage,
//! cut short where an open case has got to, with a realistic share of broken links.

use chrono::Duration;

use super::super::vocab::{CONTROLS, FAILURES, LEAK_PLACES, TEAMS};
use super::CaseBuilder;
use crate::domain::{
    Asset, CaseStatus, Category, EntryFields, EntryKind, EvidenceKind, RootCause,
    VerificationResult,
};

impl CaseBuilder<'_> {
    pub(super) fn timeline(&mut self, affected: &Asset) {
        let case = self.record.case.clone();
        self.steps = match case.status {
            CaseStatus::Open => 2,
            CaseStatus::Investigating => 3,
            CaseStatus::AwaitingApproval => 4,
            CaseStatus::Remediating => 7,
            CaseStatus::Verifying | CaseStatus::Closed => 9,
        };
        let reporter = case.reporter.clone().unwrap_or_else(|| "unknown".into());
        let responder = self.person();
        let approver = self.person();
        let first = self.entry(
            EntryKind::Reported,
            &reporter,
            format!(
                "{} reported via {}",
                case.title,
                case.reported_via.as_deref().unwrap_or("chat")
            ),
            EntryFields::default(),
        );
        self.evidence(
            first,
            EvidenceKind::ChatExport,
            "Report thread",
            format!(
                "[{}] {reporter}: {}\n[{}] {responder}: looking now\n",
                self.clock.format("%H:%M"),
                case.title,
                (self.clock + Duration::minutes(4)).format("%H:%M")
            ),
        );
        if self.advance() {
            self.entry(
                EntryKind::Triaged,
                &responder,
                format!("Triaged as {} {}", case.severity, case.category),
                EntryFields::default(),
            );
        }
        if self.advance() {
            let note = self.entry(
                EntryKind::Note,
                &responder,
                "Investigation notes".into(),
                EntryFields::default(),
            );
            let line = *self.rng.pick(FAILURES);
            self.evidence(
                note,
                EvidenceKind::LogExcerpt,
                "Failing calls",
                format!(
                    "{} ERROR {line} principal={}\n",
                    self.clock.to_rfc3339(),
                    affected.identifier
                ),
            );
        }
        if self.rng.chance(30) {
            self.entry(
                EntryKind::Note,
                &responder,
                "Consumers identified from access logs".into(),
                EntryFields::default(),
            );
        }
        if !self.advance() {
            return;
        }
        let exemption = case.category == Category::Exemption;
        self.entry(
            EntryKind::ChangeRequested,
            &responder,
            if exemption {
                "Exemption requested for integration".into()
            } else {
                format!("Change requested on {}", affected.name)
            },
            EntryFields::default(),
        );
        let approver = if self.rng.chance(3) {
            responder.clone()
        } else {
            approver
        };
        let retroactive = self.rng.chance(3);
        let approve = !self.rng.chance(12);
        if !self.advance() {
            return;
        }
        let change_kind = if exemption {
            EntryKind::ExemptionGranted
        } else {
            EntryKind::ChangeApplied
        };
        let mut change_fields = EntryFields::default();
        if exemption {
            change_fields.justification = (!self.rng.chance(8))
                .then(|| "Vendor integration cannot use workload identity yet".to_string());
            change_fields.expires_at = Some(self.clock + Duration::days(self.rng.range(14, 120)));
            if !self.rng.chance(8) {
                change_fields.compensating_controls = vec![
                    self.rng.pick(CONTROLS).to_string(),
                    self.rng.pick(CONTROLS).to_string(),
                ];
            }
        }
        // The approval normally comes before the change; a retroactive one after it.
        let approval_at = self.clock + Duration::minutes(self.rng.range(10, 240));
        let change_at = if retroactive {
            approval_at - Duration::minutes(30)
        } else {
            approval_at + Duration::minutes(self.rng.range(5, 120))
        };
        let change = self.entry_at(
            change_at,
            change_kind,
            &responder,
            if exemption {
                format!("Exemption granted for {}", affected.name)
            } else {
                format!("Entitlement change applied to {}", affected.name)
            },
            change_fields,
        );
        if approve {
            let approval = self.entry_at(
                approval_at,
                EntryKind::ApprovalGranted,
                &approver,
                format!("Approved change #{change}"),
                EntryFields {
                    approver: Some(approver.clone()),
                    covers: Some(change),
                    ..EntryFields::default()
                },
            );
            self.evidence(
                approval,
                EvidenceKind::ApprovalRecord,
                "Approval record",
                format!(
                    "Change #{change} approved by {approver} at {}\n",
                    approval_at.to_rfc3339()
                ),
            );
        }
        self.clock = approval_at.max(change_at);
        if !self.advance() {
            return;
        }
        let leak = case.category == Category::SecretLeak;
        if !exemption && (!leak || !self.rng.chance(8)) {
            let kind = if leak || self.rng.chance(50) {
                EntryKind::Rotation
            } else {
                EntryKind::Revocation
            };
            let rotation = self.entry(
                kind,
                &responder,
                format!("{} {}", kind, affected.name),
                EntryFields::default(),
            );
            // An entry can only name an asset linked to its case.
            let linked = self.record.assets.iter().any(|a| a.asset.id == affected.id);
            if let Some(entry) = self.record.entries.last_mut().filter(|_| linked) {
                entry.asset_id = Some(affected.id);
            }
            self.evidence(
                rotation,
                EvidenceKind::RotationLog,
                "Rotation log",
                format!(
                    "{} rotated credential for {} (old id {})\n",
                    self.clock.to_rfc3339(),
                    affected.name,
                    affected.identifier
                ),
            );
        }
        if leak && !self.rng.chance(10) {
            let recipients = vec![
                format!("{}-oncall", self.rng.pick(TEAMS)),
                format!("{}-oncall", self.rng.pick(TEAMS)),
            ];
            let place = *self.rng.pick(LEAK_PLACES);
            let notice = self.entry(
                EntryKind::Notification,
                &responder,
                format!("Consumers told of the leak in {place}"),
                EntryFields {
                    recipients,
                    ..EntryFields::default()
                },
            );
            self.evidence(notice, EvidenceKind::NotificationRecord, "Notification", "Subject: credential rotated\nThe credential was rotated; redeploy with the new secret.\n".into());
        }
        if !self.advance() {
            return;
        }
        if self.rng.chance(40) {
            self.entry(
                EntryKind::Cleanup,
                &responder,
                "Removed the old credential from config".into(),
                EntryFields::default(),
            );
        }
        if self.rng.chance(90) {
            let method = "Re-ran the failing job and checked the access logs".to_string();
            let result = if self.rng.chance(95) {
                VerificationResult::Passed
            } else {
                VerificationResult::Failed
            };
            let verifier = self.person();
            let verification = self.entry(
                EntryKind::Verification,
                &verifier,
                "Fix verified".into(),
                EntryFields {
                    method: Some(method),
                    result: Some(result),
                    ..EntryFields::default()
                },
            );
            if self.rng.chance(88) {
                self.evidence(
                    verification,
                    EvidenceKind::VerificationProof,
                    "Verification run",
                    format!(
                        "{} job ok; 0 AccessDenied in 24h for {}\n",
                        self.clock.to_rfc3339(),
                        affected.identifier
                    ),
                );
            }
        }
        if exemption && case.status == CaseStatus::Closed && self.rng.chance(85) {
            self.entry(
                EntryKind::ExemptionRevoked,
                &responder,
                "Exemption revoked: integration moved to workload identity".into(),
                EntryFields::default(),
            );
        }
        if case.status == CaseStatus::Closed {
            let closer = self.person();
            self.entry(
                EntryKind::Closed,
                &closer,
                "Case closed".into(),
                EntryFields::default(),
            );
            let closed_at = self.clock;
            let case = &mut self.record.case;
            case.closed_at = Some(closed_at);
            case.closing_note = Some("Remediated and verified; see timeline.".into());
            if case.category == Category::AuthFailure && self.rng.chance(92) {
                case.root_cause = Some(*self.rng.pick(&RootCause::ALL[..5]));
            }
        }
    }
}
