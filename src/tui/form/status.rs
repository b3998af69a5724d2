//! The change-status form. Closing is not offered here: it needs a closing note.

use super::field::{ChoiceOption, Field};
use super::save::Write;
use super::{Form, Purpose};
use crate::domain::{Case, CaseStatus};

pub fn form(case: &Case) -> Form {
    let options = CaseStatus::ALL
        .iter()
        .filter(|s| **s != CaseStatus::Closed)
        .map(|s| ChoiceOption::plain(s.as_str()))
        .collect();
    Form::new(
        Purpose::Status(case.id),
        format!("Status of {} (now {})", case.reference, case.status),
        vec![Field::choice(
            "status",
            "Status",
            options,
            case.status.as_str(),
        )],
    )
}

pub fn write(form: &Form) -> Option<Write> {
    match form.purpose {
        Purpose::Status(case) => Some(Write::Status {
            case,
            status: form.value("status").unwrap_or_default(),
        }),
        _ => None,
    }
}
