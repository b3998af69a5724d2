//! Why a write did not happen: fields that do not validate (each named, so a form can
//! show the message under its field and keep what was typed), a refusal of the use
//! case itself, or the store's own error. In every case nothing was written.

use crate::input::FieldError;
use crate::store::StoreError;

#[derive(Debug)]
pub enum AppError {
    /// Input that does not validate, field by field.
    Fields(Vec<FieldError>),
    /// The command is refused as a whole (e.g. the case is already closed, or
    /// closing it would leave error-level gaps that were not confirmed).
    Refused(Refusal),
    Store(StoreError),
}

/// A refusal with the gaps that caused it, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub message: String,
    pub gaps: Vec<crate::rules::Gap>,
}

impl AppError {
    pub fn field(field: &'static str, message: impl Into<String>) -> AppError {
        AppError::Fields(vec![FieldError {
            field,
            message: message.into(),
        }])
    }

    pub fn refused(message: impl Into<String>) -> AppError {
        AppError::Refused(Refusal {
            message: message.into(),
            gaps: Vec::new(),
        })
    }
}

impl From<Vec<FieldError>> for AppError {
    fn from(errors: Vec<FieldError>) -> AppError {
        AppError::Fields(errors)
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> AppError {
        AppError::Store(error)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Fields(errors) => {
                let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
                f.write_str(&text.join("; "))
            }
            AppError::Refused(refusal) => f.write_str(&refusal.message),
            AppError::Store(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for AppError {}
