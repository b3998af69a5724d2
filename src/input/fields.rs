//! Field-level checks shared by every draft.

use std::str::FromStr;

/// One invalid field: its name (as the form and the CLI flag call it) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Collects field errors while a draft is validated.
#[derive(Debug, Default)]
pub(super) struct Checker {
    pub errors: Vec<FieldError>,
}

impl Checker {
    pub fn fail(&mut self, field: &'static str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field,
            message: message.into(),
        });
    }

    /// A required one-line text field.
    pub fn required(&mut self, field: &'static str, value: &str) -> String {
        let value = self.optional(field, value);
        if value.is_none() {
            self.fail(field, "is required");
        }
        value.unwrap_or_default()
    }

    /// An optional one-line text field: blank is `None`; control characters are refused.
    pub fn optional(&mut self, field: &'static str, value: &str) -> Option<String> {
        let value = value.trim();
        if value.chars().any(char::is_control) {
            self.fail(field, "must be one line without control characters");
            return None;
        }
        (!value.is_empty()).then(|| value.to_string())
    }

    /// Multi-line free text: kept as typed (trailing whitespace trimmed); may be empty.
    pub fn text(&mut self, value: &str) -> String {
        value.trim_end().to_string()
    }

    /// A value from a closed vocabulary.
    pub fn label<T: FromStr<Err = crate::domain::UnknownLabel>>(
        &mut self,
        field: &'static str,
        value: &str,
    ) -> Option<T> {
        match value.trim().parse() {
            Ok(v) => Some(v),
            Err(err) => {
                let crate::domain::UnknownLabel {
                    value, expected, ..
                } = err;
                let message = if value.is_empty() {
                    format!("is required (one of: {expected})")
                } else {
                    format!("`{value}` is not one of: {expected}")
                };
                self.fail(field, message);
                None
            }
        }
    }

    /// An optional value from a closed vocabulary: blank is `None`.
    pub fn optional_label<T: FromStr<Err = crate::domain::UnknownLabel>>(
        &mut self,
        field: &'static str,
        value: &str,
    ) -> Option<T> {
        if value.trim().is_empty() {
            None
        } else {
            self.label(field, value)
        }
    }

    /// A comma- or semicolon-separated list of one-line items.
    pub fn list(&mut self, field: &'static str, value: &str) -> Vec<String> {
        let mut items = Vec::new();
        for item in value.split([',', ';']) {
            if let Some(item) = self.optional(field, item) {
                items.push(item);
            }
        }
        items
    }

    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(value) if self.errors.is_empty() => Ok(value),
            _ => Err(self.errors),
        }
    }
}
