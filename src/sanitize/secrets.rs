//! Masking of known secret formats, for the screen, reports and `check` output.
//!
//! [`FORMATS`] is the table of what is masked: each row names a format, the keywords
//! that must appear (any case) for the row to be tried at all, and a regular
//! expression with a `keep` group shown as it is and a `body` group that is hidden.
//! Text holding none of the keywords — nearly all text — costs one scan of a keyword
//! automaton and is borrowed back unchanged.
//!
//! A token keeps its well-known prefix (so a reader still sees *what* leaked) and its
//! last four characters (so it can be matched against a rotation log):
//! `AKIAIOSFODNN7EXAMPLE` becomes `AKIA…MPLE`. A password-style value is hidden whole
//! (`password=[masked]`), and a private key block keeps its BEGIN and END lines.
//! Where two rows match overlapping text the earlier row wins: a key block hides
//! everything inside it, and a GitHub token assigned to `api_key=` is shown as the
//! token it is.

use std::borrow::Cow;
use std::ops::RangeInclusive;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::{Captures, Regex};

/// How many trailing characters of a token stay visible.
const VISIBLE_SUFFIX: usize = 4;

/// What replaces the body of a private key block.
const KEY_BODY_MASK: &str = "[private key masked]";

/// What replaces a password-style value.
const VALUE_MASK: &str = "[masked]";

/// What a masked body becomes.
#[derive(Debug, Clone, Copy)]
enum Shown {
    /// `…` and the last four characters: `ghp_…iO1x`.
    Tail,
    /// The first four, `…`, the last four: `wJal…EKEY` (forty-character secrets).
    HeadAndTail,
    /// Nothing of it: `[masked]`.
    Nothing,
    /// A PEM block: the body replaced, the END line written from the BEGIN line.
    KeyBlock,
}

/// One secret format.
struct Format {
    /// What it is, for tests and readers.
    #[cfg_attr(not(test), allow(dead_code))]
    name: &'static str,
    /// Lower-case words one of which the text must contain for the row to be tried.
    keywords: &'static [&'static str],
    /// `keep` is shown as it is, `body` is masked.
    pattern: &'static str,
    /// How long the body must be, in bytes, to count (a longer or shorter run is
    /// some other string).
    body_len: RangeInclusive<usize>,
    shown: Shown,
}

const ANY: RangeInclusive<usize> = 1..=usize::MAX;

#[rustfmt::skip]
const FORMATS: &[Format] = &[
    Format { name: "private key block", keywords: &["private key"],
        pattern: r"(?s)(?P<keep>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----)(?P<body>.*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|\z))",
        body_len: 0..=usize::MAX, shown: Shown::KeyBlock },
    Format { name: "AWS access key id", keywords: &["akia", "asia"],
        pattern: r"\b(?P<keep>AKIA|ASIA)(?P<body>[A-Z0-9]+)\b",
        body_len: 16..=16, shown: Shown::Tail },
    Format { name: "AWS secret access key", keywords: &["secret"],
        pattern: r#"(?i)(?P<keep>\b(?:aws_?)?secret_?access_?key["']?\s*[:=]\s*["']?)(?P<body>[A-Za-z0-9/+=]+)"#,
        body_len: 40..=40, shown: Shown::HeadAndTail },
    Format { name: "GitHub fine-grained token", keywords: &["github_pat_"],
        pattern: r"\b(?P<keep>github_pat_)(?P<body>[A-Za-z0-9_]+)",
        body_len: 22..=255, shown: Shown::Tail },
    Format { name: "GitHub token", keywords: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        pattern: r"\b(?P<keep>gh[pousr]_)(?P<body>[A-Za-z0-9]+)\b",
        body_len: 20..=255, shown: Shown::Tail },
    Format { name: "GitLab token", keywords: &["glpat-", "gldt-"],
        pattern: r"\b(?P<keep>glpat-|gldt-)(?P<body>[A-Za-z0-9_-]+)",
        body_len: 20..=255, shown: Shown::Tail },
    Format { name: "Slack token", keywords: &["xox"],
        pattern: r"\b(?P<keep>xox[abprs]-)(?P<body>[A-Za-z0-9-]+)",
        body_len: 10..=255, shown: Shown::Tail },
    Format { name: "Slack webhook", keywords: &["hooks.slack.com"],
        pattern: r"(?P<keep>https://hooks\.slack\.com/(?:services|workflows)/)(?P<body>[A-Za-z0-9/_-]+)",
        body_len: 20..=255, shown: Shown::Tail },
    Format { name: "Google API key", keywords: &["aiza"],
        pattern: r"\b(?P<keep>AIza)(?P<body>[A-Za-z0-9_-]+)",
        body_len: 35..=35, shown: Shown::Tail },
    Format { name: "Stripe live key", keywords: &["sk_live_", "rk_live_"],
        pattern: r"\b(?P<keep>[sr]k_live_)(?P<body>[A-Za-z0-9]+)\b",
        body_len: 10..=255, shown: Shown::Tail },
    Format { name: "JWT", keywords: &["eyj"],
        pattern: r"\b(?P<keep>eyJ)(?P<body>[A-Za-z0-9_-]{7,}\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)",
        body_len: ANY, shown: Shown::Tail },
    Format { name: "password or secret assignment",
        keywords: &["password", "passwd", "pwd", "secret", "api_key", "api-key", "apikey", "token"],
        pattern: r#"(?i)(?P<keep>\b[A-Za-z0-9_.-]*?(?:password|passwd|pwd|secret|secret_?key|api[_-]?key|(?:access|auth|refresh|api)[_-]?token)["']?\s*[:=]\s*)(?P<body>"[^"\r\n]*"|'[^'\r\n]*'|[^\s"',;&]+)"#,
        body_len: ANY, shown: Shown::Nothing },
];

/// Each format's compiled expression (`None` only should a pattern not compile, which
/// a test rules out).
static COMPILED: LazyLock<Vec<Option<Regex>>> =
    LazyLock::new(|| FORMATS.iter().map(|f| Regex::new(f.pattern).ok()).collect());

/// Every format's keywords in one automaton; the value of each hit is its row.
static KEYWORDS: LazyLock<Option<(AhoCorasick, Vec<usize>)>> = LazyLock::new(|| {
    let (words, rows): (Vec<&str>, Vec<usize>) = FORMATS
        .iter()
        .enumerate()
        .flat_map(|(row, f)| f.keywords.iter().map(move |&w| (w, row)))
        .unzip();
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(words)
        .ok()
        .map(|automaton| (automaton, rows))
});

/// `s` with every known secret masked. Borrows when nothing matched.
pub fn mask_secrets(s: &str) -> Cow<'_, str> {
    let rows = candidate_rows(s);
    if rows == 0 {
        return Cow::Borrowed(s);
    }
    let mut found: Vec<Found> = Vec::new();
    for (row, format) in FORMATS.iter().enumerate() {
        if rows & (1 << row) == 0 {
            continue;
        }
        let Some(Some(regex)) = COMPILED.get(row) else {
            continue;
        };
        for caps in regex.captures_iter(s) {
            if let Some(hit) = Found::from_captures(&caps, format)
                && !found.iter().any(|f| f.overlaps(&hit))
            {
                found.push(hit);
            }
        }
    }
    if found.is_empty() {
        return Cow::Borrowed(s);
    }
    found.sort_by_key(|f| f.start);
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for hit in found {
        out.push_str(&s[copied..hit.start]);
        out.push_str(&hit.masked);
        copied = hit.end;
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// A bit per row of [`FORMATS`] whose keywords occur in `s`.
fn candidate_rows(s: &str) -> u64 {
    let Some((automaton, rows)) = KEYWORDS.as_ref() else {
        // No automaton (cannot happen with the table above): try every row.
        return u64::MAX;
    };
    let mut mask = 0u64;
    for hit in automaton.find_overlapping_iter(s) {
        if let Some(row) = rows.get(hit.pattern().as_usize()) {
            mask |= 1 << row;
        }
    }
    mask
}

/// One secret in the text: its byte range and what to show instead.
struct Found {
    start: usize,
    end: usize,
    masked: String,
}

impl Found {
    fn from_captures(caps: &Captures<'_>, format: &Format) -> Option<Found> {
        let whole = caps.get(0)?;
        let keep = caps.name("keep").map_or("", |m| m.as_str());
        let body = caps.name("body").map_or("", |m| m.as_str());
        if !format.body_len.contains(&body.len()) {
            return None;
        }
        Some(Found {
            start: whole.start(),
            end: whole.end(),
            masked: mask(keep, body, format.shown),
        })
    }

    fn overlaps(&self, other: &Found) -> bool {
        self.start < other.end && other.start < self.end
    }
}

fn mask(keep: &str, body: &str, shown: Shown) -> String {
    match shown {
        Shown::Tail => format!("{keep}…{}", last_chars(body, VISIBLE_SUFFIX)),
        Shown::HeadAndTail => {
            let head: String = body.chars().take(VISIBLE_SUFFIX).collect();
            format!("{keep}{head}…{}", last_chars(body, VISIBLE_SUFFIX))
        }
        Shown::Nothing => format!("{keep}{VALUE_MASK}"),
        Shown::KeyBlock => {
            let footer = keep.replacen("-----BEGIN ", "-----END ", 1);
            format!("{keep}\n{KEY_BODY_MASK}\n{footer}")
        }
    }
}

/// The last `n` characters of `s` (whole characters, never a split one).
fn last_chars(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    s.get(start..).unwrap_or("")
}

#[cfg(test)]
#[path = "secrets_tests.rs"]
mod format_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles_and_the_keywords_build() {
        assert!(FORMATS.len() <= 64, "one bit per row");
        for (format, regex) in FORMATS.iter().zip(COMPILED.iter()) {
            let regex = regex.as_ref().unwrap_or_else(|| panic!("{}", format.name));
            let names: Vec<_> = regex.capture_names().flatten().collect();
            assert_eq!(names, ["keep", "body"], "{}", format.name);
            assert!(
                format.keywords.iter().all(|k| k.to_lowercase() == *k),
                "{}",
                format.name
            );
        }
        assert!(KEYWORDS.is_some());
    }

    #[test]
    fn text_without_a_keyword_is_borrowed() {
        assert_eq!(
            candidate_rows("rotation log for svc-deploy, 3 consumers"),
            0
        );
        assert!(matches!(mask_secrets("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn last_chars_keeps_whole_characters() {
        assert_eq!(last_chars("abcdef", 4), "cdef");
        assert_eq!(last_chars("ab", 4), "ab");
        assert_eq!(last_chars("xéééé", 4), "éééé");
    }
}
