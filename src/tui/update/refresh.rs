//! Refresh: the store read again, so that other analysts' writes show. `Refresh`
//! asks for the whole list in the background (one refresh at a time; the screen
//! stays live meanwhile); the list read again replaces the one shown
//! (`App::replace_list`), the selected case's record and an open full-screen view
//! are read again, the status line says what came, and the search corpus follows
//! on its own (`SearchAction::CorpusLoaded`).

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::effects::Effect;
use crate::tui::loaded::{LoadedCases, Refreshing};
use crate::tui::text::thousands;

/// Apply one of the refresh's actions.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Refresh => start(app),
        Action::CasesRefreshed(loaded) => arrived(app, *loaded),
        Action::RefreshFailed(message) => {
            app.refreshing = None;
            app.status = Some(message);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// A screen write while the list was read: the list on its way may predate it.
pub fn written(app: &mut App) {
    if let Some(refreshing) = app.refreshing.as_mut() {
        refreshing.stale = true;
    }
}

fn start(app: &mut App) -> Vec<Effect> {
    if app.refreshing.is_some() {
        // The refresh under way is not asked for twice.
        app.status = Some("still refreshing…".into());
        return Vec::new();
    }
    app.refreshing = Some(Refreshing::default());
    app.status = Some("refreshing…".into());
    vec![Effect::RefreshList]
}

fn arrived(app: &mut App, loaded: LoadedCases) -> Vec<Effect> {
    let Some(refreshing) = app.refreshing.take() else {
        // Not asked for: nothing to put in place.
        return Vec::new();
    };
    if refreshing.stale {
        // This screen wrote a case meanwhile; the list may not hold it yet.
        app.refreshing = Some(Refreshing::default());
        return vec![Effect::RefreshList];
    }
    let (new, mut effects) = app.replace_list(loaded);
    effects.extend(super::screen::reread(app));
    let total = app.cases.len();
    app.status = Some(format!(
        "refreshed: {} case{} ({} new)",
        thousands(total),
        if total == 1 { "" } else { "s" },
        thousands(new)
    ));
    // The message stays while the selected case's record is read again.
    app.keep_status_for = app.selected_case().map(|c| c.id);
    effects
}
