//! Standard base64 (RFC 4648 §4, with `=` padding) for evidence bytes in bundles.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encode bytes as padded standard base64.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Why a text is not valid base64: the offending character position (0-based) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub position: usize,
    pub reason: &'static str,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at character {}", self.reason, self.position)
    }
}

/// Decode padded standard base64. Strict: the length must be a multiple of four,
/// padding only at the end, and unused bits of the last group must be zero, so
/// every byte string has exactly one accepted encoding.
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let text = text.as_bytes();
    if !text.len().is_multiple_of(4) {
        return Err(DecodeError {
            position: text.len(),
            reason: "length is not a multiple of 4",
        });
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let groups = text.len() / 4;
    for (g, group) in text.chunks(4).enumerate() {
        let last = g + 1 == groups;
        let padding = group.iter().rev().take_while(|&&c| c == b'=').count();
        if padding > 2 || (padding > 0 && !last) {
            return Err(DecodeError {
                position: g * 4 + 4 - padding,
                reason: "unexpected padding",
            });
        }
        let mut n: u32 = 0;
        for (i, &c) in group[..4 - padding].iter().enumerate() {
            let value = sextet(c).ok_or(DecodeError {
                position: g * 4 + i,
                reason: "not a base64 character",
            })?;
            n |= u32::from(value) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        let kept = 3 - padding;
        let unused = n & ((1u32 << (8 * padding)) - 1);
        if unused != 0 {
            return Err(DecodeError {
                position: g * 4 + 3 - padding,
                reason: "non-zero unused bits",
            });
        }
        out.extend_from_slice(&bytes[1..1 + kept]);
    }
    Ok(out)
}

fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn rfc4648_vectors_round_trip() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn every_byte_value_round_trips() {
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for len in 0..bytes.len() {
            assert_eq!(decode(&encode(&bytes[..len])).unwrap(), &bytes[..len]);
        }
    }

    #[test]
    fn malformed_text_is_refused_with_a_position() {
        assert_eq!(
            decode("Zm9").unwrap_err().reason,
            "length is not a multiple of 4"
        );
        assert_eq!(decode("Zm!v").unwrap_err().position, 2);
        assert_eq!(decode("Zg==Zm9v").unwrap_err().reason, "unexpected padding");
        assert_eq!(decode("Z===").unwrap_err().reason, "unexpected padding");
        assert_eq!(decode("Zh==").unwrap_err().reason, "non-zero unused bits");
    }
}
