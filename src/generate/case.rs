//! One generated case: a plausible timeline for its category, cut short where an open
//! case has got to, with a realistic share of broken links.

use chrono::{DateTime, Duration, Utc};

use super::rng::Rng;
use super::vocab::{CHANNELS, CONTROLS, FAILURES, LEAK_PLACES, PEOPLE, TEAMS, TRACKERS};
use crate::domain::{
    Asset, Case, CaseRecord, CaseStatus, Category, EntryFields, EntryKind, Evidence, EvidenceKind,
    ExternalRef, LinkedAsset, Relation, RootCause, Severity, TimelineEntry, VerificationResult,
};

const CATEGORIES: &[Category] = &[
    Category::AccessLoss,
    Category::AccessLoss,
    Category::SecretLeak,
    Category::SecretLeak,
    Category::AuthFailure,
    Category::AuthFailure,
    Category::AuthFailure,
    Category::PermissionDrift,
    Category::Exemption,
    Category::Offboarding,
    Category::Other,
];

/// Builds one case record and the bytes of its evidence.
pub struct CaseBuilder<'a> {
    rng: &'a mut Rng,
    record: CaseRecord,
    bytes: Vec<Vec<u8>>,
    clock: DateTime<Utc>,
    /// How far along its story the case has got, and how far it goes.
    step: u32,
    steps: u32,
}

impl<'a> CaseBuilder<'a> {
    pub fn build(
        rng: &'a mut Rng,
        reference: String,
        opened_at: DateTime<Utc>,
        closed: bool,
        pool: &[Asset],
    ) -> (CaseRecord, Vec<Vec<u8>>) {
        let category = *rng.pick(CATEGORIES);
        let severity = *rng.pick(&[
            Severity::Low,
            Severity::Medium,
            Severity::Medium,
            Severity::High,
            Severity::Critical,
        ]);
        let status = if closed {
            CaseStatus::Closed
        } else {
            *rng.pick(&CaseStatus::ALL[..5])
        };
        let team = *rng.pick(TEAMS);
        let (system, prefix) = *rng.pick(TRACKERS);
        let external = ExternalRef {
            system: system.to_string(),
            key: format!("{prefix}-{}", rng.range(1000, 99_999)),
            url: None,
        };
        let affected = rng.pick(pool).clone();
        let related = rng.pick(pool).clone();
        let title = title(rng, category, &affected);
        let reporter = (!rng.chance(3)).then(|| rng.pick(PEOPLE).to_string());
        let mut assets = Vec::new();
        if !rng.chance(3) {
            assets.push(LinkedAsset {
                asset: affected.clone(),
                relation: Relation::Affected,
            });
        }
        if related.id != affected.id && rng.chance(85) {
            assets.push(LinkedAsset {
                asset: related,
                relation: Relation::Related,
            });
        }
        let case = Case {
            id: 1,
            reference,
            title,
            summary: format!(
                "Reported against {} ({}).",
                affected.name, affected.identifier
            ),
            category,
            severity,
            status,
            reporter,
            reported_via: Some(rng.pick(CHANNELS).to_string()),
            owner: Some(format!("{}@{team}", rng.pick(PEOPLE))),
            reviewer: rng.chance(50).then(|| rng.pick(PEOPLE).to_string()),
            opened_at,
            closed_at: None,
            closing_note: None,
            root_cause: None,
            external_refs: vec![external],
        };
        let mut builder = CaseBuilder {
            rng,
            record: CaseRecord {
                case,
                assets,
                entries: Vec::new(),
                evidence: Vec::new(),
                tampered_evidence: Vec::new(),
            },
            bytes: Vec::new(),
            clock: opened_at,
            step: 1,
            steps: 0,
        };
        builder.timeline(&affected);
        (builder.record, builder.bytes)
    }

    fn timeline(&mut self, affected: &Asset) {
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
            change_fields.expires_at = Some(self.clock + Duration::days(self.rng.range(-20, 90)));
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
        self.clock = change_at;
        let change = self.entry(
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
            self.clock = approval_at;
            let approval = self.entry(
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
            self.clock = approval_at.max(change_at);
        }
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

    /// Move to the next stage of the story; false once an open case has got no further.
    fn advance(&mut self) -> bool {
        self.step += 1;
        self.step <= self.steps
    }

    fn person(&mut self) -> String {
        self.rng.pick(PEOPLE).to_string()
    }

    /// Append an entry a little after the previous one; returns its local id.
    fn entry(&mut self, kind: EntryKind, actor: &str, summary: String, fields: EntryFields) -> i64 {
        self.clock += Duration::minutes(self.rng.range(3, 600));
        let id = self.record.entries.len() as i64 + 1;
        self.record.entries.push(TimelineEntry {
            id,
            case_id: 1,
            occurred_at: self.clock,
            recorded_at: self.clock + Duration::minutes(self.rng.range(0, 90)),
            recorded_by: actor.to_string(),
            kind,
            actor: actor.to_string(),
            channel: Some(self.rng.pick(CHANNELS).to_string()),
            summary,
            details: String::new(),
            asset_id: None,
            external_ref: None,
            fields,
        });
        id
    }

    fn evidence(&mut self, entry: i64, kind: EvidenceKind, title: &str, text: String) {
        let id = self.record.evidence.len() as i64 + 1;
        let collected_by = self.person();
        self.record.evidence.push(Evidence {
            id,
            case_id: 1,
            entry_id: Some(entry),
            asset_id: None,
            kind,
            title: title.to_string(),
            media_type: "text/plain".into(),
            size: text.len() as u64,
            sha256: String::new(),
            source: Some("generated".into()),
            collected_by,
            collected_at: self.clock,
        });
        self.bytes.push(text.into_bytes());
    }
}

fn title(rng: &mut Rng, category: Category, asset: &Asset) -> String {
    match category {
        Category::AccessLoss => format!("{} lost access after role change", asset.name),
        Category::SecretLeak => format!("{} leaked in {}", asset.name, rng.pick(LEAK_PLACES)),
        Category::Exemption => format!("Temporary exemption for {}", asset.name),
        Category::AuthFailure => {
            format!("Auth failures for {}: {}", asset.name, rng.pick(FAILURES))
        }
        Category::PermissionDrift => format!("Permission drift on {}", asset.name),
        Category::Offboarding => format!("Offboard {} after team change", asset.name),
        Category::Other => format!("Unusual use of {}", asset.name),
    }
}
