//! The text each case is searched by, held once and shared (behind an `Arc`) by the
//! screen, which highlights matches, and the workers, which rank them.
//!
//! A case's text is a list of fields (reference, title, reporter, owner, each
//! linked asset's name and identifier, each external reference key); a search term
//! matches within one word of one field. It is packed for memory: the text lives in a few
//! large chunks addressed by `u32` offsets. A case's own fields (reference, title
//! and keys) are one run; the fields many cases share — people (reporter, owner)
//! and asset names and identifiers — are held once, as numbered shared fields, so
//! a pass can also score each of them once. The chunks are filled while the store
//! streams its rows, so loading never holds a second copy and growing never copies
//! what was read.

mod builder;
mod chunks;
mod read_order;
mod upsert;
mod word_key;

use std::borrow::Cow;
use std::fmt;

use crate::domain::CaseId;
use crate::store::{CaseSearchText, FIELD_SEPARATOR, StoreError};
use chunks::{Chunks, Span, too_large};

pub use builder::CorpusBuilder;
pub use read_order::ReadOrder;
pub use upsert::CaseText;

/// Between two fields of the packed text: the ASCII unit separator. A field that
/// holds one has it replaced by a space when it is packed.
pub const SEPARATOR: u8 = 0x1f;

/// `text` with no [`SEPARATOR`] in it.
fn field(text: &str) -> Cow<'_, str> {
    if text.as_bytes().contains(&SEPARATOR) {
        Cow::Owned(text.replace(FIELD_SEPARATOR, " "))
    } else {
        Cow::Borrowed(text)
    }
}

/// No shared field (a case without a reporter or an owner).
const NONE: u32 = u32::MAX;

/// One case: where its fields are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    case_id: CaseId,
    /// `referencetitle[␟key]…`: its own fields (␟ is [`SEPARATOR`]); without the
    /// title when its words joined by single spaces give it back ([`WORDS_ARE_TITLE`]).
    own: Span,
    /// Bytes of the reference.
    reference: u32,
    /// Bytes of the own text up to the end of the title.
    title_end: u32,
    /// Shared field numbers of the reporter and the owner, or [`NONE`].
    people: [u32; 2],
    /// This case's linked assets: `link_count` entries of `SearchCorpus::links`
    /// from `links`.
    links: u32,
    link_count: u32,
    /// The words of its title: `word_count` entries of `SearchCorpus::title_words`
    /// from `words` (the count less [`WORDS_ARE_TITLE`]).
    words: u32,
    word_count: u32,
}

/// In [`Item::word_count`]: the title is not in the own text but is its words
/// joined by single spaces (most titles: a sixth of the corpus at a million cases).
const WORDS_ARE_TITLE: u32 = 1 << 31;

impl Item {
    fn words(&self) -> std::ops::Range<usize> {
        let count = (self.word_count & !WORDS_ARE_TITLE) as usize;
        self.words as usize..self.words as usize + count
    }
}

/// `title` is its words joined by single spaces (and has some).
fn words_are_title(title: &str) -> bool {
    // One pass over the bytes (a split per title was 7% of reading the corpus): a
    // space must follow a word, and no other whitespace may appear.
    let mut after_word = false;
    for byte in title.bytes() {
        match byte {
            b' ' if after_word => after_word = false,
            _ if byte.is_ascii_whitespace() => return false,
            _ => after_word = true,
        }
    }
    after_word
}

/// Every case's searchable fields, in reference order (so equal scores rank by
/// reference when ranked by position).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SearchCorpus {
    text: Chunks,
    items: Vec<Item>,
    /// The text of every shared field, by number: each linked asset's name and
    /// identifier (two numbers in a row), and each person once.
    shared: Vec<Span>,
    /// The linked assets of every case, a run per case: the number of each one's
    /// name (its identifier is the next).
    links: Vec<u32>,
    /// The text of every distinct title word, by number (a word is scored once per
    /// pass however many titles hold it: titles share most of their words).
    words: Vec<Span>,
    /// The words of every case's title, a run per case, in order: their numbers.
    title_words: Vec<u32>,
    /// Some text is not ASCII.
    non_ascii: bool,
}

impl fmt::Debug for SearchCorpus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SearchCorpus({} cases)", self.items.len())
    }
}

/// What a row of the list shows of one case: its reference and title, for
/// highlighting the matched characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusItem<'a> {
    pub case_id: CaseId,
    pub reference: &'a str,
    pub title: Cow<'a, str>,
}

/// The fields of one case: its own, as UTF-8 bytes (each whole: a field boundary
/// is a character boundary), and the numbers of the shared ones.
#[derive(Debug, Clone, Copy)]
pub struct CaseFields<'a> {
    pub reference: &'a [u8],
    /// The external reference keys, each after a [`SEPARATOR`].
    keys: &'a [u8],
    people: [u32; 2],
    links: &'a [u32],
    /// The numbers of the title's words ([`SearchCorpus::word_text`]).
    pub title_words: &'a [u32],
}

impl<'a> CaseFields<'a> {
    /// The external reference keys.
    pub fn keys(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let keys = self.keys.get(1..).unwrap_or_default();
        let mut rest = (!self.keys.is_empty()).then_some(keys);
        std::iter::from_fn(move || {
            let keys = rest?;
            Some(match super::score::find_byte(keys, SEPARATOR) {
                Some(at) => {
                    rest = keys.get(at + 1..);
                    keys.get(..at).unwrap_or_default()
                }
                None => {
                    rest = None;
                    keys
                }
            })
        })
    }

    /// The shared fields' numbers: reporter, owner, then each linked asset's name
    /// and identifier.
    pub fn shared(&self) -> impl Iterator<Item = u32> + 'a {
        let people = self.people.into_iter().filter(|&p| p != NONE);
        people.chain(self.links.iter().flat_map(|&name| [name, name + 1]))
    }
}

impl SearchCorpus {
    /// A corpus of these texts, sorted into reference order (tests and tools; the
    /// store's is built by [`CorpusBuilder`] as the rows stream in). Their fields
    /// are held as the cases' own, none shared.
    pub fn new(mut texts: Vec<CaseSearchText>) -> SearchCorpus {
        texts.sort_by(|a, b| a.reference.cmp(&b.reference));
        let mut builder = CorpusBuilder::default();
        for t in &texts {
            let fields: Vec<&str> = t.fields.iter().map(String::as_str).collect();
            let case = OwnFields {
                case_id: t.case_id,
                reference: &t.reference,
                title: &t.title,
                people: [None, None],
                keys: Keys::List(&fields),
            };
            // Only a corpus past 4 GiB fails; tests stay far below.
            if builder.push_case(&case, &[]).is_err() {
                break;
            }
        }
        builder.finish()
    }

    /// Read the corpus from the store, streaming.
    pub fn load(store: &crate::store::Store) -> Result<SearchCorpus, StoreError> {
        SearchCorpus::load_beside(store, &ReadOrder::default())
    }

    /// [`SearchCorpus::load`] beside the list's read, trying the order the list
    /// offers (if it has by the end of this read) before working out its own.
    pub fn load_beside(
        store: &crate::store::Store,
        order: &ReadOrder,
    ) -> Result<SearchCorpus, StoreError> {
        let mut builder = CorpusBuilder::with_capacity(store.case_count()?);
        store.read_search_texts(&mut builder)?;
        Ok(builder.finish_in(order.take()))
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The case at corpus position `index`.
    pub fn case_id(&self, index: usize) -> Option<CaseId> {
        self.items.get(index).map(|i| i.case_id)
    }

    /// Every case, in corpus order.
    pub fn case_ids(&self) -> impl ExactSizeIterator<Item = CaseId> + '_ {
        self.items.iter().map(|i| i.case_id)
    }

    /// The reference and title of the case at `index`.
    pub fn item(&self, index: usize) -> Option<CorpusItem<'_>> {
        let item = self.items.get(index)?;
        let own = self.text.get(item.own);
        let reference = item.reference as usize;
        let title = if item.word_count & WORDS_ARE_TITLE != 0 {
            let words = self.title_words.get(item.words()).unwrap_or_default();
            let words: Vec<&str> = words.iter().map(|&n| self.word(n)).collect();
            Cow::Owned(words.join(" "))
        } else {
            Cow::Borrowed(
                own.get(reference..item.title_end as usize)
                    .unwrap_or_default(),
            )
        };
        Some(CorpusItem {
            case_id: item.case_id,
            reference: own.get(..reference).unwrap_or_default(),
            title,
        })
    }

    /// The fields of the case at `index`.
    pub fn fields(&self, index: usize) -> Option<CaseFields<'_>> {
        let item = self.items.get(index)?;
        let links = item.links as usize..item.links as usize + item.link_count as usize;
        let own = self.text.bytes_of(item.own);
        let (head, keys) = own.split_at((item.title_end as usize).min(own.len()));
        let reference = head.get(..item.reference as usize).unwrap_or(head);
        Some(CaseFields {
            reference,
            keys,
            people: item.people,
            links: self.links.get(links).unwrap_or_default(),
            title_words: self.title_words.get(item.words()).unwrap_or_default(),
        })
    }

    /// How many shared fields there are (numbers run from 0).
    pub fn shared_len(&self) -> usize {
        self.shared.len()
    }

    /// The text of shared field `number` (UTF-8, whole).
    pub fn shared_text(&self, number: u32) -> &[u8] {
        self.shared
            .get(number as usize)
            .map_or(&[], |&span| self.text.bytes_of(span))
    }

    /// How many distinct title words there are (numbers run from 0).
    pub fn words_len(&self) -> usize {
        self.words.len()
    }

    /// Title word `number`.
    fn word(&self, number: u32) -> &str {
        self.words
            .get(number as usize)
            .map_or("", |&span| self.text.get(span))
    }

    /// The text of title word `number`.
    pub fn word_text(&self, number: u32) -> &[u8] {
        self.words
            .get(number as usize)
            .map_or(&[], |&span| self.text.bytes_of(span))
    }

    /// Every text is ASCII (so bytes are characters).
    pub fn is_ascii(&self) -> bool {
        !self.non_ascii
    }

    /// The fields of the case at `index`, as strings, in the order the store lists
    /// them: reference, title, reporter, owner, each linked asset's name and
    /// identifier, then the keys (tests and tools).
    pub fn field_texts(&self, index: usize) -> Option<Vec<String>> {
        let fields = self.fields(index)?;
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        let title = self.item(index)?.title.into_owned();
        let mut texts = vec![text(fields.reference), title];
        texts.extend(fields.shared().map(|n| text(self.shared_text(n))));
        texts.extend(fields.keys().map(text));
        Some(texts)
    }

    /// Heap bytes the corpus holds (text chunks and tables).
    pub fn heap_bytes(&self) -> usize {
        self.text.bytes()
            + self.items.capacity() * std::mem::size_of::<Item>()
            + self.shared.capacity() * std::mem::size_of::<Span>()
            + self.links.capacity() * std::mem::size_of::<u32>()
            + self.words.capacity() * std::mem::size_of::<Span>()
            + self.title_words.capacity() * std::mem::size_of::<u32>()
    }
}

/// One case's own fields, as the builder takes them.
struct OwnFields<'a> {
    case_id: CaseId,
    reference: &'a str,
    title: &'a str,
    people: [Option<&'a str>; 2],
    keys: Keys<'a>,
}

/// A case's external reference keys, as the builder takes them.
#[derive(Clone, Copy)]
enum Keys<'a> {
    List(&'a [&'a str]),
    /// Joined by [`SEPARATOR`], as the store reads them.
    Joined(Option<&'a str>),
}

impl SearchCorpus {
    /// Hold `text` as a new shared field; its number.
    fn push_shared(&mut self, text: &str) -> Result<u32, StoreError> {
        let number = u32::try_from(self.shared.len()).map_err(|_| too_large())?;
        self.non_ascii |= !text.is_ascii();
        let span = self.text.push(&[&field(text)])?;
        self.shared.push(span);
        Ok(number)
    }

    /// Hold `word` as a new title word; its number.
    fn push_word(&mut self, word: &str) -> Result<u32, StoreError> {
        let number = u32::try_from(self.words.len()).map_err(|_| too_large())?;
        let span = self.text.push(&[word])?;
        self.words.push(span);
        Ok(number)
    }

    /// Hold a case's own fields (empty keys left out), its links (the shared
    /// numbers of its assets' names) and its title's words, each numbered by
    /// `word` (which holds a word it has not seen): its item, for the caller to
    /// place.
    fn push_own(
        &mut self,
        case: &OwnFields<'_>,
        people: [u32; 2],
        links: impl IntoIterator<Item = u32>,
        mut word: impl FnMut(&mut SearchCorpus, &str) -> Result<u32, StoreError>,
    ) -> Result<Item, StoreError> {
        let (reference, full_title) = (field(case.reference), field(case.title));
        let from_words = words_are_title(&full_title);
        self.non_ascii |= !full_title.is_ascii();
        // Held as its words only when they give it back.
        let title = if from_words { "" } else { &full_title };
        let sep = "\u{1f}";
        let own = match case.keys {
            // The store's joined keys are the packed form already unless one is empty.
            Keys::Joined(None) => self.text.push(&[&reference, title])?,
            Keys::Joined(Some(joined)) if !has_empty_key(joined) => {
                self.text.push(&[&reference, title, sep, joined])?
            }
            Keys::Joined(Some(joined)) => {
                let keys: Vec<&str> = joined.split(FIELD_SEPARATOR).collect();
                self.push_own_text(&reference, title, &keys)?
            }
            Keys::List(keys) => self.push_own_text(&reference, title, keys)?,
        };
        let bytes = |n: usize| u32::try_from(n).map_err(|_| too_large());
        let start = bytes(self.links.len())?;
        self.links.extend(links);
        let link_count = bytes(self.links.len())? - start;
        let words = bytes(self.title_words.len())?;
        for text in full_title.split_ascii_whitespace() {
            let number = word(self, text)?;
            self.title_words.push(number);
        }
        let mut word_count = bytes(self.title_words.len())? - words;
        if word_count >= WORDS_ARE_TITLE {
            return Err(too_large());
        }
        if from_words {
            word_count |= WORDS_ARE_TITLE;
        }
        self.non_ascii |= !self.text.get(own).is_ascii();
        Ok(Item {
            case_id: case.case_id,
            own,
            reference: bytes(reference.len())?,
            title_end: bytes(reference.len() + title.len())?,
            people,
            links: start,
            link_count,
            words,
            word_count,
        })
    }
}

impl SearchCorpus {
    /// Hold a case's own text: reference, title, then each key not empty after a
    /// [`SEPARATOR`].
    fn push_own_text(
        &mut self,
        reference: &str,
        title: &str,
        keys: &[&str],
    ) -> Result<Span, StoreError> {
        let keys: Vec<Cow<'_, str>> = keys
            .iter()
            .filter(|k| !k.is_empty())
            .map(|k| field(k))
            .collect();
        let mut parts: Vec<&str> = vec![reference, title];
        for key in &keys {
            parts.extend(["\u{1f}", key]);
        }
        self.text.push(&parts)
    }
}

/// `joined` (keys joined by [`SEPARATOR`]) holds an empty key.
fn has_empty_key(joined: &str) -> bool {
    joined.is_empty()
        || joined.starts_with(FIELD_SEPARATOR)
        || joined.ends_with(FIELD_SEPARATOR)
        || joined.contains("\u{1f}\u{1f}")
}

/// The reference of `item`.
fn reference_of<'a>(text: &'a Chunks, item: &Item) -> &'a str {
    let own = text.get(item.own);
    own.get(..item.reference as usize).unwrap_or(own)
}

#[cfg(test)]
#[path = "corpus_tests.rs"]
mod tests;
