//! Opening a store: refuse anything that is not ours before writing a single byte,
//! create new files with mode 0600, then set the connection up for shared use.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Seek};
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection as SqliteConn, FileControl, OpenFlags};

use super::sql::Connection;

use super::error::{db, db_at};

fn sqlite(err: rusqlite::Error) -> StoreError {
    db(err.into())
}
use super::schema::{self, APPLICATION_ID, SCHEMA_VERSION};
use super::schema_check;
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
    // The path itself, not what a symbolic link points at.
    match std::fs::symlink_metadata(path) {
        Ok(_) if mode == OpenMode::CreateNew => {
            return Err(StoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        Ok(meta) => {
            refuse_unless_store_file(path, &meta)?;
            if mode != OpenMode::ReadOnly {
                refuse_unless_writable(path)?;
            }
        }
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
        let version = check_version(&reader, path, mode)?;
        if mode == OpenMode::ReadOnly {
            return Ok(Connection::Sqlite(reader));
        }
        schema_check::check(&reader, path, version)?;
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

/// Refuse anything but a regular file: a symbolic link (the store could be anywhere),
/// a directory, a FIFO (opening it would wait for a writer), a device or socket, and
/// an empty file (a store always has a header; one being created by another nhitrace
/// gets it within moments, so an empty file is given a second to fill).
fn refuse_unless_store_file(path: &Path, meta: &std::fs::Metadata) -> Result<(), StoreError> {
    let not_a_file = |what| StoreError::NotAFile {
        path: path.to_path_buf(),
        what,
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(not_a_file(
            "a symbolic link (give the path of the store itself)",
        ));
    }
    if kind.is_dir() {
        return Err(not_a_file("a directory"));
    }
    if !kind.is_file() {
        return Err(not_a_file("a FIFO, device or socket"));
    }
    if meta.len() == 0 {
        let filled = (0..50).any(|_| {
            std::thread::sleep(Duration::from_millis(20));
            std::fs::symlink_metadata(path).is_ok_and(|m| m.len() > 0)
        });
        if !filled {
            return Err(StoreError::EmptyFile {
                path: path.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Refuse a store file the user cannot write before SQLite opens it (SQLite would
/// quietly open it read-only and fail at the first write). Opening for writing
/// without truncating changes nothing.
fn refuse_unless_writable(path: &Path) -> Result<(), StoreError> {
    match OpenOptions::new().write(true).open(path) {
        Ok(_) => Ok(()),
        Err(err) if is_not_writable(&err) => Err(StoreError::NotWritable {
            path: path.to_path_buf(),
        }),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn is_not_writable(err: &std::io::Error) -> bool {
    #[cfg(unix)]
    if err.raw_os_error() == Some(libc::EROFS) {
        return true;
    }
    err.kind() == ErrorKind::PermissionDenied
}

/// Whether this user can write the store file at `path` (the audit row of a reveal in
/// a read-only session needs it).
pub(crate) fn is_writable(path: &Path) -> bool {
    refuse_unless_writable(path).is_ok()
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
    let mut file = open_without_blocking(path).map_err(io)?;
    // The path may have been swapped since it was checked: look at what was opened.
    if !file.metadata().map_err(io)?.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            what: "not a regular file",
        });
    }
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
    if application_id != APPLICATION_ID {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
        });
    }
    // Another process's checkpoint may be growing the file right now (its header can
    // name pages a moment before they are written): a truncation is only believed
    // once it holds for a while, re-reading header and length each time.
    for _ in 0..TRUNCATION_CHECKS {
        let length = file.metadata().map_err(io)?.len();
        if !is_truncated(&header, length) {
            return Ok(Header::Ours);
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
        let mut again = Vec::with_capacity(100);
        file.seek(std::io::SeekFrom::Start(0)).map_err(io)?;
        file.by_ref()
            .take(100)
            .read_to_end(&mut again)
            .map_err(io)?;
        if again.len() == 100 {
            header = again;
        }
    }
    Err(StoreError::Truncated {
        path: path.to_path_buf(),
    })
}

/// How many times (25 ms apart) a file must look truncated before it is refused.
const TRUNCATION_CHECKS: usize = 8;

/// Whether a file of `length` bytes is shorter than its SQLite header says it is: not a
/// whole number of pages, or fewer pages than the header's page count (which SQLite
/// keeps when bytes 92..96 equal the change counter at 24..28).
fn is_truncated(header: &[u8], length: u64) -> bool {
    let word = |at: usize| {
        header
            .get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_be_bytes)
    };
    let page_size = match header.get(16..18) {
        Some([0, 1]) => 65_536,
        Some(&[high, low]) => u64::from(u16::from_be_bytes([high, low])),
        _ => 0,
    };
    if page_size < 512 {
        return true;
    }
    if !length.is_multiple_of(page_size) {
        return true;
    }
    let pages_valid = word(92) == word(24);
    pages_valid && length < page_size.saturating_mul(u64::from(word(28)))
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

fn open_read_only(path: &Path) -> Result<SqliteConn, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = SqliteConn::open_with_flags(path, flags).map_err(|err| db_at(path)(err.into()))?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
    Ok(conn)
}

/// Confirm through SQLite that the file is ours and readable at a version we know;
/// returns that version.
fn check_version(conn: &SqliteConn, path: &Path, mode: OpenMode) -> Result<i64, StoreError> {
    let application_id: i32 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(|err| db_at(path)(err.into()))?;
    if application_id != APPLICATION_ID {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
        });
    }
    // Touch the schema so a damaged file is reported now, not on the first read.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
        row.get::<_, i64>(0)
    })
    .map_err(|err| db_at(path)(err.into()))?;
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|err| db_at(path)(err.into()))?;
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
    Ok(found)
}

fn open_read_write(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = SqliteConn::open_with_flags(path, flags).map_err(|err| db_at(path)(err.into()))?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(sqlite)?;
    // A fresh file is migrated before WAL is switched on, so the application id is in
    // the main file from the start and the header check above always sees it.
    let conn = Connection::Sqlite(conn);
    schema::migrate(&conn, path)?;
    let Some(sqlite_conn) = conn.sqlite() else {
        return Ok(conn);
    };
    set_up_wal(sqlite_conn, path)?;
    Ok(conn)
}

/// WAL with full syncs, and the -wal and -shm files kept after the last writer.
fn set_up_wal(conn: &SqliteConn, path: &Path) -> Result<(), StoreError> {
    let journal: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .map_err(sqlite)?;
    if !journal.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Sqlite(format!(
            "{}: could not switch to WAL (journal mode is {journal})",
            path.display()
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sqlite)?;
    // Keep the -wal and -shm files after the last writer closes (truncated), so a
    // read-only reviewer never has to create files next to the store.
    conn.pragma_update(None, "journal_size_limit", 1_048_576_i64)
        .map_err(sqlite)?;
    let mut persist: std::ffi::c_int = 1;
    conn.file_control(Some("main"), FileControl::PersistWal(&mut persist))
        .map_err(sqlite)?;
    Ok(())
}
