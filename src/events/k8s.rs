//! Kubernetes audit events (`audit.k8s.io/v1` `Event`, as a JSON-lines log or an
//! `EventList`'s `items`).
//!
//! id `auditID`; time `stageTimestamp` (else `requestReceivedTimestamp`); name
//! `verb resource[/subresource]` from `objectRef`; actor `user.username`;
//! read-only verbs `get`, `list`, `watch`; failed when `responseStatus.code` ≥ 400.
//! Only stage `ResponseComplete` is imported (earlier stages are the same request).

use serde_json::Value;

use super::path::{lookup, text_at};
use super::raw::{Problem, RawEvent, Read, required, time_at};

pub(super) fn read(value: &Value) -> Result<Read<'_>, Problem> {
    if text_at(value, "stage").is_some_and(|stage| stage != "ResponseComplete") {
        return Ok(Read::OtherStage);
    }
    let id = required(value, &["auditID"])?;
    let verb = required(value, &["verb"])?;
    let occurred_at = time_at(value, &["stageTimestamp", "requestReceivedTimestamp"])?;
    let actor = required(value, &["user.username"])?;
    let name = match (
        text_at(value, "objectRef.resource"),
        text_at(value, "objectRef.subresource"),
    ) {
        (Some(resource), Some(sub)) => format!("{verb} {resource}/{sub}"),
        (Some(resource), None) => format!("{verb} {resource}"),
        (None, _) => match text_at(value, "requestURI") {
            Some(uri) => format!("{verb} {uri}"),
            None => verb.clone(),
        },
    };
    let read_only = matches!(verb.as_str(), "get" | "list" | "watch");
    let failure = match lookup(value, "responseStatus.code").and_then(Value::as_i64) {
        Some(code) if code >= 400 => Some(match text_at(value, "responseStatus.reason") {
            Some(reason) => format!("HTTP {code} {reason}"),
            None => format!("HTTP {code}"),
        }),
        _ => None,
    };
    let context = text_at(value, "sourceIPs.0").map(|ip| format!("from {ip}"));
    Ok(Read::Events(vec![RawEvent {
        id,
        occurred_at,
        actor,
        name,
        read_only,
        failure,
        context,
        value,
    }]))
}

pub(super) fn recognises(value: &Value) -> bool {
    value.get("auditID").is_some() && value.get("verb").is_some()
}
