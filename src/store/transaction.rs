//! The one write transaction (`BEGIN IMMEDIATE` on SQLite, the store's write lock on
//! PostgreSQL) with a bounded retry, rolled back unless committed.

use std::thread::sleep;
use std::time::Duration;

use rusqlite::ErrorCode;

use super::StoreError;
use super::error::db;
use super::sql::{self, Connection};

/// Attempts at `BEGIN IMMEDIATE`; each already waits up to the busy timeout.
const BEGIN_ATTEMPTS: u32 = 4;

/// An open write transaction. Dropping it without [`Immediate::commit`] rolls
/// back, so an error or a panic inside a write leaves the store as it was.
pub(crate) struct Immediate<'c> {
    conn: &'c Connection,
    open: bool,
}

impl<'c> Immediate<'c> {
    pub(crate) fn begin(conn: &'c Connection) -> Result<Self, StoreError> {
        let mut attempt = 1;
        loop {
            match conn.begin_write() {
                Ok(()) => return Ok(Immediate { conn, open: true }),
                Err(err) if is_busy(&err) && attempt < BEGIN_ATTEMPTS => {
                    sleep(Duration::from_millis(50 * u64::from(attempt)));
                    attempt += 1;
                }
                Err(err) => return Err(db(err)),
            }
        }
    }

    pub(crate) fn commit(mut self) -> Result<(), StoreError> {
        let committed = self.conn.commit().map_err(db);
        self.open = false;
        committed
    }
}

impl Drop for Immediate<'_> {
    fn drop(&mut self) {
        if self.open && !self.conn.is_autocommit() {
            // Nothing useful can be done if the rollback itself fails: the server
            // (or SQLite) rolls an unfinished transaction back when the connection
            // closes.
            let _ = self.conn.rollback();
        }
    }
}

fn is_busy(err: &sql::Error) -> bool {
    match err {
        sql::Error::Sqlite(err) => matches!(
            err.sqlite_error_code(),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
        ),
        _ => false,
    }
}
