//! AWS CloudTrail records (`Records` files, arrays, JSON lines, `LookupEvents`).
//!
//! id `eventID`; time `eventTime`; name `eventName`; actor the caller's ARN
//! (`userIdentity.arn`, else its user name, principal id or invoking service);
//! read-only from `readOnly`, else from the name (`Get*`, `List*`, `Describe*`);
//! failed when `errorCode` is set.

use serde_json::Value;

use super::path::{lookup, text_at};
use super::raw::{Problem, RawEvent, Read, reads_by_name, required, time_at};

pub(super) fn read(value: &Value) -> Result<Read<'_>, Problem> {
    let id = required(value, &["eventID"])?;
    let name = required(value, &["eventName"])?;
    let occurred_at = time_at(value, &["eventTime"])?;
    let actor = required(
        value,
        &[
            "userIdentity.arn",
            "userIdentity.userName",
            "userIdentity.principalId",
            "userIdentity.invokedBy",
        ],
    )
    .map_err(|_| Problem::missing("userIdentity.arn"))?;
    let read_only = match lookup(value, "readOnly") {
        Some(Value::Bool(flag)) => *flag,
        _ => reads_by_name(&name),
    };
    let failure = text_at(value, "errorCode").map(|code| match text_at(value, "errorMessage") {
        Some(message) => format!("{code}: {message}"),
        None => code,
    });
    let context = match (
        text_at(value, "eventSource"),
        text_at(value, "sourceIPAddress"),
    ) {
        (Some(service), Some(ip)) => Some(format!("{service} from {ip}")),
        (Some(service), None) => Some(service),
        (None, ip) => ip.map(|ip| format!("from {ip}")),
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

/// Looks like a CloudTrail record.
pub(super) fn recognises(value: &Value) -> bool {
    value.get("eventName").is_some()
        && value.get("eventTime").is_some()
        && (value.get("eventSource").is_some() || value.get("eventVersion").is_some())
}
