//! Untrusted text made safe for the terminal. Every string from the store passes
//! through here before it becomes a span.
//!
//! Evidence and imported fields come from chat logs, tickets and cloud logs, so they
//! may carry escape sequences meant to retitle the window, clear the screen or hide
//! text. Nothing that could start or continue such a sequence reaches the terminal:
//!
//! | input | shown as |
//! |---|---|
//! | C0 control U+0000–U+001F (ESC, BEL, NUL, CR, ...) | its control picture: `␛` `␇` `␀` `␍` |
//! | DEL U+007F | `␡` |
//! | C1 control U+0080–U+009F (e.g. the 8-bit CSI) | `⟨U+009B⟩` |
//! | bidi controls (U+061C, U+200E/F, U+202A–E, U+2066–9) | `⟨U+202E⟩` |
//! | line and paragraph separators U+2028/U+2029 | `⟨U+2028⟩` |
//! | tab | four spaces |
//! | newline, in [`line`] | `⏎` |
//!
//! Because the introducer (ESC or a C1 control) is always replaced, the rest of a
//! CSI, OSC or DCS sequence — terminated or not — is plain printable text.
//!
//! [`mask_secrets`] hides known secret formats; [`masked_line`] and [`masked_lines`]
//! do both, for everything a person reads (screens, reports, `check`, CLI messages).
//! [`json`] writes JSON with every string masked and no raw C1 or bidi control.

use std::borrow::Cow;
use std::fmt::Write as _;

mod json;
mod secrets;

pub use json::{escape_json_controls, masked_json};
pub use secrets::mask_secrets;

/// One line of untrusted text for a reader: secrets masked, then made safe as by
/// [`line`]. Borrows when there is nothing to change.
pub fn masked_line(s: &str) -> Cow<'_, str> {
    match mask_secrets(s) {
        Cow::Borrowed(s) => line(s),
        Cow::Owned(masked) => Cow::Owned(line(&masked).into_owned()),
    }
}

/// Multi-line untrusted text for a reader: secrets masked, then each line made safe.
pub fn masked_lines(s: &str) -> Vec<String> {
    lines(&mask_secrets(s))
}

/// What a tab becomes: fixed-width, so columns computed from the text stay true.
const TAB: &str = "    ";

/// What a newline becomes inside one line.
const NEWLINE: char = '⏎';

/// One line of untrusted text with every control character, escape sequence, C1
/// control and bidi override replaced by a visible marker. Newlines become `⏎`.
/// Borrows when there is nothing to replace.
pub fn line(s: &str) -> Cow<'_, str> {
    // Printable ASCII, the common case, is checked a byte at a time.
    if s.bytes().all(|b| matches!(b, b' '..=b'~')) || !s.chars().any(needs_marker) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_safe(&mut out, c);
    }
    Cow::Owned(out)
}

/// Multi-line untrusted text: split on newlines (`\n` or `\r\n`), each line
/// sanitised as by [`line`]. A final newline does not add an empty line.
pub fn lines(s: &str) -> Vec<String> {
    s.lines().map(|l| line(l).into_owned()).collect()
}

/// True when `c` must not reach the terminal as it is.
fn needs_marker(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Directional formatting characters that can reorder what a reader sees.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

fn push_safe(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str(TAB),
        '\n' => out.push(NEWLINE),
        '\u{0}'..='\u{1F}' => out.push(control_picture(c)),
        '\u{7F}' => out.push('␡'),
        c if needs_marker(c) => {
            // Writing to a String cannot fail.
            let _ = write!(out, "⟨U+{:04X}⟩", u32::from(c));
        }
        c => out.push(c),
    }
}

/// The Unicode control picture (U+2400 block) for a C0 control.
fn control_picture(c: char) -> char {
    char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}')
}
