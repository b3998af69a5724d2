//! Settling effects: the one loop that answers what `update` asks for and feeds the
//! answers back, used by the run loop, `bench` and the tests alike. Effects are
//! answered in the order they were asked (first asked, first answered); an answer's
//! own effects join the end of the queue.
//!
//! Who answers is an [`Answer`]: the store for reads and writes, the [`Workers`]
//! for rankings and background loads (their answers arrive later, on a channel the
//! run loop polls), or a test's fixture.

use std::collections::VecDeque;
use std::time::Duration;

use super::action::Action;
use super::app::App;
use super::effects::{Effect, execute, execute_mut};
use super::options::RunOptions;
use super::startup::{load_rest_in_background, refresh_in_background};
use super::update::update;
use super::workers::{PickerRanker, SearchService, load_corpus_in_background};
use crate::store::{Store, StoreLocation};

/// Something that answers effects.
pub trait Answer {
    /// The action that answers `effect` now, or `None` when there is none yet (a
    /// worker took it and answers later, or nothing answers it).
    fn answer(&mut self, effect: Effect) -> Option<Action>;
}

/// Apply `action`, then settle every effect it leads to. Returns every effect asked
/// for, in order.
pub fn settle(app: &mut App, answers: &mut impl Answer, action: Action) -> Vec<Effect> {
    let effects = update(app, action);
    settle_effects(app, answers, effects)
}

/// Answer `effects` and every effect their answers lead to, first asked first.
/// Returns every effect asked for, in order.
pub fn settle_effects(
    app: &mut App,
    answers: &mut impl Answer,
    effects: Vec<Effect>,
) -> Vec<Effect> {
    let mut asked = Vec::new();
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        asked.push(effect.clone());
        if let Some(answer) = answers.answer(effect) {
            queue.extend(update(app, answer));
        }
    }
    asked
}

/// What the background loads read: the store's location, whether they may bring its
/// flags cache up to date, and the options to read the list with.
#[derive(Debug, Clone)]
pub struct BackgroundLoads {
    pub location: StoreLocation,
    pub writable: bool,
    pub options: RunOptions,
}

impl BackgroundLoads {
    /// The loads of the open `store`, read with `options`.
    pub fn of(store: &Store, options: &RunOptions) -> BackgroundLoads {
        BackgroundLoads {
            location: store.location(),
            writable: !store.is_read_only(),
            options: options.clone(),
        }
    }
}

/// The threads off the screen's thread: the search workers, the picker's ranker and
/// the background loads. Every answer arrives on one channel
/// ([`Workers::try_recv`]).
pub struct Workers {
    search: SearchService,
    picker: PickerRanker,
    store: BackgroundLoads,
}

impl Workers {
    /// Start the ranking threads; background loads read the store at `store`.
    pub fn start(store: BackgroundLoads) -> Workers {
        let search = SearchService::start();
        let picker = PickerRanker::start(search.sender());
        Workers {
            search,
            picker,
            store,
        }
    }

    /// Take a worker's effect (`Ok`), or give back one that is not theirs.
    pub fn take(&mut self, effect: Effect) -> Result<(), Effect> {
        match effect {
            Effect::Rank(job) => self.search.submit(job),
            Effect::CancelRanking(generation) => self.search.cancel(generation),
            Effect::RankPicker(job) => self.picker.submit(job),
            Effect::LoadCorpus => {
                load_corpus_in_background(self.store.location.clone(), self.search.sender());
            }
            Effect::LoadRestOfList => load_rest_in_background(
                self.store.location.clone(),
                self.store.writable,
                self.store.options.clone(),
                self.search.sender(),
            ),
            Effect::RefreshList => refresh_in_background(
                self.store.location.clone(),
                self.store.writable,
                self.store.options.clone(),
                self.search.sender(),
            ),
            Effect::Import(effect) => {
                let out = self.search.sender();
                let send = move |a| drop(out.send(Action::Import(a)));
                super::import_form::run_in_background(effect, self.store.location.clone(), send)
                    .map_err(Effect::Import)?;
            }
            other => return Err(other),
        }
        Ok(())
    }

    /// An answer that has arrived, if any.
    pub fn try_recv(&self) -> Option<Action> {
        self.search.try_recv()
    }

    /// Wait up to `timeout` for the next answer.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Action> {
        self.search.recv_timeout(timeout)
    }

    /// The search generation last handed to the workers.
    pub fn submitted(&self) -> u64 {
        self.search.submitted()
    }
}

/// The run loop's answers: the workers take theirs, the store answers the rest.
pub struct Live<'a> {
    pub store: &'a mut Store,
    pub workers: &'a mut Workers,
}

impl Answer for Live<'_> {
    fn answer(&mut self, effect: Effect) -> Option<Action> {
        match self.workers.take(effect) {
            Ok(()) => None,
            Err(effect) => execute_mut(self.store, effect),
        }
    }
}

/// Answers from a store alone, read and written; the workers' effects stay
/// unanswered.
pub struct StoreAnswers<'a>(pub &'a mut Store);

impl Answer for StoreAnswers<'_> {
    fn answer(&mut self, effect: Effect) -> Option<Action> {
        execute_mut(self.0, effect)
    }
}

/// Answers from a store that is only read; writes are refused, the workers'
/// effects stay unanswered.
pub struct ReadAnswers<'a>(pub &'a Store);

impl Answer for ReadAnswers<'_> {
    fn answer(&mut self, effect: Effect) -> Option<Action> {
        execute(self.0, effect)
    }
}
