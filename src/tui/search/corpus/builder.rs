//! Building the corpus from the store's rows as they stream in.

use std::collections::HashMap;

use super::{NONE, OwnFields, SearchCorpus, reference_of};
use crate::domain::AssetId;
use crate::store::{CaseSearchRow, FIELD_SEPARATOR, SearchAsset, SearchTextSink, StoreError};

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
        // The name's number; the identifier's is the next.
        let number = self.corpus.push_shared(asset.name)?;
        self.corpus.push_shared(asset.identifier)?;
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
        self.push_case(&case, row.asset_ids)
    }
}

impl CorpusBuilder {
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
        let assets = &self.assets;
        let links = asset_ids.iter().filter_map(|id| assets.get(id).copied());
        let links: Vec<u32> = links.collect();
        let item = self.corpus.push_own(case, people, links)?;
        self.corpus.items.push(item);
        Ok(())
    }

    /// The corpus, in reference order.
    pub fn finish(self) -> SearchCorpus {
        drop(self.assets);
        drop(self.people);
        let mut corpus = self.corpus;
        corpus.text.finish();
        let text = &corpus.text;
        let sorted = corpus
            .items
            .windows(2)
            .all(|w| reference_of(text, &w[0]) <= reference_of(text, &w[1]));
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
fn sorted_by_reference(mut corpus: SearchCorpus) -> SearchCorpus {
    let text = &corpus.text;
    corpus
        .items
        .sort_by(|a, b| reference_of(text, a).cmp(reference_of(text, b)));
    corpus
}
