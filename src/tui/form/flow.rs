//! How the write actions change the app: opening a form (or refusing, read-only),
//! keys and pastes into it, submitting it as an effect, and applying the store's
//! answer. Also the history overlay. Called from `update` with one line.

use super::super::action::Action;
use super::super::app::{App, Overlay};
use super::super::effects::Effect;
use super::super::history::{self, HistoryView};
use super::keys::{self, Outcome};
use super::save::{Reloaded, Saved, Submission};
use super::{Form, Purpose, Step, WriteKind, asset, case, close, entry, evidence, status};
use crate::domain::{CaseId, CaseStatus, EntryKind};
use crate::input::closing_note;
use crate::rules::{self, Gap, GapSeverity};

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
        Action::FormSaved(saved) => return apply_saved(app, *saved),
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

fn apply_saved(app: &mut App, saved: Saved) -> Vec<Effect> {
    let mut status = saved.message;
    let mut effects = Vec::new();
    match saved.reload {
        Ok(reloaded) => {
            effects = apply_reload(app, saved.case, reloaded);
            // Hidden by the filter, or not among the search results (unless the
            // query is being ranked again with the case's new text).
            if app.row_of(saved.case).is_none() && !app.search.pending() {
                status.push_str(if !crate::tui::search::has_terms(&app.search.query) {
                    "; hidden by the list's filter"
                } else {
                    "; not among the search results"
                });
            }
        }
        Err(error) => status = format!("{status}; {error}"),
    }
    if !effects.is_empty() {
        // The message stays while the case selected instead loads.
        app.keep_status_for = app.selected_case().map(|c| c.id);
    }
    app.status = Some(status);
    if saved.receipt.is_empty() {
        app.form = None;
    } else if let Some(form) = app.form.as_mut() {
        form.errors.clear();
        form.failure = None;
        form.step = Step::Saved(saved.receipt);
    }
    effects
}

/// Put what the store holds after a write in place of what the screen had: the
/// case's list row (inserted or replaced; the other rows are not read again), its
/// gaps and its record. The case is selected when the list shows it; when the
/// filter or search hides it, the first row is, as when a filter changes, and its
/// record is asked for.
fn apply_reload(app: &mut App, case: CaseId, reloaded: Reloaded) -> Vec<Effect> {
    let Reloaded {
        summary,
        record,
        gaps,
    } = reloaded;
    let before = app.selected_case().map(|c| c.id);
    // The gaps as loading the case finds them: with the screen's rule clock if set.
    let gaps = match &app.rule_clock {
        Some((now, rules)) => rules::evaluate(&record, *now, rules),
        None => gaps,
    };
    app.set_case_gaps(case, gaps);
    let moved = app.cases.upsert(summary);
    let effects = super::super::list_upsert::row_upserted(app, case, moved, before);
    crate::tui::search::case_written(&mut app.search, &app.cases, &record);
    if app.selected_case().map(|c| c.id) != Some(case) {
        return effects;
    }
    // The written case is selected: its record is here already.
    let entries = record.entries.len();
    super::super::update::update(app, Action::CaseLoaded(Box::new(record)));
    // Show the newest entry (usually the one just added) in the timeline.
    let rows = super::super::update::pane_rows(app, super::super::action::Pane::Timeline);
    if entries > 0 {
        app.timeline_cursor.last(rows);
    }
    Vec::new()
}
