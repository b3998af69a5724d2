//! A file's bytes → the JSON values of its events.
//!
//! Accepted shapes: a bare JSON array of events; an object holding them under
//! `Records` (CloudTrail), `Events` (CloudTrail `LookupEvents`), `items` or
//! `entries`; JSON lines (one event per line, or any whitespace between values);
//! one event object alone. Any of these may be gzip-compressed (recognised by the
//! gzip magic bytes, whatever the file is called). A CloudTrail `LookupEvents`
//! event carries the real event as a JSON string in `CloudTrailEvent`: it is
//! parsed in place.

use std::io::Read;

use flate2::read::MultiGzDecoder;
use serde_json::Value;

use super::EventError;

/// Largest size a compressed file may expand to: a gzip bomb stops here.
pub const MAX_DECOMPRESSED_BYTES: u64 = 64 * 1024 * 1024;

/// Size limits on what is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted as given (it is stored as evidence): the evidence
    /// `max_file_bytes` of the config.
    pub max_file_bytes: u64,
    /// Largest size after decompression.
    pub max_decompressed_bytes: u64,
}

impl Limits {
    pub fn new(max_file_bytes: u64) -> Limits {
        Limits {
            max_file_bytes,
            max_decompressed_bytes: MAX_DECOMPRESSED_BYTES,
        }
    }
}

/// The events of one file, and whether it was compressed.
pub(super) struct Values {
    pub events: Vec<Value>,
    pub compressed: bool,
    /// True when the file was JSON lines (positions are then line numbers).
    pub lines: bool,
}

pub(super) fn over_file_limit(size: u64, limit: u64) -> String {
    format!(
        "is {size} bytes; the limit is {limit} bytes (max_file_bytes in the [evidence] section of the config)"
    )
}

pub(super) fn read_values(name: &str, bytes: &[u8], limits: Limits) -> Result<Values, EventError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(EventError::file(
            name,
            over_file_limit(bytes.len() as u64, limits.max_file_bytes),
        ));
    }
    let compressed = bytes.starts_with(&[0x1f, 0x8b]);
    let inflated;
    let text: &[u8] = if compressed {
        inflated = gunzip(name, bytes, limits.max_decompressed_bytes)?;
        &inflated
    } else {
        bytes
    };
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let (values, lines) = parse(name, text)?;
    let mut events = unwrap_document(values, lines);
    if events.is_empty() {
        return Err(EventError::file(name, "holds no events"));
    }
    for (index, event) in events.iter_mut().enumerate() {
        lookup_event(name, index, event)?;
    }
    Ok(Values {
        events,
        compressed,
        lines,
    })
}

fn gunzip(name: &str, bytes: &[u8], limit: u64) -> Result<Vec<u8>, EventError> {
    let mut out = Vec::new();
    MultiGzDecoder::new(bytes)
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| EventError::file(name, format!("is not valid gzip: {e}")))?;
    if out.len() as u64 > limit {
        return Err(EventError::file(
            name,
            format!(
                "decompresses to more than {limit} bytes, the limit for compressed files (a gzip bomb?); nothing was imported"
            ),
        ));
    }
    Ok(out)
}

/// Every top-level JSON value of the text, and whether there were several.
fn parse(name: &str, text: &[u8]) -> Result<(Vec<Value>, bool), EventError> {
    let mut values = Vec::new();
    let stream = serde_json::Deserializer::from_slice(text).into_iter::<Value>();
    for value in stream {
        match value {
            Ok(value) => values.push(value),
            Err(e) => {
                let several = !values.is_empty();
                let what = if e.is_eof() {
                    "is truncated: the JSON ends early"
                } else {
                    "is not JSON"
                };
                let mut error = EventError::file(
                    name,
                    format!("{what} (line {}, column {})", e.line(), e.column()),
                );
                if several {
                    error.event = Some(format!("line {}", e.line()));
                }
                return Err(error);
            }
        }
    }
    let lines = values.len() > 1;
    Ok((values, lines))
}

/// The events of a document: the elements of an array or of a known wrapper key,
/// or the values themselves (JSON lines, a single event).
fn unwrap_document(mut values: Vec<Value>, lines: bool) -> Vec<Value> {
    if lines || values.len() != 1 {
        return values;
    }
    match values.pop() {
        Some(Value::Array(items)) => items,
        Some(Value::Object(mut object)) => {
            for key in ["Records", "Events", "items", "entries"] {
                if matches!(object.get(key), Some(Value::Array(_)))
                    && let Some(Value::Array(items)) = object.remove(key)
                {
                    return items;
                }
            }
            vec![Value::Object(object)]
        }
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

/// A `LookupEvents` element (`{"EventId": .., "CloudTrailEvent": "<json>"}`)
/// replaced by the event it carries.
fn lookup_event(name: &str, index: usize, event: &mut Value) -> Result<(), EventError> {
    let Some(Value::String(inner)) = event.get("CloudTrailEvent") else {
        return Ok(());
    };
    match serde_json::from_str::<Value>(inner) {
        Ok(parsed @ Value::Object(_)) => {
            *event = parsed;
            Ok(())
        }
        Ok(_) => Err(EventError {
            file: name.to_string(),
            event: Some(format!("event {}", index + 1)),
            field: Some("CloudTrailEvent".into()),
            message: "is not a JSON object".into(),
        }),
        Err(e) => Err(EventError {
            file: name.to_string(),
            event: Some(format!("event {}", index + 1)),
            field: Some("CloudTrailEvent".into()),
            message: format!("is not JSON: {e}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::new(1024 * 1024)
    }

    fn read(text: &str) -> Result<Vec<Value>, EventError> {
        read_values("f.json", text.as_bytes(), limits()).map(|v| v.events)
    }

    #[test]
    fn every_shape_gives_the_same_events() {
        let one = r#"{"a":1}"#;
        let two = r#"{"a":2}"#;
        let expected = vec![serde_json::json!({"a":1}), serde_json::json!({"a":2})];
        for text in [
            format!("[{one},{two}]"),
            format!("{{\"Records\":[{one},{two}]}}"),
            format!("{one}\n{two}\n"),
            format!("\u{feff}{one}\r\n{two}"),
        ] {
            assert_eq!(read(&text).ok(), Some(expected.clone()), "{text}");
        }
        assert_eq!(read(one).ok(), Some(vec![serde_json::json!({"a":1})]));
    }

    #[test]
    fn lookup_events_carry_the_event_as_a_string() {
        let text = r#"{"Events":[{"EventId":"x","CloudTrailEvent":"{\"eventID\":\"x\"}"}]}"#;
        assert_eq!(
            read(text).ok(),
            Some(vec![serde_json::json!({"eventID":"x"})])
        );
        let bad = r#"[{"CloudTrailEvent":"{nope"}]"#;
        let error = read(bad).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            error.starts_with("f.json: event 1: CloudTrailEvent: is not JSON"),
            "{error}"
        );
    }

    #[test]
    fn broken_json_is_named() {
        let error = |text: &str| read(text).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(error("hello"), "f.json: is not JSON (line 1, column 1)");
        assert_eq!(
            error("[{\"a\":1},"),
            "f.json: is truncated: the JSON ends early (line 1, column 9)"
        );
        assert_eq!(
            error("{\"a\":1}\n{\"a\":"),
            "f.json: line 2: is truncated: the JSON ends early (line 2, column 5)"
        );
        assert_eq!(error("  "), "f.json: holds no events");
        assert_eq!(error("[]"), "f.json: holds no events");
    }

    #[test]
    fn size_limits_hold_before_and_after_decompression() {
        let small = Limits {
            max_file_bytes: 10,
            max_decompressed_bytes: 100,
        };
        let error = read_values("big.json", &[b' '; 11], small).err();
        assert_eq!(
            error.map(|e| e.to_string()).unwrap_or_default(),
            "big.json: is 11 bytes; the limit is 10 bytes (max_file_bytes in the [evidence] section of the config)"
        );
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = std::io::Write::write_all(&mut encoder, &[b' '; 101]);
        let bomb = encoder.finish().unwrap_or_default();
        let roomy = Limits {
            max_file_bytes: 1000,
            ..small
        };
        let error = read_values("bomb.gz", &bomb, roomy).err();
        assert!(
            error
                .map(|e| e.to_string())
                .unwrap_or_default()
                .starts_with("bomb.gz: decompresses to more than 100 bytes"),
        );
        let error = read_values("bad.gz", &[0x1f, 0x8b, 1, 2, 3], roomy).err();
        assert!(
            error
                .map(|e| e.to_string())
                .unwrap_or_default()
                .starts_with("bad.gz: is not valid gzip")
        );
    }
}
