//! What a query of either backend can fail with.

/// A failed query, from either backend, or a row that did not decode.
#[derive(Debug)]
pub(crate) enum Error {
    Sqlite(rusqlite::Error),
    Pg(postgres::Error),
    /// A query that must return a row returned none.
    NoRows,
    /// A stored value that does not decode, or a misuse of the connection.
    Decode(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Sqlite(err) => write!(f, "{err}"),
            Error::Pg(err) => match err.as_db_error() {
                Some(db) => write!(f, "{}", db.message()),
                None => write!(f, "{err}"),
            },
            Error::NoRows => write!(f, "the query returned no rows"),
            Error::Decode(what) => write!(f, "{what}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Error {
        match err {
            rusqlite::Error::QueryReturnedNoRows => Error::NoRows,
            other => Error::Sqlite(other),
        }
    }
}

impl From<rusqlite::types::FromSqlError> for Error {
    fn from(err: rusqlite::types::FromSqlError) -> Error {
        Error::Decode(err.to_string())
    }
}

impl From<postgres::Error> for Error {
    fn from(err: postgres::Error) -> Error {
        Error::Pg(err)
    }
}

/// `.optional()`: no row is `None`, not an error.
pub(crate) trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>, Error>;
}

impl<T> OptionalExtension<T> for Result<T, Error> {
    fn optional(self) -> Result<Option<T>, Error> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(Error::NoRows) => Ok(None),
            Err(err) => Err(err),
        }
    }
}
