//! What every source reads from an event before the mapping table is applied.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::path::{lookup, text_at};

/// One event as its source reads it.
pub(super) struct RawEvent<'a> {
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    pub actor: String,
    pub name: String,
    pub read_only: bool,
    /// Why the call failed, if it did (it changed nothing).
    pub failure: Option<String>,
    /// A few words for the entry's details: where the call came from.
    pub context: Option<String>,
    pub value: &'a Value,
}

/// A field that is missing or cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn missing(field: &str) -> Problem {
        Problem {
            field: field.to_string(),
            message: "is missing".into(),
        }
    }
}

/// What a source makes of one event value: events (an alert may give two), or
/// a reason to skip it.
pub(super) enum Read<'a> {
    Events(Vec<RawEvent<'a>>),
    OtherStage,
}

/// The first of `paths` present as text, or a problem naming the first.
pub(super) fn required(value: &Value, paths: &[&str]) -> Result<String, Problem> {
    paths
        .iter()
        .find_map(|path| text_at(value, path))
        .ok_or_else(|| Problem::missing(paths.first().copied().unwrap_or("?")))
}

/// A time at `path`: RFC 3339 text, or a number of milliseconds since 1970.
pub(super) fn time_at(value: &Value, paths: &[&str]) -> Result<DateTime<Utc>, Problem> {
    let Some((path, found)) = paths.iter().find_map(|path| {
        lookup(value, path)
            .filter(|v| !v.is_null())
            .map(|v| (*path, v))
    }) else {
        return Err(Problem::missing(paths.first().copied().unwrap_or("?")));
    };
    let bad = |message: String| Problem {
        field: path.to_string(),
        message,
    };
    match found {
        Value::String(text) => DateTime::parse_from_rfc3339(text.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| bad(format!("`{text}` is not an RFC 3339 time: {e}"))),
        Value::Number(number) => number
            .as_i64()
            .and_then(DateTime::from_timestamp_millis)
            .ok_or_else(|| bad(format!("{number} is not a time in milliseconds"))),
        _ => Err(bad("is not a time".into())),
    }
}

/// The event's id at `paths`, or `sha256:<hash of its JSON>` when it has none, so
/// the same event always gets the same id.
pub(super) fn id_or_hash(value: &Value, paths: &[&str]) -> String {
    paths
        .iter()
        .find_map(|path| text_at(value, path))
        .unwrap_or_else(|| content_hash(value))
}

pub(super) fn content_hash(value: &Value) -> String {
    let digest = Sha256::digest(value.to_string().as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// True when the last word of a call name starts like a read.
pub(super) fn reads_by_name(operation: &str) -> bool {
    const READS: [&str; 10] = [
        "Get", "List", "Describe", "Lookup", "Head", "Search", "get", "list", "BatchGet", "Test",
    ];
    READS.iter().any(|prefix| operation.starts_with(prefix))
}
