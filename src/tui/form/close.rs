//! The close-case form: a closing note, and when error-level gaps remain, a
//! confirmation step that names them.

use super::field::Field;
use super::save::Write;
use super::{Form, Purpose};
use crate::domain::Case;

pub fn form(case: &Case) -> Form {
    Form::new(
        Purpose::Close(case.id),
        format!("Close case {}", case.reference),
        vec![Field::lines("note", "Closing note", "")],
    )
}

pub fn write(form: &Form) -> Option<Write> {
    match form.purpose {
        Purpose::Close(case) => Some(Write::Close {
            case,
            note: form.value("note").unwrap_or_default(),
        }),
        _ => None,
    }
}
