use std::path::PathBuf;

use rusqlite::ErrorCode;

/// Everything that can go wrong in the store, each with a message a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: not a nhitrace store")]
    Foreign { path: PathBuf },
    #[error("{path}: file is corrupt or not a database")]
    Corrupt { path: PathBuf },
    #[error(
        "{path}: store schema version {found} is newer than this nhitrace supports ({supported}); upgrade nhitrace"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "{path}: store schema version {found} is older than this nhitrace uses ({supported}); open it once without --read-only to upgrade it"
    )]
    Outdated {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path}: already exists; refusing to overwrite")]
    AlreadyExists { path: PathBuf },
    #[error("{path}: no such store")]
    NotFound { path: PathBuf },
    #[error("the store is open read-only")]
    ReadOnly,
    #[error("the store is busy: another nhitrace kept it locked too long; try again")]
    Busy,
    #[error("no case {0}")]
    NoSuchCase(String),
    #[error("no evidence #{0}")]
    NoSuchEvidence(i64),
    #[error("{0}")]
    Invalid(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("store error: {0}")]
    Sqlite(String),
}

/// Translate a SQLite error into a store error. Kept private to the store so no
/// rusqlite type appears in the public API.
pub(crate) fn db(err: rusqlite::Error) -> StoreError {
    match err.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
        Some(ErrorCode::ConstraintViolation) => {
            StoreError::Invalid(format!("the store refused the change: {err}"))
        }
        _ => StoreError::Sqlite(err.to_string()),
    }
}

/// Like [`db`], but a corrupt or non-database file is named as such.
pub(crate) fn db_at(path: &std::path::Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |err| match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
        },
        _ => db(err),
    }
}

/// A stored value that does not decode (an unknown label, a malformed time or JSON).
pub(crate) fn undecodable(what: &str, detail: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored {what} does not decode: {detail}").into(),
    )
}
