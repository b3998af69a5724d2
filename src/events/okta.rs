//! Okta System Log events.
//!
//! id `uuid`; time `published`; name `eventType`; actor `actor.alternateId` (else
//! its display name or id); failed when `outcome.result` is `FAILURE` or `DENY`.
//! Okta events are never read-only calls.

use serde_json::Value;

use super::path::text_at;
use super::raw::{Problem, RawEvent, Read, required, time_at};

pub(super) fn read(value: &Value) -> Result<Read<'_>, Problem> {
    let id = required(value, &["uuid"])?;
    let occurred_at = time_at(value, &["published"])?;
    let name = required(value, &["eventType"])?;
    let actor = required(
        value,
        &["actor.alternateId", "actor.displayName", "actor.id"],
    )?;
    let failure = match text_at(value, "outcome.result").as_deref() {
        Some(result @ ("FAILURE" | "DENY")) => Some(match text_at(value, "outcome.reason") {
            Some(reason) => format!("{result}: {reason}"),
            None => result.to_string(),
        }),
        _ => None,
    };
    let context = text_at(value, "client.ipAddress").map(|ip| format!("from {ip}"));
    Ok(Read::Events(vec![RawEvent {
        id,
        occurred_at,
        actor,
        name,
        read_only: false,
        failure,
        context,
        value,
    }]))
}

pub(super) fn recognises(value: &Value) -> bool {
    value.get("eventType").is_some() && value.get("published").is_some()
}
