//! Opening a store: refuse anything that is not ours before writing a single byte,
//! create new files with mode 0600, then set the connection up for shared use.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read};
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, FileControl, OpenFlags};

use super::error::{db, db_at};
use super::schema::{self, APPLICATION_ID, SCHEMA_VERSION};
use super::{OpenMode, StoreError};

/// How long one statement waits for another connection's lock before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Each connection's page cache, in KiB (SQLite's default is 2,000). The store's
/// reads stream or touch a few pages per case, and the operating system caches the
/// file, so a larger cache buys little; at 100,000 cases the screen's connection
/// filled its 2 MB while switching cases, a twentieth of the screen's memory
/// budget (BENCHMARKS.md, round 4).
const PAGE_CACHE_KIB: i64 = 512;

/// What the first bytes of a file say about it.
#[derive(Debug, PartialEq, Eq)]
enum Header {
    /// A 0-byte file: ours to initialise.
    Empty,
    /// A SQLite file carrying the nhitrace application id.
    Ours,
}

/// Open a connection per `mode`, after checking the file without modifying it.
pub(crate) fn open(path: &Path, mode: OpenMode) -> Result<Connection, StoreError> {
    let conn = open_checked(path, mode)?;
    conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)
        .map_err(db)?;
    Ok(conn)
}

fn open_checked(path: &Path, mode: OpenMode) -> Result<Connection, StoreError> {
    match std::fs::metadata(path) {
        Ok(_) if mode == OpenMode::CreateNew => {
            return Err(StoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        Ok(_) => {}
        Err(err) if err.kind() == ErrorKind::NotFound => match mode {
            OpenMode::ReadOnly => {
                return Err(StoreError::NotFound {
                    path: path.to_path_buf(),
                });
            }
            OpenMode::ReadWrite | OpenMode::CreateNew => create_private_file(path, mode)?,
        },
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    }
    let header = inspect_header(path)?;
    if header == Header::Ours {
        let reader = open_read_only(path)?;
        check_version(&reader, path, mode)?;
        if mode == OpenMode::ReadOnly {
            return Ok(reader);
        }
        drop(reader);
    } else if mode == OpenMode::ReadOnly {
        return Err(StoreError::Outdated {
            path: path.to_path_buf(),
            found: 0,
            supported: SCHEMA_VERSION,
        });
    }
    open_read_write(path)
}

/// Create `path` with owner-only permissions so the -wal and -shm files SQLite
/// creates next to it inherit them.
fn create_private_file(path: &Path, mode: OpenMode) -> Result<(), StoreError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process created it between our check and now: inspect theirs,
        // unless the caller asked for a new file.
        Err(err) if err.kind() == ErrorKind::AlreadyExists && mode == OpenMode::ReadWrite => Ok(()),
        Err(err) if err.kind() == ErrorKind::AlreadyExists => Err(StoreError::AlreadyExists {
            path: path.to_path_buf(),
        }),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Read the 100-byte SQLite header with plain file I/O: a foreign or corrupt file is
/// refused before SQLite ever opens it, so not even a -wal or -shm file appears.
fn inspect_header(path: &Path) -> Result<Header, StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let mut header = Vec::with_capacity(100);
    file.by_ref()
        .take(100)
        .read_to_end(&mut header)
        .map_err(io)?;
    if header.is_empty() {
        return Ok(Header::Empty);
    }
    if header.len() < 100 || !header.starts_with(b"SQLite format 3\0") {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
        });
    }
    let application_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if application_id == APPLICATION_ID {
        Ok(Header::Ours)
    } else {
        Err(StoreError::Foreign {
            path: path.to_path_buf(),
        })
    }
}

fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(db_at(path))?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(db)?;
    Ok(conn)
}

/// Confirm through SQLite that the file is ours and readable at a version we know.
fn check_version(conn: &Connection, path: &Path, mode: OpenMode) -> Result<(), StoreError> {
    let application_id: i32 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(db_at(path))?;
    if application_id != APPLICATION_ID {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
        });
    }
    // Touch the schema so a damaged file is reported now, not on the first read.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
        row.get::<_, i64>(0)
    })
    .map_err(db_at(path))?;
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(db_at(path))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found < SCHEMA_VERSION && mode == OpenMode::ReadOnly {
        return Err(StoreError::Outdated {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

fn open_read_write(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(db_at(path))?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(db)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(db)?;
    // A fresh file is migrated before WAL is switched on, so the application id is in
    // the main file from the start and the header check above always sees it.
    schema::migrate(&conn, path)?;
    let journal: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .map_err(db)?;
    if !journal.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Sqlite(format!(
            "{}: could not switch to WAL (journal mode is {journal})",
            path.display()
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(db)?;
    // Keep the -wal and -shm files after the last writer closes (truncated), so a
    // read-only reviewer never has to create files next to the store.
    conn.pragma_update(None, "journal_size_limit", 1_048_576_i64)
        .map_err(db)?;
    let mut persist: std::ffi::c_int = 1;
    conn.file_control(Some("main"), FileControl::PersistWal(&mut persist))
        .map_err(db)?;
    Ok(conn)
}
