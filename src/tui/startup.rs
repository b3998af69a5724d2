//! Opening the screen. A store of up to [`FULL_EVALUATION_LIMIT`] cases is read
//! whole, every case evaluated, before the first frame. A larger one is drawn first
//! from its first screenful (by reference, the default order) with those cases'
//! flags, and the whole list with every case's rule codes is read on a background
//! thread, which hands it to the screen as [`Action::CasesLoaded`] and then reads
//! the search corpus. A refresh (`Action::Refresh`) reads the whole list again the
//! same way.

use std::sync::Arc;
use std::sync::mpsc::Sender;

use color_eyre::eyre::WrapErr;

use super::action::Action;
use super::app::{App, Settings};
use super::case_gaps::{CaseGaps, GapIndex};
use super::case_table::CaseTable;
use super::keymap::KeyMap;
pub use super::loaded::{ListLoading, LoadedCases};
use super::options::RunOptions;
use super::search::ReadOrder;
use crate::domain::CaseId;
use crate::flags;
use crate::rules::{self, RuleSet};
use crate::store::{OpenMode, Store, StoreLocation};

/// Above this many cases the list starts from the store's cached rule codes
/// instead of evaluating every record (see [`crate::flags`]), and the first frame
/// is drawn before the whole list is read.
pub const FULL_EVALUATION_LIMIT: usize = 5_000;

/// Read the case list and the gaps per case and build the screen state, without
/// writing anything. A store of up to [`FULL_EVALUATION_LIMIT`] cases is evaluated in
/// full; a larger one starts from the cached rule codes (each shown with its rule's
/// title until the case is opened, when its full gaps are found).
pub fn load_app(store: &Store, options: &RunOptions) -> color_eyre::Result<App> {
    app_from(load_cases(store, options)?, options)
}

/// As [`load_app`], but a writable store's cache of rule codes is brought up to date
/// (in one transaction) on the way, so the next start finds it current.
pub fn open_app(store: &mut Store, options: &RunOptions) -> color_eyre::Result<App> {
    app_from(load_cases_mut(store, options)?, options)
}

/// Every case and its gaps, without writing.
pub fn load_cases(store: &Store, options: &RunOptions) -> color_eyre::Result<LoadedCases> {
    load_cases_in_order(store, options).map(|(loaded, _)| loaded)
}

/// [`load_cases`], and the order the rows read were put in (see [`ReadOrder`]).
fn load_cases_in_order(
    store: &Store,
    options: &RunOptions,
) -> color_eyre::Result<(LoadedCases, Option<Vec<u32>>)> {
    let (cases, ids, order) = case_table(store)?;
    let codes = if cases.len() > FULL_EVALUATION_LIMIT {
        Some(
            flags::current_sorted_of(store, &ids, options.now, &options.rules)
                .wrap_err("could not read the flags of the cases")?
                .codes,
        )
    } else {
        None
    };
    drop(ids);
    Ok((with_gaps(store, options, cases, codes)?, order))
}

/// Every case and its gaps; a writable store's flags cache is brought up to date.
pub fn load_cases_mut(store: &mut Store, options: &RunOptions) -> color_eyre::Result<LoadedCases> {
    load_cases_mut_in_order(store, options).map(|(loaded, _)| loaded)
}

/// [`load_cases_mut`], and the order the rows read were put in.
fn load_cases_mut_in_order(
    store: &mut Store,
    options: &RunOptions,
) -> color_eyre::Result<(LoadedCases, Option<Vec<u32>>)> {
    let (cases, ids, order) = case_table(store)?;
    let codes = if cases.len() > FULL_EVALUATION_LIMIT {
        Some(
            flags::load_sorted_of(store, &ids, options.now, &options.rules)
                .wrap_err("could not bring the case flags up to date")?
                .codes,
        )
    } else {
        None
    };
    drop(ids);
    Ok((with_gaps(store, options, cases, codes)?, order))
}

/// The whole list, read row by row (in the store's order, a scan) into its compact
/// form, then put in reference order; the ids as read (ascending), which the
/// flags read takes instead of reading them again; and the order the rows were put
/// in (`None`: read in order), which the corpus read beside it can take. A list
/// of more than [`FULL_EVALUATION_LIMIT`] cases keeps no titles
/// ([`CaseTable::untitled`]): the screen shows those of the rows it draws.
fn case_table(store: &Store) -> color_eyre::Result<(CaseTable, Vec<CaseId>, Option<Vec<u32>>)> {
    let count = store.case_count().wrap_err("could not count the cases")?;
    let mut ids = Vec::with_capacity(count);
    let mut cases;
    let read = if count > FULL_EVALUATION_LIMIT {
        cases = CaseTable::untitled(count);
        store.for_each_untitled_summary(|case| {
            ids.push(case.id);
            cases.push(case);
        })
    } else {
        cases = CaseTable::with_capacity(count);
        store.for_each_case_summary(|case| {
            ids.push(case.id);
            cases.push(case);
        })
    };
    read.wrap_err("could not read the case list")?;
    let order = cases.sort_by_reference();
    Ok((cases, ids, order))
}

fn with_gaps(
    store: &Store,
    options: &RunOptions,
    cases: CaseTable,
    codes: Option<Vec<(CaseId, RuleSet)>>,
) -> color_eyre::Result<LoadedCases> {
    let gaps = match codes {
        Some(codes) => GapIndex::of_sorted_codes(codes),
        None => store
            .all_records()
            .wrap_err("could not read the cases")?
            .iter()
            .map(|record| {
                let found = rules::evaluate(record, options.now, &options.rules);
                (record.case.id, CaseGaps::found(found))
            })
            .collect(),
    };
    Ok(LoadedCases { cases, gaps })
}

fn app_from(loaded: LoadedCases, options: &RunOptions) -> color_eyre::Result<App> {
    let keymap = KeyMap::default_map().wrap_err("the built-in key map is invalid")?;
    let settings = Settings {
        zone: options.zone,
        no_color: options.no_color,
        keymap,
    };
    let mut app = App::with_case_gaps(loaded.cases, loaded.gaps, settings);
    app.set_rule_clock(options.now, options.rules.clone());
    Ok(app)
}

/// The screen to draw first. A store of up to `full_limit` cases is read whole
/// ([`load_app`]) and `false` returned. A larger one gets a screen over its first
/// `rows` cases by reference, with their flags, and `true`: the rest must follow
/// with [`load_rest_in_background`]. Nothing is written.
pub fn first_screen(
    store: &Store,
    options: &RunOptions,
    rows: usize,
    full_limit: usize,
) -> color_eyre::Result<(App, bool)> {
    // Counted only as far as the limit: a full count reads the whole index.
    let counted = store
        .case_count_up_to(full_limit.saturating_add(1))
        .wrap_err("could not count the cases")?;
    if counted <= full_limit {
        return Ok((load_app(store, options)?, false));
    }
    let cases = store
        .first_summaries(rows)
        .wrap_err("could not read the case list")?;
    let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
    let codes = flags::window(store, &ids, options.now, &options.rules)
        .wrap_err("could not read the flags of the cases")?;
    let loaded = LoadedCases {
        cases: cases.into_iter().collect(),
        gaps: GapIndex::of_codes(codes),
    };
    let mut app = app_from(loaded, options)?;
    app.loading = Some(ListLoading {
        more_than: full_limit,
    });
    Ok((app, true))
}

/// Why the whole list is read in the background: the rest of a large list after
/// the first frame, or a refresh ([`Action::Refresh`]) to show other analysts'
/// writes. Both read it the same way; they answer with their own actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListRead {
    Rest,
    Refresh,
}

impl ListRead {
    /// The action that answers this read, and whether the search corpus is to be
    /// read after it (a failed refresh keeps its message in the status line and
    /// the corpus the screen has).
    fn answer(self, loaded: color_eyre::Result<LoadedCases>) -> (Action, bool) {
        match (self, loaded) {
            (ListRead::Rest, Ok(loaded)) => (Action::CasesLoaded(Box::new(loaded)), true),
            (ListRead::Rest, Err(e)) => (
                Action::LoadFailed(format!("could not read the whole case list: {e:#}")),
                true,
            ),
            (ListRead::Refresh, Ok(loaded)) => (Action::CasesRefreshed(Box::new(loaded)), true),
            (ListRead::Refresh, Err(e)) => (
                Action::RefreshFailed(format!("refresh failed: {e:#}")),
                false,
            ),
        }
    }
}

/// Read the whole list of the store at `location` on a new thread (bringing the flags
/// cache up to date when `writable`) and the search corpus beside it on another;
/// send the list as [`Action::CasesLoaded`], then the corpus. A failure arrives as
/// [`Action::LoadFailed`].
pub fn load_rest_in_background(
    location: StoreLocation,
    writable: bool,
    options: RunOptions,
    out: Sender<Action>,
) {
    read_list_in_background(ListRead::Rest, location, writable, options, out);
}

/// As [`load_rest_in_background`], for a refresh: the list arrives as
/// [`Action::CasesRefreshed`] (then the corpus), a failure as
/// [`Action::RefreshFailed`]. A read-only screen only reads.
pub fn refresh_in_background(
    location: StoreLocation,
    writable: bool,
    options: RunOptions,
    out: Sender<Action>,
) {
    read_list_in_background(ListRead::Refresh, location, writable, options, out);
}

fn read_list_in_background(
    why: ListRead,
    location: StoreLocation,
    writable: bool,
    options: RunOptions,
    out: Sender<Action>,
) {
    std::thread::spawn(move || {
        // The corpus is read beside the list, on the other core, and handed over
        // after it (the search maps its hits onto the whole list). It is offered
        // the order the list's rows were put in.
        let order = Arc::new(ReadOrder::default());
        let corpus = super::workers::read_corpus_beside(location.clone(), order.clone());
        let loaded = if writable {
            Store::open_at(&location, OpenMode::ReadWrite)
                .wrap_err("could not open the store")
                .and_then(|mut store| load_cases_mut_in_order(&mut store, &options))
        } else {
            Store::open_at(&location, OpenMode::ReadOnly)
                .wrap_err("could not open the store")
                .and_then(|store| load_cases_in_order(&store, &options))
        };
        let loaded = loaded.map(|(loaded, rows_order)| {
            order.offer(rows_order);
            loaded
        });
        let (action, then_corpus) = why.answer(loaded);
        if out.send(action).is_ok() && then_corpus {
            let corpus = corpus.join().unwrap_or_else(|_| {
                Action::LoadFailed("search is unavailable: its reader stopped".into())
            });
            let _ = out.send(corpus);
        }
    });
}
