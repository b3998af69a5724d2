//! How the write actions change the screen: opening a form (or refusing,
//! read-only), keys and pastes into it, submitting it as an effect, and applying
//! the store's answer to the list, the search and the record. Also the history
//! overlay. The form's own part is `tui::form`'s.

use crate::domain::CaseId;
use crate::rules::{self, Gap, GapSeverity};
use crate::tui::action::{Action, Pane};
use crate::tui::app::{App, Overlay};
use crate::tui::effects::Effect;
use crate::tui::form::{self, KeyOutcome, Purpose, Reloaded, Saved, Start, Submission, WriteKind};
use crate::tui::history::{self, HistoryView};
use crate::tui::list_upsert::row_upserted;
use crate::tui::search::{case_written, has_terms};

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::StartWrite(kind) => return start(app, kind),
        Action::ShowHistory => return show_history(app),
        Action::FormKey(key) => {
            let Some(form) = app.form.as_mut() else {
                return Vec::new();
            };
            return match form.key(key) {
                KeyOutcome::Nothing => Vec::new(),
                KeyOutcome::Close => {
                    app.form = None;
                    Vec::new()
                }
                KeyOutcome::Submit => submit(app, false),
                KeyOutcome::SubmitConfirmed => submit(app, true),
            };
        }
        Action::Paste(text) => {
            if let Some(form) = app.form.as_mut() {
                form.paste(&text);
            }
        }
        Action::AssetsLoaded(assets) => {
            if let Some(form) = app.form.as_mut() {
                form.offer_assets(&assets, app.record.as_ref());
            }
        }
        Action::HistoryLoaded(case, entries) if app.selected_case().map(|c| c.id) == Some(case) => {
            let reference = app
                .selected_case()
                .map(|c| c.reference.clone())
                .unwrap_or_default();
            let width = app.overlay_width();
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
                form.rejected(errors);
            }
        }
        Action::FormFailed(message) => {
            if let Some(form) = app.form.as_mut() {
                form.failed(message);
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
    let start = Start {
        record: app.record.as_ref(),
        cases: &app.cases,
        year: app.writes.year,
        zone: app.settings.zone,
    };
    match form::open(kind, start) {
        Ok(opened) => {
            app.status = None;
            app.form = Some(Box::new(opened.form));
            if opened.needs_assets {
                vec![Effect::LoadAssets]
            } else {
                Vec::new()
            }
        }
        Err(message) => {
            app.status = Some(message);
            Vec::new()
        }
    }
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
    let open_gaps = match app.form.as_deref().map(|f| f.purpose()) {
        Some(Purpose::Close(case)) => error_gaps(app, *case),
        _ => Vec::new(),
    };
    let (zone, writes) = (app.settings.zone, &app.writes);
    let submission = |write| Submission {
        zone,
        evidence_max_bytes: writes.evidence_max_bytes,
        rules: writes.rules.clone(),
        write,
    };
    let Some(form) = app.form.as_deref_mut() else {
        return Vec::new();
    };
    form.submit(confirmed, open_gaps, submission)
        .map(|submission| Effect::Save(Box::new(submission)))
        .into_iter()
        .collect()
}

fn apply_saved(app: &mut App, saved: Saved) -> Vec<Effect> {
    super::refresh::written(app);
    let mut status = saved.message;
    let mut effects = Vec::new();
    match saved.reload {
        Ok(reloaded) => {
            effects = apply_reload(app, saved.case, reloaded);
            // Hidden by the filter, or not among the search results (unless the
            // query is being ranked again with the case's new text).
            if app.row_of(saved.case).is_none() && !app.search.pending() {
                status.push_str(if !has_terms(&app.search.query) {
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
        form.saved(saved.receipt);
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
    if !app.cases.is_titled() {
        // The list keeps no titles: the written one is shown from here until the
        // corpus (brought up to date below) or a read of the store gives it.
        app.titles.put(case, &summary.title);
    }
    let moved = app.cases.upsert(summary);
    let codes_of = |id| app.gaps.codes(id);
    row_upserted(
        &mut app.list,
        &mut app.search,
        &app.cases,
        codes_of,
        case,
        moved,
    );
    let mut effects = app.reselect(Some(case), before);
    let ranking =
        case_written(&mut app.search, &app.cases, &record).then(|| Effect::ranking(&app.search));
    if app.selected_case().map(|c| c.id) != Some(case) {
        effects.extend(ranking);
        return effects;
    }
    // The written case is selected: its record is here already.
    let entries = record.entries.len();
    app.record_loaded(record);
    // Show the newest entry (usually the one just added) in the timeline.
    let rows = app.pane_rows(Pane::Timeline);
    if entries > 0 {
        app.timeline_cursor.last(rows);
    }
    ranking.into_iter().collect()
}
