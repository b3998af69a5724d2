//! `update`: the only place the screen state changes. No I/O, no clock: what needs
//! the store is returned as effects.

use ratatui::layout::Rect;

use super::action::{Action, Pane};
use super::app::{App, EvidenceBody, Overlay, RecordTarget, RecordView};
use super::document::Document;
use super::effects::Effect;
use super::help_doc;
use super::layout::{inner_cols, inner_rows, main_layout, overlay_area};
use super::record_doc::{self, RecordSource};

/// Apply one action to the state; returns what the run loop must do next.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    if app.loading.is_some() && needs_whole_list(&action) {
        app.status = Some("case list still loading; try again".to_string());
        return Vec::new();
    }
    let action = match super::screen::route(app, action) {
        Ok(effects) => return effects,
        Err(action) => action,
    };
    match action {
        Action::Quit => app.quit = true,
        Action::Resize(w, h) => {
            app.size = (w, h);
            rebuild_overlays(app);
        }
        Action::CasesLoaded(loaded) => {
            let keep = app.selected_case().map(|c| c.id);
            let super::startup::LoadedCases { cases, gaps } = *loaded;
            app.replace_cases(cases, gaps);
            if app
                .status
                .as_deref()
                .is_some_and(|s| s.starts_with("still reading"))
            {
                app.status = None;
            }
            return super::case_list_state::refresh(app, keep);
        }
        Action::CaseLoaded(record) => {
            if app.selected_case().map(|c| c.id) == Some(record.case.id) {
                app.timeline_cursor = super::cursor::ListCursor::new(record.entries.len());
                app.assets_cursor = super::cursor::ListCursor::new(record.assets.len());
                app.evidence_cursor = super::cursor::ListCursor::new(record.evidence.len());
                app.trail = Some(crate::rules::trail(&*record));
                if app.keep_status_for.take() != Some(record.case.id) {
                    app.status = None;
                }
                app.record = Some(*record);
                app.reevaluate_loaded();
            }
        }
        Action::EvidenceLoaded(id, bytes) => {
            note_tampering(app, id, &bytes);
            if let Some(Overlay::Record(view)) = app.overlays.last_mut()
                && view.target == RecordTarget::Evidence(id)
                && view.body == EvidenceBody::Loading
            {
                view.body = EvidenceBody::Loaded(bytes);
                rebuild_overlays(app);
            }
        }
        Action::LoadFailed(message) => {
            if let Some(Overlay::Record(view)) = app.overlays.last_mut()
                && view.body == EvidenceBody::Loading
            {
                view.body = EvidenceBody::Failed(message.clone());
                rebuild_overlays(app);
            }
            app.status = Some(message);
        }
        Action::Back => {
            app.overlays.pop();
        }
        Action::ShowHelp => {
            if !matches!(app.overlays.last(), Some(Overlay::Help { .. })) {
                let document = help_doc::build(&app.settings.keymap, overlay_width(app));
                app.overlays.push(Overlay::Help {
                    document,
                    scroll: 0,
                });
            }
        }
        // Search results and filter changes apply whatever overlay is open.
        Action::Search(search) => return super::search::update(app, search),
        Action::List(list) => return super::filter_picker::update(app, list),
        Action::CasePicker(picker) => return super::case_picker::update(app, picker),
        action if !app.overlays.is_empty() => scroll_overlay(app, &action),
        Action::FocusNext => app.focus = app.focus.next(),
        Action::FocusPrev => app.focus = app.focus.prev(),
        Action::FocusPane(pane) => app.focus = pane,
        Action::Open => return open(app),
        Action::SelectNext => return move_selection(app, |c, h| c.move_by(1, h)),
        Action::SelectPrev => return move_selection(app, |c, h| c.move_by(-1, h)),
        Action::First => return move_selection(app, |c, h| c.first(h)),
        Action::Last => return move_selection(app, |c, h| c.last(h)),
        Action::PageDown => return move_selection(app, |c, h| c.move_by(page(h), h)),
        Action::PageUp => return move_selection(app, |c, h| c.move_by(-page(h), h)),
        Action::Screen(action) => return super::screen::update(app, action),
        action @ (Action::StartWrite(_)
        | Action::ShowHistory
        | Action::FormKey(_)
        | Action::Paste(_)
        | Action::AssetsLoaded(_)
        | Action::HistoryLoaded(..)
        | Action::FormSaved(_)
        | Action::FormRejected(_)
        | Action::FormFailed(_)) => return super::form::update(app, action),
    }
    Vec::new()
}

/// Actions that would act on the whole list (filters, sort, views over every case,
/// writes, which reload the list), refused while only its first rows are read.
fn needs_whole_list(action: &Action) -> bool {
    use super::filter_picker::ListAction;
    use super::screen::ScreenAction;
    matches!(
        action,
        Action::List(ListAction::OpenPicker | ListAction::Clear | ListAction::CycleSort)
            | Action::Screen(
                ScreenAction::ShowGaps
                    | ScreenAction::ShowAssetCases
                    | ScreenAction::CycleRuleFilter
                    | ScreenAction::ClearRuleFilter
            )
            | Action::StartWrite(_)
            | Action::CasePicker(super::case_picker::CasePickerAction::Open)
    )
}

fn page(height: usize) -> isize {
    isize::try_from(height.saturating_sub(1).max(1)).unwrap_or(1)
}

fn screen(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1)
}

/// Rows visible in a pane at the current size.
pub fn pane_rows(app: &App, pane: Pane) -> usize {
    let layout = main_layout(screen(app));
    let area = match pane {
        Pane::Cases => layout.cases,
        Pane::Timeline => layout.timeline,
        Pane::Assets => layout.assets,
        Pane::Evidence => layout.evidence,
    };
    let header = if pane == Pane::Cases {
        super::view::case_list_header_rows(app)
    } else {
        0
    };
    inner_rows(area).saturating_sub(header)
}

/// Columns of overlay content (inside the border and one column of padding each side).
pub fn overlay_width(app: &App) -> usize {
    inner_cols(overlay_area(screen(app))).saturating_sub(2)
}

/// Rows of overlay content.
pub fn overlay_rows(app: &App) -> usize {
    inner_rows(overlay_area(screen(app)))
}

fn move_selection(
    app: &mut App,
    step: impl FnOnce(&mut super::cursor::ListCursor, usize),
) -> Vec<Effect> {
    let pane = app.focus;
    let rows = pane_rows(app, pane);
    let before = app.cursor(pane).selected();
    step(app.cursor_mut(pane), rows);
    if pane != Pane::Cases || app.cursor(pane).selected() == before {
        return Vec::new();
    }
    app.record = None;
    app.trail = None;
    app.timeline_cursor = Default::default();
    app.assets_cursor = Default::default();
    app.evidence_cursor = Default::default();
    app.selected_case()
        .map(|c| Effect::LoadCase(c.id))
        .into_iter()
        .collect()
}

fn open(app: &mut App) -> Vec<Effect> {
    let Some(record) = &app.record else {
        return Vec::new();
    };
    let target = match app.focus {
        Pane::Cases => Some(RecordTarget::Case(record.case.id)),
        Pane::Timeline => app
            .timeline_cursor
            .selected()
            .and_then(|i| record.entries.get(i))
            .map(|e| RecordTarget::Entry(e.id)),
        Pane::Assets => app
            .assets_cursor
            .selected()
            .and_then(|i| record.assets.get(i))
            .map(|a| RecordTarget::Asset(a.asset.id)),
        Pane::Evidence => app
            .evidence_cursor
            .selected()
            .and_then(|i| record.evidence.get(i))
            .map(|e| RecordTarget::Evidence(e.id)),
    };
    let Some(target) = target else {
        return Vec::new();
    };
    let (body, effects) = match target {
        RecordTarget::Evidence(id) => (EvidenceBody::Loading, vec![Effect::LoadEvidenceBytes(id)]),
        _ => (EvidenceBody::NotNeeded, Vec::new()),
    };
    let document = record_document(app, target, &body);
    app.overlays.push(Overlay::Record(RecordView {
        target,
        body,
        document,
        scroll: 0,
    }));
    effects
}

fn record_document(app: &App, target: RecordTarget, body: &EvidenceBody) -> Document {
    let Some(record) = &app.record else {
        return Document::default();
    };
    let gaps = app.gaps_of(record.case.id);
    let source = RecordSource {
        record,
        gaps: &gaps,
        zone: app.settings.zone,
    };
    record_doc::build(&source, target, body, overlay_width(app))
}

/// Lay the overlays out again for the current width (after a resize or new bytes).
fn rebuild_overlays(app: &mut App) {
    let width = overlay_width(app);
    let rows = overlay_rows(app);
    let mut overlays = std::mem::take(&mut app.overlays);
    for overlay in &mut overlays {
        match overlay {
            Overlay::Record(view) => view.document = record_document(app, view.target, &view.body),
            Overlay::Help { document, .. } => {
                *document = help_doc::build(&app.settings.keymap, width)
            }
            Overlay::History(view) => {
                view.document = super::history::document(&view.entries, app.settings.zone, width)
            }
        }
        let (document, scroll) = overlay_scroll(overlay);
        *scroll = (*scroll).min(max_scroll(document, rows));
    }
    app.overlays = overlays;
}

fn overlay_scroll(overlay: &mut Overlay) -> (&Document, &mut usize) {
    match overlay {
        Overlay::Record(view) => (&view.document, &mut view.scroll),
        Overlay::Help { document, scroll } => (document, scroll),
        Overlay::History(view) => (&view.document, &mut view.scroll),
    }
}

fn max_scroll(document: &Document, rows: usize) -> usize {
    document.rows.len().saturating_sub(rows)
}

fn scroll_overlay(app: &mut App, action: &Action) {
    let rows = overlay_rows(app);
    let Some(overlay) = app.overlays.last_mut() else {
        return;
    };
    let (document, scroll) = overlay_scroll(overlay);
    let max = max_scroll(document, rows);
    let step = rows.saturating_sub(1).max(1);
    *scroll = match action {
        Action::SelectNext => (*scroll + 1).min(max),
        Action::SelectPrev => scroll.saturating_sub(1),
        Action::PageDown => (*scroll + step).min(max),
        Action::PageUp => scroll.saturating_sub(step),
        Action::First => 0,
        Action::Last => max,
        _ => *scroll,
    };
}

/// Evidence bytes that no longer match the SHA-256 recorded on ingest mark the
/// evidence as altered (NT013) in the loaded record and its gaps.
fn note_tampering(app: &mut App, id: crate::domain::EvidenceId, bytes: &[u8]) {
    let Some(record) = app.record.as_mut() else {
        return;
    };
    let Some(evidence) = record.evidence.iter().find(|e| e.id == id) else {
        return;
    };
    if crate::bundle::sha256_hex(bytes) == evidence.sha256 || record.tampered_evidence.contains(&id)
    {
        return;
    }
    record.tampered_evidence.push(id);
    app.reevaluate_loaded();
}
