//! The reconstructed story of one case, as an auditor reads it: built once, then
//! written as Markdown, HTML or JSON. Evidence text has known secrets masked.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::{
    Case, CaseRecord, EntryId, EntryKind, Evidence, LinkedAsset, Relation, TimelineEntry,
};
use crate::rules::{self, Gap, GapSeverity, LinkState, RuleCode, RuleConfig, TrailLink};
use crate::sanitize;

/// Everything a report says about one case.
#[derive(Debug, Clone, Serialize)]
pub struct CaseReport {
    pub generated_at: DateTime<Utc>,
    pub case: Case,
    pub trail: Vec<TrailProof>,
    pub timeline: Vec<TimelineEntry>,
    pub assets: Vec<LinkedAsset>,
    pub evidence: Vec<EvidenceItem>,
    pub gaps: Vec<GapItem>,
    pub history: Vec<HistoryItem>,
}

/// One link of the trail, its state, and what proves it.
#[derive(Debug, Clone, Serialize)]
pub struct TrailProof {
    pub link: &'static str,
    pub state: &'static str,
    /// One line per record that proves (or would prove) the link.
    pub proof: Vec<String>,
}

/// Evidence metadata with its (masked) text when the bytes are text.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceItem {
    #[serde(flatten)]
    pub meta: Evidence,
    /// The content as text with known secrets masked; `None` for binary content.
    pub text: Option<String>,
}

/// An open gap with what the rule means and which controls it supports.
#[derive(Debug, Clone, Serialize)]
pub struct GapItem {
    pub code: RuleCode,
    pub severity: GapSeverity,
    pub title: &'static str,
    pub message: String,
    pub explanation: &'static str,
    pub frameworks: &'static [&'static str],
    pub entries: Vec<EntryId>,
}

/// One audited write concerning the case.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryItem {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub user: String,
    pub action: String,
    pub entity: String,
    pub change: String,
}

impl CaseReport {
    /// The case's fields as (name, raw value) rows, in report order, then its
    /// external references; `None` where a field is empty. Renderers escape.
    pub fn field_rows(&self) -> Vec<(String, Option<String>)> {
        let case = &self.case;
        let when = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
        let mut rows = vec![
            ("category".into(), Some(case.category.to_string())),
            ("severity".into(), Some(case.severity.to_string())),
            ("status".into(), Some(case.status.to_string())),
            ("reporter".into(), case.reporter.clone()),
            ("reported via".into(), case.reported_via.clone()),
            ("owner".into(), case.owner.clone()),
            ("reviewer".into(), case.reviewer.clone()),
            ("opened".into(), Some(when(case.opened_at))),
            ("closed".into(), case.closed_at.map(when)),
            ("root cause".into(), case.root_cause.map(|r| r.to_string())),
            ("closing note".into(), case.closing_note.clone()),
        ];
        rows.extend(
            case.external_refs
                .iter()
                .map(|r| (r.system.clone(), Some(r.key.clone()))),
        );
        rows
    }
}

/// Build the report. `evidence_bytes[i]` are the bytes of `record.evidence[i]`.
pub fn build(
    record: &CaseRecord,
    evidence_bytes: &[Vec<u8>],
    history: Vec<HistoryItem>,
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> CaseReport {
    let gaps = rules::evaluate(record, now, config);
    let trail = rules::trail(record)
        .iter()
        .map(|&(link, state)| TrailProof {
            link: link.as_str(),
            state: match state {
                LinkState::Present => "present",
                LinkState::Missing => "missing",
                LinkState::NotNeeded => "not needed",
            },
            proof: proof(record, link),
        })
        .collect();
    let evidence = record
        .evidence
        .iter()
        .zip(
            evidence_bytes
                .iter()
                .map(Some)
                .chain(std::iter::repeat(None)),
        )
        .map(|(meta, bytes)| EvidenceItem {
            meta: meta.clone(),
            text: bytes
                .and_then(|b| std::str::from_utf8(b).ok())
                .map(|t| sanitize::mask_secrets(t).into_owned()),
        })
        .collect();
    let mut timeline = record.entries.clone();
    for entry in &mut timeline {
        entry.details = sanitize::mask_secrets(&entry.details).into_owned();
    }
    CaseReport {
        generated_at: now,
        case: record.case.clone(),
        trail,
        timeline,
        assets: record.assets.clone(),
        evidence,
        gaps: gaps.into_iter().map(gap_item).collect(),
        history,
    }
}

fn gap_item(gap: Gap) -> GapItem {
    let info = gap.code.info();
    GapItem {
        code: gap.code,
        severity: gap.severity,
        title: info.title,
        message: gap.message,
        explanation: info.explanation,
        frameworks: info.frameworks,
        entries: gap.entries,
    }
}

fn describe(entry: &TimelineEntry) -> String {
    format!(
        "#{} {} {} by {}: {}",
        entry.id,
        entry.occurred_at.format("%Y-%m-%d %H:%M UTC"),
        entry.kind,
        entry.actor,
        entry.summary
    )
}

fn proof(record: &CaseRecord, link: TrailLink) -> Vec<String> {
    let entries = &record.entries;
    let evidence_of = |id: EntryId| {
        record
            .evidence
            .iter()
            .filter(move |e| e.entry_id == Some(id))
            .map(|e| format!("  evidence #{} {} sha256:{}", e.id, e.title, e.sha256))
    };
    match link {
        TrailLink::Reported => {
            let mut lines: Vec<String> = record
                .case
                .reporter
                .iter()
                .map(|r| {
                    format!(
                        "reporter {r} via {}",
                        record
                            .case
                            .reported_via
                            .as_deref()
                            .unwrap_or("unknown channel")
                    )
                })
                .collect();
            lines.extend(entries.first().map(describe));
            lines
        }
        TrailLink::Affected => record
            .assets
            .iter()
            .filter(|a| a.relation == Relation::Affected)
            .map(|a| {
                format!(
                    "{} {} ({}, {})",
                    a.asset.kind, a.asset.name, a.asset.identifier, a.asset.provider
                )
            })
            .collect(),
        TrailLink::Approved => entries
            .iter()
            .filter(|e| e.kind == EntryKind::ApprovalGranted)
            .flat_map(|e| {
                let covers = e
                    .fields
                    .covers
                    .map(|c| format!(" covering #{c}"))
                    .unwrap_or_default();
                let approver = e.fields.approver.as_deref().unwrap_or("no approver named");
                std::iter::once(format!("{} — approver {approver}{covers}", describe(e)))
                    .chain(evidence_of(e.id))
            })
            .collect(),
        TrailLink::Remediated => entries
            .iter()
            .filter(|e| e.kind.is_remediation() || e.kind == EntryKind::ExemptionGranted)
            .flat_map(|e| std::iter::once(describe(e)).chain(evidence_of(e.id)))
            .collect(),
        TrailLink::Verified => entries
            .iter()
            .filter(|e| e.kind == EntryKind::Verification)
            .flat_map(|e| {
                let result = e.fields.result.map(|r| r.as_str()).unwrap_or("no result");
                let method = e.fields.method.as_deref().unwrap_or("no method");
                std::iter::once(format!("{} — {result}; method: {method}", describe(e)))
                    .chain(evidence_of(e.id))
            })
            .collect(),
    }
}
