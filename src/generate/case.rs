//! One generated case: a plausible timeline for its category, cut short where an open
//! case has got to, with a realistic share of broken links.

use chrono::{DateTime, Duration, Utc};

use super::rng::Rng;
use super::vocab::{CHANNELS, FAILURES, LEAK_PLACES, PEOPLE, TEAMS, TRACKERS};
use crate::domain::{
    Asset, Case, CaseRecord, CaseStatus, Category, EntryFields, EntryKind, Evidence, EvidenceKind,
    ExternalRef, LinkedAsset, Relation, Severity, TimelineEntry,
};

mod story;

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
        self.entry_at(self.clock, kind, actor, summary, fields)
    }

    /// Append an entry that happened at `at`; returns its local id.
    fn entry_at(
        &mut self,
        at: DateTime<Utc>,
        kind: EntryKind,
        actor: &str,
        summary: String,
        fields: EntryFields,
    ) -> i64 {
        let id = self.record.entries.len() as i64 + 1;
        self.record.entries.push(TimelineEntry {
            id,
            case_id: 1,
            occurred_at: at,
            recorded_at: at + Duration::minutes(self.rng.range(0, 90)),
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
