//! Untrusted text made safe for the terminal. Every string from the store passes
//! through here before it becomes a span.
//!
//! CONTRACT SKELETON — the rules helper fills this in.

use std::borrow::Cow;

/// One line of untrusted text with every control character, escape sequence, C1
/// control and bidi override replaced by a visible marker. Newlines become `⏎`.
pub fn line(s: &str) -> Cow<'_, str> {
    let _ = s;
    unimplemented!()
}

/// Multi-line untrusted text: split on newlines, each line sanitised as by [`line`].
pub fn lines(s: &str) -> Vec<String> {
    let _ = s;
    unimplemented!()
}
