//! How domain values are written as column values and read back.
//! Times are UTC RFC 3339 text with nanoseconds, so they sort as text and round-trip.

use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Row;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::undecodable;

pub(crate) fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

pub(crate) fn opt_time(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(time)
}

pub(crate) fn parse_time(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|err| undecodable("time", format!("{text:?}: {err}")))
}

pub(crate) fn json<T: Serialize>(value: &T) -> String {
    // Serialising plain domain structs into a String cannot fail; fall back to
    // `null` rather than panic should that ever change.
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

/// Column readers that decode into domain types with a clear error.
pub(crate) trait RowExt {
    fn time(&self, column: &str) -> rusqlite::Result<DateTime<Utc>>;
    fn opt_time(&self, column: &str) -> rusqlite::Result<Option<DateTime<Utc>>>;
    fn label<T: FromStr>(&self, column: &str) -> rusqlite::Result<T>
    where
        T::Err: std::fmt::Display;
    fn opt_label<T: FromStr>(&self, column: &str) -> rusqlite::Result<Option<T>>
    where
        T::Err: std::fmt::Display;
    fn json<T: DeserializeOwned>(&self, column: &str) -> rusqlite::Result<T>;
}

impl RowExt for Row<'_> {
    fn time(&self, column: &str) -> rusqlite::Result<DateTime<Utc>> {
        parse_time(&self.get::<_, String>(column)?)
    }

    fn opt_time(&self, column: &str) -> rusqlite::Result<Option<DateTime<Utc>>> {
        self.get::<_, Option<String>>(column)?
            .map(|text| parse_time(&text))
            .transpose()
    }

    fn label<T: FromStr>(&self, column: &str) -> rusqlite::Result<T>
    where
        T::Err: std::fmt::Display,
    {
        let text: String = self.get(column)?;
        text.parse().map_err(|err| undecodable(column, err))
    }

    fn opt_label<T: FromStr>(&self, column: &str) -> rusqlite::Result<Option<T>>
    where
        T::Err: std::fmt::Display,
    {
        self.get::<_, Option<String>>(column)?
            .map(|text| text.parse().map_err(|err| undecodable(column, err)))
            .transpose()
    }

    fn json<T: DeserializeOwned>(&self, column: &str) -> rusqlite::Result<T> {
        let text: String = self.get(column)?;
        serde_json::from_str(&text).map_err(|err| undecodable(column, err))
    }
}
