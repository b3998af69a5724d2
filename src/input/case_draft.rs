//! A case as typed into the new-case / edit-case form or `nhitrace case add|set`.

use chrono::{DateTime, TimeZone, Utc};

use super::fields::{Checker, FieldError};
use super::when::parse_when;
use crate::domain::{Case, CaseStatus, Category, RootCause, Severity};

/// Every field of a case as text, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseDraft {
    pub reference: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub severity: String,
    pub status: String,
    pub reporter: String,
    pub reported_via: String,
    pub owner: String,
    pub reviewer: String,
    pub opened_at: String,
    pub root_cause: String,
}

impl CaseDraft {
    /// A draft for a new case: the proposed reference, status `open`, opened now.
    pub fn new_case(reference: String) -> CaseDraft {
        CaseDraft {
            reference,
            status: CaseStatus::Open.as_str().into(),
            severity: Severity::Medium.as_str().into(),
            opened_at: "now".into(),
            ..CaseDraft::default()
        }
    }

    /// A draft holding the current values of `case`, for editing.
    pub fn from_case(case: &Case) -> CaseDraft {
        CaseDraft {
            reference: case.reference.clone(),
            title: case.title.clone(),
            summary: case.summary.clone(),
            category: case.category.as_str().into(),
            severity: case.severity.as_str().into(),
            status: case.status.as_str().into(),
            reporter: case.reporter.clone().unwrap_or_default(),
            reported_via: case.reported_via.clone().unwrap_or_default(),
            owner: case.owner.clone().unwrap_or_default(),
            reviewer: case.reviewer.clone().unwrap_or_default(),
            opened_at: case.opened_at.to_rfc3339(),
            root_cause: case
                .root_cause
                .map(|r| r.as_str().into())
                .unwrap_or_default(),
        }
    }

    /// Check every field; on success the case, applied on top of `base` (which keeps
    /// the id, closing fields and external references of an edited case).
    pub fn validate<Tz: TimeZone>(
        &self,
        base: Option<&Case>,
        now: DateTime<Utc>,
        zone: &Tz,
    ) -> Result<Case, Vec<FieldError>> {
        let mut check = Checker::default();
        let reference = check.required("reference", &self.reference);
        if !reference.is_empty() && !is_reference(&reference) {
            check.fail(
                "reference",
                "use letters, digits and dashes, starting with a letter (e.g. NHI-2026-0042)",
            );
        }
        let title = check.required("title", &self.title);
        let summary = check.text(&self.summary);
        let category: Option<Category> = check.label("category", &self.category);
        let severity: Option<Severity> = check.label("severity", &self.severity);
        let status: Option<CaseStatus> = check.label("status", &self.status);
        let reporter = check.optional("reporter", &self.reporter);
        let reported_via = check.optional("reported-via", &self.reported_via);
        let owner = check.optional("owner", &self.owner);
        let reviewer = check.optional("reviewer", &self.reviewer);
        let opened_at = match parse_when(&self.opened_at, now, zone) {
            Ok(when) => Some(when),
            Err(message) => {
                check.fail("opened-at", message);
                None
            }
        };
        let root_cause: Option<RootCause> = check.optional_label("root-cause", &self.root_cause);
        if let Some(opened) = opened_at
            && opened > now
        {
            check.fail("opened-at", "cannot be in the future");
        }
        let case = match (category, severity, status, opened_at) {
            (Some(category), Some(severity), Some(status), Some(opened_at)) => {
                let mut case = base.cloned().unwrap_or(Case {
                    id: 0,
                    reference: String::new(),
                    title: String::new(),
                    summary: String::new(),
                    category,
                    severity,
                    status,
                    reporter: None,
                    reported_via: None,
                    owner: None,
                    reviewer: None,
                    opened_at,
                    closed_at: None,
                    closing_note: None,
                    root_cause: None,
                    external_refs: Vec::new(),
                });
                case.reference = reference;
                case.title = title;
                case.summary = summary;
                case.category = category;
                case.severity = severity;
                case.status = status;
                case.reporter = reporter;
                case.reported_via = reported_via;
                case.owner = owner;
                case.reviewer = reviewer;
                case.opened_at = opened_at;
                case.root_cause = root_cause;
                Some(case)
            }
            _ => None,
        };
        check.finish(case)
    }
}

/// `NHI-2026-0042`-style: a letter first, then letters, digits, dashes, dots or underscores.
fn is_reference(reference: &str) -> bool {
    let mut chars = reference.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && reference.len() <= 40
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-06-02T10:30:00Z".parse().unwrap()
    }

    fn filled() -> CaseDraft {
        CaseDraft {
            title: "Deploy key leaked in public repo".into(),
            category: "secret_leak".into(),
            reporter: "alice".into(),
            opened_at: "2026-06-01 09:12".into(),
            ..CaseDraft::new_case("NHI-2026-0042".into())
        }
    }

    #[test]
    fn a_complete_draft_becomes_a_case() {
        let case = filled().validate(None, now(), &Utc).unwrap();
        assert_eq!(case.reference, "NHI-2026-0042");
        assert_eq!(case.category, Category::SecretLeak);
        assert_eq!(case.status, CaseStatus::Open);
        assert_eq!(case.severity, Severity::Medium);
        assert_eq!(case.reporter.as_deref(), Some("alice"));
        assert_eq!(case.owner, None);
        assert_eq!(
            case.opened_at,
            "2026-06-01T09:12:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let draft = CaseDraft {
            reference: "42 bad ref".into(),
            title: "  ".into(),
            category: "leaky".into(),
            severity: String::new(),
            status: "open".into(),
            reporter: "eve\x1b[2J".into(),
            opened_at: "next week".into(),
            root_cause: "gremlins".into(),
            ..CaseDraft::default()
        };
        let errors = draft.validate(None, now(), &Utc).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "reference",
                "title",
                "category",
                "severity",
                "reporter",
                "opened-at",
                "root-cause"
            ]
        );
        assert!(
            errors[2]
                .message
                .contains("`leaky` is not one of: access_loss")
        );
        assert!(errors[3].message.starts_with("is required"));
    }

    #[test]
    fn editing_keeps_what_the_draft_does_not_hold() {
        let mut base = filled().validate(None, now(), &Utc).unwrap();
        base.id = 7;
        base.closing_note = Some("done".into());
        let mut draft = CaseDraft::from_case(&base);
        draft.owner = "bob".into();
        let edited = draft.validate(Some(&base), now(), &Utc).unwrap();
        assert_eq!(edited.id, 7);
        assert_eq!(edited.closing_note.as_deref(), Some("done"));
        assert_eq!(edited.owner.as_deref(), Some("bob"));
        assert_eq!(edited.opened_at, base.opened_at);
    }

    #[test]
    fn a_future_opening_is_refused() {
        let draft = CaseDraft {
            opened_at: "2026-07-01 00:00".into(),
            ..filled()
        };
        let errors = draft.validate(None, now(), &Utc).unwrap_err();
        assert_eq!(errors[0].field, "opened-at");
    }
}
