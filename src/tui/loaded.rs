//! The case list as read from the store (at startup, or again by a refresh), and
//! how far it is read.

use super::case_gaps::GapIndex;
use super::case_table::CaseTable;

/// The whole case list and the gaps found per case (cases without gaps absent).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedCases {
    pub cases: CaseTable,
    pub gaps: GapIndex,
}

/// While only the first rows of a large store are in the list: the store holds more
/// than this many cases (counting them all would cost a read of the whole
/// reference index before the first frame; the loaded list brings the number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListLoading {
    pub more_than: usize,
}

/// A refresh of the case list in flight (`Action::Refresh`): the list is being read
/// again on a background thread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refreshing {
    /// This screen wrote a case while the list was read: the list on its way may
    /// predate the write, so it is dropped and read again when it arrives.
    pub stale: bool,
}
