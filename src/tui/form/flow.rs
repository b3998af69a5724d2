//! How the write actions change the app: opening a form (or refusing, read-only),
//! keys and pastes into it, submitting it as an effect, and applying the store's
//! answer. Also the history overlay. Called from `update` with one line.

use super::super::action::Action;
use super::super::app::{App, Overlay};
use super::super::case_gaps::CaseGaps;
use super::super::cursor::ListCursor;
use super::super::effects::Effect;
use super::super::history::{self, HistoryView};
use super::keys::{self, Outcome};
use super::save::{Reloaded, Saved, Submission};
use super::{Form, Purpose, Step, WriteKind, asset, case, close, entry, evidence, status};
use crate::domain::{CaseId, CaseStatus, EntryKind};
use crate::input::closing_note;
use crate::rules::{Gap, GapSeverity};

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::StartWrite(kind) => return start(app, kind),
        Action::ShowHistory => return show_history(app),
        Action::FormKey(key) => {
            let Some(form) = app.form.as_mut() else {
                return Vec::new();
            };
            return match keys::handle(form, key) {
                Outcome::Nothing => Vec::new(),
                Outcome::Close => {
                    app.form = None;
                    Vec::new()
                }
                Outcome::Submit => submit(app, false),
                Outcome::SubmitConfirmed => submit(app, true),
            };
        }
        Action::Paste(text) => {
            if let Some(form) = app.form.as_mut() {
                keys::paste(form, &text);
                form.refresh();
            }
        }
        Action::AssetsLoaded(assets) => {
            if let Some(form) = app.form.as_mut()
                && matches!(form.purpose, Purpose::LinkAsset(_))
            {
                asset::offer(form, &assets, app.record.as_ref());
            }
        }
        Action::HistoryLoaded(case, entries) if app.selected_case().map(|c| c.id) == Some(case) => {
            let reference = app
                .selected_case()
                .map(|c| c.reference.clone())
                .unwrap_or_default();
            let width = super::super::update::overlay_width(app);
            let document = history::document(&entries, app.settings.zone, width);
            app.overlays.push(Overlay::History(HistoryView {
                case,
                reference,
                entries,
                document,
                scroll: 0,
            }));
        }
        Action::FormSaved(saved) => apply_saved(app, *saved),
        Action::FormRejected(errors) => {
            if let Some(form) = app.form.as_mut() {
                form.errors = errors;
                form.failure = None;
                form.step = Step::Editing;
                form.focus_first_error();
            }
        }
        Action::FormFailed(message) => {
            if let Some(form) = app.form.as_mut() {
                form.errors.clear();
                form.failure = Some(message);
                form.step = Step::Editing;
            }
        }
        _ => {}
    }
    Vec::new()
}

fn start(app: &mut App, kind: WriteKind) -> Vec<Effect> {
    if app.writes.read_only {
        app.status = Some(format!("read-only: {} is disabled", kind.what()));
        return Vec::new();
    }
    let mut effects = Vec::new();
    let zone = app.settings.zone;
    let form = if kind == WriteKind::NewCase {
        case::new_form(&app.cases, app.writes.year)
    } else {
        let Some(record) = app.record.as_ref() else {
            app.status = Some(format!("{}: select a case first", kind.what()));
            return Vec::new();
        };
        let closed = record.case.status == CaseStatus::Closed;
        match kind {
            WriteKind::NewCase | WriteKind::EditCase => case::edit_form(&record.case),
            WriteKind::ChangeStatus => status::form(&record.case),
            WriteKind::AddEntry => entry::form(record, zone, EntryKind::Note),
            WriteKind::LinkAsset => {
                effects.push(Effect::LoadAssets);
                asset::link_form(record)
            }
            WriteKind::UnlinkAsset if record.assets.is_empty() => {
                app.status = Some(format!("no asset is linked to {}", record.case.reference));
                return Vec::new();
            }
            WriteKind::UnlinkAsset => asset::unlink_form(record),
            WriteKind::AttachEvidence => evidence::form(record, zone),
            WriteKind::CloseCase if closed => {
                app.status = Some(format!("{} is already closed", record.case.reference));
                return Vec::new();
            }
            WriteKind::CloseCase => close::form(&record.case),
        }
    };
    app.status = None;
    app.form = Some(Box::new(form));
    effects
}

fn show_history(app: &mut App) -> Vec<Effect> {
    match app.selected_case() {
        Some(case) => vec![Effect::LoadHistory(case.id)],
        None => {
            app.status = Some("history: select a case first".into());
            Vec::new()
        }
    }
}

fn error_gaps(app: &App, case: CaseId) -> Vec<Gap> {
    app.gaps_of(case)
        .iter()
        .filter(|g| g.severity == GapSeverity::Error)
        .cloned()
        .collect()
}

fn submit(app: &mut App, confirmed: bool) -> Vec<Effect> {
    let open_gaps = match app.form.as_deref().map(Form::purpose) {
        Some(Purpose::Close(case)) => error_gaps(app, *case),
        _ => Vec::new(),
    };
    let submission = |write| Submission {
        zone: app.settings.zone,
        evidence_max_bytes: app.writes.evidence_max_bytes,
        rules: app.writes.rules.clone(),
        write,
    };
    let Some(form) = app.form.as_deref() else {
        return Vec::new();
    };
    let write = match form.purpose {
        Purpose::NewCase | Purpose::EditCase(_) => case::write(form),
        Purpose::Status(_) => status::write(form),
        Purpose::Entry(_) => entry::write(form),
        Purpose::LinkAsset(_) | Purpose::UnlinkAsset(_) => asset::write(form),
        Purpose::Evidence(_) => evidence::write(form),
        Purpose::Close(_) => close::write(form),
    };
    let Some(write) = write else {
        return Vec::new();
    };
    let submission = submission(write);
    let Some(form) = app.form.as_deref_mut() else {
        return Vec::new();
    };
    if let Purpose::Close(_) = form.purpose
        && !confirmed
    {
        if let Err(errors) = closing_note(&form.value("note").unwrap_or_default()) {
            form.errors = errors;
            form.focus_first_error();
            return Vec::new();
        }
        if !open_gaps.is_empty() {
            form.step = Step::ConfirmClose(open_gaps);
            return Vec::new();
        }
    }
    form.step = Step::Saving;
    vec![Effect::Save(Box::new(submission))]
}

fn apply_saved(app: &mut App, saved: Saved) {
    let mut status = saved.message;
    match saved.reload {
        Ok(reloaded) => apply_reload(app, saved.case, reloaded),
        Err(error) => status = format!("{status}; {error}"),
    }
    app.status = Some(status);
    if saved.receipt.is_empty() {
        app.form = None;
    } else if let Some(form) = app.form.as_mut() {
        form.errors.clear();
        form.failure = None;
        form.step = Step::Saved(saved.receipt);
    }
}

/// Replace the case list, the case's gaps and its record with what the store holds
/// after a write, and select the case written to.
fn apply_reload(app: &mut App, case: CaseId, reloaded: Reloaded) {
    let Reloaded {
        cases,
        record,
        gaps,
    } = reloaded;
    if gaps.is_empty() {
        app.gaps.remove(&case);
    } else {
        app.gaps.insert(case, CaseGaps::found(gaps));
    }
    app.cases = cases.into_iter().collect();
    app.flagged = app
        .cases
        .ids()
        .iter()
        .filter(|id| app.gaps.contains_key(id))
        .count();
    let rows = super::super::update::pane_rows(app, super::super::action::Pane::Cases);
    let mut cursor = ListCursor::new(app.cases.len());
    if let Some(index) = app.cases.position(case) {
        cursor.move_by(isize::try_from(index).unwrap_or(0), rows);
    }
    app.case_cursor = cursor;
    let entries = record.entries.len();
    super::super::update::update(app, Action::CaseLoaded(Box::new(record)));
    // Show the newest entry (usually the one just added) in the timeline.
    let rows = super::super::update::pane_rows(app, super::super::action::Pane::Timeline);
    if entries > 0 {
        app.timeline_cursor.last(rows);
    }
}
