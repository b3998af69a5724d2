//! Masking of known secret formats, for the screen and for exports.
//!
//! Each match keeps its well-known prefix (so a reader still sees *what* leaked) and
//! its last four characters (so it can be matched against a rotation log), and hides
//! the rest: `AKIAIOSFODNN7EXAMPLE` becomes `AKIA…MPLE`.
//!
//! | format | example prefix | body |
//! |---|---|---|
//! | AWS access key id | `AKIA`, `ASIA` | exactly 16 of `A-Z0-9` |
//! | AWS secret access key | `aws_secret_access_key = ` | 40 of `A-Za-z0-9/+=` |
//! | GitHub token | `ghp_` `gho_` `ghs_` `ghu_` `ghr_` | 20+ of `A-Za-z0-9` |
//! | GitHub fine-grained token | `github_pat_` | 22+ of `A-Za-z0-9_` |
//! | GitLab personal token | `glpat-` | 20+ of `A-Za-z0-9_-` |
//! | Slack token | `xoxa-` `xoxb-` `xoxp-` `xoxr-` | 10+ of `A-Za-z0-9-` |
//! | JWT | `eyJ` | three dot-separated base64url parts |
//! | PEM private key block | `-----BEGIN … PRIVATE KEY-----` | everything up to the END line |

use std::borrow::Cow;

/// How many trailing characters of a secret stay visible.
const VISIBLE_SUFFIX: usize = 4;

/// What replaces the body of a private key block.
const KEY_BODY_MASK: &str = "[private key masked]";

/// `s` with every known secret masked. Borrows when nothing matched.
pub fn mask_secrets(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Tokens must start a word; a key block may follow anything.
        let starts_word = i == 0 || !is_word_byte(bytes[i - 1]) || bytes[i] == b'-';
        if starts_word && let Some(found) = secret_at(s, i) {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
            o.push_str(&s[copied..i]);
            o.push_str(&found.masked);
            copied = found.end;
            i = found.end;
            continue;
        }
        i += 1;
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(&s[copied..]);
            Cow::Owned(o)
        }
    }
}

/// A secret found at some start offset: where it ends and what to show instead.
struct Found {
    end: usize,
    masked: String,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// The secret starting exactly at byte `start`, if any. Every pattern starts with an
/// ASCII byte, so `start` and the returned end are char boundaries.
fn secret_at(s: &str, start: usize) -> Option<Found> {
    let rest = &s.as_bytes()[start..];
    let found = match rest.first()? {
        b'A' => aws_key_id(rest),
        b'a' => aws_secret_key(rest),
        b'g' => github_token(rest).or_else(|| gitlab_token(rest)),
        b'x' => slack_token(rest),
        b'e' => jwt(rest),
        b'-' => pem_private_key(s, start),
        _ => None,
    }?;
    Some(Found {
        end: start + found.end,
        masked: found.masked,
    })
}

/// Length of the run of bytes at the start of `b` that satisfy `class`.
fn run(b: &[u8], class: impl Fn(u8) -> bool) -> usize {
    b.iter().take_while(|&&c| class(c)).count()
}

/// Prefix, ellipsis, last characters of the body.
fn keep_ends(prefix: &str, secret: &[u8]) -> String {
    let tail = &secret[secret.len().saturating_sub(VISIBLE_SUFFIX)..];
    format!("{prefix}…{}", String::from_utf8_lossy(tail))
}

/// A token made of a fixed prefix and a body of at least `min` bytes of `class`.
fn prefixed(b: &[u8], prefix: &str, min: usize, class: impl Fn(u8) -> bool) -> Option<Found> {
    let body = b.strip_prefix(prefix.as_bytes())?;
    let n = run(body, class);
    (n >= min).then(|| Found {
        end: prefix.len() + n,
        masked: keep_ends(prefix, &body[..n]),
    })
}

fn aws_key_id(b: &[u8]) -> Option<Found> {
    let prefix = ["AKIA", "ASIA"]
        .into_iter()
        .find(|p| b.starts_with(p.as_bytes()))?;
    let body = &b[prefix.len()..];
    let n = run(body, |c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let followed_by_word = body.get(n).is_some_and(|&c| c.is_ascii_alphanumeric());
    (n == 16 && !followed_by_word).then(|| Found {
        end: prefix.len() + n,
        masked: keep_ends(prefix, &body[..n]),
    })
}

/// `aws_secret_access_key = VALUE` (any case, `=` or `:`, optional quotes): the name
/// stays, the value is masked.
fn aws_secret_key(b: &[u8]) -> Option<Found> {
    const NAME: &[u8] = b"aws_secret_access_key";
    if b.len() < NAME.len() || !b[..NAME.len()].eq_ignore_ascii_case(NAME) {
        return None;
    }
    let mut i = NAME.len();
    i += run(&b[i..], |c| c == b' ' || c == b'"' || c == b'\'');
    if !matches!(b.get(i), Some(b'=' | b':')) {
        return None;
    }
    i += 1;
    i += run(&b[i..], |c| c == b' ' || c == b'"' || c == b'\'');
    let value = &b[i..];
    let n = run(value, |c| {
        c.is_ascii_alphanumeric() || c == b'/' || c == b'+' || c == b'='
    });
    if n != 40 {
        return None;
    }
    let head = String::from_utf8_lossy(&b[..i]);
    let shown = String::from_utf8_lossy(&value[..VISIBLE_SUFFIX]);
    Some(Found {
        end: i + n,
        masked: keep_ends(&format!("{head}{shown}"), &value[..n]),
    })
}

fn github_token(b: &[u8]) -> Option<Found> {
    if let Some(f) = prefixed(b, "github_pat_", 22, |c| {
        c.is_ascii_alphanumeric() || c == b'_'
    }) {
        return Some(f);
    }
    ["ghp_", "gho_", "ghs_", "ghu_", "ghr_"]
        .into_iter()
        .find_map(|p| prefixed(b, p, 20, |c| c.is_ascii_alphanumeric()))
}

fn gitlab_token(b: &[u8]) -> Option<Found> {
    prefixed(b, "glpat-", 20, |c| {
        c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
    })
}

fn slack_token(b: &[u8]) -> Option<Found> {
    ["xoxa-", "xoxb-", "xoxp-", "xoxr-"]
        .into_iter()
        .find_map(|p| prefixed(b, p, 10, |c| c.is_ascii_alphanumeric() || c == b'-'))
}

/// `eyJ…` header, `.`, `eyJ…` payload, `.`, signature (base64url).
fn jwt(b: &[u8]) -> Option<Found> {
    let b64 = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    if !b.starts_with(b"eyJ") {
        return None;
    }
    let header = run(b, b64);
    let rest = b.get(header..)?.strip_prefix(b".")?;
    if header < 10 || !rest.starts_with(b"eyJ") {
        return None;
    }
    let payload = run(rest, b64);
    let sig_part = rest.get(payload..)?.strip_prefix(b".")?;
    let sig = run(sig_part, b64);
    let end = header + 1 + payload + 1 + sig;
    Some(Found {
        end,
        masked: keep_ends("eyJ", &b[..end]),
    })
}

/// A PEM private key block: the BEGIN and END lines stay, the body is replaced. An
/// unterminated block is masked to the end of the text.
fn pem_private_key(s: &str, start: usize) -> Option<Found> {
    let rest = s.get(start..)?;
    let label_and_rest = rest.strip_prefix("-----BEGIN ")?;
    let label_len = label_and_rest.find("-----")?;
    let label = &label_and_rest[..label_len];
    if !label.ends_with("PRIVATE KEY") || label.contains('\n') {
        return None;
    }
    let header = format!("-----BEGIN {label}-----");
    let footer = format!("-----END {label}-----");
    let body = &rest[header.len()..];
    let end = match body.find(&footer) {
        Some(at) => header.len() + at + footer.len(),
        None => rest.len(),
    };
    Some(Found {
        end,
        masked: format!("{header}\n{KEY_BODY_MASK}\n{footer}"),
    })
}
