//! Building the corpus from the store's rows as they stream in.

use foldhash::HashMap;

use super::word_key::WordKey;
use super::{Keys, NONE, OwnFields, SearchCorpus, reference_of};
use crate::domain::AssetId;
use crate::store::{CaseSearchRow, SearchAsset, SearchTextSink, StoreError};

/// Builds a [`SearchCorpus`] from the store's rows as they stream in: assets first,
/// then cases in any order (the store's is by id); [`CorpusBuilder::finish`] puts
/// them in reference order.
#[derive(Default)]
pub struct CorpusBuilder {
    corpus: SearchCorpus,
    /// Asset id to the shared number of its name, until the cases are read.
    assets: HashMap<AssetId, u32>,
    /// The same as a table indexed by id, when the ids are dense enough (made
    /// before the first case: a lookup per link, a million cases have two million,
    /// and the map's probes missed the cache).
    dense: Option<Vec<u32>>,
    /// Each person's shared number.
    people: HashMap<String, u32>,
    /// Each title word's number.
    words: HashMap<WordKey, u32>,
}

impl SearchTextSink for CorpusBuilder {
    /// Keep an asset's two fields once.
    fn asset(&mut self, asset: SearchAsset<'_>) -> Result<(), StoreError> {
        // The name's number; the identifier's is the next.
        let number = self.corpus.push_shared(asset.name)?;
        self.corpus.push_shared(asset.identifier)?;
        self.assets.insert(asset.id, number);
        Ok(())
    }

    /// Add a case; a link to an asset that did not come first is left out (as a
    /// join would).
    fn case(&mut self, row: CaseSearchRow<'_>) -> Result<(), StoreError> {
        let case = OwnFields {
            case_id: row.case_id,
            reference: row.reference,
            title: row.title,
            people: [row.reporter, row.owner],
            keys: Keys::Joined(row.refs),
        };
        self.push_case(&case, row.asset_ids)
    }
}

/// Title words to reserve room for per case, once: the table then does not double
/// from empty, each doubling holding the old table and the new (a third of the
/// corpus's peak at 100,000). Above the 8.2 a generated title has, since room
/// reserved and not written costs address space, not memory (its pages are never
/// touched), while outgrowing it near the end copies the whole table: at a million
/// cases a reserve of 8 a case was outgrown at 980,000 and the copy was 32 MiB of
/// the peak.
const WORDS_PER_CASE: usize = 12;

impl CorpusBuilder {
    /// A builder with room for `cases` cases.
    pub fn with_capacity(cases: usize) -> CorpusBuilder {
        let mut builder = CorpusBuilder::default();
        builder.corpus.items.reserve_exact(cases);
        builder
            .corpus
            .title_words
            .reserve_exact(cases.saturating_mul(WORDS_PER_CASE));
        builder.corpus.links.reserve_exact(cases.saturating_mul(2));
        builder
    }

    /// The shared number of `person`, added the first time.
    fn person(&mut self, person: &str) -> Result<u32, StoreError> {
        if let Some(&number) = self.people.get(person) {
            return Ok(number);
        }
        let number = self.corpus.push_shared(person)?;
        self.people.insert(person.to_string(), number);
        Ok(number)
    }

    /// Add a case: its own fields (empty people and keys left out) and its linked
    /// assets.
    pub(super) fn push_case(
        &mut self,
        case: &OwnFields<'_>,
        asset_ids: &[AssetId],
    ) -> Result<(), StoreError> {
        let mut people = [NONE; 2];
        for (slot, person) in people.iter_mut().zip(case.people) {
            if let Some(person) = person.filter(|p| !p.is_empty()) {
                *slot = self.person(person)?;
            }
        }
        if self.dense.is_none() {
            self.dense = Some(dense_numbers(&self.assets));
        }
        let (assets, dense) = (&self.assets, self.dense.as_deref().unwrap_or_default());
        let links = asset_ids.iter().filter_map(|&id| {
            let at = usize::try_from(id).ok().and_then(|i| dense.get(i).copied());
            match at {
                Some(NONE) => None,
                Some(number) => Some(number),
                None => assets.get(&id).copied(),
            }
        });
        let words = &mut self.words;
        let item = self.corpus.push_own(case, people, links, |corpus, word| {
            if let Some(&number) = words.get(word.as_bytes()) {
                return Ok(number);
            }
            let number = corpus.push_word(word)?;
            words.insert(WordKey::new(word), number);
            Ok(number)
        })?;
        self.corpus.items.push(item);
        Ok(())
    }

    /// The corpus, in reference order.
    pub fn finish(self) -> SearchCorpus {
        self.finish_in(None)
    }

    /// [`CorpusBuilder::finish`], trying `offered` first (the order the list read
    /// beside it was put in, see [`super::ReadOrder`]): kept if it sorts the cases.
    pub fn finish_in(self, offered: Option<Vec<u32>>) -> SearchCorpus {
        drop(self.assets);
        drop(self.dense);
        drop(self.people);
        drop(self.words);
        let mut corpus = self.corpus;
        corpus.text.finish();
        if !in_reference_order(&corpus) {
            match offered.filter(|order| order.len() == corpus.items.len()) {
                Some(order) => {
                    crate::tui::text_order::permute(&mut corpus.items, order);
                    if !in_reference_order(&corpus) {
                        corpus = sorted_by_reference(corpus);
                    }
                }
                None => corpus = sorted_by_reference(corpus),
            }
        }
        corpus.items.shrink_to_fit();
        corpus.shared.shrink_to_fit();
        corpus.links.shrink_to_fit();
        corpus.words.shrink_to_fit();
        corpus.title_words.shrink_to_fit();
        corpus
    }
}

/// Each case's reference is not below the one before.
fn in_reference_order(corpus: &SearchCorpus) -> bool {
    let text = &corpus.text;
    corpus
        .items
        .windows(2)
        .all(|w| reference_of(text, &w[0]) <= reference_of(text, &w[1]))
}

/// The asset numbers by id as a table ([`NONE`] where no asset has the id), or an
/// empty table when the ids are too sparse for one (then the map answers).
fn dense_numbers(assets: &HashMap<AssetId, u32>) -> Vec<u32> {
    let max = assets.keys().copied().max().unwrap_or(0);
    let fits = usize::try_from(max)
        .ok()
        .filter(|&max| max <= assets.len().saturating_mul(4).saturating_add(1024));
    let Some(max) = fits.filter(|_| assets.keys().all(|&id| id >= 0)) else {
        return Vec::new();
    };
    let mut dense = vec![NONE; max + 1];
    for (&id, &number) in assets {
        if let Some(slot) = usize::try_from(id).ok().and_then(|i| dense.get_mut(i)) {
            *slot = number;
        }
    }
    dense
}

/// The same corpus with its cases in reference order (equal references, which a
/// store does not hold, in the order they came). Only the items move.
fn sorted_by_reference(mut corpus: SearchCorpus) -> SearchCorpus {
    let items = &corpus.items;
    let text = &corpus.text;
    let order = crate::tui::text_order::order_by(items.len(), |i| reference_of(text, &items[i]));
    crate::tui::text_order::permute(&mut corpus.items, order);
    corpus
}
