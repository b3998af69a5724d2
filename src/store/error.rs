use std::path::PathBuf;

use rusqlite::ErrorCode;

use super::sql;

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
    #[error("{path}: is {what}, not a store file")]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{path}: the file is shorter than its header says (truncated); it was not opened")]
    Truncated { path: PathBuf },
    #[error("{path}: an empty file, not a nhitrace store; remove it or give another --db")]
    EmptyFile { path: PathBuf },
    #[error("{path}: the file is not writable by you; open it with --read-only to review it")]
    NotWritable { path: PathBuf },
    #[error(
        "{path}: holds {objects}, which nhitrace did not create; refusing to open it for writing (a store must not run SQL it did not create)"
    )]
    ForeignSql { path: PathBuf, objects: String },
    #[error(
        "{path}: its schema is not the one nhitrace created ({objects}); refusing to open it for writing"
    )]
    AlteredSchema { path: PathBuf, objects: String },
    #[error(
        "{path}: cannot reveal: the store is not writable by you, so the reveal could not be recorded in the audit log"
    )]
    RevealNotAudited { path: PathBuf },
    #[error("the disk is full: nothing was written; free some space and try again")]
    DiskFull,
    #[error("{path}: already exists; refusing to overwrite")]
    AlreadyExists { path: PathBuf },
    #[error("{path}: cannot reach the store: {detail}")]
    Unreachable { path: PathBuf, detail: String },
    #[error("{path}: no such store")]
    NotFound { path: PathBuf },
    #[error("the store is open read-only")]
    ReadOnly,
    #[error("the store is busy: another nhitrace kept it locked too long; try again")]
    Busy,
    #[error("no case {0}")]
    NoSuchCase(String),
    #[error("no asset {0} in this store")]
    NoSuchAsset(String),
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
    #[error("could not record the change in the audit log: {0}")]
    Audit(String),
    /// An import stopped at a file that could not be read or mapped; nothing of it
    /// was written.
    #[error("{0}")]
    ImportRefused(String),
}

fn disk_is_full() -> bool {
    #[cfg(unix)]
    {
        std::io::Error::last_os_error().raw_os_error() == Some(libc::ENOSPC)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Translate a query error of either backend into a store error. Kept private to
/// the store so no backend type appears in the public API.
pub(crate) fn db(err: sql::Error) -> StoreError {
    match err {
        sql::Error::Sqlite(err) => sqlite(err),
        sql::Error::Pg(err) => pg(err),
        sql::Error::NoRows | sql::Error::Decode(_) => StoreError::Sqlite(err.to_string()),
    }
}

fn sqlite(err: rusqlite::Error) -> StoreError {
    match err.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
        Some(ErrorCode::DiskFull) => StoreError::DiskFull,
        // SQLite reports some writes that hit a full disk (the WAL index, a sync) as
        // I/O errors; the OS error says which.
        Some(ErrorCode::SystemIoFailure) if disk_is_full() => StoreError::DiskFull,
        Some(ErrorCode::ConstraintViolation) => {
            StoreError::Invalid(format!("the store refused the change: {err}"))
        }
        _ => StoreError::Sqlite(err.to_string()),
    }
}

fn pg(err: postgres::Error) -> StoreError {
    use postgres::error::SqlState;
    let code = err.code().cloned();
    let message = sql::Error::Pg(err).to_string();
    let Some(code) = code else {
        return StoreError::Sqlite(message);
    };
    let code = &code;
    if *code == SqlState::READ_ONLY_SQL_TRANSACTION || *code == SqlState::INSUFFICIENT_PRIVILEGE {
        StoreError::ReadOnly
    } else if *code == SqlState::DISK_FULL {
        StoreError::DiskFull
    } else if *code == SqlState::LOCK_NOT_AVAILABLE
        || *code == SqlState::T_R_SERIALIZATION_FAILURE
        || *code == SqlState::T_R_DEADLOCK_DETECTED
    {
        StoreError::Busy
    } else if code.code().starts_with("23") || *code == SqlState::RAISE_EXCEPTION {
        StoreError::Invalid(format!("the store refused the change: {message}"))
    } else {
        StoreError::Sqlite(message)
    }
}

/// Like [`db`], but a corrupt or non-database file is named as such.
pub(crate) fn db_at(path: &std::path::Path) -> impl Fn(sql::Error) -> StoreError + '_ {
    move |err| match &err {
        sql::Error::Sqlite(inner)
            if matches!(
                inner.sqlite_error_code(),
                Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
            ) =>
        {
            StoreError::Corrupt {
                path: path.to_path_buf(),
            }
        }
        _ => db(err),
    }
}

/// A stored value that does not decode (an unknown label, a malformed time or JSON).
pub(crate) fn undecodable(what: &str, detail: impl std::fmt::Display) -> sql::Error {
    sql::Error::Decode(format!("stored {what} does not decode: {detail}"))
}
