//! The new-case and edit-case forms. A new case gets the next free reference of the
//! year (`NHI-2026-0043`), which can be edited.

use chrono::Datelike;

use super::super::case_table::CaseTable;
use super::field::{ChoiceOption, Field, options_of};
use super::save::Write;
use super::{Form, Purpose};
use crate::app::reference::next_reference;
use crate::domain::{Case, CaseStatus, Category, RootCause, Severity};
use crate::input::CaseDraft;

/// The year new references are proposed for: the configured one, else that of the
/// newest case.
pub fn reference_year(cases: &CaseTable, year: Option<i32>) -> i32 {
    year.or_else(|| {
        (0..cases.len())
            .filter_map(|i| cases.opened_at(i))
            .map(|at| at.year())
            .max()
    })
    .unwrap_or(1970)
}

pub fn new_form(cases: &CaseTable, year: Option<i32>) -> Form {
    let references = (0..cases.len()).map(|i| cases.reference(i));
    let reference = next_reference(references, reference_year(cases, year));
    let draft = CaseDraft::new_case(reference);
    Form::new(Purpose::NewCase, "New case".into(), fields(&draft, true))
}

pub fn edit_form(case: &Case) -> Form {
    let draft = CaseDraft::from_case(case);
    let title = format!("Edit case {}", case.reference);
    Form::new(
        Purpose::EditCase(Box::new(case.clone())),
        title,
        fields(&draft, false),
    )
}

fn fields(d: &CaseDraft, new: bool) -> Vec<Field> {
    let statuses: Vec<ChoiceOption> = CaseStatus::ALL
        .iter()
        .filter(|s| !new || **s != CaseStatus::Closed)
        .map(|s| ChoiceOption::plain(s.as_str()))
        .collect();
    let mut fields = vec![
        Field::line("reference", "Reference", &d.reference),
        Field::line("title", "Title", &d.title),
        Field::lines("summary", "Summary", &d.summary),
        Field::choice(
            "category",
            "Category",
            options_of(Category::ALL, Category::as_str, Some("(choose)")),
            &d.category,
        ),
        Field::choice(
            "severity",
            "Severity",
            options_of(Severity::ALL, Severity::as_str, None),
            &d.severity,
        ),
    ];
    if new {
        fields.push(Field::choice("status", "Status", statuses, &d.status));
    }
    fields.extend([
        Field::line("reporter", "Reporter", &d.reporter),
        Field::line("reported-via", "Reported via", &d.reported_via),
        Field::line("owner", "Owner", &d.owner),
        Field::line("reviewer", "Reviewer", &d.reviewer),
        Field::line("opened-at", "Opened at", &d.opened_at),
        Field::choice(
            "root-cause",
            "Root cause",
            options_of(RootCause::ALL, RootCause::as_str, Some("(unknown yet)")),
            &d.root_cause,
        ),
    ]);
    fields
}

/// What the form holds, as a draft (status from the base case when editing: it
/// changes through the status and close forms).
fn draft(form: &Form, status: String) -> CaseDraft {
    let v = |key| form.value(key).unwrap_or_default();
    CaseDraft {
        reference: v("reference"),
        title: v("title"),
        summary: v("summary"),
        category: v("category"),
        severity: v("severity"),
        status: form.value("status").unwrap_or(status),
        reporter: v("reporter"),
        reported_via: v("reported-via"),
        owner: v("owner"),
        reviewer: v("reviewer"),
        opened_at: v("opened-at"),
        root_cause: v("root-cause"),
    }
}

pub fn write(form: &Form) -> Option<Write> {
    match &form.purpose {
        Purpose::NewCase => Some(Write::NewCase(draft(form, String::new()))),
        Purpose::EditCase(base) => Some(Write::EditCase {
            draft: draft(form, base.status.as_str().to_string()),
            base: base.clone(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CaseSummary;

    fn summary(id: i64, reference: &str) -> CaseSummary {
        let at = "2026-03-01T00:00:00Z".parse().unwrap();
        CaseSummary {
            id,
            reference: reference.into(),
            title: String::new(),
            category: Category::Other,
            severity: Severity::Low,
            status: CaseStatus::Open,
            owner: None,
            opened_at: at,
            last_activity: at,
        }
    }

    #[test]
    fn the_next_free_reference_of_the_year_is_proposed() {
        let references = ["NHI-2026-0041", "NHI-2026-0007", "NHI-2025-0099", "OTHER-1"];
        assert_eq!(next_reference(references, 2026), "NHI-2026-0042");
        assert_eq!(next_reference(references, 2027), "NHI-2027-0001");
        let cases: CaseTable = references
            .iter()
            .enumerate()
            .map(|(i, r)| summary(i as i64, r))
            .collect();
        assert_eq!(reference_year(&cases, None), 2026);
        assert_eq!(reference_year(&cases, Some(2031)), 2031);
    }
}
