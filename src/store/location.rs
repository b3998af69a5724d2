//! Where a store lives. Callers name a store by its location, not by a file path, and
//! a part of the program that needs its own connection (a loader on another thread)
//! asks the open store for one ([`super::Store::reader`], [`super::Store::reopen`])
//! instead of reopening a path it was handed.

use std::fmt;
use std::path::{Path, PathBuf};

/// The location of a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// A SQLite file (the embedded default).
    File(PathBuf),
}

impl StoreLocation {
    pub fn file(path: impl Into<PathBuf>) -> StoreLocation {
        StoreLocation::File(path.into())
    }

    /// The file of a file store.
    pub fn path(&self) -> Option<&Path> {
        match self {
            StoreLocation::File(path) => Some(path),
        }
    }
}

impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::File(path) => write!(f, "{}", path.display()),
        }
    }
}
