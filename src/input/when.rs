//! Parsing the date/time fields people type: ISO 8601 and the common short forms.
//!
//! Accepted (case-insensitive, surrounding spaces ignored):
//! - `now`, `today`, `yesterday` (midnight for the last two), optionally followed by `HH:MM`
//!   (`yesterday 14:00`, `today 9:05`)
//! - RFC 3339 / ISO 8601 with a zone: `2026-06-01T09:12:00Z`, `2026-06-01T09:12+02:00`
//! - local date and time: `2026-06-01 09:12`, `2026-06-01T09:12`, `2026-06-01 09:12:30`
//! - a local date alone: `2026-06-01` (midnight)
//! - `N minutes|hours|days ago` (also `Nm ago`, `Nh ago`, `Nd ago`)
//!
//! Times without a zone are read in the zone passed in (the user's local zone in the app).
//!
//! Every accepted time lies within [`EARLIEST_YEAR`]..=[`LATEST_YEAR`]; anything outside
//! (`100000000 days ago`, `9999-12-31T23:59:59-05:00`) is refused with a message, never
//! computed with arithmetic that could overflow.

use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc,
};

/// The first year a typed or imported time may fall in.
pub const EARLIEST_YEAR: i32 = 1970;
/// The last year a typed or imported time may fall in (the store writes four-digit years).
pub const LATEST_YEAR: i32 = 9999;

/// `Ok(at)` when `at` lies within the accepted years, otherwise a message naming `text`.
pub fn within_range(at: DateTime<Utc>, text: &str) -> Result<DateTime<Utc>, String> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&at.year()) {
        Ok(at)
    } else {
        Err(out_of_range(text))
    }
}

fn out_of_range(text: &str) -> String {
    format!("`{text}` is outside the years {EARLIEST_YEAR} to {LATEST_YEAR}")
}

/// Parse `text` relative to `now`, reading zone-less times in `zone`.
pub fn parse_when<Tz: TimeZone>(
    text: &str,
    now: DateTime<Utc>,
    zone: &Tz,
) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    parse_unbounded(text, now, zone).and_then(|at| within_range(at, text))
}

fn parse_unbounded<Tz: TimeZone>(
    text: &str,
    now: DateTime<Utc>,
    zone: &Tz,
) -> Result<DateTime<Utc>, String> {
    if text.is_empty() {
        return Err("a date/time is required (e.g. 2026-06-01 09:12, yesterday 14:00, now)".into());
    }
    let lower = text.to_ascii_lowercase();
    if lower == "now" {
        return Ok(now);
    }
    if let Some(when) = relative_day(&lower, now, zone)? {
        return Ok(when);
    }
    if let Some(when) = ago(&lower, now)? {
        return Ok(when);
    }
    if let Ok(when) = DateTime::parse_from_rfc3339(text) {
        return Ok(when.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
    ] {
        if let Ok(when) = DateTime::parse_from_str(text, format) {
            return Ok(when.with_timezone(&Utc));
        }
    }
    let normalized = text.replacen('T', " ", 1);
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(&normalized, format) {
            return local(naive, zone, text);
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return local(date.and_time(NaiveTime::MIN), zone, text);
    }
    Err(format!(
        "cannot read `{text}` as a date/time (try 2026-06-01 09:12, 2026-06-01T09:12:00Z, yesterday 14:00, now)"
    ))
}

fn local<Tz: TimeZone>(
    naive: NaiveDateTime,
    zone: &Tz,
    text: &str,
) -> Result<DateTime<Utc>, String> {
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|when| when.with_timezone(&Utc))
        .ok_or_else(|| {
            format!("`{text}` does not exist in the local time zone (daylight-saving gap)")
        })
}

fn relative_day<Tz: TimeZone>(
    lower: &str,
    now: DateTime<Utc>,
    zone: &Tz,
) -> Result<Option<DateTime<Utc>>, String> {
    let (day, rest) = match lower.split_once(' ') {
        Some((day, rest)) => (day, rest.trim()),
        None => (lower, ""),
    };
    let offset_days = match day {
        "today" => 0,
        "yesterday" => 1,
        _ => return Ok(None),
    };
    let date = now
        .with_timezone(zone)
        .date_naive()
        .checked_sub_days(Days::new(offset_days))
        .ok_or_else(|| out_of_range(lower))?;
    let time = if rest.is_empty() {
        NaiveTime::MIN
    } else {
        NaiveTime::parse_from_str(rest, "%H:%M")
            .map_err(|_| format!("cannot read `{rest}` as a time of day (use HH:MM, e.g. 14:00)"))?
    };
    local(date.and_time(time), zone, lower).map(Some)
}

fn ago(lower: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, String> {
    let Some(amount) = lower.strip_suffix(" ago") else {
        return Ok(None);
    };
    let amount = amount.trim();
    let split = amount
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(amount.len());
    let (number, unit) = amount.split_at(split);
    if number.is_empty() {
        return Err(format!(
            "cannot read `{lower}`: expected e.g. `3 hours ago`"
        ));
    }
    // Digits only, so a failed parse means a number too large for any date.
    let number: i64 = number.parse().map_err(|_| out_of_range(lower))?;
    let duration = match unit.trim() {
        "m" | "min" | "mins" | "minute" | "minutes" => TimeDelta::try_minutes(number),
        "h" | "hour" | "hours" => TimeDelta::try_hours(number),
        "d" | "day" | "days" => TimeDelta::try_days(number),
        other => {
            return Err(format!(
                "unknown unit `{other}` (use minutes, hours or days)"
            ));
        }
    };
    duration
        .and_then(|duration| now.checked_sub_signed(duration))
        .map(Some)
        .ok_or_else(|| out_of_range(lower))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn now() -> DateTime<Utc> {
        "2026-06-02T10:30:00Z".parse().unwrap()
    }

    fn plus2() -> FixedOffset {
        FixedOffset::east_opt(2 * 3600).unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn accepts_the_documented_forms() {
        let z = plus2();
        assert_eq!(parse_when("now", now(), &z), Ok(now()));
        assert_eq!(parse_when(" NOW ", now(), &z), Ok(now()));
        assert_eq!(
            parse_when("2026-06-01T09:12:00Z", now(), &z),
            Ok(at("2026-06-01T09:12:00Z"))
        );
        assert_eq!(
            parse_when("2026-06-01T09:12+02:00", now(), &z),
            Ok(at("2026-06-01T07:12:00Z"))
        );
        assert_eq!(
            parse_when("2026-06-01 09:12", now(), &z),
            Ok(at("2026-06-01T07:12:00Z"))
        );
        assert_eq!(
            parse_when("2026-06-01T09:12", now(), &z),
            Ok(at("2026-06-01T07:12:00Z"))
        );
        assert_eq!(
            parse_when("2026-06-01 09:12:30", now(), &z),
            Ok(at("2026-06-01T07:12:30Z"))
        );
        assert_eq!(
            parse_when("2026-06-01", now(), &z),
            Ok(at("2026-05-31T22:00:00Z"))
        );
        assert_eq!(
            parse_when("yesterday 14:00", now(), &z),
            Ok(at("2026-06-01T12:00:00Z"))
        );
        assert_eq!(
            parse_when("today", now(), &z),
            Ok(at("2026-06-01T22:00:00Z"))
        );
        assert_eq!(
            parse_when("3 hours ago", now(), &z),
            Ok(at("2026-06-02T07:30:00Z"))
        );
        assert_eq!(
            parse_when("2d ago", now(), &z),
            Ok(at("2026-05-31T10:30:00Z"))
        );
    }

    #[test]
    fn huge_and_extreme_times_are_refused_not_computed() {
        let z = plus2();
        for bad in [
            "100000000 days ago",
            "99999999999999999999 days ago",
            "9223372036854775807 minutes ago",
            "9223372036854775807 h ago",
            "30000 days ago",
            "9999-12-31T23:59:59-05:00",
            "+10000-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
        ] {
            let err = parse_when(bad, now(), &z).unwrap_err();
            assert!(
                err.contains("outside the years") || err.contains("cannot read"),
                "{bad}: {err}"
            );
        }
        assert!(
            parse_when("100000000 days ago", now(), &z)
                .unwrap_err()
                .contains("outside the years 1970 to 9999")
        );
        assert_eq!(
            parse_when("9999-12-31T23:59:59Z", now(), &z),
            Ok(at("9999-12-31T23:59:59Z"))
        );
        assert_eq!(
            parse_when("1970-01-01T00:00:00Z", now(), &z),
            Ok(at("1970-01-01T00:00:00Z"))
        );
        // `today` and `yesterday` at the very start of the range.
        let early = at("1970-01-01T00:30:00Z");
        assert!(parse_when("yesterday", early, &Utc).is_err());
        assert!(parse_when("today", early, &Utc).is_ok());
    }

    #[test]
    fn rejects_nonsense_with_a_hint() {
        let z = plus2();
        for bad in [
            "",
            "tomorrowish",
            "2026-13-01",
            "yesterday 25:00",
            "3 weeks ago",
            "06/01/2026",
        ] {
            let err = parse_when(bad, now(), &z).unwrap_err();
            assert!(!err.is_empty(), "{bad}");
        }
        assert!(
            parse_when("yesterday 25:00", now(), &z)
                .unwrap_err()
                .contains("HH:MM")
        );
    }
}
