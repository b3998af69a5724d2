//! The full record of a case, timeline entry, asset or evidence item as a
//! [`Document`]. All store text is sanitised here, secrets masked in free text.

use chrono::{DateTime, FixedOffset, Utc};

use super::document::{Document, DocumentBuilder};
use super::text::{clean, clean_masked, clean_or_dash, masked_lines, size, time_full};
use crate::domain::{AssetId, CaseId, EvidenceId};
use crate::domain::{CaseRecord, EntryId, ExternalRef, TimelineEntry};
use crate::rules::{Gap, GapSeverity};

mod evidence;
use evidence::{evidence, text_lines};

/// What a record overlay shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordTarget {
    Case(CaseId),
    Entry(EntryId),
    Asset(AssetId),
    Evidence(EvidenceId),
}

/// The bytes of an evidence item being shown in a record overlay.
#[derive(Debug, Clone, PartialEq)]
pub enum EvidenceBody {
    /// The record is not an evidence item.
    NotNeeded,
    Loading,
    Loaded(Vec<u8>),
    /// Loaded and, after an audited reveal, shown with its secrets unmasked.
    Revealed(Vec<u8>),
    Failed(String),
}

/// An open record: what it is about, its bytes if evidence, and its rows laid out
/// for the current width.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordView {
    pub target: RecordTarget,
    pub body: EvidenceBody,
    pub document: Document,
    pub scroll: usize,
}

/// What a record document is built from.
pub struct RecordSource<'a> {
    pub record: &'a CaseRecord,
    pub gaps: &'a [Gap],
    pub zone: FixedOffset,
}

pub fn build(
    src: &RecordSource<'_>,
    target: RecordTarget,
    body: &EvidenceBody,
    width: usize,
) -> Document {
    let mut doc = DocumentBuilder::new(width);
    match target {
        RecordTarget::Case(_) => case(src, &mut doc),
        RecordTarget::Entry(id) => entry(src, id, &mut doc),
        RecordTarget::Asset(id) => asset(src, id, &mut doc),
        RecordTarget::Evidence(id) => evidence(src, id, body, &mut doc),
    }
    doc.build()
}

fn time(src: &RecordSource<'_>, t: DateTime<Utc>) -> String {
    time_full(t, src.zone)
}

fn opt_time(src: &RecordSource<'_>, t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(|| "–".to_string(), |t| time(src, t))
}

fn external_ref(r: &ExternalRef) -> String {
    let mut s = format!("{} {}", clean(&r.system), clean(&r.key));
    if let Some(url) = &r.url {
        s.push_str("  ");
        s.push_str(&clean(url));
    }
    s
}

fn entry_line(src: &RecordSource<'_>, id: EntryId) -> String {
    src.record.entries.iter().find(|e| e.id == id).map_or_else(
        || format!("entry #{id}"),
        |e| {
            format!(
                "{}  {}  {}",
                time(src, e.occurred_at),
                e.kind,
                clean(&e.summary)
            )
        },
    )
}

fn gaps(src: &RecordSource<'_>, gaps: &[&Gap], doc: &mut DocumentBuilder) {
    for gap in gaps {
        let info = gap.code.info();
        doc.gap(
            gap.severity == GapSeverity::Error,
            gap.code.as_str(),
            &clean(&gap.message),
        );
        doc.field("", &format!("why: {}", info.explanation));
        if !info.frameworks.is_empty() {
            doc.field("", &format!("controls: {}", info.frameworks.join(", ")));
        }
        for id in &gap.entries {
            doc.field("", &format!("↳ {}", entry_line(src, *id)));
        }
    }
}

fn case(src: &RecordSource<'_>, doc: &mut DocumentBuilder) {
    let c = &src.record.case;
    doc.heading(&format!(
        "Case {} · {}",
        clean(&c.reference),
        clean(&c.title)
    ));
    doc.heading(&format!("Gaps ({})", src.gaps.len()));
    if src.gaps.is_empty() {
        doc.muted("none: the trail is complete");
    }
    gaps(src, &src.gaps.iter().collect::<Vec<_>>(), doc);
    doc.heading("Fields");
    doc.field("reference", &clean(&c.reference));
    doc.field("title", &clean(&c.title));
    doc.field("category", c.category.as_str());
    doc.field("severity", c.severity.as_str());
    doc.field("status", c.status.as_str());
    doc.field("reporter", &clean_or_dash(c.reporter.as_deref()));
    doc.field("reported via", &clean_or_dash(c.reported_via.as_deref()));
    doc.field("owner", &clean_or_dash(c.owner.as_deref()));
    doc.field("reviewer", &clean_or_dash(c.reviewer.as_deref()));
    doc.field("opened", &time(src, c.opened_at));
    doc.field("closed", &opt_time(src, c.closed_at));
    doc.field("root cause", c.root_cause.map_or("–", |r| r.as_str()));
    doc.field_lines(
        "closing note",
        &c.closing_note
            .as_deref()
            .map(masked_lines)
            .unwrap_or_default(),
    );
    doc.heading("Summary");
    for line in masked_lines(&c.summary) {
        doc.text(&line);
    }
    doc.heading(&format!("External references ({})", c.external_refs.len()));
    if c.external_refs.is_empty() {
        doc.muted("none");
    }
    for r in &c.external_refs {
        doc.text(&external_ref(r));
    }
    doc.heading(&format!(
        "Contents: {} timeline entries · {} assets · {} evidence items",
        src.record.entries.len(),
        src.record.assets.len(),
        src.record.evidence.len()
    ));
}

fn asset_line(src: &RecordSource<'_>, id: Option<i64>) -> String {
    let Some(id) = id else {
        return "–".to_string();
    };
    src.record
        .assets
        .iter()
        .find(|a| a.asset.id == id)
        .map_or_else(
            || format!("asset #{id}"),
            |a| {
                format!(
                    "{} {} ({})",
                    a.asset.kind,
                    clean(&a.asset.name),
                    clean(&a.asset.identifier)
                )
            },
        )
}

fn entry(src: &RecordSource<'_>, id: EntryId, doc: &mut DocumentBuilder) {
    let Some(e) = src.record.entries.iter().find(|e| e.id == id) else {
        doc.muted("this entry is no longer part of the case");
        return;
    };
    doc.heading(&format!(
        "Timeline entry #{} · {} · {}",
        e.id,
        e.kind,
        clean(&src.record.case.reference)
    ));
    doc.field("occurred", &time(src, e.occurred_at));
    doc.field("kind", e.kind.as_str());
    doc.field("actor", &clean(&e.actor));
    doc.field("channel", &clean_or_dash(e.channel.as_deref()));
    doc.field("summary", &clean_masked(&e.summary));
    doc.field(
        "recorded",
        &format!("{} by {}", time(src, e.recorded_at), clean(&e.recorded_by)),
    );
    doc.field("asset", &asset_line(src, e.asset_id));
    doc.field(
        "external ref",
        &e.external_ref
            .as_ref()
            .map_or_else(|| "–".to_string(), external_ref),
    );
    entry_fields(src, e, doc);
    doc.heading("Details");
    if e.details.is_empty() {
        doc.muted("none");
    } else {
        text_lines(&e.details, doc, false);
    }
    let linked: Vec<_> = src
        .record
        .evidence
        .iter()
        .filter(|ev| ev.entry_id == Some(id))
        .collect();
    doc.heading(&format!("Linked evidence ({})", linked.len()));
    if linked.is_empty() {
        doc.muted("none");
    }
    for ev in linked {
        doc.text(&format!(
            "{}  {}  {}",
            ev.kind,
            clean(&ev.title),
            size(ev.size)
        ));
    }
    let about: Vec<&Gap> = src
        .gaps
        .iter()
        .filter(|g| g.entries.contains(&id))
        .collect();
    if !about.is_empty() {
        doc.heading(&format!("Gaps about this entry ({})", about.len()));
        gaps(src, &about, doc);
    }
}

fn entry_fields(src: &RecordSource<'_>, e: &TimelineEntry, doc: &mut DocumentBuilder) {
    let f = &e.fields;
    if let Some(approver) = &f.approver {
        doc.field("approver", &clean(approver));
    }
    if let Some(covers) = f.covers {
        doc.field("covers", &entry_line(src, covers));
    }
    if let Some(justification) = &f.justification {
        doc.field_lines("justification", &masked_lines(justification));
    }
    if let Some(expires) = f.expires_at {
        doc.field("expires", &time(src, expires));
    }
    if !f.compensating_controls.is_empty() {
        let controls: Vec<String> = f.compensating_controls.iter().map(|c| clean(c)).collect();
        doc.field_lines("compensating", &controls);
    }
    if !f.recipients.is_empty() {
        let recipients: Vec<String> = f.recipients.iter().map(|r| clean(r)).collect();
        doc.field("recipients", &recipients.join(", "));
    }
    if let Some(method) = &f.method {
        doc.field("method", &clean(method));
    }
    if let Some(result) = f.result {
        doc.field("result", result.as_str());
    }
}

fn asset(src: &RecordSource<'_>, id: i64, doc: &mut DocumentBuilder) {
    let Some(linked) = src.record.assets.iter().find(|a| a.asset.id == id) else {
        doc.muted("this asset is no longer linked to the case");
        return;
    };
    let a = &linked.asset;
    doc.heading(&format!("Asset · {} · {}", a.kind, clean(&a.name)));
    doc.field("name", &clean(&a.name));
    doc.field("kind", a.kind.as_str());
    doc.field("identifier", &clean(&a.identifier));
    doc.field("provider", &clean(&a.provider));
    doc.field("environment", &clean_or_dash(a.environment.as_deref()));
    doc.field("owner", &clean_or_dash(a.owner.as_deref()));
    doc.field("status", a.status.as_str());
    doc.field("relation", linked.relation.as_str());
    doc.field("created", &opt_time(src, a.created_at));
    doc.field("last rotated", &opt_time(src, a.last_rotated_at));
    doc.field("expires", &opt_time(src, a.expires_at));
    doc.heading(&format!("Consumers ({})", a.consumers.len()));
    if a.consumers.is_empty() {
        doc.muted("none recorded");
    }
    for consumer in &a.consumers {
        doc.text(&clean(consumer));
    }
    let entries: Vec<_> = src
        .record
        .entries
        .iter()
        .filter(|e| e.asset_id == Some(id))
        .collect();
    doc.heading(&format!(
        "Timeline entries about this asset ({})",
        entries.len()
    ));
    for e in entries {
        doc.text(&entry_line(src, e.id));
    }
}
