use std::path::PathBuf;

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
    #[error("{path}: already exists; refusing to overwrite")]
    AlreadyExists { path: PathBuf },
    #[error("{path}: no such store")]
    NotFound { path: PathBuf },
    #[error("the store is open read-only")]
    ReadOnly,
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
