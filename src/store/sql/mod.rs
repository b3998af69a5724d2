//! One connection type over both backends, shaped like the part of rusqlite the
//! store uses, so that every query of the store runs on SQLite and on PostgreSQL
//! from the same code. SQL is written once with `?N` placeholders; on PostgreSQL
//! they are rewritten to `$N` once per statement and the prepared statement is
//! cached per connection. Where the two dialects differ, the caller asks
//! [`Connection::is_pg`] and says both.

mod error;
mod pg;
mod row;
mod value;

use std::cell::Cell;

pub(crate) use error::{Error, OptionalExtension};
pub(crate) use pg::PgConn;
pub use pg::PgTarget;
pub(crate) use row::{ColumnIndex, Row};
pub(crate) use value::{Param, Value};

/// What a row mapper returns.
pub(crate) type SqlResult<T> = Result<T, Error>;

/// `params![a, b, …]`: the parameters of a statement, each anything [`Param`].
macro_rules! params {
    () => {
        &[] as &[&dyn $crate::store::sql::Param]
    };
    ($($param:expr),+ $(,)?) => {
        &[$(&$param as &dyn $crate::store::sql::Param),+] as &[&dyn $crate::store::sql::Param]
    };
}
pub(crate) use params;

/// The parameters of a statement.
pub(crate) trait Params {
    fn values(&self) -> Vec<Value<'_>>;
}

impl<T: Param, const N: usize> Params for [T; N] {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(Param::value).collect()
    }
}

impl<T: Param> Params for &[T] {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(Param::value).collect()
    }
}

impl<T: Param> Params for &Vec<T> {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(Param::value).collect()
    }
}

impl<T: Param> Params for Vec<T> {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(Param::value).collect()
    }
}

impl Params for () {
    fn values(&self) -> Vec<Value<'_>> {
        Vec::new()
    }
}

/// An open connection to a store.
pub(crate) enum Connection {
    Sqlite(rusqlite::Connection),
    Pg(Box<PgConn>),
}

/// A prepared statement of either backend.
pub(crate) enum Statement<'c> {
    Sqlite(rusqlite::CachedStatement<'c>),
    SqliteOnce(rusqlite::Statement<'c>),
    Pg {
        conn: &'c PgConn,
        statement: postgres::Statement,
    },
}

/// The rows of a query, a row at a time.
pub(crate) enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Pg {
        rows: Vec<postgres::Row>,
        next: Cell<usize>,
    },
}

impl Connection {
    pub(crate) fn is_pg(&self) -> bool {
        matches!(self, Connection::Pg(_))
    }

    /// The SQLite connection, for what only SQLite has (pragmas, file control).
    pub(crate) fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Connection::Sqlite(conn) => Some(conn),
            Connection::Pg(_) => None,
        }
    }

    pub(crate) fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>, Error> {
        match self {
            Connection::Sqlite(conn) => Ok(Statement::Sqlite(conn.prepare_cached(sql)?)),
            Connection::Pg(conn) => Ok(Statement::Pg {
                conn,
                statement: conn.prepare(sql)?,
            }),
        }
    }

    pub(crate) fn prepare(&self, sql: &str) -> Result<Statement<'_>, Error> {
        match self {
            Connection::Sqlite(conn) => Ok(Statement::SqliteOnce(conn.prepare(sql)?)),
            Connection::Pg(_) => self.prepare_cached(sql),
        }
    }

    pub(crate) fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize, Error> {
        self.prepare_cached(sql)?.execute(params)
    }

    pub(crate) fn query_row<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        map: impl FnOnce(&Row<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.prepare_cached(sql)?.query_row(params, map)
    }

    /// SQLite's `PRAGMA name = value`; nothing on PostgreSQL, which keeps no such
    /// per-connection settings for the store.
    pub(crate) fn pragma_update(
        &self,
        schema: Option<&str>,
        name: &str,
        value: impl rusqlite::ToSql,
    ) -> Result<(), Error> {
        match self {
            Connection::Sqlite(conn) => Ok(conn.pragma_update(schema, name, value)?),
            Connection::Pg(_) => Ok(()),
        }
    }

    /// Run statements without parameters, separated by semicolons.
    pub(crate) fn execute_batch(&self, sql: &str) -> Result<(), Error> {
        match self {
            Connection::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Connection::Pg(conn) => conn.batch(sql),
        }
    }

    /// The id the last insert on this connection was given.
    pub(crate) fn last_insert_rowid(&self) -> Result<i64, Error> {
        match self {
            Connection::Sqlite(conn) => Ok(conn.last_insert_rowid()),
            Connection::Pg(conn) => conn.last_insert_id(),
        }
    }

    /// Rows changed by this connection so far (statements of the store's own).
    pub(crate) fn total_changes(&self) -> u64 {
        match self {
            Connection::Sqlite(conn) => conn.total_changes(),
            Connection::Pg(conn) => conn.changes(),
        }
    }

    /// No transaction is open.
    pub(crate) fn is_autocommit(&self) -> bool {
        match self {
            Connection::Sqlite(conn) => conn.is_autocommit(),
            Connection::Pg(conn) => !conn.in_transaction(),
        }
    }

    /// Begin the one write transaction: SQLite's `BEGIN IMMEDIATE`; on PostgreSQL a
    /// transaction that first takes the store's write lock, so writes (and the
    /// audit chain they append to) are serialised across every client.
    pub(crate) fn begin_write(&self) -> Result<(), Error> {
        match self {
            Connection::Sqlite(conn) => Ok(conn.execute_batch("BEGIN IMMEDIATE")?),
            Connection::Pg(conn) => conn.begin_write(),
        }
    }

    /// Begin a read transaction that sees one snapshot of the store.
    pub(crate) fn begin_read(&self) -> Result<(), Error> {
        match self {
            Connection::Sqlite(conn) => Ok(conn.execute_batch("BEGIN DEFERRED")?),
            Connection::Pg(conn) => conn.begin_read(),
        }
    }

    pub(crate) fn commit(&self) -> Result<(), Error> {
        match self {
            Connection::Sqlite(conn) => Ok(conn.execute_batch("COMMIT")?),
            Connection::Pg(conn) => conn.end("COMMIT"),
        }
    }

    pub(crate) fn rollback(&self) -> Result<(), Error> {
        match self {
            Connection::Sqlite(conn) => Ok(conn.execute_batch("ROLLBACK")?),
            Connection::Pg(conn) => conn.end("ROLLBACK"),
        }
    }
}

impl<'c> Statement<'c> {
    fn sqlite(&mut self) -> Option<&mut rusqlite::Statement<'c>> {
        match self {
            Statement::Sqlite(statement) => Some(statement),
            Statement::SqliteOnce(statement) => Some(statement),
            Statement::Pg { .. } => None,
        }
    }

    pub(crate) fn execute<P: Params>(&mut self, params: P) -> Result<usize, Error> {
        let values = params.values();
        if let Some(statement) = self.sqlite() {
            return Ok(statement.execute(rusqlite::params_from_iter(values.iter()))?);
        }
        match self {
            Statement::Pg { conn, statement } => conn.execute(statement, &values),
            _ => Err(Error::Decode("statement of no backend".into())),
        }
    }

    pub(crate) fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>, Error> {
        let values = params.values();
        match self {
            Statement::Sqlite(statement) => Ok(Rows::Sqlite(
                statement.query(rusqlite::params_from_iter(values.iter()))?,
            )),
            Statement::SqliteOnce(statement) => Ok(Rows::Sqlite(
                statement.query(rusqlite::params_from_iter(values.iter()))?,
            )),
            Statement::Pg { conn, statement } => Ok(Rows::Pg {
                rows: conn.query(statement, &values)?,
                next: Cell::new(0),
            }),
        }
    }

    /// Every row mapped (up to the first that fails).
    pub(crate) fn query_map<T, P: Params>(
        &mut self,
        params: P,
        mut map: impl FnMut(&Row<'_>) -> Result<T, Error>,
    ) -> Result<Mapped<T>, Error> {
        let mut rows = self.query(params)?;
        let mut out = Vec::new();
        let failed = loop {
            match rows.next() {
                Ok(Some(row)) => match map(&row) {
                    Ok(value) => out.push(value),
                    Err(err) => break Some(err),
                },
                Ok(None) => break None,
                Err(err) => break Some(err),
            }
        };
        Ok(Mapped {
            rows: out.into_iter(),
            failed,
        })
    }

    /// The first row mapped; [`Error::NoRows`] when there is none.
    pub(crate) fn query_row<T, P: Params>(
        &mut self,
        params: P,
        map: impl FnOnce(&Row<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => map(&row),
            None => Err(Error::NoRows),
        }
    }

    pub(crate) fn exists<P: Params>(&mut self, params: P) -> Result<bool, Error> {
        let mut rows = self.query(params)?;
        Ok(rows.next()?.is_some())
    }
}

/// The rows [`Statement::query_map`] mapped, then the error that stopped it, if
/// one did. The values are held as they are (a `Result` each would carry an
/// error's size per row: 130 MiB for a million ids).
pub(crate) struct Mapped<T> {
    rows: std::vec::IntoIter<T>,
    failed: Option<Error>,
}

impl<T> Iterator for Mapped<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Result<T, Error>> {
        match self.rows.next() {
            Some(value) => Some(Ok(value)),
            None => self.failed.take().map(Err),
        }
    }
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)]
    pub(crate) fn next(&mut self) -> Result<Option<Row<'_>>, Error> {
        match self {
            Rows::Sqlite(rows) => Ok(rows.next()?.map(Row::Sqlite)),
            Rows::Pg { rows, next } => {
                let index = next.get();
                next.set(index.saturating_add(1));
                Ok(rows.get(index).map(Row::Pg))
            }
        }
    }
}
