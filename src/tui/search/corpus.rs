//! The text each case is searched by, held once and shared (behind an `Arc`) by the
//! screen, which highlights matches, and the workers, which rank them.

use std::fmt;

use crate::domain::CaseId;
use crate::store::CaseSearchText;

/// One case's searchable text: `reference title details`, single spaces between.
#[derive(Clone, PartialEq, Eq)]
pub struct CorpusItem {
    pub case_id: CaseId,
    pub text: Box<str>,
    /// Characters in the reference (it starts the text).
    pub reference_chars: u32,
    /// Character at which the title starts.
    pub title_start: u32,
    /// Characters in the title.
    pub title_chars: u32,
}

/// Every case's searchable text, in reference order (so equal scores rank by reference
/// when ranked by position).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SearchCorpus {
    pub items: Vec<CorpusItem>,
}

impl fmt::Debug for SearchCorpus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SearchCorpus({} cases)", self.items.len())
    }
}

impl SearchCorpus {
    pub fn new(mut texts: Vec<CaseSearchText>) -> SearchCorpus {
        texts.sort_by(|a, b| a.reference.cmp(&b.reference));
        let items = texts.into_iter().map(CorpusItem::new).collect();
        SearchCorpus { items }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

fn chars(text: &str) -> u32 {
    u32::try_from(text.chars().count()).unwrap_or(u32::MAX)
}

impl CorpusItem {
    fn new(parts: CaseSearchText) -> CorpusItem {
        let reference_chars = chars(&parts.reference);
        let title_chars = chars(&parts.title);
        let mut text = String::with_capacity(
            parts.reference.len() + parts.title.len() + parts.details.len() + 2,
        );
        text.push_str(&parts.reference);
        text.push(' ');
        text.push_str(&parts.title);
        if !parts.details.is_empty() {
            text.push(' ');
            text.push_str(&parts.details);
        }
        CorpusItem {
            case_id: parts.case_id,
            text: text.into_boxed_str(),
            reference_chars,
            title_start: reference_chars.saturating_add(1),
            title_chars,
        }
    }
}
