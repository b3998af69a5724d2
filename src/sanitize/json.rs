//! JSON for a reader: every string value masked, and the characters JSON allows raw
//! but a terminal would act on (C1 controls, bidi controls, line separators) written
//! as `\uXXXX` escapes. The result is still valid JSON holding the same (masked) text.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use super::{mask_secrets, needs_marker};

/// `value` as pretty JSON with every string (keys too) passed through
/// [`mask_secrets`] and no raw terminal control in the text.
pub fn masked_json<T: Serialize>(value: &T) -> serde_json::Result<String> {
    let mut tree = serde_json::to_value(value)?;
    mask_strings(&mut tree);
    let text = serde_json::to_string_pretty(&tree)?;
    Ok(escape_json_controls(&text).into_owned())
}

fn mask_strings(value: &mut Value) {
    match value {
        Value::String(s) => {
            if let Cow::Owned(masked) = mask_secrets(s) {
                *s = masked;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_strings),
        Value::Object(map) => {
            // Keys are ours (field names), values may be anyone's.
            map.values_mut().for_each(mask_strings);
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// JSON text with every character a terminal would act on written as a `\uXXXX`
/// escape. serde_json already escapes C0 controls; outside strings JSON is ASCII, so
/// every character replaced here sits inside a string, where the escape means the
/// same character.
pub fn escape_json_controls(json: &str) -> Cow<'_, str> {
    if json.bytes().all(|b| b < 0x7F) || !json.chars().any(escaped_here) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped_here(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// DEL and above that must not reach a terminal raw (serde_json escapes C0 itself,
/// and the newlines and spaces below DEL are the layout of pretty JSON).
fn escaped_here(c: char) -> bool {
    c >= '\u{7F}' && needs_marker(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_masked_and_controls_escaped_in_valid_json() {
        let value = serde_json::json!({
            "title": "leak \u{202E}txt.exe \u{9B}2J",
            "details": ["key AKIAIOSFODNN7EXAMPLE"],
            "n": 3
        });
        let text = masked_json(&value).unwrap();
        assert!(
            !text.contains('\u{202E}') && !text.contains('\u{9B}'),
            "{text}"
        );
        assert!(
            text.contains("\\u202e") && text.contains("\\u009b"),
            "{text}"
        );
        assert!(!text.contains("IOSFODNN7"), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["title"], "leak \u{202E}txt.exe \u{9B}2J");
        assert_eq!(back["details"][0], "key AKIA…MPLE");
        assert_eq!(back["n"], 3);
    }
}
