//! The full-screen views drawn instead of the main screen (gaps, asset), the actions
//! that open them, and what they change of their own state; the jump from a row
//! back to a case on the main screen is the screen's (`tui::update::screen`).
//!
//! While a full-screen view is open and no overlay is over it, `update` turns moves,
//! Enter, Esc and Tab into the views' own actions ([`ScreenAction`]).

use std::borrow::Cow;

use super::asset_view::{AssetCases, AssetView};
use super::cursor::Step;
use super::gaps_view::{GapGrouping, GapRow, GapsView, jump_target};
use crate::domain::{AssetId, CaseId, EntryId};
use crate::rules::Gap;
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
    /// Esc in a view: back to the main screen.
    CloseView,
    /// Enter in a view: jump to the case (and entry or asset) of the row.
    OpenRow,
    /// Tab in the gaps view: by rule / by case.
    ToggleGrouping,
    /// Move the view's cursor.
    MoveRow(Step),
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

impl Views {
    /// A load failed: an asset view waiting for its cases shows the message.
    pub fn load_failed(&mut self, message: &str) {
        if let Some(Screen::Asset(view)) = &mut self.screen
            && view.cases == AssetCases::Loading
        {
            view.cases = AssetCases::Failed(message.to_string());
        }
    }

    /// The cases of `asset` arrived: its open view shows them (a view read again
    /// keeps its selected case; `height` is the rows of the view).
    pub fn cases_arrived(&mut self, asset: AssetId, cases: Vec<AssetCase>, height: usize) {
        if let Some(Screen::Asset(view)) = &mut self.screen
            && view.asset.id == asset
        {
            view.loaded(cases, height);
        }
    }

    /// Open the gaps view by rule (`gaps_view` builds it in a grouping); when it is
    /// open, switch its grouping. `height` is the rows of the view.
    pub fn show_gaps(&mut self, height: usize, gaps_view: impl Fn(GapGrouping) -> GapsView) {
        if matches!(self.screen, Some(Screen::Gaps(_))) {
            self.toggle_grouping(height, gaps_view);
        } else {
            self.screen = Some(Screen::Gaps(gaps_view(GapGrouping::ByRule)));
        }
    }

    /// The gaps view in its other grouping, the selected gap kept selected.
    pub fn toggle_grouping(&mut self, height: usize, gaps_view: impl Fn(GapGrouping) -> GapsView) {
        if let Some(Screen::Gaps(view)) = &self.screen {
            self.rebuild_gaps(view.grouping.other(), height, gaps_view);
        }
    }

    /// The gaps were found again (a refresh): the open gaps view is built again in
    /// its grouping, the selected gap kept selected.
    pub fn gaps_changed(&mut self, height: usize, gaps_view: impl Fn(GapGrouping) -> GapsView) {
        if let Some(Screen::Gaps(view)) = &self.screen {
            self.rebuild_gaps(view.grouping, height, gaps_view);
        }
    }

    fn rebuild_gaps(
        &mut self,
        grouping: GapGrouping,
        height: usize,
        gaps_view: impl Fn(GapGrouping) -> GapsView,
    ) {
        let Some(Screen::Gaps(view)) = &self.screen else {
            return;
        };
        let keep = view.cursor.selected().and_then(|i| view.gap_at(i));
        let mut next = gaps_view(grouping);
        if let Some((case, index)) = keep {
            next.select_gap(case, index, height);
        }
        self.screen = Some(Screen::Gaps(next));
    }

    /// Move the open view's cursor.
    pub fn move_row(&mut self, step: Step, height: usize) {
        match &mut self.screen {
            Some(Screen::Gaps(view)) => step.apply(&mut view.cursor, height),
            Some(Screen::Asset(view)) => step.apply(&mut view.cursor, height),
            None => {}
        }
    }

    /// Where the selected row of the open view leads: a case, and what to select
    /// in it (`gaps_of` gives a case's gaps).
    pub fn row_target<'a>(
        &self,
        gaps_of: impl Fn(CaseId) -> Cow<'a, [Gap]>,
    ) -> Option<(CaseId, JumpTarget)> {
        match &self.screen {
            Some(Screen::Gaps(view)) => {
                view.cursor.selected().and_then(|i| match view.rows.get(i) {
                    Some(GapRow::Case { case, .. }) => Some((*case, JumpTarget::Case)),
                    _ => view.gap_at(i).map(|(case, index)| {
                        let entry = jump_target(&gaps_of(case), index);
                        (case, entry.map_or(JumpTarget::Case, JumpTarget::Entry))
                    }),
                })
            }
            Some(Screen::Asset(view)) => view
                .selected()
                .map(|row| (row.case_id, JumpTarget::Asset(view.asset.id))),
            None => None,
        }
    }
}
