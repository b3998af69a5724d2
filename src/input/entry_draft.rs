//! A timeline entry as typed into the add-entry form or `nhitrace entry add`.
//! Each kind asks for its own fields: an approval names its approver and the change
//! it covers; an exemption its justification, expiry and compensating controls; a
//! notification its recipients; a verification its method and result.

use chrono::{DateTime, TimeZone, Utc};

use super::fields::{Checker, FieldError};
use super::when::parse_when;
use crate::domain::{AssetId, CaseId, EntryFields, EntryKind, TimelineEntry, VerificationResult};

/// Every field of an entry as text, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryDraft {
    pub kind: String,
    pub occurred_at: String,
    pub actor: String,
    pub channel: String,
    pub summary: String,
    pub details: String,
    /// The asset the entry is about, chosen with the picker (not typed).
    pub asset_id: Option<AssetId>,
    pub approver: String,
    /// The id of the change an approval covers, e.g. `12` or `#12`.
    pub covers: String,
    pub justification: String,
    pub expires_at: String,
    pub compensating_controls: String,
    pub recipients: String,
    pub method: String,
    pub result: String,
}

/// The fields a kind asks for beyond the common ones, in form order.
pub fn kind_fields(kind: EntryKind) -> &'static [&'static str] {
    match kind {
        EntryKind::ApprovalGranted | EntryKind::ApprovalDenied => &["approver", "covers"],
        EntryKind::ExemptionGranted => &["justification", "expires-at", "compensating-controls"],
        EntryKind::Notification => &["recipients"],
        EntryKind::Verification => &["method", "result"],
        _ => &[],
    }
}

impl EntryDraft {
    /// A draft of `kind` happening now.
    pub fn new(kind: EntryKind) -> EntryDraft {
        EntryDraft {
            kind: kind.as_str().into(),
            occurred_at: "now".into(),
            ..EntryDraft::default()
        }
    }

    /// Check every field for an entry of `case` whose existing timeline is `timeline`;
    /// `recorded_by` is the OS user writing it down, at `now`.
    pub fn validate<Tz: TimeZone>(
        &self,
        case: CaseId,
        timeline: &[TimelineEntry],
        recorded_by: &str,
        now: DateTime<Utc>,
        zone: &Tz,
    ) -> Result<TimelineEntry, Vec<FieldError>> {
        let mut check = Checker::default();
        let kind: Option<EntryKind> = check.label("kind", &self.kind);
        let occurred_at = match parse_when(&self.occurred_at, now, zone) {
            Ok(when) if when > now => {
                check.fail("occurred-at", "cannot be in the future");
                None
            }
            Ok(when) => Some(when),
            Err(message) => {
                check.fail("occurred-at", message);
                None
            }
        };
        let actor = check.required("actor", &self.actor);
        let channel = check.optional("channel", &self.channel);
        let summary = check.required("summary", &self.summary);
        let details = check.text(&self.details);
        let fields = kind.map(|kind| self.kind_specific(kind, timeline, now, zone, &mut check));
        let entry = match (kind, occurred_at, fields) {
            (Some(kind), Some(occurred_at), Some(fields)) => Some(TimelineEntry {
                id: 0,
                case_id: case,
                occurred_at,
                recorded_at: now,
                recorded_by: recorded_by.to_string(),
                kind,
                actor,
                channel,
                summary,
                details,
                asset_id: self.asset_id,
                external_ref: None,
                fields,
            }),
            _ => None,
        };
        check.finish(entry)
    }

    fn kind_specific<Tz: TimeZone>(
        &self,
        kind: EntryKind,
        timeline: &[TimelineEntry],
        now: DateTime<Utc>,
        zone: &Tz,
        check: &mut Checker,
    ) -> EntryFields {
        let mut fields = EntryFields::default();
        match kind {
            EntryKind::ApprovalGranted | EntryKind::ApprovalDenied => {
                fields.approver = Some(check.required("approver", &self.approver));
                fields.covers = self.covered_change(timeline, check);
            }
            EntryKind::ExemptionGranted => {
                fields.justification = Some(check.required("justification", &self.justification));
                fields.expires_at = match parse_when(&self.expires_at, now, zone) {
                    Ok(when) => Some(when),
                    Err(message) => {
                        check.fail("expires-at", message);
                        None
                    }
                };
                fields.compensating_controls =
                    check.list("compensating-controls", &self.compensating_controls);
                if fields.compensating_controls.is_empty() {
                    check.fail(
                        "compensating-controls",
                        "name at least one control (comma-separated)",
                    );
                }
            }
            EntryKind::Notification => {
                fields.recipients = check.list("recipients", &self.recipients);
                if fields.recipients.is_empty() {
                    check.fail(
                        "recipients",
                        "name at least one recipient (comma-separated)",
                    );
                }
            }
            EntryKind::Verification => {
                fields.method = Some(check.required("method", &self.method));
                fields.result = check.label::<VerificationResult>("result", &self.result);
            }
            _ => {}
        }
        fields
    }

    fn covered_change(&self, timeline: &[TimelineEntry], check: &mut Checker) -> Option<i64> {
        let text = self.covers.trim().trim_start_matches('#');
        if text.is_empty() {
            check.fail(
                "covers",
                "name the change this approval covers (its entry number)",
            );
            return None;
        }
        let Ok(id) = text.parse::<i64>() else {
            check.fail("covers", format!("`{text}` is not an entry number"));
            return None;
        };
        match timeline.iter().find(|e| e.id == id) {
            Some(entry)
                if entry.kind.is_control_change() || entry.kind == EntryKind::ChangeRequested =>
            {
                Some(id)
            }
            Some(entry) => {
                check.fail(
                    "covers",
                    format!("entry #{id} is a {}, not a change or exemption", entry.kind),
                );
                None
            }
            None => {
                check.fail("covers", format!("this case has no entry #{id}"));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-06-02T10:30:00Z".parse().unwrap()
    }

    fn change(id: i64, kind: EntryKind) -> TimelineEntry {
        let mut draft = EntryDraft::new(kind);
        draft.actor = "bob".into();
        draft.summary = "Rotate deploy key".into();
        let mut entry = draft.validate(3, &[], "bob", now(), &Utc).unwrap();
        entry.id = id;
        entry
    }

    #[test]
    fn an_approval_names_approver_and_covered_change() {
        let timeline = [
            change(11, EntryKind::ChangeApplied),
            change(12, EntryKind::Note),
        ];
        let mut draft = EntryDraft::new(EntryKind::ApprovalGranted);
        draft.actor = "carol".into();
        draft.summary = "Approved rotation".into();
        draft.approver = "carol".into();
        draft.covers = "#11".into();
        draft.occurred_at = "2026-06-01T09:00:00Z".into();
        let entry = draft.validate(3, &timeline, "dave", now(), &Utc).unwrap();
        assert_eq!(entry.case_id, 3);
        assert_eq!(entry.kind, EntryKind::ApprovalGranted);
        assert_eq!(entry.fields.approver.as_deref(), Some("carol"));
        assert_eq!(entry.fields.covers, Some(11));
        assert_eq!(entry.recorded_by, "dave");
        assert_eq!(entry.recorded_at, now());

        draft.covers = "12".into();
        let errors = draft
            .validate(3, &timeline, "dave", now(), &Utc)
            .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "covers");
        assert!(
            errors[0].message.contains("#12 is a note"),
            "{}",
            errors[0].message
        );
        draft.covers = "99".into();
        draft.approver = String::new();
        let errors = draft
            .validate(3, &timeline, "dave", now(), &Utc)
            .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["approver", "covers"]);
    }

    #[test]
    fn each_kind_asks_for_its_own_fields() {
        let cases: [(EntryKind, &[&str]); 4] = [
            (
                EntryKind::ExemptionGranted,
                &["justification", "expires-at", "compensating-controls"],
            ),
            (EntryKind::Notification, &["recipients"]),
            (EntryKind::Verification, &["method", "result"]),
            (EntryKind::Note, &[]),
        ];
        for (kind, expected) in cases {
            let mut draft = EntryDraft::new(kind);
            draft.actor = "bob".into();
            draft.summary = "something".into();
            let result = draft.validate(1, &[], "bob", now(), &Utc);
            let fields: Vec<&str> = match &result {
                Ok(_) => vec![],
                Err(errors) => errors.iter().map(|e| e.field).collect(),
            };
            assert_eq!(fields, expected, "{kind}");
            assert_eq!(kind_fields(kind), expected);
        }
    }

    #[test]
    fn an_exemption_keeps_its_lists_and_expiry() {
        let mut draft = EntryDraft::new(EntryKind::ExemptionGranted);
        draft.actor = "erin".into();
        draft.summary = "Exempt billing sync from MFA".into();
        draft.justification = "vendor cannot do OIDC until Q3".into();
        draft.expires_at = "2026-09-30".into();
        draft.compensating_controls = "IP allow-list; weekly log review,  ".into();
        let entry = draft.validate(1, &[], "erin", now(), &Utc).unwrap();
        assert_eq!(
            entry.fields.compensating_controls,
            ["IP allow-list", "weekly log review"]
        );
        assert_eq!(
            entry.fields.expires_at,
            Some("2026-09-30T00:00:00Z".parse().unwrap())
        );
    }

    #[test]
    fn common_fields_are_checked() {
        let draft = EntryDraft {
            kind: "rotation".into(),
            occurred_at: "2027-01-01 00:00".into(),
            ..EntryDraft::default()
        };
        let errors = draft.validate(1, &[], "bob", now(), &Utc).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["occurred-at", "actor", "summary"]);
    }
}
