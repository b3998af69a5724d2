//! What the write actions change of a form itself: opening the form of a write (or
//! why it cannot open), keys and pastes into it, turning it into a submission, and
//! the store's answer. How that changes the rest of the screen (the status line,
//! the list, the record) is `tui::update::form`'s.

use chrono::FixedOffset;

use super::keys::{self, Outcome};
use super::save::{Submission, Write};
use super::{Form, FormKey, Purpose, Step, WriteKind, asset, case, close, entry, evidence, status};
use crate::domain::{Asset, CaseRecord, CaseStatus, EntryKind};
use crate::input::{FieldError, closing_note};
use crate::rules::Gap;
use crate::tui::case_table::CaseTable;

/// A form that opened, and whether it needs every asset to offer (answered by
/// [`Form::offer_assets`]).
#[derive(Debug)]
pub struct Opened {
    pub form: Form,
    pub needs_assets: bool,
}

/// What a form's write starts from.
#[derive(Debug, Clone, Copy)]
pub struct Start<'a> {
    /// The selected case's record, when loaded.
    pub record: Option<&'a CaseRecord>,
    /// The case list (for a new case's proposed reference).
    pub cases: &'a CaseTable,
    /// Year of proposed case references; `None`: the year of the newest case.
    pub year: Option<i32>,
    /// Zone in which times are shown.
    pub zone: FixedOffset,
}

/// Open the form of `kind`; `Err` is the status line's message when it cannot open.
pub fn open(kind: WriteKind, start: Start<'_>) -> Result<Opened, String> {
    let mut needs_assets = false;
    let form = if kind == WriteKind::NewCase {
        case::new_form(start.cases, start.year)
    } else {
        let Some(record) = start.record else {
            return Err(format!("{}: select a case first", kind.what()));
        };
        let closed = record.case.status == CaseStatus::Closed;
        match kind {
            WriteKind::NewCase | WriteKind::EditCase => case::edit_form(&record.case),
            WriteKind::ChangeStatus => status::form(&record.case),
            WriteKind::AddEntry => entry::form(record, start.zone, EntryKind::Note),
            WriteKind::LinkAsset => {
                needs_assets = true;
                asset::link_form(record)
            }
            WriteKind::UnlinkAsset if record.assets.is_empty() => {
                return Err(format!("no asset is linked to {}", record.case.reference));
            }
            WriteKind::UnlinkAsset => asset::unlink_form(record),
            WriteKind::AttachEvidence => evidence::form(record, start.zone),
            WriteKind::CloseCase if closed => {
                return Err(format!("{} is already closed", record.case.reference));
            }
            WriteKind::CloseCase => close::form(&record.case),
        }
    };
    Ok(Opened { form, needs_assets })
}

impl Form {
    /// A key given to the form: one of its commands, or an edit of the focused field.
    pub fn key(&mut self, key: FormKey) -> Outcome {
        keys::handle(self, key)
    }

    /// Text pasted into the focused field.
    pub fn paste(&mut self, text: &str) {
        keys::paste(self, text);
        self.refresh();
    }

    /// Every asset arrived: a link-asset form offers them (less those of `record`).
    pub fn offer_assets(&mut self, assets: &[Asset], record: Option<&CaseRecord>) {
        if matches!(self.purpose, Purpose::LinkAsset(_)) {
            asset::offer(self, assets, record);
        }
    }

    /// The input was refused, field by field; what was typed stays.
    pub fn rejected(&mut self, errors: Vec<FieldError>) {
        self.errors = errors;
        self.failure = None;
        self.step = Step::Editing;
        self.focus_first_error();
    }

    /// The store refused the write; its message shows in the form.
    pub fn failed(&mut self, message: String) {
        self.errors.clear();
        self.failure = Some(message);
        self.step = Step::Editing;
    }

    /// The write went through; what the store recorded shows until dismissed.
    pub fn saved(&mut self, receipt: Vec<(String, String)>) {
        self.errors.clear();
        self.failure = None;
        self.step = Step::Saved(receipt);
    }

    /// Submit the form: the write it holds, made a submission by `submission`, once
    /// a closing is confirmed (`confirmed`, or no error-level `open_gaps`). `None`
    /// while the form asks first, or holds no write.
    pub fn submit(
        &mut self,
        confirmed: bool,
        open_gaps: Vec<Gap>,
        submission: impl FnOnce(Write) -> Submission,
    ) -> Option<Submission> {
        let write = match self.purpose {
            Purpose::NewCase | Purpose::EditCase(_) => case::write(self),
            Purpose::Status(_) => status::write(self),
            Purpose::Entry(_) => entry::write(self),
            Purpose::LinkAsset(_) | Purpose::UnlinkAsset(_) => asset::write(self),
            Purpose::Evidence(_) => evidence::write(self),
            Purpose::Close(_) => close::write(self),
        }?;
        let submission = submission(write);
        if let Purpose::Close(_) = self.purpose
            && !confirmed
        {
            if let Err(errors) = closing_note(&self.value("note").unwrap_or_default()) {
                self.errors = errors;
                self.focus_first_error();
                return None;
            }
            if !open_gaps.is_empty() {
                self.step = Step::ConfirmClose(open_gaps);
                return None;
            }
        }
        self.step = Step::Saving;
        Some(submission)
    }
}
