//! Where a store lives. Callers name a store by its location, not by a file path, and
//! a part of the program that needs its own connection (a loader on another thread)
//! opens the open store's location again instead of a path it was handed.

use std::fmt;
use std::path::{Path, PathBuf};

pub use super::sql::PgTarget;

/// The location of a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// A SQLite file (the embedded default).
    File(PathBuf),
    /// A database on a PostgreSQL server (`postgres://user@host/dbname`).
    Postgres(PgTarget),
}

impl StoreLocation {
    pub fn file(path: impl Into<PathBuf>) -> StoreLocation {
        StoreLocation::File(path.into())
    }

    /// A `postgres://` or `postgresql://` URL names a server store; anything else
    /// is the path of a SQLite file.
    pub fn parse(text: &str) -> StoreLocation {
        match PgTarget::parse(text) {
            Some(target) => StoreLocation::Postgres(target),
            None => StoreLocation::File(PathBuf::from(text)),
        }
    }

    /// The file of a file store.
    pub fn path(&self) -> Option<&Path> {
        match self {
            StoreLocation::File(path) => Some(path),
            StoreLocation::Postgres(_) => None,
        }
    }

    pub fn is_server(&self) -> bool {
        matches!(self, StoreLocation::Postgres(_))
    }

    /// How errors name the store: the file's path, or the URL without its password.
    pub fn display_path(&self) -> PathBuf {
        match self {
            StoreLocation::File(path) => path.clone(),
            StoreLocation::Postgres(target) => PathBuf::from(target.shown()),
        }
    }
}

impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::File(path) => write!(f, "{}", path.display()),
            StoreLocation::Postgres(target) => write!(f, "{}", target.shown()),
        }
    }
}
