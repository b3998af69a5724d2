//! How domain values are written as column values and read back.
//! Times are UTC RFC 3339 text with nanoseconds, so they sort as text and round-trip.
//! Readers borrow the column text instead of copying it into a `String`, and accept a
//! column index or name (an index skips rusqlite's by-name search on every row).

use std::str::FromStr;

use super::sql::{self, ColumnIndex as RowIndex, Row};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::undecodable;

type Result<T> = std::result::Result<T, sql::Error>;

pub(crate) fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

pub(crate) fn opt_time(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(time)
}

/// Parse a stored time: the exact form [`time`] writes is read by hand, anything else
/// (older rows, hand-edited files) by chrono's RFC 3339 parser.
pub(crate) fn parse_time(text: &str) -> Result<DateTime<Utc>> {
    if let Some(at) = parse_written_time(text) {
        return Ok(at);
    }
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|err| undecodable("time", format!("{text:?}: {err}")))
}

/// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`, as [`time`] writes it; `None` for any other form.
fn parse_written_time(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 30
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'.'
        || b[29] != b'Z'
    {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)?;
    // A leap second (60) is left to chrono's parser.
    let at = date.and_hms_nano_opt(
        number(11..13)?,
        number(14..16)?,
        number(17..19)?,
        number(20..29)?,
    )?;
    Some(at.and_utc())
}

pub(crate) fn json<T: Serialize>(value: &T) -> String {
    // Serialising plain domain structs into a String cannot fail; fall back to
    // `null` rather than panic should that ever change.
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

/// Column readers that decode into domain types with a clear error.
pub(crate) trait RowExt {
    fn time<I: RowIndex + Copy>(&self, column: I) -> Result<DateTime<Utc>>;
    fn opt_time<I: RowIndex + Copy>(&self, column: I) -> Result<Option<DateTime<Utc>>>;
    fn label<T: FromStr, I: RowIndex + Copy>(&self, column: I) -> Result<T>
    where
        T::Err: std::fmt::Display;
    fn opt_label<T: FromStr, I: RowIndex + Copy>(&self, column: I) -> Result<Option<T>>
    where
        T::Err: std::fmt::Display;
    /// JSON text; `{}` and `[]` decode as `T::default()` without running serde.
    fn json<T: DeserializeOwned + Default, I: RowIndex + Copy>(&self, column: I) -> Result<T>;
    /// The column's text, borrowed from the row (`None` for NULL).
    fn opt_str<I: RowIndex>(&self, column: I) -> Result<Option<&str>>;
    fn str<I: RowIndex>(&self, column: I) -> Result<&str>;
}

impl RowExt for Row<'_> {
    fn time<I: RowIndex + Copy>(&self, column: I) -> Result<DateTime<Utc>> {
        parse_time(self.str(column)?)
    }

    fn opt_time<I: RowIndex + Copy>(&self, column: I) -> Result<Option<DateTime<Utc>>> {
        self.opt_str(column)?.map(parse_time).transpose()
    }

    fn label<T: FromStr, I: RowIndex + Copy>(&self, column: I) -> Result<T>
    where
        T::Err: std::fmt::Display,
    {
        self.str(column)?
            .parse()
            .map_err(|err| undecodable(&column_name(self, column), err))
    }

    fn opt_label<T: FromStr, I: RowIndex + Copy>(&self, column: I) -> Result<Option<T>>
    where
        T::Err: std::fmt::Display,
    {
        self.opt_str(column)?
            .map(|text| {
                text.parse()
                    .map_err(|err| undecodable(&column_name(self, column), err))
            })
            .transpose()
    }

    fn json<T: DeserializeOwned + Default, I: RowIndex + Copy>(&self, column: I) -> Result<T> {
        let text = self.str(column)?;
        if text == "{}" || text == "[]" {
            return Ok(T::default());
        }
        serde_json::from_str(text).map_err(|err| undecodable(&column_name(self, column), err))
    }

    fn opt_str<I: RowIndex>(&self, column: I) -> Result<Option<&str>> {
        self.get(column)
    }

    fn str<I: RowIndex>(&self, column: I) -> Result<&str> {
        self.get(column)
    }
}

/// The name of a column, for an error message.
fn column_name<I: RowIndex>(row: &Row<'_>, column: I) -> String {
    row.column_name(column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_form_is_parsed_by_hand_and_round_trips() {
        for seconds in [0_i64, 1_780_000_000, 253_402_300_799, -62_135_596_800] {
            for nanos in [0, 1, 123_456_789, 999_999_999] {
                let at = DateTime::from_timestamp(seconds, nanos).unwrap_or_default();
                let text = time(at);
                assert_eq!(parse_written_time(&text), Some(at), "{text}");
                assert_eq!(parse_time(&text).ok(), Some(at));
            }
        }
    }

    #[test]
    fn other_rfc3339_forms_fall_back_to_chrono() {
        let at = DateTime::parse_from_rfc3339("2026-03-01T10:00:00+02:00")
            .map(|at| at.with_timezone(&Utc))
            .ok();
        for text in [
            "2026-03-01T10:00:00+02:00",
            "2026-03-01T08:00:00Z",
            "2026-03-01T08:00:00.000000000+00:00",
        ] {
            assert!(parse_written_time(text).is_none(), "{text}");
            assert_eq!(parse_time(text).ok(), at, "{text}");
        }
        for bad in [
            "2026-02-30T08:00:00.000000000Z",
            "2026-03-01T25:00:00.000000000Z",
            "2026-03-01T08:00:00.00000000xZ",
            "yesterday",
        ] {
            assert_eq!(parse_written_time(bad), None, "{bad}");
            assert!(parse_time(bad).is_err(), "{bad}");
        }
    }
}
