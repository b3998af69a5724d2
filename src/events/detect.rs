//! `--source auto`: which system a file's events come from, from the first event.

use serde_json::Value;

use super::{Source, cloudtrail, gcp, github, k8s, okta};

/// The source whose shape the event has, most specific first.
pub(super) fn detect(event: &Value) -> Option<Source> {
    if cloudtrail::recognises(event) {
        Some(Source::CloudTrail)
    } else if k8s::recognises(event) {
        Some(Source::Kubernetes)
    } else if gcp::recognises(event) {
        Some(Source::Gcp)
    } else if okta::recognises(event) {
        Some(Source::Okta)
    } else if github::recognises(event) {
        Some(Source::GitHub)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_shape_is_recognised() {
        let cases = [
            (
                json!({"eventVersion":"1.09","eventName":"X","eventTime":"t"}),
                Some(Source::CloudTrail),
            ),
            (
                json!({"auditID":"a","verb":"get"}),
                Some(Source::Kubernetes),
            ),
            (json!({"protoPayload":{}}), Some(Source::Gcp)),
            (json!({"eventType":"x","published":"t"}), Some(Source::Okta)),
            (json!({"action":"x","@timestamp":1}), Some(Source::GitHub)),
            (json!({"number":1,"secret_type":"x"}), Some(Source::GitHub)),
            (json!({"hello":"world"}), None),
        ];
        for (event, expected) in cases {
            assert_eq!(detect(&event), expected, "{event}");
        }
    }
}
