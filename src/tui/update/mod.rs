//! `update`: the only place the screen state changes. No I/O, no clock: what needs
//! the store is returned as effects. Each child (search, picker, list, views,
//! forms) changes its own state and says what follows; the modules here apply
//! that to the rest of the screen.

mod case_picker;
mod form;
mod import;
mod list;
mod refresh;
mod screen;
mod search;

use super::action::{Action, Pane};
use super::app::{App, EvidenceBody, Overlay, RecordTarget, RecordView};
use super::cursor::Step;
use super::document::Document;
use super::effects::Effect;
use super::help_doc;
use super::record_doc::{self, RecordSource};
use super::screen::ScreenAction;

/// Apply one action to the state; returns what the run loop must do next. Last, a
/// list that keeps no titles asks for those of the rows it is about to draw.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut effects = apply(app, action);
    effects.extend(app.titles_wanted());
    effects
}

/// What an action over every case says while only the first rows are read.
pub(super) const LIST_STILL_LOADING: &str = "case list still loading; try again";

fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    if app.loading.is_some() && needs_whole_list(&action) {
        app.status = Some(LIST_STILL_LOADING.to_string());
        return Vec::new();
    }
    if app.views.screen.is_some() && app.overlays.is_empty() {
        // A full-screen view takes the moves, Enter, Esc and Tab.
        if let Some(view) = view_action(&action) {
            return screen::update(app, view);
        }
        if matches!(action, Action::FocusPane(_)) {
            return Vec::new();
        }
    }
    match action {
        Action::Quit => app.quit = true,
        Action::FirstFrame => {
            return vec![if app.loading.is_some() {
                Effect::LoadRestOfList
            } else {
                Effect::LoadCorpus
            }];
        }
        Action::Resize(measures) => {
            app.measures = measures;
            rebuild_overlays(app);
        }
        Action::CasesLoaded(loaded) => {
            let keep = app.selected_case().map(|c| c.id);
            let super::loaded::LoadedCases { cases, gaps } = *loaded;
            app.replace_cases(cases, gaps);
            // The refusal of an action over every case no longer holds.
            if app.status.as_deref() == Some(LIST_STILL_LOADING) {
                app.status = None;
            }
            return app.refresh_list(keep);
        }
        Action::TitlesLoaded(titles) => app.titles_loaded(titles),
        Action::CaseLoaded(record) => {
            let pending = app.views.pending.take();
            let id = record.case.id;
            if app.record.as_ref().is_some_and(|r| r.case.id == id) {
                // Read again by a refresh: the panes keep their rows, and an open
                // record shows what the store holds now.
                app.record_reread(*record);
                rebuild_overlays(app);
            } else {
                app.record_loaded(*record);
            }
            screen::jump_landed(app, pending, id);
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
        Action::RevealSecrets => return reveal(app),
        Action::SecretsRevealed(id) => {
            if let Some(Overlay::Record(view)) = app.overlays.last_mut()
                && view.target == RecordTarget::Evidence(id)
                && let EvidenceBody::Loaded(bytes) = &view.body
            {
                view.body = EvidenceBody::Revealed(bytes.clone());
                rebuild_overlays(app);
                app.status = Some(format!(
                    "evidence #{id} shown unmasked; recorded in the audit log"
                ));
            }
        }
        Action::LoadFailed(message) => {
            app.views.load_failed(&message);
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
                let document = help_doc::build(&app.settings.keymap, app.overlay_width());
                app.overlays.push(Overlay::Help {
                    document,
                    scroll: 0,
                });
            }
        }
        // A refresh, search results and filter changes apply whatever overlay is open.
        action @ (Action::Refresh | Action::CasesRefreshed(_) | Action::RefreshFailed(_)) => {
            return refresh::update(app, action);
        }
        Action::Search(action) => return search::update(app, action),
        Action::List(action) => return list::update(app, action),
        Action::CasePicker(action) => return case_picker::update(app, action),
        Action::Import(import) => return import::update(app, import),
        action if !app.overlays.is_empty() => scroll_overlay(app, &action),
        Action::FocusNext => app.focus = app.focus.next(),
        Action::FocusPrev => app.focus = app.focus.prev(),
        Action::FocusPane(pane) => app.focus = pane,
        Action::Open => return open(app),
        Action::SelectNext => return move_selection(app, Step::Next),
        Action::SelectPrev => return move_selection(app, Step::Prev),
        Action::First => return move_selection(app, Step::First),
        Action::Last => return move_selection(app, Step::Last),
        Action::PageDown => return move_selection(app, Step::PageDown),
        Action::PageUp => return move_selection(app, Step::PageUp),
        Action::Screen(action) => return screen::update(app, action),
        action @ (Action::StartWrite(_)
        | Action::ShowHistory
        | Action::FormKey(_)
        | Action::Paste(_)
        | Action::AssetsLoaded(_)
        | Action::HistoryLoaded(..)
        | Action::FormSaved(_)
        | Action::FormRejected(_)
        | Action::FormFailed(_)) => return form::update(app, action),
    }
    Vec::new()
}

/// Actions that would act on the whole list (filters, sort, views over every case,
/// writes, which reload the list, a refresh, which reads it again), refused while
/// only its first rows are read.
fn needs_whole_list(action: &Action) -> bool {
    use super::filter_picker::ListAction;
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
            | Action::Refresh
    )
}

/// The view's own action for a key's action while a full-screen view is open.
fn view_action(action: &Action) -> Option<ScreenAction> {
    Some(match action {
        Action::Back => ScreenAction::CloseView,
        Action::Open => ScreenAction::OpenRow,
        Action::FocusNext | Action::FocusPrev => ScreenAction::ToggleGrouping,
        Action::SelectNext => ScreenAction::MoveRow(Step::Next),
        Action::SelectPrev => ScreenAction::MoveRow(Step::Prev),
        Action::First => ScreenAction::MoveRow(Step::First),
        Action::Last => ScreenAction::MoveRow(Step::Last),
        Action::PageDown => ScreenAction::MoveRow(Step::PageDown),
        Action::PageUp => ScreenAction::MoveRow(Step::PageUp),
        _ => return None,
    })
}

fn move_selection(app: &mut App, step: Step) -> Vec<Effect> {
    let pane = app.focus;
    let rows = app.pane_rows(pane);
    let before = app.cursor(pane).selected();
    step.apply(app.cursor_mut(pane), rows);
    if pane != Pane::Cases || app.cursor(pane).selected() == before {
        return Vec::new();
    }
    app.drop_record();
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
    record_doc::build(&source, target, body, app.overlay_width())
}

/// Lay the overlays out again for the current width (after a resize or new bytes).
/// In an evidence record whose bytes are shown masked: ask the store to audit the
/// reveal; the bytes are shown unmasked only once the row is written.
fn reveal(app: &mut App) -> Vec<Effect> {
    match app.overlays.last() {
        Some(Overlay::Record(view)) => match (view.target, &view.body) {
            (RecordTarget::Evidence(id), EvidenceBody::Loaded(_)) => vec![Effect::RecordReveal(id)],
            (RecordTarget::Evidence(_), EvidenceBody::Revealed(_)) => Vec::new(),
            _ => {
                app.status =
                    Some("reveal works in an evidence record (open one with Enter)".into());
                Vec::new()
            }
        },
        _ => {
            app.status = Some("reveal works in an evidence record (open one with Enter)".into());
            Vec::new()
        }
    }
}

fn rebuild_overlays(app: &mut App) {
    let width = app.overlay_width();
    let rows = app.overlay_rows();
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
    let rows = app.overlay_rows();
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
