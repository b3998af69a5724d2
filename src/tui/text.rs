//! The one door from untrusted store text to screen text, plus the formatting of
//! times, sizes and truncated cells.

use chrono::{DateTime, FixedOffset, Utc};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::sanitize;

/// One line of untrusted text, made safe for the terminal, known secrets masked
/// (any field may hold one: a title, an actor, an asset identifier).
pub fn clean(s: &str) -> String {
    sanitize::line(&sanitize::mask_secrets(s)).into_owned()
}

/// One line of untrusted text that may carry a secret (entry summaries): secrets
/// masked, then made safe.
pub fn clean_masked(s: &str) -> String {
    sanitize::line(&sanitize::mask_secrets(s)).into_owned()
}

/// Optional untrusted text, `–` when absent.
pub fn clean_or_dash(s: Option<&str>) -> String {
    s.map_or_else(|| "–".to_string(), clean)
}

/// Multi-line untrusted text that may carry secrets (details, evidence): secrets
/// masked, then every line made safe.
pub fn masked_lines(s: &str) -> Vec<String> {
    sanitize::lines(&sanitize::mask_secrets(s))
}

/// Display width of a string in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` cells, ending in `…` when something was cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// A table column: `s` cut to leave at least one space before the next column, then
/// padded with spaces to exactly `cells` cells.
pub fn cell(s: &str, cells: usize) -> String {
    let mut out = fit(s, cells.saturating_sub(1));
    let pad = cells.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// Split `s` into rows of at most `max` cells, breaking at spaces where possible.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    let mut used = 0;
    for word in s.split_inclusive(' ') {
        let visible = width(word.trim_end());
        if used + visible > max && !row.is_empty() {
            rows.push(row.trim_end().to_string());
            row.clear();
            used = 0;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > max {
                if c == ' ' {
                    continue;
                }
                rows.push(std::mem::take(&mut row));
                used = 0;
            }
            row.push(c);
            used += cw;
        }
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row.trim_end().to_string());
    }
    rows
}

/// `2026-11-02 09:12 +01:00`
pub fn time_full(t: DateTime<Utc>, zone: FixedOffset) -> String {
    t.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %:z")
        .to_string()
}

/// `2026-11-02 09:12` (zone named elsewhere on screen)
pub fn time_medium(t: DateTime<Utc>, zone: FixedOffset) -> String {
    t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

/// `11-02 09:12` (zone named elsewhere on screen)
pub fn time_compact(t: DateTime<Utc>, zone: FixedOffset) -> String {
    t.with_timezone(&zone).format("%m-%d %H:%M").to_string()
}

/// `2026-11-02`
pub fn date(t: DateTime<Utc>, zone: FixedOffset) -> String {
    t.with_timezone(&zone).format("%Y-%m-%d").to_string()
}

/// `812 B`, `4.1 KiB`, `2.0 MiB`
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = UNITS[0];
    for next in &UNITS[1..] {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    format!("{value:.1} {unit}")
}

/// A count with its thousands grouped: `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The zone as shown in titles: `UTC` or `+01:00`.
pub fn zone_name(zone: FixedOffset) -> String {
    if zone.local_minus_utc() == 0 {
        "UTC".to_string()
    } else {
        zone.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("Leaked deploy key", 8), "Leaked …");
        assert_eq!(fit("short", 8), "short");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(cell("ab", 4), "ab  ");
        assert_eq!(cell("abcd", 4), "ab… ");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_splits_long_words() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }

    #[test]
    fn sizes_and_times() {
        assert_eq!(size(812), "812 B");
        assert_eq!(size(4198), "4.1 KiB");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234), "1,234");
        assert_eq!(thousands(1_000_000), "1,000,000");
        let t = DateTime::parse_from_rfc3339("2026-11-02T08:12:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        let cet = FixedOffset::east_opt(3600).unwrap_or(FixedOffset::east_opt(0).unwrap());
        assert_eq!(time_full(t, cet), "2026-11-02 09:12 +01:00");
        assert_eq!(time_compact(t, cet), "11-02 09:12");
        assert_eq!(zone_name(cet), "+01:00");
    }
}
