//! Everything that can happen to the screen state, as verbs.

use super::screen::ScreenAction;
use crate::domain::{Asset, CaseId, CaseRecord, EvidenceId};
use crate::input::FieldError;
use crate::store::AuditEntry;

use super::form::{FormKey, Saved, WriteKind};
use super::layout::Measures;

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

impl Action {
    /// The terminal now has `width` columns and `height` rows: its layout measured
    /// here, at the edge, so `update` gets the numbers as data.
    pub fn resize(width: u16, height: u16) -> Action {
        Action::Resize(Measures::of(width, height))
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
    /// The terminal has a new size, its layout measured (see [`Action::resize`]).
    Resize(Measures),
    /// The first frame is on the terminal: what was left for after it (the rest of
    /// a large list, the search corpus) may be read now.
    FirstFrame,
    /// The whole case list of a large store, read after the first frame
    /// (see `tui::startup`).
    CasesLoaded(Box<super::loaded::LoadedCases>),
    /// Read the store again: the case list, the open case and the search corpus, so
    /// other analysts' writes show (`Effect::RefreshList`).
    Refresh,
    /// The case list read again for `Refresh` arrived.
    CasesRefreshed(Box<super::loaded::LoadedCases>),
    /// The case list could not be read again; the message is shown to the user.
    RefreshFailed(String),
    /// The titles asked for with `Effect::LoadTitles` arrived (those the store holds).
    TitlesLoaded(Vec<(CaseId, String)>),
    /// A case record requested with `Effect::LoadCase` arrived.
    CaseLoaded(Box<CaseRecord>),
    /// The bytes of an evidence item requested with `Effect::LoadEvidenceBytes` arrived.
    EvidenceLoaded(EvidenceId, Vec<u8>),
    /// An effect failed; the message is shown to the user.
    LoadFailed(String),
    /// Gaps view, asset view and rule narrowing (see `screen`).
    Screen(ScreenAction),
    /// Open the form of a write (refused in the status line when read-only).
    StartWrite(WriteKind),
    /// Show the secrets of the open evidence item unmasked (audited).
    RevealSecrets,
    /// The reveal of this evidence item was recorded in the audit log
    /// (`Effect::RecordReveal`).
    SecretsRevealed(EvidenceId),
    /// Show the selected case's audit history.
    ShowHistory,
    /// A key given to the open form: one of its commands (`[form]` in the key
    /// map) or a key that edits the focused field.
    FormKey(FormKey),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// Every asset, for the link-asset picker (`Effect::LoadAssets`).
    AssetsLoaded(Vec<Asset>),
    /// A case's audit rows (`Effect::LoadHistory`).
    HistoryLoaded(CaseId, Vec<AuditEntry>),
    /// A form's write went through (`Effect::Save`).
    FormSaved(Box<Saved>),
    /// A form's input was refused, field by field; what was typed stays.
    FormRejected(Vec<FieldError>),
    /// The store refused a form's write; the message shows in the form.
    FormFailed(String),
    /// Fuzzy search (see `tui::search`).
    Search(super::search::SearchAction),
    /// The "go to case" picker (see `tui::case_picker`).
    CasePicker(super::case_picker::CasePickerAction),
    /// The case list's filter and sort (see `tui::filter_picker`).
    List(super::filter_picker::ListAction),
    /// The "Import events" form (see `tui::import_form`).
    Import(super::import_form::ImportAction),
}
