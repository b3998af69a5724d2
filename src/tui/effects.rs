//! What `update` asks the outside world to do, and how the run loop does it
//! against the store. Results come back as actions.

use super::action::Action;
use super::screen::ScreenAction;
use crate::domain::{AssetId, CaseId, EvidenceId};
use crate::store::Store;

/// A request from `update` to the run loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Read one case record; answers `CaseLoaded` or `LoadFailed`.
    LoadCase(CaseId),
    /// Read the bytes of one evidence item; answers `EvidenceLoaded` or `LoadFailed`.
    LoadEvidenceBytes(EvidenceId),
    /// Read every case that touched an asset; answers `AssetCasesLoaded` or `LoadFailed`.
    LoadAssetCases(AssetId),
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
    }
}
