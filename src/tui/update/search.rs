//! The search's actions on the screen: the search changes its own state
//! (`tui::search`) and says what follows — the list shown again, a ranking asked of
//! the workers, the focus on the list, the picker's query ranked once the corpus is
//! there.

use super::case_picker::picker_ranking;
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::effects::Effect;
use crate::tui::search::SearchAction;

/// Apply one search action.
pub fn update(app: &mut App, action: SearchAction) -> Vec<Effect> {
    // A corpus read again (a refresh): the open picker's matches follow their cases.
    if let SearchAction::CorpusLoaded(new) = &action
        && let (Some(picker), Some(old)) = (app.goto.as_mut(), app.search.corpus.as_ref())
    {
        picker.corpus_replaced(old, new);
    }
    if matches!(action, SearchAction::CorpusLoaded(_)) {
        app.titles.corpus_read();
    }
    let selected = app.selected_case().map(|c| c.id);
    let outcome = app.search.update(action, selected, &app.cases);
    if outcome.focus_list {
        app.focus = Pane::Cases;
    }
    let mut effects = match outcome.reshow {
        Some(keep) => app.refresh_list(keep),
        None => Vec::new(),
    };
    if outcome.rank {
        effects.push(Effect::ranking(&app.search));
    }
    if outcome.corpus_arrived {
        effects.extend(picker_ranking(app));
    }
    effects
}
