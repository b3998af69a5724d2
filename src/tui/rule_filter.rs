//! Narrowing the case list to the cases with a gap of one rule code. While narrowed,
//! `App::cases` holds only those cases and the whole list waits in
//! `Views::unnarrowed`; [`admits`] is the test a general filter can fold in.

use super::app::App;
use super::effects::Effect;
use super::screen::select_case;
use crate::domain::CaseSummary;
use crate::rules::{Gap, RuleCode};

/// Whether a case with these gaps stays listed under the narrowing `code`.
pub fn admits(code: Option<RuleCode>, gaps: &[Gap]) -> bool {
    code.is_none_or(|code| gaps.iter().any(|g| g.code == code))
}

/// Every case, narrowed or not, in list order.
pub fn all_cases(app: &App) -> &[CaseSummary] {
    app.views.unnarrowed.as_deref().unwrap_or(&app.cases)
}

/// The rule codes of every case's gaps, in code order, each once.
pub fn codes_present(app: &App) -> Vec<RuleCode> {
    let mut codes: Vec<RuleCode> = app.gaps.values().flatten().map(|g| g.code).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Narrow to the next code present after the current one; after the last, show all.
pub fn cycle(app: &mut App) -> Vec<Effect> {
    let codes = codes_present(app);
    let next = match app.rule_filter {
        None => codes.first().copied(),
        Some(current) => codes.iter().copied().find(|c| *c > current),
    };
    narrow(app, next)
}

/// Narrow the list to `code` (all cases for `None`) and load the selected case if
/// the selection moved to another one.
pub fn narrow(app: &mut App, code: Option<RuleCode>) -> Vec<Effect> {
    let index = set(app, code);
    select_case(app, index)
}

/// Change the listed cases; returns the row to select: the case selected before
/// when it is still listed, else the first.
pub fn set(app: &mut App, code: Option<RuleCode>) -> usize {
    let selected = app.selected_case().map(|c| c.id);
    let all = app
        .views
        .unnarrowed
        .take()
        .unwrap_or_else(|| std::mem::take(&mut app.cases));
    app.cases = all
        .iter()
        .filter(|c| admits(code, app.gaps_of(c.id)))
        .cloned()
        .collect();
    app.views.unnarrowed = code.map(|_| all);
    app.rule_filter = code;
    app.cases
        .iter()
        .position(|c| Some(c.id) == selected)
        .unwrap_or(0)
}

/// The case list title while narrowed: `Cases 3 of 15 · NT002 only`.
pub fn list_title(app: &App) -> Option<String> {
    let code = app.rule_filter?;
    Some(format!(
        "Cases {} of {} · {code} only",
        app.cases.len(),
        all_cases(app).len()
    ))
}
