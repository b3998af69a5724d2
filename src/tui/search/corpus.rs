//! The text each case is searched by, held once and shared (behind an `Arc`) by the
//! screen, which highlights matches, and the workers, which rank them.
//!
//! A case's text is a list of fields (reference, title, reporter, owner, each
//! linked asset's name and identifier, each external reference key); a search term
//! matches within one field. It is packed for memory: the text lives in a few
//! large chunks addressed by `u32` offsets. A case's own fields (reference, title
//! and keys) are one run; the fields many cases share — people (reporter, owner)
//! and asset names and identifiers — are held once, as numbered shared fields, so
//! a pass can also score each of them once. The chunks are filled while the store
//! streams its rows, so loading never holds a second copy and growing never copies
//! what was read.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use crate::domain::{AssetId, CaseId};
use crate::store::{
    CaseSearchRow, CaseSearchText, FIELD_SEPARATOR, SearchAsset, SearchTextSink, StoreError,
};

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

/// Bytes in one chunk of text. A case's own text (or an asset's) never spans two
/// chunks; a longer one gets a chunk of its own.
const CHUNK: usize = 1 << 20;

/// Text packed into chunks; an offset is `chunk number × CHUNK + position in it`.
#[derive(Clone, Default, PartialEq, Eq)]
struct Chunks {
    chunks: Vec<String>,
}

/// Where one run of text is: its offset and length in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

fn too_large() -> StoreError {
    StoreError::Invalid("the search text does not fit in 4 GiB".into())
}

impl Chunks {
    /// Append `parts` as one contiguous run. A run starts in the chunk its offset
    /// names; one longer than a chunk gets a chunk of exactly its length.
    fn push(&mut self, parts: &[&str]) -> Result<Span, StoreError> {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.len() < CHUNK && c.len() + len <= CHUNK);
        if !fits {
            self.chunks.push(String::with_capacity(len.max(CHUNK)));
        }
        let number = self.chunks.len() - 1;
        let chunk = self.chunks.last_mut().ok_or_else(too_large)?;
        let start = number
            .checked_mul(CHUNK)
            .and_then(|base| base.checked_add(chunk.len()))
            .and_then(|start| u32::try_from(start).ok())
            .ok_or_else(too_large)?;
        let len = u32::try_from(len).map_err(|_| too_large())?;
        for part in parts {
            chunk.push_str(part);
        }
        Ok(Span { start, len })
    }

    fn get(&self, span: Span) -> &str {
        let start = span.start as usize;
        let at = start % CHUNK;
        self.chunks
            .get(start / CHUNK)
            .and_then(|c| c.get(at..at + span.len as usize))
            .unwrap_or_default()
    }

    /// The bytes of `span` (no character boundary to check: a span is whole text).
    fn bytes_of(&self, span: Span) -> &[u8] {
        let start = span.start as usize;
        let at = start % CHUNK;
        self.chunks
            .get(start / CHUNK)
            .and_then(|c| c.as_bytes().get(at..at + span.len as usize))
            .unwrap_or_default()
    }

    fn finish(&mut self) {
        if let Some(last) = self.chunks.last_mut() {
            last.shrink_to_fit();
        }
    }

    fn bytes(&self) -> usize {
        self.chunks.iter().map(String::capacity).sum()
    }
}

/// No shared field (a case without a reporter or an owner).
const NONE: u32 = u32::MAX;

/// One case: where its fields are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    case_id: CaseId,
    /// `referencetitle[␟key]…`: its own fields (␟ is [`SEPARATOR`]).
    own: Span,
    /// Bytes of the reference.
    reference: u32,
    /// Bytes of the own text up to the end of the title.
    title_end: u32,
    /// Shared field numbers of the reporter and the owner, or [`NONE`].
    people: [u32; 2],
    /// This case's first entry in `SearchCorpus::links`; its last is before the
    /// next case's first.
    links: u32,
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
    /// The linked assets of every case, case after case: the number of each one's
    /// name (its identifier is the next).
    links: Vec<u32>,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorpusItem<'a> {
    pub case_id: CaseId,
    pub reference: &'a str,
    pub title: &'a str,
}

/// The fields of one case: its own, as UTF-8 bytes (each whole: a field boundary
/// is a character boundary), and the numbers of the shared ones.
#[derive(Debug, Clone, Copy)]
pub struct CaseFields<'a> {
    /// Reference and title.
    pub reference: &'a [u8],
    pub title: &'a [u8],
    /// The external reference keys, each after a [`SEPARATOR`].
    keys: &'a [u8],
    people: [u32; 2],
    links: &'a [u32],
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
                keys: &fields,
            };
            // Only a corpus past 4 GiB fails; tests stay far below.
            if builder.push_case(case, &[]).is_err() {
                break;
            }
        }
        builder.finish()
    }

    /// Read the corpus from the store, streaming.
    pub fn load(store: &crate::store::Store) -> Result<SearchCorpus, StoreError> {
        let mut builder = CorpusBuilder::default();
        store.read_search_texts(&mut builder)?;
        Ok(builder.finish())
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
        Some(CorpusItem {
            case_id: item.case_id,
            reference: own.get(..reference).unwrap_or_default(),
            title: own
                .get(reference..item.title_end as usize)
                .unwrap_or_default(),
        })
    }

    /// The fields of the case at `index`.
    pub fn fields(&self, index: usize) -> Option<CaseFields<'_>> {
        let item = self.items.get(index)?;
        let end = self
            .items
            .get(index + 1)
            .map_or(self.links.len(), |next| next.links as usize);
        let own = self.text.bytes_of(item.own);
        let (head, keys) = own.split_at((item.title_end as usize).min(own.len()));
        let (reference, title) = head.split_at((item.reference as usize).min(head.len()));
        Some(CaseFields {
            reference,
            title,
            keys,
            people: item.people,
            links: self.links.get(item.links as usize..end).unwrap_or_default(),
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
        let mut texts = vec![text(fields.reference), text(fields.title)];
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
    }
}

/// One case's own fields, as the builder takes them.
struct OwnFields<'a> {
    case_id: CaseId,
    reference: &'a str,
    title: &'a str,
    people: [Option<&'a str>; 2],
    keys: &'a [&'a str],
}

/// Builds a [`SearchCorpus`] from the store's rows as they stream in: assets first,
/// then cases in reference order.
#[derive(Default)]
pub struct CorpusBuilder {
    corpus: SearchCorpus,
    /// Asset id to the shared number of its name, until the cases are read.
    assets: HashMap<AssetId, u32>,
    /// Each person's shared number.
    people: HashMap<String, u32>,
}

impl SearchTextSink for CorpusBuilder {
    /// Keep an asset's two fields once.
    fn asset(&mut self, asset: SearchAsset<'_>) -> Result<(), StoreError> {
        let corpus = &mut self.corpus;
        let number = u32::try_from(corpus.shared.len()).map_err(|_| too_large())?;
        corpus.non_ascii |= !(asset.name.is_ascii() && asset.identifier.is_ascii());
        for text in [asset.name, asset.identifier] {
            let span = corpus.text.push(&[&field(text)])?;
            corpus.shared.push(span);
        }
        self.assets.insert(asset.id, number);
        Ok(())
    }

    /// Add a case; a link to an asset that did not come first is left out (as a
    /// join would).
    fn case(&mut self, row: CaseSearchRow<'_>) -> Result<(), StoreError> {
        let keys: Vec<&str> = row
            .refs
            .unwrap_or_default()
            .split(FIELD_SEPARATOR)
            .collect();
        let case = OwnFields {
            case_id: row.case_id,
            reference: row.reference,
            title: row.title,
            people: [row.reporter, row.owner],
            keys: &keys,
        };
        self.push_case(case, row.asset_ids)
    }
}

impl CorpusBuilder {
    /// The shared number of `person`, added the first time.
    fn person(&mut self, person: &str) -> Result<u32, StoreError> {
        if let Some(&number) = self.people.get(person) {
            return Ok(number);
        }
        let corpus = &mut self.corpus;
        let number = u32::try_from(corpus.shared.len()).map_err(|_| too_large())?;
        corpus.non_ascii |= !person.is_ascii();
        let span = corpus.text.push(&[&field(person)])?;
        corpus.shared.push(span);
        self.people.insert(person.to_string(), number);
        Ok(number)
    }

    /// Add a case: its own fields (empty people and keys left out) and its linked
    /// assets.
    fn push_case(&mut self, case: OwnFields<'_>, asset_ids: &[AssetId]) -> Result<(), StoreError> {
        let mut people = [NONE; 2];
        for (slot, person) in people.iter_mut().zip(case.people) {
            if let Some(person) = person.filter(|p| !p.is_empty()) {
                *slot = self.person(person)?;
            }
        }
        let corpus = &mut self.corpus;
        let (reference, title) = (field(case.reference), field(case.title));
        let keys: Vec<Cow<'_, str>> = case
            .keys
            .iter()
            .filter(|k| !k.is_empty())
            .map(|k| field(k))
            .collect();
        let mut parts: Vec<&str> = vec![&reference, &title];
        for key in &keys {
            parts.extend(["\u{1f}", key]);
        }
        let links = u32::try_from(corpus.links.len()).map_err(|_| too_large())?;
        let assets = &self.assets;
        corpus
            .links
            .extend(asset_ids.iter().filter_map(|id| assets.get(id)));
        corpus.non_ascii |= !parts.iter().all(|p| p.is_ascii());
        let own = corpus.text.push(&parts)?;
        let bytes = |n: usize| u32::try_from(n).map_err(|_| too_large());
        corpus.items.push(Item {
            case_id: case.case_id,
            own,
            reference: bytes(reference.len())?,
            title_end: bytes(reference.len() + title.len())?,
            people,
            links,
        });
        Ok(())
    }

    /// The corpus, in reference order.
    pub fn finish(self) -> SearchCorpus {
        drop(self.assets);
        drop(self.people);
        let mut corpus = self.corpus;
        corpus.text.finish();
        let reference = |i: &Item| {
            let own = corpus.text.get(i.own);
            own.get(..i.reference as usize).unwrap_or(own)
        };
        let sorted = corpus
            .items
            .windows(2)
            .all(|w| reference(&w[0]) <= reference(&w[1]));
        if !sorted {
            corpus = sorted_by_reference(corpus);
        }
        corpus.items.shrink_to_fit();
        corpus.shared.shrink_to_fit();
        corpus.links.shrink_to_fit();
        corpus
    }
}

/// The same corpus with its cases in reference order (the store gives them in that
/// order, so this only runs for rows that came otherwise).
fn sorted_by_reference(corpus: SearchCorpus) -> SearchCorpus {
    let SearchCorpus {
        text,
        items,
        shared,
        links,
        non_ascii,
    } = corpus;
    let ends: Vec<usize> = items
        .iter()
        .skip(1)
        .map(|i| i.links as usize)
        .chain([links.len()])
        .collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    let reference = |i: usize| {
        let item = &items[i];
        let own = text.get(item.own);
        own.get(..item.reference as usize).unwrap_or(own)
    };
    order.sort_by(|&a, &b| reference(a).cmp(reference(b)));
    let mut sorted_items = Vec::with_capacity(items.len());
    let mut sorted_links = Vec::with_capacity(links.len());
    for i in order {
        let mut item = items[i];
        let from = item.links as usize;
        item.links = u32::try_from(sorted_links.len()).unwrap_or(u32::MAX);
        sorted_links.extend_from_slice(links.get(from..ends[i]).unwrap_or_default());
        sorted_items.push(item);
    }
    SearchCorpus {
        text,
        items: sorted_items,
        shared,
        links: sorted_links,
        non_ascii,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn row<'a>(
        id: CaseId,
        reference: &'a str,
        title: &'a str,
        people: [Option<&'a str>; 2],
        asset_ids: &'a [AssetId],
        refs: Option<&'a str>,
    ) -> CaseSearchRow<'a> {
        CaseSearchRow {
            case_id: id,
            reference,
            title,
            reporter: people[0],
            owner: people[1],
            asset_ids,
            refs,
        }
    }

    #[test]
    fn every_case_has_its_fields_and_the_corpus_is_in_reference_order() {
        let mut builder = CorpusBuilder::default();
        for (id, name, identifier) in [(7, "deploy key", "AKIA1"), (9, "ci\u{1f}bot", "sa-ci")] {
            let asset = SearchAsset {
                id,
                name,
                identifier,
            };
            builder.asset(asset).unwrap();
        }
        let rows = [
            row(3, "NHI-3", "", [None, None], &[], None),
            row(
                1,
                "NHI-1",
                "First",
                [Some("ann"), Some("")],
                &[9, 8, 7],
                Some("SEC-1\u{1f}J 2"),
            ),
            row(2, "NHI-2", "Second", [None, Some("bo")], &[7], Some("")),
        ];
        for r in rows {
            builder.case(r).unwrap();
        }
        let corpus = builder.finish();
        let ids: Vec<CaseId> = corpus.case_ids().collect();
        assert_eq!(ids, [1, 2, 3]);
        // Empty fields are left out, a link to an unknown asset too, and a
        // separator inside a field becomes a space.
        assert_eq!(
            corpus.field_texts(0).unwrap(),
            [
                "NHI-1",
                "First",
                "ann",
                "ci bot",
                "sa-ci",
                "deploy key",
                "AKIA1",
                "SEC-1",
                "J 2"
            ]
        );
        assert_eq!(
            corpus.field_texts(1).unwrap(),
            ["NHI-2", "Second", "bo", "deploy key", "AKIA1"]
        );
        // People and assets are held once.
        assert_eq!(corpus.shared_len(), 2 * 2 + 2);
        let fields = corpus.fields(1).unwrap();
        let shared: Vec<u32> = fields.shared().collect();
        assert_eq!(shared, [5, 0, 1]);
        // The title is kept when empty: it is always the second field.
        assert_eq!(corpus.field_texts(2).unwrap(), ["NHI-3", ""]);
        let item = corpus.item(0).unwrap();
        assert_eq!((item.reference, item.title), ("NHI-1", "First"));
        assert_eq!(corpus.item(2).unwrap().title, "");
        assert_eq!(corpus.field_texts(3), None);
    }

    #[test]
    fn text_longer_than_a_chunk_gets_chunks_of_its_own() {
        let long = "x".repeat(CHUNK * 2 + 10);
        let text = |id, reference: &str, title: &str, fields: &[&str]| CaseSearchText {
            case_id: id,
            reference: reference.into(),
            title: title.into(),
            fields: fields.iter().map(|f| f.to_string()).collect(),
        };
        let corpus = SearchCorpus::new(vec![
            text(1, "A", "short", &[]),
            text(2, "B", &long, &["tail"]),
            text(3, "C", "after", &[]),
        ]);
        assert_eq!(corpus.field_texts(0).unwrap(), ["A", "short"]);
        assert_eq!(corpus.field_texts(1).unwrap(), ["B", long.as_str(), "tail"]);
        assert_eq!(corpus.field_texts(2).unwrap(), ["C", "after"]);
        assert_eq!(corpus.item(2).unwrap().title, "after");
    }
}
