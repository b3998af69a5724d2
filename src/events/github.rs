//! GitHub: the organisation / enterprise audit log, and secret-scanning alerts.
//!
//! Audit log: id `_document_id` (else a hash of the event); time `@timestamp` or
//! `created_at` (milliseconds or RFC 3339); name `action`; actor `actor`; `git.clone`
//! and `git.fetch` are reads. Token fields (`hashed_token`,
//! `programmatic_access_type`) name the token an action used, never the token.
//!
//! Secret-scanning alert (`number`, `secret_type`, `state`, `resolution`,
//! `resolved_by`): `secret_scanning_alert.create` at `created_at`, and when
//! resolved `secret_scanning_alert.resolve` at `resolved_at` by `resolved_by.login`.
//! The leaked `secret` itself is never read.

use serde_json::Value;

use super::path::text_at;
use super::raw::{Problem, RawEvent, Read, id_or_hash, required, time_at};

/// Who an alert's creation is attributed to.
const SCANNER: &str = "github-secret-scanning";

pub(super) fn read(value: &Value) -> Result<Read<'_>, Problem> {
    if is_alert(value) {
        return alert(value);
    }
    let name = required(value, &["action"])?;
    let occurred_at = time_at(value, &["@timestamp", "created_at"])?;
    let actor = required(value, &["actor", "actor_login"])?;
    let id = id_or_hash(value, &["_document_id"]);
    let read_only = matches!(name.as_str(), "git.clone" | "git.fetch");
    let context = match (
        text_at(value, "programmatic_access_type"),
        text_at(value, "actor_ip"),
    ) {
        (Some(access), Some(ip)) => Some(format!("{access} from {ip}")),
        (access, None) => access,
        (None, Some(ip)) => Some(format!("from {ip}")),
    };
    Ok(Read::Events(vec![RawEvent {
        id,
        occurred_at,
        actor,
        name,
        read_only,
        failure: None,
        context,
        value,
    }]))
}

fn is_alert(value: &Value) -> bool {
    value.get("secret_type").is_some() && value.get("number").is_some()
}

fn alert(value: &Value) -> Result<Read<'_>, Problem> {
    let number = required(value, &["number"])?;
    let base = text_at(value, "html_url")
        .or_else(|| text_at(value, "url"))
        .or_else(|| text_at(value, "repository.full_name").map(|r| format!("{r}#{number}")))
        .unwrap_or_else(|| format!("alert-{number}"));
    let mut events = vec![RawEvent {
        id: format!("{base}:create"),
        occurred_at: time_at(value, &["created_at"])?,
        actor: SCANNER.to_string(),
        name: "secret_scanning_alert.create".into(),
        read_only: false,
        failure: None,
        context: text_at(value, "html_url"),
        value,
    }];
    let resolved = text_at(value, "state").as_deref() == Some("resolved");
    if resolved {
        events.push(RawEvent {
            id: format!("{base}:resolve"),
            occurred_at: time_at(value, &["resolved_at"])?,
            actor: required(value, &["resolved_by.login"])?,
            name: "secret_scanning_alert.resolve".into(),
            read_only: false,
            failure: None,
            context: text_at(value, "resolution_comment"),
            value,
        });
    }
    Ok(Read::Events(events))
}

pub(super) fn recognises(value: &Value) -> bool {
    is_alert(value)
        || (value.get("action").is_some()
            && (value.get("@timestamp").is_some() || value.get("created_at").is_some()))
}
