//! What `update` asks the outside world to do. The store's part is answered here
//! ([`execute`], [`execute_mut`]); the workers' part (ranking, background loads) by
//! `tui::settle`. Results come back as actions.

use super::action::Action;
use super::case_picker::PickerJob;
use super::form::{self, SaveAnswer, Submission};
use super::screen::ScreenAction;
use super::search::{SearchJob, SearchState};
use crate::domain::{AssetId, CaseId, EvidenceId};
use crate::store::Store;

/// A request from `update` to the run loop.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Read one case record; answers `CaseLoaded` or `LoadFailed`.
    LoadCase(CaseId),
    /// Read the titles of the rows on screen, for a list that keeps none; answers
    /// `TitlesLoaded` or `LoadFailed`.
    LoadTitles(Vec<CaseId>),
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
    /// Rank the search query off the screen's thread; answers later with
    /// `SearchAction::Results` of that generation.
    Rank(SearchJob),
    /// No ranking is wanted for this search generation: older passes give up.
    CancelRanking(u64),
    /// Rank the "go to case" picker's query; answers later with
    /// `CasePickerAction::Results`.
    RankPicker(PickerJob),
    /// Read the search corpus in the background; answers later with
    /// `SearchAction::CorpusLoaded` or `LoadFailed`.
    LoadCorpus,
    /// Read the rest of a large case list in the background, then the corpus;
    /// answers later with `CasesLoaded` (then `CorpusLoaded`) or `LoadFailed`.
    LoadRestOfList,
    /// Read the whole case list again in the background (a refresh), then the
    /// corpus; answers later with `CasesRefreshed` (then `CorpusLoaded`) or
    /// `RefreshFailed`.
    RefreshList,
    /// Append the audit row of revealing an evidence item's secrets (needs
    /// [`execute_mut`]); answers `SecretsRevealed` or `LoadFailed`.
    RecordReveal(EvidenceId),
    /// The "Import events" form's I/O (see `tui::import_form`); answers
    /// `Action::Import`.
    Import(super::import_form::ImportEffect),
}

impl Effect {
    /// What the workers are to do for the search's current generation: rank the
    /// query, or (nothing to rank) only drop every older pass.
    pub fn ranking(search: &SearchState) -> Effect {
        match search.job() {
            Some(job) => Effect::Rank(job),
            None => Effect::CancelRanking(search.generation),
        }
    }
}

/// Answer one of the store's effects from a store that is only read; `None` for
/// the workers' effects (see `tui::settle`).
pub fn execute(store: &Store, effect: Effect) -> Option<Action> {
    Some(match effect {
        Effect::LoadCase(id) => match store.case_record(id) {
            Ok(record) => Action::CaseLoaded(Box::new(record)),
            Err(e) => Action::LoadFailed(format!("could not read case #{id}: {e}")),
        },
        Effect::LoadTitles(ids) => match store.case_titles(&ids) {
            Ok(titles) => Action::TitlesLoaded(titles),
            Err(e) => Action::LoadFailed(format!("could not read the titles of the cases: {e}")),
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
        Effect::Rank(_)
        | Effect::CancelRanking(_)
        | Effect::RankPicker(_)
        | Effect::LoadCorpus
        | Effect::LoadRestOfList
        | Effect::RefreshList => return None,
        Effect::RecordReveal(_) => Action::LoadFailed("this store handle cannot write".into()),
        Effect::Import(effect) => {
            Action::Import(super::import_form::answer_read_only(store, effect))
        }
    })
}

/// Answer one of the store's effects from a store that can be written: writes
/// (`Effect::Save`, at the current time) and every read.
pub fn execute_mut(store: &mut Store, effect: Effect) -> Option<Action> {
    match effect {
        Effect::Save(submission) => {
            Some(match form::save(store, *submission, chrono::Utc::now()) {
                SaveAnswer::Saved(saved) => Action::FormSaved(saved),
                SaveAnswer::Rejected(errors) => Action::FormRejected(errors),
                SaveAnswer::Failed(message) => Action::FormFailed(message),
            })
        }
        Effect::RecordReveal(id) => Some(match store.record_reveal(id, chrono::Utc::now()) {
            Ok(()) => Action::SecretsRevealed(id),
            Err(e) => Action::LoadFailed(e.to_string()),
        }),
        Effect::Import(effect) => Some(Action::Import(super::import_form::answer(store, effect))),
        other => execute(store, other),
    }
}
