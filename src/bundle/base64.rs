//! Standard base64 (RFC 4648 §4, with `=` padding) for evidence bytes in bundles,
//! through the `base64` crate, strict: one accepted encoding per byte string.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// Encode bytes as padded standard base64.
pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
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
/// padding only at the end, and unused bits of the last group must be zero (the
/// standard engine's canonical mode), so every byte string has exactly one
/// accepted encoding.
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    if !text.len().is_multiple_of(4) {
        return Err(DecodeError {
            position: text.len(),
            reason: "length is not a multiple of 4",
        });
    }
    STANDARD.decode(text).map_err(|err| match err {
        base64::DecodeError::InvalidByte(position, b'=') => DecodeError {
            position,
            reason: "unexpected padding",
        },
        base64::DecodeError::InvalidByte(position, _) => DecodeError {
            position,
            reason: "not a base64 character",
        },
        base64::DecodeError::InvalidLastSymbol(position, _) => DecodeError {
            position,
            reason: "non-zero unused bits",
        },
        base64::DecodeError::InvalidLength(position) => DecodeError {
            position,
            reason: "length is not a multiple of 4",
        },
        base64::DecodeError::InvalidPadding => DecodeError {
            position: text.trim_end_matches('=').len(),
            reason: "unexpected padding",
        },
    })
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
