//! The full-screen views drawn instead of the main screen (gaps, asset), the actions
//! that open them, and the jump from a row back to a case on the main screen.
//!
//! `update` hands every action to [`route`] first: while a full-screen view is open
//! and no overlay is over it, moves, Enter, Esc and Tab act on the view.

use super::action::{Action, Pane};
use super::app::App;
use super::asset_view::{AssetCases, AssetView};
use super::cursor::ListCursor;
use super::effects::Effect;
use super::gaps_view::{GapGrouping, GapRow, GapsView, jump_target};
use super::rule_filter;
use super::update::pane_rows;
use crate::domain::{AssetId, CaseId, EntryId};
use crate::store::AssetCase;

/// A full-screen view.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Gaps(GapsView),
    Asset(AssetView),
}

/// Actions of the full-screen views and of the rule narrowing.
#[derive(Debug, Clone, PartialEq)]
pub enum ScreenAction {
    /// Open the gaps view (by rule); when it is open, switch its grouping.
    ShowGaps,
    /// Open the asset view for the asset selected in pane 3.
    ShowAssetCases,
    /// Narrow the case list to the next rule code present, then to none.
    CycleRuleFilter,
    /// Show every case again.
    ClearRuleFilter,
    /// The cases requested with `Effect::LoadAssetCases` arrived.
    AssetCasesLoaded(AssetId, Vec<AssetCase>),
}

/// What to select once a case the user jumped to has loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JumpTarget {
    /// This timeline entry (pane 2).
    Entry(EntryId),
    /// This linked asset (pane 3).
    Asset(AssetId),
    /// Only the case.
    Case,
}

/// The state of the full-screen views, kept apart from the main screen's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Views {
    pub screen: Option<Screen>,
    /// A jump waiting for its case to load.
    pub pending: Option<(CaseId, JumpTarget)>,
}

/// Rows of list content in a full-screen view: the screen less the border and the
/// hint line.
pub fn screen_rows(app: &App) -> usize {
    usize::from(app.size.1.saturating_sub(3))
}

/// Take the actions the full-screen views own; give back the others.
pub fn route(app: &mut App, action: Action) -> Result<Vec<Effect>, Action> {
    match action {
        Action::Screen(ScreenAction::AssetCasesLoaded(asset, cases)) => {
            cases_arrived(app, asset, cases);
            Ok(Vec::new())
        }
        Action::LoadFailed(message) => {
            if let Some(Screen::Asset(view)) = &mut app.views.screen
                && view.cases == AssetCases::Loading
            {
                view.cases = AssetCases::Failed(message.clone());
            }
            Err(Action::LoadFailed(message))
        }
        Action::CaseLoaded(record) if app.views.pending.is_some() => {
            let pending = app.views.pending.take();
            let id = record.case.id;
            let effects = super::update::update(app, Action::CaseLoaded(record));
            if let Some((case, target)) = pending.filter(|(case, _)| *case == id) {
                select_target(app, case, target);
            }
            Ok(effects)
        }
        action if app.views.screen.is_none() || !app.overlays.is_empty() => Err(action),
        Action::Back => {
            app.views.screen = None;
            Ok(Vec::new())
        }
        Action::Open => Ok(open(app)),
        Action::FocusNext | Action::FocusPrev => {
            toggle_grouping(app);
            Ok(Vec::new())
        }
        Action::SelectNext => Ok(move_in(app, |c, h| c.move_by(1, h))),
        Action::SelectPrev => Ok(move_in(app, |c, h| c.move_by(-1, h))),
        Action::First => Ok(move_in(app, |c, h| c.first(h))),
        Action::Last => Ok(move_in(app, |c, h| c.last(h))),
        Action::PageDown => Ok(move_in(app, |c, h| c.move_by(page(h), h))),
        Action::PageUp => Ok(move_in(app, |c, h| c.move_by(-page(h), h))),
        Action::FocusPane(_) => Ok(Vec::new()),
        other => Err(other),
    }
}

/// Apply one of the views' own actions.
pub fn update(app: &mut App, action: ScreenAction) -> Vec<Effect> {
    match action {
        ScreenAction::ShowGaps => {
            if matches!(app.views.screen, Some(Screen::Gaps(_))) {
                toggle_grouping(app);
            } else {
                app.views.screen = Some(Screen::Gaps(gaps_view(app, GapGrouping::ByRule)));
            }
            Vec::new()
        }
        ScreenAction::ShowAssetCases => show_asset_cases(app),
        ScreenAction::CycleRuleFilter => rule_filter::cycle(app),
        ScreenAction::ClearRuleFilter => rule_filter::narrow(app, None),
        ScreenAction::AssetCasesLoaded(asset, cases) => {
            cases_arrived(app, asset, cases);
            Vec::new()
        }
    }
}

fn cases_arrived(app: &mut App, asset: AssetId, cases: Vec<AssetCase>) {
    if let Some(Screen::Asset(view)) = &mut app.views.screen
        && view.asset.id == asset
    {
        view.loaded(cases);
    }
}

fn gaps_view(app: &App, grouping: GapGrouping) -> GapsView {
    GapsView::new(grouping, app.cases.ids(), |id| app.gaps_of(id))
}

fn toggle_grouping(app: &mut App) {
    let height = screen_rows(app);
    let Some(Screen::Gaps(view)) = &app.views.screen else {
        return;
    };
    let keep = view.cursor.selected().and_then(|i| view.gap_at(i));
    let mut next = gaps_view(app, view.grouping.other());
    if let Some((case, index)) = keep {
        next.select_gap(case, index, height);
    }
    app.views.screen = Some(Screen::Gaps(next));
}

fn page(height: usize) -> isize {
    isize::try_from(height.saturating_sub(1).max(1)).unwrap_or(1)
}

fn move_in(app: &mut App, step: impl FnOnce(&mut ListCursor, usize)) -> Vec<Effect> {
    let height = screen_rows(app);
    match &mut app.views.screen {
        Some(Screen::Gaps(view)) => step(&mut view.cursor, height),
        Some(Screen::Asset(view)) => step(&mut view.cursor, height),
        None => {}
    }
    Vec::new()
}

fn show_asset_cases(app: &mut App) -> Vec<Effect> {
    let asset = app.record.as_ref().and_then(|record| {
        app.assets_cursor
            .selected()
            .and_then(|i| record.assets.get(i))
            .map(|linked| linked.asset.clone())
    });
    let Some(asset) = asset else {
        return Vec::new();
    };
    let id = asset.id;
    app.views.screen = Some(Screen::Asset(AssetView::loading(asset)));
    vec![Effect::LoadAssetCases(id)]
}

fn open(app: &mut App) -> Vec<Effect> {
    let target = match &app.views.screen {
        Some(Screen::Gaps(view)) => view.cursor.selected().and_then(|i| match view.rows.get(i) {
            Some(GapRow::Case { case, .. }) => Some((*case, JumpTarget::Case)),
            _ => view.gap_at(i).map(|(case, index)| {
                let entry = jump_target(&app.gaps_of(case), index);
                (case, entry.map_or(JumpTarget::Case, JumpTarget::Entry))
            }),
        }),
        Some(Screen::Asset(view)) => view
            .selected()
            .map(|row| (row.case_id, JumpTarget::Asset(view.asset.id))),
        None => None,
    };
    match target {
        Some((case, target)) => jump(app, case, target),
        None => Vec::new(),
    }
}

/// Leave the full-screen view for `case` on the main screen, selecting `target` in
/// it once loaded. A narrowing that hides the case is cleared.
pub fn jump(app: &mut App, case: CaseId, target: JumpTarget) -> Vec<Effect> {
    app.views.screen = None;
    let row = |app: &App| app.row_of(case);
    if row(app).is_none() {
        // The search or a filter hides the case: show every case again.
        let _ = super::filter_picker::update(app, super::filter_picker::ListAction::Clear);
    }
    let Some(index) = row(app) else {
        return Vec::new();
    };
    app.focus = match target {
        JumpTarget::Asset(_) => Pane::Assets,
        JumpTarget::Entry(_) | JumpTarget::Case => Pane::Timeline,
    };
    let load = select_case(app, index);
    if load.is_empty() {
        select_target(app, case, target);
    } else {
        app.views.pending = Some((case, target));
    }
    load
}

/// Select row `index` of the case list; when that changes the case, drop the loaded
/// record and ask for the new one.
pub fn select_case(app: &mut App, index: usize) -> Vec<Effect> {
    let loaded = app.record.as_ref().map(|r| r.case.id);
    let height = pane_rows(app, Pane::Cases);
    app.case_cursor = ListCursor::new(app.shown_len());
    app.case_cursor.first(height);
    app.case_cursor
        .move_by(isize::try_from(index).unwrap_or(0), height);
    let after = app.selected_case().map(|c| c.id);
    if after.is_some() && after == loaded {
        return Vec::new();
    }
    app.record = None;
    app.trail = None;
    app.timeline_cursor = ListCursor::default();
    app.assets_cursor = ListCursor::default();
    app.evidence_cursor = ListCursor::default();
    after.map(Effect::LoadCase).into_iter().collect()
}

fn select_target(app: &mut App, case: CaseId, target: JumpTarget) {
    let Some(record) = app.record.as_ref().filter(|r| r.case.id == case) else {
        return;
    };
    let (pane, position) = match target {
        JumpTarget::Entry(id) => (
            Pane::Timeline,
            record.entries.iter().position(|e| e.id == id),
        ),
        JumpTarget::Asset(id) => (
            Pane::Assets,
            record.assets.iter().position(|a| a.asset.id == id),
        ),
        JumpTarget::Case => return,
    };
    let Some(position) = position else {
        return;
    };
    let height = pane_rows(app, pane);
    let cursor = app.cursor_mut(pane);
    cursor.first(height);
    cursor.move_by(isize::try_from(position).unwrap_or(0), height);
}
