//! Modal write forms: new case, edit case, change status, add entry, link / unlink
//! an asset, attach evidence, close case. One file per form; `field` holds the
//! shared inputs, `keys` the shared key handling, `save` the write a submitted form
//! becomes, and `flow` what the write actions change of the form itself.
//!
//! A form keeps everything typed until it is saved or explicitly discarded: a
//! validation error or a failed store write only adds messages to it.

mod asset;
mod case;
mod close;
mod entry;
mod evidence;
pub mod field;
mod flow;
mod keys;
mod save;
mod status;
mod text_input;

pub use flow::{Start, open};
pub use keys::{FormCommand, FormKey, Outcome as KeyOutcome};
pub use save::{Proof, Reloaded, SaveAnswer, Saved, Submission, Write, save};

use crate::domain::{Case, CaseId};
use crate::input::FieldError;
use crate::rules::Gap;
use field::{Field, Widget};

/// Each write a key can start; also names it in the read-only refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WriteKind {
    NewCase,
    EditCase,
    ChangeStatus,
    AddEntry,
    LinkAsset,
    UnlinkAsset,
    AttachEvidence,
    CloseCase,
}

impl WriteKind {
    /// What the write does, as the status line names it.
    pub fn what(self) -> &'static str {
        match self {
            WriteKind::NewCase => "creating a case",
            WriteKind::EditCase => "editing a case",
            WriteKind::ChangeStatus => "changing a status",
            WriteKind::AddEntry => "adding a timeline entry",
            WriteKind::LinkAsset => "linking an asset",
            WriteKind::UnlinkAsset => "unlinking an asset",
            WriteKind::AttachEvidence => "attaching evidence",
            WriteKind::CloseCase => "closing a case",
        }
    }

    pub const ALL: [WriteKind; 8] = [
        WriteKind::NewCase,
        WriteKind::EditCase,
        WriteKind::ChangeStatus,
        WriteKind::AddEntry,
        WriteKind::LinkAsset,
        WriteKind::UnlinkAsset,
        WriteKind::AttachEvidence,
        WriteKind::CloseCase,
    ];
}

/// Which form it is, with what it writes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    NewCase,
    EditCase(Box<Case>),
    Status(CaseId),
    Entry(CaseId),
    LinkAsset(CaseId),
    UnlinkAsset(CaseId),
    Evidence(CaseId),
    Close(CaseId),
}

/// Where the form is in its life.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Editing,
    /// Submitted; the store's answer has not come back.
    Saving,
    /// Esc with typed text: discard it?
    ConfirmDiscard,
    /// Closing with these error-level gaps still open: close anyway?
    ConfirmClose(Vec<Gap>),
    /// Saved; what the store recorded (e.g. an evidence hash) is shown until dismissed.
    Saved(Vec<(String, String)>),
}

/// An open form.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub(crate) purpose: Purpose,
    pub(crate) title: String,
    pub(crate) fields: Vec<Field>,
    /// Index into `fields` of the focused (shown) field.
    pub(crate) focus: usize,
    /// The last validation errors, by field key.
    pub(crate) errors: Vec<FieldError>,
    /// The store's message when the last save failed.
    pub(crate) failure: Option<String>,
    pub(crate) step: Step,
    /// The values the form opened with, to tell whether anything was typed.
    initial: Vec<String>,
}

impl Form {
    pub(crate) fn new(purpose: Purpose, title: String, fields: Vec<Field>) -> Form {
        let mut form = Form {
            purpose,
            title,
            fields,
            focus: 0,
            errors: Vec::new(),
            failure: None,
            step: Step::Editing,
            initial: Vec::new(),
        };
        form.refresh();
        form.initial = form.fields.iter().map(Field::value).collect();
        form.focus = form.fields.iter().position(|f| f.shown).unwrap_or(0);
        form
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn purpose(&self) -> &Purpose {
        &self.purpose
    }

    pub fn step(&self) -> &Step {
        &self.step
    }

    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The current value of a field (text, chosen value or picked id).
    pub fn value(&self, key: &str) -> Option<String> {
        self.field(key).map(Field::value)
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub(crate) fn field_mut(&mut self, key: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    /// Key of the focused field.
    pub fn focused(&self) -> &'static str {
        self.fields.get(self.focus).map_or("", |f| f.key)
    }

    /// The validation message of a field, if the last save refused it.
    pub fn error(&self, key: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == key)
            .map(|e| e.message.as_str())
    }

    /// Validation errors about fields this form does not show.
    pub fn other_errors(&self) -> Vec<&FieldError> {
        self.errors
            .iter()
            .filter(|e| !self.fields.iter().any(|f| f.shown && f.key == e.field))
            .collect()
    }

    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }

    /// Something was typed or chosen since the form opened.
    pub fn is_dirty(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(field, initial)| field.value() != *initial)
    }

    /// Show and hide the fields that depend on other fields (an entry's kind).
    pub(crate) fn refresh(&mut self) {
        match self.purpose {
            Purpose::Entry(_) => entry::refresh(self),
            Purpose::LinkAsset(_) => asset::refresh(self),
            Purpose::Evidence(_) => evidence::refresh(self),
            _ => {}
        }
        if !self.fields.get(self.focus).is_some_and(|f| f.shown) {
            self.focus = self.fields.iter().position(|f| f.shown).unwrap_or(0);
        }
    }

    /// Show a field or hide it.
    pub(crate) fn show(&mut self, key: &str, shown: bool) {
        if let Some(field) = self.field_mut(key) {
            field.shown = shown;
        }
    }

    /// Move focus to the next (or previous) shown field, wrapping around.
    pub(crate) fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        for k in 1..=n {
            let i = if forward {
                (self.focus + k) % n
            } else {
                (self.focus + n - k) % n
            };
            if self.fields[i].shown {
                self.focus = i;
                return;
            }
        }
    }

    /// Focus the first shown field that has a validation error.
    pub(crate) fn focus_first_error(&mut self) {
        if let Some(i) = self
            .fields
            .iter()
            .position(|f| f.shown && self.errors.iter().any(|e| e.field == f.key))
        {
            self.focus = i;
        }
    }

    pub(crate) fn focused_widget(&mut self) -> Option<&mut Widget> {
        self.fields.get_mut(self.focus).map(|f| &mut f.widget)
    }

    /// The key-hint line of the form for its current step.
    pub fn hint(&self) -> &'static str {
        match &self.step {
            Step::ConfirmDiscard => "discard what was typed?  y discard · n/Esc keep editing",
            Step::ConfirmClose(_) => "close with these gaps open?  y close anyway · n/Esc back",
            Step::Saved(_) => "saved  Enter/Esc close",
            Step::Saving => "saving…",
            Step::Editing => {
                if self.fields.get(self.focus).is_some_and(Field::is_multiline) {
                    "Tab/S-Tab field · Enter newline · Ctrl-s save · Esc cancel"
                } else {
                    "Tab/S-Tab field · ←→ choose · Enter/Ctrl-s save · Esc cancel"
                }
            }
        }
    }
}

/// What writes from the screen need to know, set by the run loop.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteSettings {
    /// The store was opened read-only: every write key is refused in the status line.
    pub read_only: bool,
    /// Rules the gaps are re-evaluated with after a write.
    pub rules: crate::rules::RuleConfig,
    /// Largest evidence accepted, in bytes (`[evidence] max_file_bytes`).
    pub evidence_max_bytes: u64,
    /// Year of proposed case references; `None`: the year of the newest case.
    pub year: Option<i32>,
}

impl Default for WriteSettings {
    fn default() -> WriteSettings {
        WriteSettings {
            read_only: false,
            rules: crate::rules::RuleConfig::default(),
            evidence_max_bytes: crate::config::Config::default().evidence_max_bytes,
            year: None,
        }
    }
}

impl Form {
    /// Index into `fields()` of the focused field.
    pub fn focus_index(&self) -> usize {
        self.focus
    }
}
