//! Writing an [`EventBatch`] into a case: one transaction for the whole batch.
//!
//! Each file is stored as `log_excerpt` evidence (bytes as given, SHA-256); each
//! new event becomes an entry whose external reference is the event id and whose
//! details name the evidence it came from; the event's assets are found by
//! provider and identifier (or created once, across cases) and linked to the case
//! as affected. Event ids are recorded per case (`imported_events`, migration 4),
//! so importing the same file or the same events again adds nothing: those events
//! are counted as already imported, and a file none of whose events is new is not
//! stored again. Every row written appends its audit row, as single writes do.

use std::collections::{HashMap, HashSet};

use crate::store::sql::{Connection, OptionalExtension, params};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use super::StoreError;
use super::audit::{Change, Stamp, to_value};
use super::audit_batch::AuditBatch;
use super::error::db;
use super::row_insert;
use super::writer::require_case;
use crate::domain::{AssetId, CaseId, EntryId, Evidence, EvidenceId, EvidenceKind};
use crate::events::{EventBatch, EventError, EventFile, MappedEvent};
use crate::integrity::sha256_hex;

mod assets;
mod cache;

/// What an import wrote and what it skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub case_id: CaseId,
    pub files: Vec<ImportedFile>,
    pub entries_added: usize,
    /// Events already on the case's trail (an earlier import, or twice in the batch).
    pub already_imported: usize,
    pub assets_created: usize,
    /// Assets newly linked to the case as affected (created or already known).
    pub assets_linked: usize,
    /// The new entries' ids, in the order written.
    pub entry_ids: Vec<EntryId>,
}

/// One file of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportedFile {
    pub name: String,
    pub sha256: String,
    /// The evidence holding the file (`None` when nothing of it was new).
    pub evidence_id: Option<EvidenceId>,
    /// True when this import stored the bytes (false: the case already had them).
    pub stored: bool,
    pub entries_added: usize,
    pub already_imported: usize,
}

/// Write `batch` into case `case`: `actor` is who records it, `now` when.
pub(crate) fn import_events(
    conn: &Connection,
    stamp: Stamp<'_>,
    case: CaseId,
    batch: &EventBatch,
    actor: &str,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportSummary, StoreError> {
    let total = batch.event_count();
    let each_file = |visit: &mut dyn FnMut(&EventFile) -> Result<(), StoreError>| {
        batch.files.iter().try_for_each(&mut *visit)
    };
    let target = Target { case, actor, now };
    import_files(conn, stamp, target, total, each_file, progress)
}

/// Write files into case `case` as they arrive from `files` (mapped on other
/// threads while this one writes). The first refused file stops the import with
/// [`StoreError::ImportRefused`], and the transaction is rolled back; the files
/// after it are left in `files` for the caller to report.
pub(crate) fn import_event_files(
    conn: &Connection,
    stamp: Stamp<'_>,
    case: CaseId,
    files: &mut dyn Iterator<Item = Result<EventFile, EventError>>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<ImportSummary, StoreError> {
    let each_file = |visit: &mut dyn FnMut(&EventFile) -> Result<(), StoreError>| {
        for file in &mut *files {
            let file = file.map_err(|e| StoreError::ImportRefused(e.to_string()))?;
            visit(&file)?;
        }
        Ok(())
    };
    let target = Target { case, actor, now };
    import_files(conn, stamp, target, 0, each_file, &mut |_, _| {})
}

/// The case an import writes into, who records it and when.
#[derive(Clone, Copy)]
struct Target<'a> {
    case: CaseId,
    actor: &'a str,
    now: DateTime<Utc>,
}

/// The import itself: `each_file` hands every file to the visitor it is given.
fn import_files(
    conn: &Connection,
    stamp: Stamp<'_>,
    target: Target<'_>,
    total: usize,
    each_file: impl FnOnce(
        &mut dyn FnMut(&EventFile) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportSummary, StoreError> {
    let Target { case, actor, now } = target;
    let _cache = cache::ImportCache::set(conn)?;
    require_case(conn, case)?;
    let mut audit = AuditBatch::begin(conn, stamp)?;
    let mut import = Import {
        conn,
        case,
        actor,
        now,
        assets: HashMap::new(),
        seen: HashSet::new(),
        earlier_sources: HashMap::new(),
        summary: ImportSummary {
            case_id: case,
            ..ImportSummary::default()
        },
        done: 0,
        total,
        progress,
    };
    each_file(&mut |file| import.file(&mut audit, file))?;
    let summary = import.summary;
    let wrote = summary.entries_added > 0
        || summary.assets_created > 0
        || summary.assets_linked > 0
        || summary.files.iter().any(|f| f.stored);
    if !wrote {
        // Every event was already on the trail: the store stays exactly as it was.
        return Ok(summary);
    }
    let files: Vec<_> = summary
        .files
        .iter()
        .map(|f| {
            json!({ "name": f.name, "sha256": f.sha256, "evidence_id": f.evidence_id,
                         "entries_added": f.entries_added, "already_imported": f.already_imported })
        })
        .collect();
    audit.append(Change {
        action: "import_events",
        entity: format!("case:{case}"),
        case_id: Some(case),
        change: json!({
            "files": files,
            "entries_added": summary.entries_added,
            "already_imported": summary.already_imported,
            "assets_created": summary.assets_created,
            "assets_linked": summary.assets_linked,
        }),
    })?;
    Ok(summary)
}

struct Import<'a> {
    conn: &'a Connection,
    case: CaseId,
    actor: &'a str,
    now: DateTime<Utc>,
    /// Assets resolved so far (provider, identifier) → id.
    assets: HashMap<(String, String), AssetId>,
    /// Event ids written by this batch (source, id).
    seen: HashSet<(&'static str, String)>,
    /// Per source: whether the case held any of its events before this batch.
    earlier_sources: HashMap<&'static str, bool>,
    summary: ImportSummary,
    /// Events handled so far, of `total`, reported every [`PROGRESS_EVERY`].
    done: usize,
    total: usize,
    progress: &'a mut dyn FnMut(usize, usize),
}

/// How many events between two progress reports.
const PROGRESS_EVERY: usize = 4096;

impl Import<'_> {
    fn file(&mut self, audit: &mut AuditBatch<'_>, file: &EventFile) -> Result<(), StoreError> {
        let mut fresh: Vec<&MappedEvent> = Vec::new();
        let mut known = 0;
        for event in &file.events {
            self.done += 1;
            if self.done.is_multiple_of(PROGRESS_EVERY) {
                (self.progress)(self.done, self.total);
            }
            let key = (file.source.as_str(), event.event_id.clone());
            if self.seen.contains(&key) || self.imported(file, &event.event_id)? {
                known += 1;
            } else {
                self.seen.insert(key);
                fresh.push(event);
            }
        }
        let sha256 = sha256_hex(&file.bytes);
        let existing = self.evidence_with_hash(&sha256)?;
        let (evidence_id, stored) = match existing {
            Some(id) => (Some(id), false),
            None if !fresh.is_empty() || file.events.is_empty() => {
                (Some(self.store_file(audit, file)?), true)
            }
            None => (None, false),
        };
        let mut added = 0;
        if let Some(evidence) = evidence_id {
            for event in fresh {
                self.entry(audit, file, event, evidence, &sha256)?;
                added += 1;
            }
        }
        self.summary.entries_added += added;
        self.summary.already_imported += known;
        self.summary.files.push(ImportedFile {
            name: file.name.clone(),
            sha256,
            evidence_id,
            stored,
            entries_added: added,
            already_imported: known,
        });
        Ok(())
    }

    /// Whether the case already holds this event from an earlier import. A source
    /// of which the case held no event before this batch is asked once, not per
    /// event (events of this batch are in `seen`).
    fn imported(&mut self, file: &EventFile, event_id: &str) -> Result<bool, StoreError> {
        let source = file.source.as_str();
        let earlier = match self.earlier_sources.get(source) {
            Some(&earlier) => earlier,
            None => {
                let earlier = self
                    .conn
                    .prepare_cached(
                        "SELECT 1 FROM imported_events WHERE case_id = ?1 AND source = ?2 LIMIT 1",
                    )
                    .and_then(|mut s| s.exists(params![self.case, source]))
                    .map_err(db)?;
                self.earlier_sources.insert(source, earlier);
                earlier
            }
        };
        if !earlier {
            return Ok(false);
        }
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT 1 FROM imported_events WHERE case_id = ?1 AND source = ?2 AND event_id = ?3",
            )
            .map_err(db)?;
        statement
            .exists(params![self.case, file.source.as_str(), event_id])
            .map_err(db)
    }

    fn evidence_with_hash(&self, sha256: &str) -> Result<Option<EvidenceId>, StoreError> {
        self.conn
            .query_row(
                "SELECT id FROM evidence WHERE case_id = ?1 AND sha256 = ?2 ORDER BY id LIMIT 1",
                params![self.case, sha256],
                |row| row.get(0),
            )
            .optional()
            .map_err(db)
    }

    fn store_file(
        &mut self,
        audit: &mut AuditBatch<'_>,
        file: &EventFile,
    ) -> Result<EvidenceId, StoreError> {
        let base = std::path::Path::new(&file.name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.name.clone());
        let mut evidence = Evidence {
            id: 0,
            case_id: self.case,
            entry_id: None,
            asset_id: None,
            kind: EvidenceKind::LogExcerpt,
            title: format!("{} events: {base}", file.source.title()),
            media_type: file.media_type.to_string(),
            size: file.bytes.len() as u64,
            sha256: sha256_hex(&file.bytes),
            source: Some(file.name.clone()),
            collected_by: self.actor.to_string(),
            collected_at: self.now,
        };
        evidence.id = row_insert::evidence_row(self.conn, &evidence, &file.bytes)?;
        audit.append(Change {
            action: "add_evidence",
            entity: format!("evidence:{}", evidence.id),
            case_id: Some(self.case),
            change: to_value(&evidence)?,
        })?;
        Ok(evidence.id)
    }

    fn entry(
        &mut self,
        audit: &mut AuditBatch<'_>,
        file: &EventFile,
        event: &MappedEvent,
        evidence: EvidenceId,
        sha256: &str,
    ) -> Result<(), StoreError> {
        let mut asset_id = None;
        for asset in &event.assets {
            let id = self.asset(audit, asset)?;
            asset_id = asset_id.or(Some(id));
        }
        let mut entry = event.entry.clone();
        entry.case_id = self.case;
        entry.asset_id = asset_id;
        entry.recorded_at = self.now;
        entry.recorded_by = self.actor.to_string();
        let short = sha256.get(..12).unwrap_or(sha256);
        entry.details = format!(
            "{}\nProof: evidence #{evidence} (sha256 {short}…)",
            entry.details
        );
        entry.id = row_insert::entry_row(self.conn, &entry)?;
        self.conn
            .prepare_cached(
                "INSERT INTO imported_events (case_id, source, event_id, entry_id, evidence_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut insert| {
                insert.execute(params![
                    self.case,
                    file.source.as_str(),
                    event.event_id,
                    entry.id,
                    evidence
                ])
            })
            .map_err(db)?;
        audit.append(Change {
            action: "add_entry",
            entity: format!("entry:{}", entry.id),
            case_id: Some(self.case),
            change: to_value(&entry)?,
        })?;
        self.summary.entry_ids.push(entry.id);
        Ok(())
    }
}

/// How many of `batch`'s events an import into `case` would count as already
/// imported (on the case's trail, or earlier in the batch), as [`import_events`]
/// counts them; nothing is written.
pub(crate) fn already_imported(
    conn: &Connection,
    case: CaseId,
    batch: &EventBatch,
) -> Result<usize, StoreError> {
    let mut statement = conn
        .prepare_cached(
            "SELECT 1 FROM imported_events WHERE case_id = ?1 AND source = ?2 AND event_id = ?3",
        )
        .map_err(db)?;
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut known = 0usize;
    for file in &batch.files {
        for event in &file.events {
            let key = (file.source.as_str(), event.event_id.as_str());
            if !seen.insert(key) || statement.exists(params![case, key.0, key.1]).map_err(db)? {
                known = known.saturating_add(1);
            }
        }
    }
    Ok(known)
}
