//! Evidence as typed into the attach-evidence form (or the proof part of a
//! verification entry): a text excerpt typed or pasted, or a file path whose bytes are
//! copied in, up to a size limit.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::fields::{Checker, FieldError};
use crate::domain::{AssetId, CaseId, EntryId, Evidence, EvidenceKind};

/// Where the bytes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceSource {
    Text,
    File,
}

/// Every field of an evidence item as typed; `entry_id` and `asset_id` are chosen
/// from the case, not typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceDraft {
    pub kind: String,
    pub title: String,
    pub from: EvidenceSource,
    /// The excerpt, when `from` is `Text`.
    pub text: String,
    /// The file path, when `from` is `File`.
    pub file: String,
    /// Where it came from; defaults to the file name.
    pub source: String,
    pub entry_id: Option<EntryId>,
    pub asset_id: Option<AssetId>,
}

impl EvidenceDraft {
    pub fn new(kind: EvidenceKind, from: EvidenceSource) -> EvidenceDraft {
        EvidenceDraft {
            kind: kind.as_str().into(),
            title: String::new(),
            from,
            text: String::new(),
            file: String::new(),
            source: String::new(),
            entry_id: None,
            asset_id: None,
        }
    }

    /// Check every field and read the bytes (from the text, or the file up to
    /// `max_bytes`). On success the evidence (id, size and hash are set by the store)
    /// and its bytes.
    pub fn validate(
        &self,
        case: CaseId,
        collected_by: &str,
        now: DateTime<Utc>,
        max_bytes: u64,
    ) -> Result<(Evidence, Vec<u8>), Vec<FieldError>> {
        let mut check = Checker::default();
        let kind: Option<EvidenceKind> = check.label("kind", &self.kind);
        let title = check.required("title", &self.title);
        let source = check.optional("source", &self.source);
        let content = match self.from {
            EvidenceSource::Text => text_bytes(&self.text, max_bytes, &mut check),
            EvidenceSource::File => file_bytes(&self.file, max_bytes, &mut check),
        };
        let evidence = match (kind, content) {
            (Some(kind), Some((bytes, media_type, file_name))) => Some((
                Evidence {
                    id: 0,
                    case_id: case,
                    entry_id: self.entry_id,
                    asset_id: self.asset_id,
                    kind,
                    title,
                    media_type: media_type.to_string(),
                    size: 0,
                    sha256: String::new(),
                    source: source.or(file_name),
                    collected_by: collected_by.to_string(),
                    collected_at: now,
                },
                bytes,
            )),
            _ => None,
        };
        check.finish(evidence)
    }
}

type Content = (Vec<u8>, &'static str, Option<String>);

fn over_limit(size: u64, limit: u64) -> String {
    format!("is {size} bytes; the limit is {limit} bytes (evidence max_file_bytes in the config)")
}

fn text_bytes(text: &str, limit: u64, check: &mut Checker) -> Option<Content> {
    if text.trim().is_empty() {
        check.fail("text", "is required: type or paste the excerpt");
        return None;
    }
    let size = text.len() as u64;
    if size > limit {
        check.fail("text", over_limit(size, limit));
        return None;
    }
    Some((text.as_bytes().to_vec(), "text/plain; charset=utf-8", None))
}

fn file_bytes(path: &str, limit: u64, check: &mut Checker) -> Option<Content> {
    let path = path.trim();
    if path.is_empty() {
        check.fail("file", "is required: the path of the file to copy in");
        return None;
    }
    let path = Path::new(path);
    match super::read_bounded(path, limit) {
        Ok(bytes) => {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            Some((bytes, media_type(path), name))
        }
        Err(refusal) => {
            check.fail("file", refusal.to_string());
            None
        }
    }
}

/// The media type guessed from a file's extension.
pub fn media_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "log" | "md" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv",
        "yaml" | "yml" => "application/yaml",
        "html" | "htm" => "text/html",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "eml" => "message/rfc822",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-06-02T10:30:00Z".parse().unwrap()
    }

    #[test]
    fn a_text_excerpt_becomes_evidence_with_its_bytes() {
        let mut draft = EvidenceDraft::new(EvidenceKind::LogExcerpt, EvidenceSource::Text);
        draft.title = "CloudTrail lines".into();
        draft.text = "line one\nline two\n".into();
        draft.entry_id = Some(4);
        let (evidence, bytes) = draft.validate(3, "dave", now(), 1024).unwrap();
        assert_eq!(bytes, b"line one\nline two\n");
        assert_eq!(evidence.case_id, 3);
        assert_eq!(evidence.entry_id, Some(4));
        assert_eq!(evidence.media_type, "text/plain; charset=utf-8");
        assert_eq!(evidence.collected_by, "dave");
        assert_eq!(evidence.source, None);
    }

    #[test]
    fn a_file_is_read_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rotation.json");
        std::fs::write(&path, b"{\"rotated\":true}").unwrap();
        let mut draft = EvidenceDraft::new(EvidenceKind::RotationLog, EvidenceSource::File);
        draft.title = "rotation log".into();
        draft.file = path.display().to_string();
        let (evidence, bytes) = draft.validate(1, "dave", now(), 1024).unwrap();
        assert_eq!(bytes.len(), 16);
        assert_eq!(evidence.media_type, "application/json");
        assert_eq!(evidence.source.as_deref(), Some("rotation.json"));

        let errors = draft.validate(1, "dave", now(), 10).unwrap_err();
        assert_eq!(errors[0].field, "file");
        assert!(errors[0].message.contains("limit is 10 bytes"));
    }

    #[test]
    fn missing_content_and_title_are_named() {
        let draft = EvidenceDraft::new(EvidenceKind::Other, EvidenceSource::Text);
        let errors = draft.validate(1, "dave", now(), 1024).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title", "text"]);
        let mut draft = EvidenceDraft::new(EvidenceKind::Other, EvidenceSource::File);
        draft.title = "x".into();
        draft.file = "/no/such/file".into();
        let errors = draft.validate(1, "dave", now(), 1024).unwrap_err();
        assert_eq!(errors[0].field, "file");
        assert!(errors[0].message.contains("cannot read /no/such/file"));
    }
}
