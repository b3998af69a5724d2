//! The case list's actions on the screen: the list changes its own filter and sort
//! (`tui::case_list_state`), then is shown again with the selection kept when it
//! can; clearing everything clears the search too.

use crate::rules::RuleCode;
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::case_list_state::ListChange;
use crate::tui::effects::Effect;
use crate::tui::filter_picker::ListAction;
use crate::tui::rule_filter::{codes_present, next_code};

/// Apply one list action.
pub fn update(app: &mut App, action: ListAction) -> Vec<Effect> {
    let keep = app.selected_case().map(|c| c.id);
    let cases = &app.cases;
    let owners = || cases.owners().map(str::to_string).collect();
    match app.list.apply(action, owners) {
        ListChange::Nothing => Vec::new(),
        ListChange::Opened => {
            app.focus = Pane::Cases;
            Vec::new()
        }
        ListChange::Reshow => app.refresh_list(keep),
        ListChange::Cleared => {
            app.search.clear();
            let ranking = Effect::ranking(&app.search);
            let mut effects = app.refresh_list(keep);
            effects.push(ranking);
            effects
        }
    }
}

/// Narrow to the next rule code present after the current one; after the last,
/// show all.
pub fn cycle_rule(app: &mut App) -> Vec<Effect> {
    let next = next_code(&codes_present(&app.gaps), app.list.filter.rule);
    narrow_to_rule(app, next)
}

/// Narrow the list to `code` (all cases for `None`), keeping the selected case when
/// it stays listed and loading the newly selected one otherwise.
pub fn narrow_to_rule(app: &mut App, code: Option<RuleCode>) -> Vec<Effect> {
    let keep = app.selected_case().map(|c| c.id);
    app.list.filter.rule = code;
    app.refresh_list(keep)
}
