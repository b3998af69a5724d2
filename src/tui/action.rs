//! Everything that can happen to the screen state, as verbs.

use crate::domain::{CaseRecord, EvidenceId};

/// One of the four panes of the main screen, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Cases,
    Timeline,
    Assets,
    Evidence,
}

impl Pane {
    /// Every pane in focus order (the order of the 1–4 keys).
    pub const ALL: [Pane; 4] = [Pane::Cases, Pane::Timeline, Pane::Assets, Pane::Evidence];

    /// Position in focus order, 0-based.
    pub fn index(self) -> usize {
        match self {
            Pane::Cases => 0,
            Pane::Timeline => 1,
            Pane::Assets => 2,
            Pane::Evidence => 3,
        }
    }

    /// The pane after this one, wrapping around.
    pub fn next(self) -> Pane {
        Pane::ALL[(self.index() + 1) % Pane::ALL.len()]
    }

    /// The pane before this one, wrapping around.
    pub fn prev(self) -> Pane {
        Pane::ALL[(self.index() + Pane::ALL.len() - 1) % Pane::ALL.len()]
    }
}

/// An input to [`crate::tui::update`]: a key mapped through the key map, a terminal
/// event, or the result of an [`crate::tui::Effect`] coming back from the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SelectNext,
    SelectPrev,
    First,
    Last,
    PageDown,
    PageUp,
    FocusNext,
    FocusPrev,
    FocusPane(Pane),
    /// Open the full record of the selected row.
    Open,
    /// Close the top overlay; does nothing on the main screen.
    Back,
    ShowHelp,
    Quit,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// A case record requested with `Effect::LoadCase` arrived.
    CaseLoaded(Box<CaseRecord>),
    /// The bytes of an evidence item requested with `Effect::LoadEvidenceBytes` arrived.
    EvidenceLoaded(EvidenceId, Vec<u8>),
    /// An effect failed; the message is shown to the user.
    LoadFailed(String),
    /// Fuzzy search (see `tui::search`).
    Search(super::search::SearchAction),
    /// The case list's filter and sort (see `tui::filter_picker`).
    List(super::filter_picker::ListAction),
}
