//! Putting one written case into a corpus that is already built.

use super::{Keys, NONE, OwnFields, SearchCorpus, reference_of};
use crate::domain::{CaseId, CaseRecord};
use crate::store::StoreError;

/// One case's searchable fields, borrowed from its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseText<'a> {
    pub case_id: CaseId,
    pub reference: &'a str,
    pub title: &'a str,
    pub people: [Option<&'a str>; 2],
    pub keys: Vec<&'a str>,
    /// Each linked asset's name and identifier.
    pub assets: Vec<[&'a str; 2]>,
}

impl<'a> CaseText<'a> {
    /// The fields of `record` as the store gives them (the linked assets by id).
    pub fn of(record: &'a CaseRecord) -> CaseText<'a> {
        let case = &record.case;
        let mut links: Vec<_> = record.assets.iter().collect();
        links.sort_by_key(|link| link.asset.id);
        CaseText {
            case_id: case.id,
            reference: &case.reference,
            title: &case.title,
            people: [case.reporter.as_deref(), case.owner.as_deref()],
            keys: case.external_refs.iter().map(|r| r.key.as_str()).collect(),
            assets: links
                .into_iter()
                .map(|l| [l.asset.name.as_str(), l.asset.identifier.as_str()])
                .collect(),
        }
    }
}

impl SearchCorpus {
    /// Put `case` in place of what the corpus held for it, or add it, in reference
    /// order; returns its position. Its text is appended (the text it replaces is
    /// left unused: a write is small next to the corpus), and its people and assets
    /// get shared fields of their own. Positions after where it was or now is
    /// shift; a pass remembered for the corpus before must not be used after.
    pub fn upsert(&mut self, case: &CaseText<'_>) -> Result<usize, StoreError> {
        let mut people = [NONE; 2];
        for (slot, person) in people.iter_mut().zip(case.people) {
            if let Some(person) = person.filter(|p| !p.is_empty()) {
                *slot = self.push_shared(person)?;
            }
        }
        let mut links = Vec::with_capacity(case.assets.len());
        for [name, identifier] in &case.assets {
            links.push(self.push_shared(name)?);
            self.push_shared(identifier)?;
        }
        let own = OwnFields {
            case_id: case.case_id,
            reference: case.reference,
            title: case.title,
            people: case.people,
            keys: Keys::List(&case.keys),
        };
        let item = self.push_own(&own, people, links, SearchCorpus::push_word)?;
        if let Some(old) = self.items.iter().position(|i| i.case_id == case.case_id) {
            self.items.remove(old);
        }
        let text = &self.text;
        let reference = reference_of(text, &item);
        let at = self
            .items
            .partition_point(|i| reference_of(text, i) <= reference);
        self.items.insert(at, item);
        Ok(at)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::store::CaseSearchText;

    fn text(id: CaseId, reference: &str, title: &str) -> CaseSearchText {
        CaseSearchText {
            case_id: id,
            reference: reference.into(),
            title: title.into(),
            fields: vec!["someone".into()],
        }
    }

    #[test]
    fn a_written_case_replaces_its_fields_or_is_added_in_reference_order() {
        let mut corpus = SearchCorpus::new(vec![
            text(1, "NHI-1", "one"),
            text(2, "NHI-2", "two"),
            text(3, "NHI-3", "three"),
        ]);
        let edited = CaseText {
            case_id: 2,
            reference: "NHI-2",
            title: "two, renamed",
            people: [Some("ann"), None],
            keys: vec!["SEC-9", ""],
            assets: vec![["deploy key", "AKIA9"]],
        };
        assert_eq!(corpus.upsert(&edited).unwrap(), 1);
        assert_eq!(
            corpus.field_texts(1).unwrap(),
            [
                "NHI-2",
                "two, renamed",
                "ann",
                "deploy key",
                "AKIA9",
                "SEC-9"
            ]
        );
        let added = CaseText {
            case_id: 9,
            reference: "NHI-0",
            title: "new",
            people: [None, Some("bo")],
            keys: Vec::new(),
            assets: Vec::new(),
        };
        assert_eq!(corpus.upsert(&added).unwrap(), 0);
        let ids: Vec<CaseId> = corpus.case_ids().collect();
        assert_eq!(ids, [9, 1, 2, 3]);
        assert_eq!(corpus.field_texts(0).unwrap(), ["NHI-0", "new", "bo"]);
        // A new reference moves the case.
        let moved = CaseText {
            reference: "NHI-4",
            ..added
        };
        assert_eq!(corpus.upsert(&moved).unwrap(), 3);
        let ids: Vec<CaseId> = corpus.case_ids().collect();
        assert_eq!(ids, [1, 2, 3, 9]);
        assert_eq!(corpus.field_texts(1).unwrap()[1], "two, renamed");
        assert_eq!(corpus.field_texts(0).unwrap(), ["NHI-1", "one", "someone"]);
        // Found by what it holds now, not by what it held.
        let ranked = |q: &str| -> Vec<CaseId> {
            super::super::super::rank::rank(&corpus, q)
                .iter()
                .filter_map(|h| corpus.case_id(h.index as usize))
                .collect()
        };
        assert_eq!(ranked("renamed AKIA9"), [2]);
        assert_eq!(ranked("NHI-0"), Vec::<CaseId>::new());
    }
}
