//! GCP Cloud Audit Logs (`LogEntry` with an `AuditLog` `protoPayload`).
//!
//! id `insertId`; time `timestamp`; name `protoPayload.methodName`; actor
//! `protoPayload.authenticationInfo.principalEmail`; read-only when the method's
//! last word starts like a read (`Get`, `List`, ...); failed when
//! `protoPayload.status.code` is not 0.

use serde_json::Value;

use super::path::{lookup, text_at};
use super::raw::{Problem, RawEvent, Read, reads_by_name, required, time_at};

pub(super) fn read(value: &Value) -> Result<Read<'_>, Problem> {
    let id = required(value, &["insertId"])?;
    let occurred_at = time_at(value, &["timestamp", "receiveTimestamp"])?;
    let name = required(value, &["protoPayload.methodName"])?;
    let actor = required(
        value,
        &[
            "protoPayload.authenticationInfo.principalEmail",
            "protoPayload.authenticationInfo.principalSubject",
        ],
    )?;
    let operation = name.rsplit('.').next().unwrap_or(&name);
    let read_only = reads_by_name(operation);
    let failure = match lookup(value, "protoPayload.status.code").and_then(Value::as_i64) {
        Some(code) if code != 0 => Some(match text_at(value, "protoPayload.status.message") {
            Some(message) => format!("status {code}: {message}"),
            None => format!("status {code}"),
        }),
        _ => None,
    };
    let context = match (
        text_at(value, "protoPayload.serviceName"),
        text_at(value, "protoPayload.requestMetadata.callerIp"),
    ) {
        (Some(service), Some(ip)) => Some(format!("{service} from {ip}")),
        (service, None) => service,
        (None, Some(ip)) => Some(format!("from {ip}")),
    };
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
    value.get("protoPayload").is_some()
}
