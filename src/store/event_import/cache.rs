//! The page cache of a connection widened for the length of one import.

use crate::store::sql::Connection;

use crate::store::StoreError;
use crate::store::error::db;

/// Pages an import may keep in memory before it must spill them to the file
/// mid-transaction: a million events touch a few hundred megabytes of pages, and
/// with the connection's usual 512 KiB nearly every insert wrote a page out
/// (BENCHMARKS.md, "Importing audit events").
const IMPORT_CACHE_KIB: i64 = 64 * 1024;

/// The connection's page cache widened for one import, set back when dropped
/// (SQLite only: a PostgreSQL server manages its own buffers).
pub(super) struct ImportCache<'a> {
    conn: Option<&'a rusqlite::Connection>,
    before: i64,
}

impl<'a> ImportCache<'a> {
    pub(super) fn set(conn: &'a Connection) -> Result<ImportCache<'a>, StoreError> {
        let Some(conn) = conn.sqlite() else {
            return Ok(ImportCache {
                conn: None,
                before: 0,
            });
        };
        let before: i64 = conn
            .pragma_query_value(None, "cache_size", |row| row.get(0))
            .map_err(|err| db(err.into()))?;
        conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)
            .map_err(|err| db(err.into()))?;
        Ok(ImportCache {
            conn: Some(conn),
            before,
        })
    }
}

impl Drop for ImportCache<'_> {
    fn drop(&mut self) {
        // Failing to narrow the cache again costs memory, never data.
        if let Some(conn) = self.conn {
            let _ = conn.pragma_update(None, "cache_size", self.before);
        }
    }
}
