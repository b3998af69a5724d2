//! A case's history from the audit log: who changed what, when. Laid out as a
//! document (one block per audit row, the change JSON summarised) for the overlay.

use chrono::FixedOffset;
use serde_json::Value;

use super::document::{Document, DocumentBuilder};
use super::text::{clean_masked, time_medium, zone_name};
use crate::domain::CaseId;
use crate::store::AuditEntry;

/// The history overlay of one case.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryView {
    pub case: CaseId,
    pub reference: String,
    pub entries: Vec<AuditEntry>,
    pub document: Document,
    pub scroll: usize,
}

/// Longest value shown for one changed field before it is cut.
const VALUE_CHARS: usize = 160;

pub fn document(entries: &[AuditEntry], zone: FixedOffset, width: usize) -> Document {
    let mut doc = DocumentBuilder::new(width);
    if entries.is_empty() {
        doc.muted("No audit rows name this case.");
        return doc.build();
    }
    doc.muted(&format!(
        "{} audit rows, oldest first · times in {}",
        entries.len(),
        zone_name(zone)
    ));
    for entry in entries {
        doc.heading(&format!(
            "#{} {}  {}  {}",
            entry.seq,
            time_medium(entry.at, zone),
            clean_masked(&entry.os_user),
            clean_masked(&entry.action)
        ));
        doc.field("entity", &clean_masked(&entry.entity));
        for (label, value) in summarise(&entry.change) {
            doc.field(&label, &clean_masked(&value));
        }
    }
    doc.build()
}

/// The change as `field → value` lines: for edits `old → new` of each field that
/// changed, otherwise each field that has a value.
pub fn summarise(change: &str) -> Vec<(String, String)> {
    let Ok(value) = serde_json::from_str::<Value>(change) else {
        return vec![("change".into(), cut(change))];
    };
    let (Some(old), Some(new)) = (value.get("old"), value.get("new")) else {
        return match &value {
            Value::Object(map) => map
                .iter()
                .filter(|(_, v)| !is_empty(v))
                .map(|(k, v)| (k.clone(), cut(&text(v))))
                .collect(),
            other => vec![("change".into(), cut(&text(other)))],
        };
    };
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => {
            let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .filter(|k| old.get(*k) != new.get(*k))
                .map(|k| {
                    let show = |v: Option<&Value>| v.map_or_else(|| "–".to_string(), text);
                    (
                        k.clone(),
                        cut(&format!("{} → {}", show(old.get(k)), show(new.get(k)))),
                    )
                })
                .collect()
        }
        (old, new) => vec![(
            "change".into(),
            cut(&format!("{} → {}", text(old), text(new))),
        )],
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::Null => "–".into(),
        Value::String(s) => s.replace('\n', " ⏎ "),
        other => other.to_string(),
    }
}

fn cut(s: &str) -> String {
    if s.chars().count() <= VALUE_CHARS {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(VALUE_CHARS - 1).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_show_old_and_new_of_changed_fields_only() {
        let change = r#"{"new":{"owner":"bob","status":"open","title":"T"},"old":{"owner":null,"status":"open","title":"T"}}"#;
        assert_eq!(
            summarise(change),
            [("owner".to_string(), "– → bob".to_string())]
        );
    }

    #[test]
    fn creations_list_fields_with_values() {
        let change = r#"{"actor":"alice","details":"","fields":{},"kind":"note","summary":"a\nb"}"#;
        assert_eq!(
            summarise(change),
            [
                ("actor".to_string(), "alice".to_string()),
                ("kind".to_string(), "note".to_string()),
                ("summary".to_string(), "a ⏎ b".to_string()),
            ]
        );
        assert_eq!(summarise("not json")[0].1, "not json");
    }
}
