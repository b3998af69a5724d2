//! What `update` asks the outside world to do, and how the run loop does it
//! against the store. Results come back as actions.

use super::action::Action;
use super::form::{self, Submission};
use super::screen::ScreenAction;
use crate::domain::{AssetId, CaseId, EvidenceId};
use crate::store::Store;

/// A request from `update` to the run loop.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Read one case record; answers `CaseLoaded` or `LoadFailed`.
    LoadCase(CaseId),
    /// Read the bytes of one evidence item; answers `EvidenceLoaded` or `LoadFailed`.
    LoadEvidenceBytes(EvidenceId),
    /// Read every case that touched an asset; answers `AssetCasesLoaded` or `LoadFailed`.
    LoadAssetCases(AssetId),
    /// Read a case's audit rows; answers `HistoryLoaded` or `LoadFailed`.
    LoadHistory(CaseId),
    /// Read every asset for the picker; answers `AssetsLoaded` or `LoadFailed`.
    LoadAssets,
    /// Validate and write a submitted form (needs [`execute_mut`]); answers
    /// `FormSaved`, `FormRejected` or `FormFailed`.
    Save(Box<Submission>),
}

/// Run one effect against the store.
pub fn execute(store: &Store, effect: Effect) -> Action {
    match effect {
        Effect::LoadCase(id) => match store.case_record(id) {
            Ok(record) => Action::CaseLoaded(Box::new(record)),
            Err(e) => Action::LoadFailed(format!("could not read case #{id}: {e}")),
        },
        Effect::LoadEvidenceBytes(id) => match store.evidence_bytes(id) {
            Ok(bytes) => Action::EvidenceLoaded(id, bytes),
            Err(e) => Action::LoadFailed(format!("could not read evidence #{id}: {e}")),
        },
        Effect::LoadAssetCases(id) => match store.asset_cases(id) {
            Ok(cases) => Action::Screen(ScreenAction::AssetCasesLoaded(id, cases)),
            Err(e) => Action::LoadFailed(format!("could not read the cases of asset #{id}: {e}")),
        },
        Effect::LoadHistory(id) => match store.case_history(id) {
            Ok(entries) => Action::HistoryLoaded(id, entries),
            Err(e) => Action::LoadFailed(format!("could not read the history of case #{id}: {e}")),
        },
        Effect::LoadAssets => match store.all_assets() {
            Ok(assets) => Action::AssetsLoaded(assets),
            Err(e) => Action::LoadFailed(format!("could not read the assets: {e}")),
        },
        Effect::Save(_) => Action::FormFailed("this store handle cannot write".into()),
    }
}

/// Run one effect against a store that can be written: writes (`Effect::Save`, at
/// the current time) and every read.
pub fn execute_mut(store: &mut Store, effect: Effect) -> Action {
    match effect {
        Effect::Save(submission) => form::save(store, *submission, chrono::Utc::now()),
        other => execute(store, other),
    }
}
