//! A title word as a hash-map key, held in the table itself when short: a lookup
//! then compares the bytes it probes instead of following a pointer to each
//! candidate's text (a miss in the cache per word, millions of words per corpus,
//! when the words are many: a million generated titles hold some 200,000).

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};

/// Words up to this many bytes are held inline (the key stays 24 bytes).
const INLINE: usize = 22;

#[derive(Clone, Debug)]
pub(super) enum WordKey {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl WordKey {
    pub(super) fn new(word: &str) -> WordKey {
        match u8::try_from(word.len()) {
            Ok(len) if word.len() <= INLINE => {
                let mut bytes = [0; INLINE];
                bytes[..word.len()].copy_from_slice(word.as_bytes());
                WordKey::Inline { len, bytes }
            }
            _ => WordKey::Heap(word.into()),
        }
    }

    /// The word's bytes (a whole `str`'s, copied once): what lookups compare and
    /// hash, with no UTF-8 check per probe (that check and std's SipHash were 18.6%
    /// of the instructions that build the corpus).
    fn as_bytes(&self) -> &[u8] {
        match self {
            WordKey::Inline { len, bytes } => &bytes[..usize::from(*len)],
            WordKey::Heap(word) => word.as_bytes(),
        }
    }

    #[cfg(test)]
    fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// Looked up by the bytes of a `str` (`map.get(word.as_bytes())`).
impl Borrow<[u8]> for WordKey {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// As the bytes it holds, as `Borrow` requires.
impl Hash for WordKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl PartialEq for WordKey {
    fn eq(&self, other: &WordKey) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for WordKey {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::collections::HashMap;

    #[test]
    fn short_and_long_words_are_found_by_their_text() {
        let words = [
            "",
            "a",
            "rotate",
            "exactly-twenty-two-byt",
            "twenty-three-bytes-long",
            "a-much-longer-word-than-any-inline-key-holds",
            "é-ü-ñ",
        ];
        let mut map = HashMap::new();
        for (number, word) in words.iter().enumerate() {
            map.insert(WordKey::new(word), number);
        }
        for (number, word) in words.iter().enumerate() {
            assert_eq!(map.get(word.as_bytes()), Some(&number), "{word:?}");
            assert_eq!(WordKey::new(word).as_str(), *word);
        }
        assert!(matches!(
            WordKey::new(words[3]),
            WordKey::Inline { len: 22, .. }
        ));
        assert!(matches!(WordKey::new(words[4]), WordKey::Heap(_)));
        assert_eq!(map.get("rotat".as_bytes()), None);
        assert_eq!(map.get("rotate ".as_bytes()), None);
        assert_eq!(std::mem::size_of::<WordKey>(), 24);
    }
}
