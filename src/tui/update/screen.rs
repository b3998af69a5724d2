//! The full-screen views' actions on the screen: the view changes its own state
//! (`tui::screen`); opening the asset view asks for its cases, and a row's jump
//! leaves the view for the case on the main screen; a refresh builds the open view
//! again.

use super::list;
use crate::domain::CaseId;
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::asset_view::AssetView;
use crate::tui::case_gaps::GapIndex;
use crate::tui::case_table::CaseTable;
use crate::tui::cursor::ListCursor;
use crate::tui::effects::Effect;
use crate::tui::gaps_view::{GapGrouping, GapsView};
use crate::tui::screen::{JumpTarget, Screen, ScreenAction};

/// Apply one of the views' own actions.
pub fn update(app: &mut App, action: ScreenAction) -> Vec<Effect> {
    let height = app.measures.screen_rows;
    match action {
        ScreenAction::ShowGaps => {
            let gaps_view = gaps_view(&app.cases, &app.gaps);
            app.views.show_gaps(height, gaps_view);
        }
        ScreenAction::ToggleGrouping => {
            let gaps_view = gaps_view(&app.cases, &app.gaps);
            app.views.toggle_grouping(height, gaps_view);
        }
        ScreenAction::ShowAssetCases => return show_asset_cases(app),
        ScreenAction::CycleRuleFilter => return list::cycle_rule(app),
        ScreenAction::ClearRuleFilter => return list::narrow_to_rule(app, None),
        ScreenAction::AssetCasesLoaded(asset, cases) => {
            app.views.cases_arrived(asset, cases, height)
        }
        ScreenAction::CloseView => app.views.screen = None,
        ScreenAction::OpenRow => return open(app),
        ScreenAction::MoveRow(step) => app.views.move_row(step, height),
    }
    Vec::new()
}

/// The gaps view over `cases` and their `gaps`, built in a grouping.
fn gaps_view<'a>(
    cases: &'a CaseTable,
    gaps: &'a GapIndex,
) -> impl Fn(GapGrouping) -> GapsView + 'a {
    move |grouping| GapsView::new(grouping, cases.ids(), |id| gaps.gaps(id))
}

/// The store was read again (a refresh): an open gaps view is built again from
/// the gaps now known, an open asset view reads its cases again; each keeps its
/// selection.
pub fn reread(app: &mut App) -> Vec<Effect> {
    match &app.views.screen {
        Some(Screen::Gaps(_)) => {
            let height = app.measures.screen_rows;
            let gaps_view = gaps_view(&app.cases, &app.gaps);
            app.views.gaps_changed(height, gaps_view);
            Vec::new()
        }
        Some(Screen::Asset(view)) => vec![Effect::LoadAssetCases(view.asset.id)],
        None => Vec::new(),
    }
}

/// A case's record was applied: a jump waiting for that case selects its target.
/// A jump waiting for another case is dropped (the selection moved on).
pub fn jump_landed(app: &mut App, pending: Option<(CaseId, JumpTarget)>, loaded: CaseId) {
    if let Some((case, target)) = pending.filter(|(case, _)| *case == loaded) {
        select_target(app, case, target);
    }
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
    match app.views.row_target(|id| app.gaps_of(id)) {
        Some((case, target)) => jump(app, case, target),
        None => Vec::new(),
    }
}

/// Leave the full-screen view for `case` on the main screen, selecting `target` in
/// it once loaded. A narrowing that hides the case is cleared.
pub fn jump(app: &mut App, case: CaseId, target: JumpTarget) -> Vec<Effect> {
    app.views.screen = None;
    if app.row_of(case).is_none() {
        // The search or a filter hides the case: show every case again.
        let _ = list::update(app, crate::tui::filter_picker::ListAction::Clear);
    }
    let Some(index) = app.row_of(case) else {
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
fn select_case(app: &mut App, index: usize) -> Vec<Effect> {
    let loaded = app.record.as_ref().map(|r| r.case.id);
    let height = app.pane_rows(Pane::Cases);
    app.case_cursor = ListCursor::new(app.shown_len());
    app.case_cursor.first(height);
    app.case_cursor
        .move_by(isize::try_from(index).unwrap_or(0), height);
    let after = app.selected_case().map(|c| c.id);
    if after.is_some() && after == loaded {
        return Vec::new();
    }
    app.drop_record();
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
    let height = app.pane_rows(pane);
    let cursor = app.cursor_mut(pane);
    cursor.first(height);
    cursor.move_by(isize::try_from(position).unwrap_or(0), height);
}
