//! The import form on the screen: opening it on the selected case (or saying why
//! not), its actions and effects wrapped in the screen's, and a finished import
//! reloaded like any other write. The form itself is `tui::import_form`, which
//! knows nothing of [`App`].

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::effects::Effect;
use crate::tui::form::Saved;
use crate::tui::import_form::{self, ImportAction, ImportForm, ImportSettings, Outcome};

/// Apply one of the form's actions.
pub fn update(app: &mut App, action: ImportAction) -> Vec<Effect> {
    if action == ImportAction::Open {
        return open(app);
    }
    match import_form::update(&mut app.import, action) {
        Outcome::Effects(effects) => effects.into_iter().map(Effect::Import).collect(),
        Outcome::Imported(imported) => {
            let saved = Saved {
                case: imported.case,
                created: false,
                message: imported.message(),
                receipt: Vec::new(),
                reload: imported.reload,
            };
            super::form::update(app, Action::FormSaved(Box::new(saved)))
        }
    }
}

fn open(app: &mut App) -> Vec<Effect> {
    if !app.overlays.is_empty() {
        return Vec::new();
    }
    if app.writes.read_only {
        app.status = Some("read-only: importing events is disabled".into());
        return Vec::new();
    }
    if app.loading.is_some() {
        app.status = Some(super::LIST_STILL_LOADING.into());
        return Vec::new();
    }
    let Some(case) = app.record.as_ref().map(|r| &r.case) else {
        app.status = Some("importing events: select a case first".into());
        return Vec::new();
    };
    let settings = ImportSettings {
        evidence_max_bytes: app.writes.evidence_max_bytes,
        rules: app.writes.rules.clone(),
    };
    let effects = import_form::open(&mut app.import, case.id, case.reference.clone(), settings);
    app.status = None;
    effects.into_iter().map(Effect::Import).collect()
}

impl App {
    /// The open "Import events" form, if any.
    pub fn import_form(&self) -> Option<&ImportForm> {
        self.import.form.as_deref()
    }
}
