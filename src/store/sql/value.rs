//! Parameters bound to a statement, one type for both backends: a [`Value`] is what
//! SQLite binds and what PostgreSQL encodes for the column type the server
//! inferred (an integer bound to an `int4` column is narrowed, checked).

use std::error::Error as StdError;

use postgres::types::{IsNull, ToSql as PgToSql, Type, to_sql_checked};
use rusqlite::ToSql as SqliteToSql;
use rusqlite::types::{ToSqlOutput, ValueRef};

/// One bound value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
    /// A list of integers as one PostgreSQL array (`= ANY(?1)`); SQLite has none.
    Ints(&'a [i64]),
}

/// Anything that can be bound as a parameter.
pub(crate) trait Param {
    fn value(&self) -> Value<'_>;
}

impl Param for i64 {
    fn value(&self) -> Value<'_> {
        Value::Int(*self)
    }
}

impl Param for i32 {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}

impl Param for u32 {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}

impl Param for bool {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}

impl Param for f64 {
    fn value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}

impl Param for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl Param for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl Param for [u8] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl Param for Vec<u8> {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl<T: Param + ?Sized> Param for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}

impl<T: Param> Param for Option<T> {
    fn value(&self) -> Value<'_> {
        match self {
            Some(inner) => inner.value(),
            None => Value::Null,
        }
    }
}

impl SqliteToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(n) => ValueRef::Integer(n),
            Value::Real(x) => ValueRef::Real(x),
            Value::Text(text) => ValueRef::Text(text.as_bytes()),
            Value::Blob(bytes) => ValueRef::Blob(bytes),
            Value::Ints(_) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    "an array parameter is PostgreSQL's; SQLite binds a list".into(),
                ));
            }
        }))
    }
}

type BoxError = Box<dyn StdError + Sync + Send>;

impl PgToSql for Value<'_> {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) => match *ty {
                Type::INT8 => PgToSql::to_sql(&n, ty, out),
                Type::INT4 => PgToSql::to_sql(&i32::try_from(n)?, ty, out),
                Type::INT2 => PgToSql::to_sql(&i16::try_from(n)?, ty, out),
                Type::BOOL => PgToSql::to_sql(&(n != 0), ty, out),
                Type::FLOAT8 => PgToSql::to_sql(&(n as f64), ty, out),
                _ => PgToSql::to_sql(&n.to_string().as_str(), ty, out),
            },
            Value::Real(x) => match *ty {
                Type::FLOAT4 => PgToSql::to_sql(&(x as f32), ty, out),
                Type::FLOAT8 => PgToSql::to_sql(&x, ty, out),
                _ => PgToSql::to_sql(&x.to_string().as_str(), ty, out),
            },
            Value::Text(text) => PgToSql::to_sql(&text, ty, out),
            Value::Blob(bytes) => PgToSql::to_sql(&bytes, ty, out),
            Value::Ints(ids) => PgToSql::to_sql(&ids, ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}
