//! The text each case is searched by, held once and shared (behind an `Arc`) by the
//! screen, which highlights matches, and the workers, which rank them.
//!
//! It is packed for memory: every case's own text (`reference title reporter owner`
//! and its reference keys) lives in a few large chunks addressed by `u32` offsets,
//! and the text of an asset (`name identifier`) is held once however many cases
//! link it; a case's full text is put together when it is ranked. The chunks are
//! filled while the store streams its rows, so loading never holds a second copy
//! and growing never copies what was read.

use std::collections::HashMap;
use std::fmt;

use crate::domain::{AssetId, CaseId};
use crate::store::{CaseSearchRow, CaseSearchText, SearchAsset, SearchTextSink, StoreError};

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

/// One case: where its text is. Its full text is its own text up to `prefix`, then
/// ` name identifier` for each linked asset, then the rest of its own text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    case_id: CaseId,
    /// `reference title[ reporter][ owner][ keys]`.
    own: Span,
    /// Bytes of the own text before the assets go in.
    prefix: u32,
    /// Bytes of the reference (a space and the title follow).
    reference: u32,
    /// Bytes of `reference title`, what the row shows.
    shown: u32,
    /// This case's first entry in `SearchCorpus::links`; its last is before the
    /// next case's first.
    links: u32,
}

/// Every case's searchable text, in reference order (so equal scores rank by reference
/// when ranked by position).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SearchCorpus {
    text: Chunks,
    items: Vec<Item>,
    /// Each asset's ` name identifier`, by asset number.
    assets: Vec<Span>,
    /// The linked asset numbers of every case, case after case.
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
    /// `reference title`.
    pub shown: &'a str,
    /// Bytes of the reference at the start of `shown`.
    pub reference_len: usize,
}

impl SearchCorpus {
    /// A corpus of these texts, sorted into reference order (tests and tools; the
    /// store's is built by [`CorpusBuilder`] as the rows stream in).
    pub fn new(mut texts: Vec<CaseSearchText>) -> SearchCorpus {
        texts.sort_by(|a, b| a.reference.cmp(&b.reference));
        let mut builder = CorpusBuilder::default();
        for t in &texts {
            let details = (!t.details.is_empty()).then_some(t.details.as_str());
            let row = CaseSearchRow {
                case_id: t.case_id,
                reference: &t.reference,
                title: &t.title,
                reporter: details,
                owner: None,
                asset_ids: &[],
                refs: None,
            };
            // Only a corpus past 4 GiB fails; tests stay far below.
            if builder.case(row).is_err() {
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
        Some(CorpusItem {
            case_id: item.case_id,
            shown: own.get(..item.shown as usize).unwrap_or(own),
            reference_len: item.reference as usize,
        })
    }

    /// The full searchable text of the case at `index`, as UTF-8 bytes: in `buffer`
    /// when it has to be put together, else borrowed straight from the corpus.
    pub fn text_into<'a>(&'a self, index: usize, buffer: &'a mut Vec<u8>) -> Option<&'a [u8]> {
        let parts = self.parts(index)?;
        if parts.is_whole() {
            return Some(parts.own());
        }
        let (head, tail) = parts.own().split_at(parts.prefix());
        buffer.clear();
        buffer.extend_from_slice(head);
        for asset in parts.assets() {
            buffer.extend_from_slice(asset);
        }
        buffer.extend_from_slice(tail);
        Some(buffer)
    }

    /// The text of the case at `index` in its pieces, read only as far as needed.
    pub fn parts(&self, index: usize) -> Option<TextParts<'_>> {
        let item = self.items.get(index)?;
        let own = self.text.bytes_of(item.own);
        let end = self
            .items
            .get(index + 1)
            .map_or(self.links.len(), |next| next.links as usize);
        let links = self.links.get(item.links as usize..end).unwrap_or_default();
        let prefix = (item.prefix as usize).min(own.len());
        Some(TextParts {
            corpus: self,
            own,
            prefix,
            links,
        })
    }

    /// Every text is ASCII (so bytes are characters).
    pub fn is_ascii(&self) -> bool {
        !self.non_ascii
    }

    /// The full searchable text of the case at `index`, as one string.
    pub fn text(&self, index: usize) -> Option<String> {
        let mut buffer = Vec::new();
        let bytes = self.text_into(index, &mut buffer)?;
        Some(String::from_utf8_lossy(bytes).into_owned())
    }

    /// Heap bytes the corpus holds (text chunks and tables).
    pub fn heap_bytes(&self) -> usize {
        self.text.bytes()
            + self.items.capacity() * std::mem::size_of::<Item>()
            + self.assets.capacity() * std::mem::size_of::<Span>()
            + self.links.capacity() * std::mem::size_of::<u32>()
    }
}

/// One case's text as the corpus holds it: the start of its own text, its linked
/// assets' texts, then the rest of its own text.
#[derive(Clone, Copy)]
pub struct TextParts<'a> {
    corpus: &'a SearchCorpus,
    own: &'a [u8],
    prefix: usize,
    links: &'a [u32],
}

impl<'a> TextParts<'a> {
    /// The own text: the text's start up to [`TextParts::prefix`], then its end.
    pub fn own(&self) -> &'a [u8] {
        self.own
    }

    /// Bytes of the own text that start the whole text (before the assets).
    pub fn prefix(&self) -> usize {
        self.prefix
    }

    /// The whole text is the own text (no assets between its parts).
    pub fn is_whole(&self) -> bool {
        self.links.is_empty()
    }

    /// The texts of the linked assets, in order.
    pub fn assets(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let corpus = self.corpus;
        self.links.iter().filter_map(move |&asset| {
            let span = *corpus.assets.get(asset as usize)?;
            Some(corpus.text.bytes_of(span))
        })
    }

    /// Bytes in the whole text (without reading the assets' text).
    pub fn len(&self) -> usize {
        let corpus = self.corpus;
        let assets: usize = self
            .links
            .iter()
            .filter_map(|&asset| corpus.assets.get(asset as usize))
            .map(|span| span.len as usize)
            .sum();
        self.own.len() + assets
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Builds a [`SearchCorpus`] from the store's rows as they stream in: assets first,
/// then cases in reference order.
#[derive(Default)]
pub struct CorpusBuilder {
    corpus: SearchCorpus,
    /// Asset id to asset number, until the cases are read.
    numbers: HashMap<AssetId, u32>,
}

impl SearchTextSink for CorpusBuilder {
    /// Keep an asset's text once.
    fn asset(&mut self, asset: SearchAsset<'_>) -> Result<(), StoreError> {
        let corpus = &mut self.corpus;
        let number = u32::try_from(corpus.assets.len()).map_err(|_| too_large())?;
        corpus.non_ascii |= !(asset.name.is_ascii() && asset.identifier.is_ascii());
        let span = corpus
            .text
            .push(&[" ", asset.name, " ", asset.identifier])?;
        corpus.assets.push(span);
        self.numbers.insert(asset.id, number);
        Ok(())
    }

    /// Add a case; a link to an asset that did not come first is left out (as a
    /// join would).
    fn case(&mut self, row: CaseSearchRow<'_>) -> Result<(), StoreError> {
        let corpus = &mut self.corpus;
        let mut parts: Vec<&str> = vec![row.reference, " ", row.title];
        for part in [row.reporter, row.owner].into_iter().flatten() {
            if !part.is_empty() {
                parts.extend([" ", part]);
            }
        }
        let prefix: usize = parts.iter().map(|p| p.len()).sum();
        if let Some(refs) = row.refs.filter(|r| !r.is_empty()) {
            parts.extend([" ", refs]);
        }
        let links = u32::try_from(corpus.links.len()).map_err(|_| too_large())?;
        let numbers = &self.numbers;
        corpus
            .links
            .extend(row.asset_ids.iter().filter_map(|id| numbers.get(id)));
        corpus.non_ascii |= !parts.iter().all(|p| p.is_ascii());
        let own = corpus.text.push(&parts)?;
        let bytes = |n: usize| u32::try_from(n).map_err(|_| too_large());
        corpus.items.push(Item {
            case_id: row.case_id,
            own,
            prefix: bytes(prefix)?,
            reference: bytes(row.reference.len())?,
            shown: bytes(row.reference.len() + 1 + row.title.len())?,
            links,
        });
        Ok(())
    }
}

impl CorpusBuilder {
    /// The corpus, in reference order.
    pub fn finish(self) -> SearchCorpus {
        drop(self.numbers);
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
        corpus.assets.shrink_to_fit();
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
        assets,
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
        assets,
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
    fn the_text_is_joined_as_the_store_joins_it_and_sorted_by_reference() {
        let mut builder = CorpusBuilder::default();
        for (id, name, identifier) in [(7, "deploy key", "AKIA1"), (9, "ci bot", "sa-ci")] {
            let asset = SearchAsset {
                id,
                name,
                identifier,
            };
            builder.asset(asset).unwrap();
        }
        let rows = [
            row(3, "NHI-3", "Third", [None, None], &[], None),
            row(
                1,
                "NHI-1",
                "First",
                [Some("ann"), Some("")],
                &[9, 8, 7],
                Some("SEC-1 J-2"),
            ),
            row(2, "NHI-2", "Second", [None, Some("bo")], &[7], Some("")),
        ];
        for r in rows {
            builder.case(r).unwrap();
        }
        let corpus = builder.finish();
        let ids: Vec<CaseId> = corpus.case_ids().collect();
        assert_eq!(ids, [1, 2, 3]);
        assert_eq!(
            corpus.text(0).unwrap(),
            "NHI-1 First ann ci bot sa-ci deploy key AKIA1 SEC-1 J-2"
        );
        assert_eq!(corpus.text(1).unwrap(), "NHI-2 Second bo deploy key AKIA1");
        assert_eq!(corpus.text(2).unwrap(), "NHI-3 Third");
        let item = corpus.item(0).unwrap();
        assert_eq!((item.shown, item.reference_len), ("NHI-1 First", 5));
        assert_eq!(corpus.text(3), None);
    }

    #[test]
    fn text_longer_than_a_chunk_gets_chunks_of_its_own() {
        let long = "x".repeat(CHUNK * 2 + 10);
        let corpus = SearchCorpus::new(vec![
            CaseSearchText {
                case_id: 1,
                reference: "A".into(),
                title: "short".into(),
                details: String::new(),
            },
            CaseSearchText {
                case_id: 2,
                reference: "B".into(),
                title: long.clone(),
                details: "tail".into(),
            },
            CaseSearchText {
                case_id: 3,
                reference: "C".into(),
                title: "after".into(),
                details: String::new(),
            },
        ]);
        assert_eq!(corpus.text(0).unwrap(), "A short");
        assert_eq!(corpus.text(1).unwrap(), format!("B {long} tail"));
        assert_eq!(corpus.text(2).unwrap(), "C after");
        assert_eq!(corpus.item(2).unwrap().shown, "C after");
    }
}
