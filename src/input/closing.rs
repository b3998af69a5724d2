//! The closing note asked for when a case is closed.

use super::fields::{Checker, FieldError};

/// The note, trimmed; refused when blank.
pub fn closing_note(text: &str) -> Result<String, Vec<FieldError>> {
    let mut check = Checker::default();
    let note = check.text(text).trim().to_string();
    if note.is_empty() {
        check.fail("note", "is required: say how the case ended");
    }
    check.finish(Some(note))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_note_is_refused() {
        assert_eq!(closing_note("  \n").unwrap_err()[0].field, "note");
        assert_eq!(
            closing_note(" Rotated and verified.\n").unwrap(),
            "Rotated and verified."
        );
    }
}
