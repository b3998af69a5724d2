//! A search corpus built from in-memory records, as the store builds it.
#![allow(dead_code)]

use std::sync::Arc;

use nhitrace::domain::CaseRecord;
use nhitrace::store::CaseSearchText;
use nhitrace::tui::Action;
use nhitrace::tui::search::{SearchAction, SearchCorpus};

pub fn text_of(record: &CaseRecord) -> CaseSearchText {
    let case = &record.case;
    let mut fields: Vec<String> = Vec::new();
    fields.extend(case.reporter.clone());
    fields.extend(case.owner.clone());
    let mut links: Vec<_> = record.assets.iter().collect();
    links.sort_by_key(|link| link.asset.id);
    for link in links {
        fields.extend([link.asset.name.clone(), link.asset.identifier.clone()]);
    }
    fields.extend(case.external_refs.iter().map(|r| r.key.clone()));
    // The store leaves empty fields out.
    fields.retain(|p| !p.is_empty());
    CaseSearchText {
        case_id: case.id,
        reference: case.reference.clone(),
        title: case.title.clone(),
        fields,
    }
}

/// `cases` generated records (seed `seed`), their case ids 1, 2, … in generation
/// order, as a store that wrote them would number them.
pub fn generated_records(cases: usize, seed: u64) -> Vec<CaseRecord> {
    nhitrace::generate::Generator::new(nhitrace::generate::GenerateOptions { cases, seed })
        .enumerate()
        .map(|(i, (mut record, _))| {
            record.case.id = i as i64 + 1;
            record
        })
        .collect()
}

pub fn corpus_of(records: &[CaseRecord]) -> Arc<SearchCorpus> {
    Arc::new(SearchCorpus::new(records.iter().map(text_of).collect()))
}

pub fn loaded(records: &[CaseRecord]) -> Action {
    Action::Search(SearchAction::CorpusLoaded(corpus_of(records)))
}

/// A case whose other fields are the words of `fields`.
pub fn text(id: i64, reference: &str, title: &str, fields: &str) -> CaseSearchText {
    CaseSearchText {
        case_id: id,
        reference: reference.into(),
        title: title.into(),
        fields: fields.split_whitespace().map(String::from).collect(),
    }
}
