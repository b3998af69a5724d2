//! Events → timeline entries: the mapping table applied, every entry checked with
//! the entry form's validation.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

use super::path::{Context, text_at};
use super::raw::{Problem, RawEvent, Read};
use super::read::read_values;
use super::table::{MappingRule, Table, table};
use super::{
    EventAsset, EventBatch, EventError, EventFile, EventInput, ImportOptions, MappedEvent, Skipped,
    Source, cloudtrail, detect, gcp, github, k8s, okta,
};
use crate::domain::{EntryKind, ExternalRef, TimelineEntry};
use crate::input::EntryDraft;

/// Longest summary kept; longer ones are cut (the evidence keeps every byte).
const MAX_SUMMARY_CHARS: usize = 300;

/// Read, recognise and map every file. `recorded_by` and `now` are who writes the
/// entries down and when (an event dated after `now` is refused, as in the form).
/// Each file that cannot be imported gives one error; any error means the batch
/// must not be written.
pub fn prepare(
    inputs: Vec<EventInput>,
    options: ImportOptions,
    recorded_by: &str,
    now: DateTime<Utc>,
) -> Result<EventBatch, Vec<EventError>> {
    let table = match table() {
        Ok(table) => table,
        Err(message) => return Err(vec![EventError::file("the mapping table", message)]),
    };
    let stamp = Stamp { recorded_by, now };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for result in prepare_files(inputs, options, table, stamp) {
        match result {
            Ok(file) => files.push(file),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(EventBatch { files })
    } else {
        Err(errors)
    }
}

#[derive(Clone, Copy)]
pub(super) struct Stamp<'a> {
    pub recorded_by: &'a str,
    pub now: DateTime<Utc>,
}

/// Each input prepared, in the order given. Files are shared out among the
/// machine's cores (parsing and mapping a file needs nothing of the others); one
/// file, or one core, is prepared on the caller's thread.
fn prepare_files(
    inputs: Vec<EventInput>,
    options: ImportOptions,
    table: &Table,
    stamp: Stamp<'_>,
) -> Vec<Result<EventFile, EventError>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(inputs.len());
    if threads <= 1 {
        return inputs
            .into_iter()
            .map(|input| prepare_file(input, options, table, stamp))
            .collect();
    }
    let count = inputs.len();
    let queue = std::sync::Mutex::new(inputs.into_iter().enumerate());
    let mut results: Vec<Option<Result<EventFile, EventError>>> = Vec::new();
    results.resize_with(count, || None);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        // A poisoned queue only means another worker panicked.
                        let next = queue.lock().map_or(None, |mut q| q.next());
                        let Some((index, input)) = next else { break };
                        done.push((index, prepare_file(input, options, table, stamp)));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            // A worker that panicked has lost its files: they are reported below.
            for (index, result) in worker.join().unwrap_or_default() {
                if let Some(slot) = results.get_mut(index) {
                    *slot = Some(result);
                }
            }
        }
    });
    results
        .into_iter()
        .enumerate()
        .map(|(index, result)| {
            result.unwrap_or_else(|| {
                Err(EventError::file(
                    &format!("file {}", index + 1),
                    "could not be read (an internal error stopped its reader)",
                ))
            })
        })
        .collect()
}

pub(super) fn prepare_file(
    input: EventInput,
    options: ImportOptions,
    table: &Table,
    stamp: Stamp<'_>,
) -> Result<EventFile, EventError> {
    let name = input.name;
    let values = read_values(&name, &input.bytes, options.limits)?;
    let source = match options.source {
        Some(source) => source,
        None => values.events.first().and_then(detect::detect).ok_or_else(|| {
            EventError::file(
                &name,
                "cannot recognise the format (not CloudTrail, GitHub, Kubernetes audit, GCP audit or Okta events); name it with --source",
            )
        })?,
    };
    let mut events = Vec::new();
    let mut skipped = Skipped::default();
    for (index, value) in values.events.iter().enumerate() {
        let position = index + 1;
        let problem = |problem: Problem| EventError {
            file: name.clone(),
            event: Some(event_label(position, value)),
            field: Some(problem.field),
            message: problem.message,
        };
        if !value.is_object() {
            return Err(EventError {
                file: name.clone(),
                event: Some(format!("event {position}")),
                field: None,
                message: format!("is not a JSON object (is this a {} file?)", source.title()),
            });
        }
        let raws = match read_event(source, value).map_err(problem)? {
            Read::Events(raws) => raws,
            Read::OtherStage => {
                skipped.other_stage += 1;
                continue;
            }
        };
        for raw in raws {
            let rule = table.rule(source, &raw.name, value);
            if raw.read_only && !options.all {
                skipped.read_only += 1;
                continue;
            }
            if rule.is_none() && !options.all {
                skipped.unmapped += 1;
                continue;
            }
            let mapped = map_event(&name, source, position, raw, rule, stamp)?;
            events.push(mapped);
        }
    }
    let media_type = if values.compressed {
        "application/gzip"
    } else if values.lines {
        "application/x-ndjson"
    } else {
        "application/json"
    };
    Ok(EventFile {
        name,
        bytes: input.bytes,
        source,
        media_type,
        event_count: values.events.len(),
        events,
        skipped,
    })
}

fn read_event(source: Source, value: &Value) -> Result<Read<'_>, Problem> {
    match source {
        Source::CloudTrail => cloudtrail::read(value),
        Source::GitHub => github::read(value),
        Source::Kubernetes => k8s::read(value),
        Source::Gcp => gcp::read(value),
        Source::Okta => okta::read(value),
    }
}

/// `event 3`, with the event's id when it has one where ids live.
fn event_label(position: usize, value: &Value) -> String {
    let id = [
        "eventID",
        "auditID",
        "insertId",
        "uuid",
        "_document_id",
        "number",
    ]
    .iter()
    .find_map(|path| text_at(value, path));
    match id {
        Some(id) => format!("event {position} (id {id})"),
        None => format!("event {position}"),
    }
}

fn map_event(
    file: &str,
    source: Source,
    position: usize,
    raw: RawEvent<'_>,
    rule: Option<&MappingRule>,
    stamp: Stamp<'_>,
) -> Result<MappedEvent, EventError> {
    let context = Context {
        event: raw.value,
        actor: &raw.actor,
        name: &raw.name,
    };
    let (kind, summary, assets) = match (rule, &raw.failure) {
        (Some(rule), None) => (
            rule.kind,
            rule.summary.render(&context),
            pull_assets(rule, source, &context),
        ),
        (Some(rule), Some(failure)) => (
            EntryKind::Note,
            format!("Refused: {} ({failure})", rule.summary.render(&context)),
            Vec::new(),
        ),
        (None, failure) => {
            let mut summary = format!("{} {} by {}", source.title(), raw.name, raw.actor);
            if let Some(failure) = failure {
                summary = format!("Refused: {summary} ({failure})");
            }
            (EntryKind::Note, summary, Vec::new())
        }
    };
    let summary: String = summary.chars().take(MAX_SUMMARY_CHARS).collect();
    let mut details = format!("{} {} · event id {}", source.title(), raw.name, raw.id);
    if let Some(extra) = &raw.context {
        details.push_str(" · ");
        details.push_str(extra);
    }
    details.push_str(&format!(" · {file}, event {position}"));
    let draft = EntryDraft {
        kind: kind.as_str().to_string(),
        occurred_at: raw.occurred_at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        actor: raw.actor.clone(),
        channel: source.as_str().to_string(),
        summary,
        details,
        ..EntryDraft::default()
    };
    let mut entry: TimelineEntry = draft
        .validate(0, &[], stamp.recorded_by, stamp.now, &Utc)
        .map_err(|errors| {
            let first = errors.into_iter().next();
            EventError {
                file: file.to_string(),
                event: Some(format!("event {position} (id {})", raw.id)),
                field: first.as_ref().map(|e| e.field.to_string()),
                message: first.map(|e| e.message).unwrap_or_default(),
            }
        })?;
    entry.external_ref = Some(ExternalRef {
        system: source.as_str().to_string(),
        key: raw.id.clone(),
        url: None,
    });
    Ok(MappedEvent {
        event_id: raw.id,
        position,
        name: raw.name,
        entry,
        assets,
    })
}

fn pull_assets(rule: &MappingRule, source: Source, context: &Context<'_>) -> Vec<EventAsset> {
    let mut assets: Vec<EventAsset> = Vec::new();
    for spec in &rule.assets {
        let Some(identifier) = spec.identifier.render_complete(context) else {
            continue;
        };
        if assets.iter().any(|a| a.identifier == identifier) {
            continue;
        }
        let name = spec
            .name
            .as_ref()
            .and_then(|name| name.render_complete(context))
            .unwrap_or_else(|| identifier.clone());
        assets.push(EventAsset {
            provider: source.provider().to_string(),
            kind: spec.kind,
            identifier,
            name,
        });
    }
    assets
}
