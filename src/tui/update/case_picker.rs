//! The "go to case" picker's actions on the screen: the picker changes its own
//! state (`tui::case_picker`) and says what follows — a ranking asked of the
//! workers, or the jump to the chosen case.

use super::screen::jump;
use crate::tui::app::App;
use crate::tui::case_picker::{CasePicker, CasePickerAction, PickerOutcome};
use crate::tui::effects::Effect;
use crate::tui::screen::JumpTarget;

/// Apply one picker action.
pub fn update(app: &mut App, action: CasePickerAction) -> Vec<Effect> {
    if action == CasePickerAction::Open {
        app.goto = Some(CasePicker::default());
        return Vec::new();
    }
    let Some(picker) = app.goto.as_mut() else {
        return Vec::new();
    };
    match picker.update(action) {
        PickerOutcome::Nothing => Vec::new(),
        PickerOutcome::Rank => picker_ranking(app).into_iter().collect(),
        PickerOutcome::Close => {
            app.goto = None;
            Vec::new()
        }
        PickerOutcome::Accept(chosen) => {
            let case = chosen.and_then(|index| {
                let corpus = app.search.corpus.as_ref()?;
                corpus.case_id(index as usize)
            });
            let Some(case) = case else {
                return Vec::new();
            };
            app.goto = None;
            jump(app, case, JumpTarget::Case)
        }
    }
}

/// The ranking to ask for: the open picker's query when its results are wanted and
/// the corpus is there to rank (it asks again when the corpus arrives).
pub fn picker_ranking(app: &App) -> Option<Effect> {
    let (Some(picker), Some(corpus)) = (&app.goto, &app.search.corpus) else {
        return None;
    };
    picker.job(corpus).map(Effect::RankPicker)
}
