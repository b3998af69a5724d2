//! A search corpus built from in-memory records, as the store builds it.
#![allow(dead_code)]

use std::sync::Arc;

use nhitrace::domain::CaseRecord;
use nhitrace::store::CaseSearchText;
use nhitrace::tui::Action;
use nhitrace::tui::search::{SearchAction, SearchCorpus};

pub fn text_of(record: &CaseRecord) -> CaseSearchText {
    let case = &record.case;
    let mut parts: Vec<String> = Vec::new();
    parts.extend(case.reporter.clone());
    parts.extend(case.owner.clone());
    parts.extend(
        record
            .assets
            .iter()
            .map(|l| format!("{} {}", l.asset.name, l.asset.identifier)),
    );
    parts.extend(case.external_refs.iter().map(|r| r.key.clone()));
    // The store leaves empty parts out.
    parts.retain(|p| !p.is_empty());
    CaseSearchText {
        case_id: case.id,
        reference: case.reference.clone(),
        title: case.title.clone(),
        details: parts.join(" "),
    }
}

pub fn corpus_of(records: &[CaseRecord]) -> Arc<SearchCorpus> {
    Arc::new(SearchCorpus::new(records.iter().map(text_of).collect()))
}

pub fn loaded(records: &[CaseRecord]) -> Action {
    Action::Search(SearchAction::CorpusLoaded(corpus_of(records)))
}

pub fn text(id: i64, reference: &str, title: &str, details: &str) -> CaseSearchText {
    CaseSearchText {
        case_id: id,
        reference: reference.into(),
        title: title.into(),
        details: details.into(),
    }
}
