//! An evidence item's record: its fields, then its bytes as masked, sanitised text
//! (or hex when they are not text).

use super::{EvidenceBody, RecordSource, asset_line, entry_line, time};
use crate::tui::document::DocumentBuilder;
use crate::tui::text::{clean, clean_or_dash, masked_lines, size};

/// Bytes of evidence shown as text when they are UTF-8 without NUL, else as hex.
const HEX_PREVIEW: usize = 256;

pub(super) fn evidence(
    src: &RecordSource<'_>,
    id: i64,
    body: &EvidenceBody,
    doc: &mut DocumentBuilder,
) {
    let Some(ev) = src.record.evidence.iter().find(|ev| ev.id == id) else {
        doc.muted("this evidence item is no longer part of the case");
        return;
    };
    doc.heading(&format!(
        "Evidence #{} · {} · {}",
        ev.id,
        ev.kind,
        clean(&ev.title)
    ));
    doc.field("title", &clean(&ev.title));
    doc.field("kind", ev.kind.as_str());
    doc.field("media type", &clean(&ev.media_type));
    doc.field("size", &format!("{} ({} bytes)", size(ev.size), ev.size));
    doc.field("sha-256", &clean(&ev.sha256));
    if src.record.tampered_evidence.contains(&id) {
        doc.gap(true, "NT013", "stored bytes no longer match this SHA-256");
    }
    doc.field("source", &clean_or_dash(ev.source.as_deref()));
    doc.field(
        "collected",
        &format!(
            "{} by {}",
            time(src, ev.collected_at),
            clean(&ev.collected_by)
        ),
    );
    doc.field(
        "proves entry",
        &ev.entry_id
            .map_or_else(|| "–".to_string(), |e| entry_line(src, e)),
    );
    doc.field("about asset", &asset_line(src, ev.asset_id));
    doc.heading("Content");
    match body {
        EvidenceBody::NotNeeded | EvidenceBody::Loading => doc.muted("loading…"),
        EvidenceBody::Failed(message) => {
            doc.muted(&format!("could not read the bytes: {}", clean(message)))
        }
        EvidenceBody::Loaded(bytes) => content(bytes, doc, false),
        EvidenceBody::Revealed(bytes) => {
            doc.gap(
                false,
                "shown",
                "secrets unmasked; this reveal is in the audit log",
            );
            content(bytes, doc, true)
        }
    }
}

fn content(bytes: &[u8], doc: &mut DocumentBuilder, revealed: bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.contains('\0') => {
            if text.is_empty() {
                doc.muted("empty");
            } else {
                text_lines(text, doc, revealed);
            }
        }
        _ => {
            doc.muted(&format!(
                "binary content, {} bytes; first {} shown as hex",
                bytes.len(),
                bytes.len().min(HEX_PREVIEW)
            ));
            for (i, chunk) in bytes[..bytes.len().min(HEX_PREVIEW)].chunks(16).enumerate() {
                let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
                doc.text(&format!("{:08x}  {}", i * 16, hex.join(" ")));
            }
        }
    }
}

/// Untrusted multi-line text: secrets masked (unless revealed), each line sanitised,
/// a final newline not shown as an empty row.
pub(super) fn text_lines(text: &str, doc: &mut DocumentBuilder, revealed: bool) {
    let mut lines = if revealed {
        crate::sanitize::lines(text)
    } else {
        masked_lines(text)
    };
    if text.ends_with('\n') && lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    for line in &lines {
        doc.text(line);
    }
}
