//! A result row of either backend, read by column index or name into the few types
//! the store uses. PostgreSQL's stricter types are read leniently, as SQLite's are:
//! any integer column (and a boolean, as 0 or 1) reads as `i64`.

use postgres::types::Type;

use super::Error;

/// One row, borrowed from the statement or result that produced it.
#[derive(Clone, Copy)]
pub(crate) enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Pg(&'a postgres::Row),
}

/// A column: by position or by name.
pub(crate) trait ColumnIndex: Copy {
    fn position(self, row: &Row<'_>) -> Result<usize, Error>;
}

impl ColumnIndex for usize {
    fn position(self, row: &Row<'_>) -> Result<usize, Error> {
        if self < row.column_count() {
            Ok(self)
        } else {
            Err(Error::Decode(format!("no column {self}")))
        }
    }
}

impl ColumnIndex for &str {
    fn position(self, row: &Row<'_>) -> Result<usize, Error> {
        match row {
            Row::Sqlite(row) => row.as_ref().column_index(self).map_err(Error::Sqlite),
            Row::Pg(row) => row
                .columns()
                .iter()
                .position(|column| column.name() == self)
                .ok_or_else(|| Error::Decode(format!("no column {self}"))),
        }
    }
}

/// A type a column reads into.
pub(crate) trait FromColumn<'a>: Sized {
    fn from_column(row: Row<'a>, index: usize) -> Result<Self, Error>;
}

impl<'a> Row<'a> {
    pub(crate) fn get<I: ColumnIndex, T: FromColumn<'a>>(&self, column: I) -> Result<T, Error> {
        let index = column.position(self)?;
        T::from_column(*self, index)
    }

    pub(crate) fn column_count(&self) -> usize {
        match self {
            Row::Sqlite(row) => row.as_ref().column_count(),
            Row::Pg(row) => row.len(),
        }
    }

    /// The name of a column, for an error message.
    pub(crate) fn column_name<I: ColumnIndex>(&self, column: I) -> String {
        let Ok(index) = column.position(self) else {
            return "column".to_string();
        };
        match self {
            Row::Sqlite(row) => row
                .as_ref()
                .column_name(index)
                .map_or_else(|_| "column".to_string(), str::to_string),
            Row::Pg(row) => row
                .columns()
                .get(index)
                .map_or_else(|| "column".to_string(), |c| c.name().to_string()),
        }
    }

    fn pg_type(row: &postgres::Row, index: usize) -> Result<Type, Error> {
        row.columns()
            .get(index)
            .map(|column| column.type_().clone())
            .ok_or_else(|| Error::Decode(format!("no column {index}")))
    }
}

impl<'a> FromColumn<'a> for Option<i64> {
    fn from_column(row: Row<'a>, index: usize) -> Result<Self, Error> {
        match row {
            Row::Sqlite(row) => row.get(index).map_err(Error::Sqlite),
            Row::Pg(row) => {
                let ty = Row::pg_type(row, index)?;
                Ok(match ty {
                    Type::INT8 => row.try_get::<_, Option<i64>>(index)?,
                    Type::INT4 => row.try_get::<_, Option<i32>>(index)?.map(i64::from),
                    Type::INT2 => row.try_get::<_, Option<i16>>(index)?.map(i64::from),
                    Type::BOOL => row.try_get::<_, Option<bool>>(index)?.map(i64::from),
                    Type::OID => row.try_get::<_, Option<u32>>(index)?.map(i64::from),
                    other => {
                        return Err(Error::Decode(format!(
                            "column {index} is {other}, not an integer"
                        )));
                    }
                })
            }
        }
    }
}

impl<'a> FromColumn<'a> for i64 {
    fn from_column(row: Row<'a>, index: usize) -> Result<Self, Error> {
        Option::<i64>::from_column(row, index)?
            .ok_or_else(|| Error::Decode(format!("column {index} is NULL, not an integer")))
    }
}

impl<'a> FromColumn<'a> for i32 {
    fn from_column(row: Row<'a>, index: usize) -> Result<Self, Error> {
        i32::try_from(i64::from_column(row, index)?)
            .map_err(|_| Error::Decode(format!("column {index} is out of range")))
    }
}

impl<'a> FromColumn<'a> for bool {
    fn from_column(row: Row<'a>, index: usize) -> Result<Self, Error> {
        Ok(i64::from_column(row, index)? != 0)
    }
}

impl<'a> FromColumn<'a> for Option<&'a str> {
    fn from_column(row: Row<'a>, index: usize) -> Result<Self, Error> {
        match row {
            Row::Sqlite(row) => Ok(row.get_ref(index)?.as_str_or_null()?),
            Row::Pg(row) => Ok(row.try_get::<_, Option<&str>>(index)?),
        }
    }
}

impl<'a> FromColumn<'a> for &'a str {
    fn from_column(row: Row<'a>, index: usize) -> Result<Self, Error> {
        match row {
            Row::Sqlite(row) => Ok(row.get_ref(index)?.as_str()?),
            Row::Pg(row) => Ok(row.try_get::<_, &str>(index)?),
        }
    }
}

impl<'a> FromColumn<'a> for Option<String> {
    fn from_column(row: Row<'a>, index: usize) -> Result<Self, Error> {
        Ok(Option::<&str>::from_column(row, index)?.map(str::to_string))
    }
}

impl<'a> FromColumn<'a> for String {
    fn from_column(row: Row<'a>, index: usize) -> Result<Self, Error> {
        Ok(<&str>::from_column(row, index)?.to_string())
    }
}

impl<'a> FromColumn<'a> for Option<Vec<u8>> {
    fn from_column(row: Row<'a>, index: usize) -> Result<Self, Error> {
        match row {
            Row::Sqlite(row) => row.get(index).map_err(Error::Sqlite),
            Row::Pg(row) => Ok(row.try_get::<_, Option<Vec<u8>>>(index)?),
        }
    }
}

impl<'a> FromColumn<'a> for Vec<u8> {
    fn from_column(row: Row<'a>, index: usize) -> Result<Self, Error> {
        Option::<Vec<u8>>::from_column(row, index)?
            .ok_or_else(|| Error::Decode(format!("column {index} is NULL, not bytes")))
    }
}

impl<'a> FromColumn<'a> for Option<f64> {
    fn from_column(row: Row<'a>, index: usize) -> Result<Self, Error> {
        match row {
            Row::Sqlite(row) => row.get(index).map_err(Error::Sqlite),
            Row::Pg(row) => match Row::pg_type(row, index)? {
                Type::FLOAT4 => Ok(row.try_get::<_, Option<f32>>(index)?.map(f64::from)),
                Type::FLOAT8 => Ok(row.try_get::<_, Option<f64>>(index)?),
                _ => Ok(Option::<i64>::from_column(Row::Pg(row), index)?.map(|n| n as f64)),
            },
        }
    }
}
