//! Which rules each case fails, for the case list at startup, without loading every
//! record. The store keeps a cache of each case's rule codes (dropped by triggers
//! whenever the case's records change); this module fills in what is missing or
//! out of date — a case never evaluated, one whose records changed, one whose
//! `recheck_at` has passed (an exemption expired, a case went stale), or every case
//! when the rule settings changed — and writes the result back when the store is
//! writable. Recomputing happens inside one write transaction, so a concurrent
//! writer cannot slip a change between the read and the cached result.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::domain::CaseId;
use crate::rules::{self, Gap, RuleCode, RuleConfig, RuleInput, RuleSet};
use crate::store::{CachedCodes, CachedFlags, Store, StoreError, Writer};

/// The meta key recording the rule settings the cache was computed with.
const SETTINGS_KEY: &str = "flags.rule_settings";

/// The rule codes each case fails (cases with none are absent), and how many cases
/// had to be evaluated to know it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    pub codes: HashMap<CaseId, RuleSet>,
    pub evaluated: usize,
}

/// [`Flags`] as a list of the flagged cases, ascending by id: what the reads
/// make, handed to the screen as they are (16 bytes a flagged case, where the map
/// takes about 27 with its empty slots, and made without a second copy).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SortedFlags {
    pub codes: Vec<(CaseId, RuleSet)>,
    pub evaluated: usize,
}

impl From<SortedFlags> for Flags {
    fn from(sorted: SortedFlags) -> Flags {
        Flags {
            codes: sorted.codes.into_iter().collect(),
            evaluated: sorted.evaluated,
        }
    }
}

fn settings(config: &RuleConfig) -> String {
    format!("stale_after_days={}", config.stale_after_days)
}

fn parse_codes(text: &str) -> RuleSet {
    text.split_whitespace()
        .filter_map(|c| c.parse::<RuleCode>().ok())
        .collect()
}

fn cache_row(case_id: CaseId, gaps: &[Gap], recheck_at: Option<DateTime<Utc>>) -> CachedFlags {
    let mut codes: Vec<RuleCode> = gaps.iter().map(|g| g.code).collect();
    codes.dedup();
    CachedFlags {
        case_id,
        codes: codes
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        recheck_at,
    }
}

/// The codes of the cached rows still valid at `now` under `config`, by case id,
/// ascending (an empty set for a case whose trail is whole). `each` hands over the
/// cached rows one at a time, so the rows of a large store are never all held as
/// text; what is kept is 16 bytes a case.
fn valid(
    each: impl FnOnce(&mut dyn FnMut(CachedCodes<'_>)) -> Result<(), StoreError>,
    stored_settings: Option<String>,
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Result<Vec<(CaseId, RuleSet)>, StoreError> {
    let mut valid = Vec::new();
    if stored_settings.as_deref() != Some(settings(config).as_str()) {
        return Ok(valid);
    }
    each(&mut |row: CachedCodes<'_>| {
        if row.recheck_at.is_none_or(|at| at > now) {
            valid.push((row.case_id, parse_codes(row.codes)));
        }
    })?;
    if !valid.is_sorted_by_key(|(id, _)| *id) {
        valid.sort_unstable_by_key(|(id, _)| *id);
    }
    Ok(valid)
}

/// Every case's rule codes at `now`, from the cache where it is valid and by
/// evaluation where not, without writing anything (for read-only stores).
pub fn current(
    store: &Store,
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Result<Flags, StoreError> {
    current_in_chunks(store, now, config, Store::CHUNK)
}

/// [`current_of`] as a sorted list (what the screen keeps).
pub fn current_sorted_of(
    store: &Store,
    ids: &[CaseId],
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Result<SortedFlags, StoreError> {
    current_of_in_chunks(store, ids, now, config, Store::CHUNK)
}

/// [`load_of`] as a sorted list (what the screen keeps).
pub fn load_sorted_of(
    store: &mut Store,
    ids: &[CaseId],
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Result<SortedFlags, StoreError> {
    load_with(store, Some(ids), now, config, Store::CHUNK)
}

/// [`current`] when the caller has just read the store's case ids (ascending is
/// fastest): the screen's list read holds them, and reading them again was a
/// quarter of this read at a million cases. A case not in `ids` (written since) is
/// not evaluated; its cached codes are kept while valid.
pub fn current_of(
    store: &Store,
    ids: &[CaseId],
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Result<Flags, StoreError> {
    current_sorted_of(store, ids, now, config).map(Flags::from)
}

/// [`current`], evaluating the cases missing from the cache `cases_per_chunk` at a
/// time per thread.
pub fn current_in_chunks(
    store: &Store,
    now: DateTime<Utc>,
    config: &RuleConfig,
    cases_per_chunk: usize,
) -> Result<Flags, StoreError> {
    let ids = store.case_ids()?;
    current_of_in_chunks(store, &ids, now, config, cases_per_chunk).map(Flags::from)
}

fn current_of_in_chunks(
    store: &Store,
    ids: &[CaseId],
    now: DateTime<Utc>,
    config: &RuleConfig,
    cases_per_chunk: usize,
) -> Result<SortedFlags, StoreError> {
    let valid = valid(
        |take| store.for_each_cached_flags(take),
        store.meta(SETTINGS_KEY)?,
        now,
        config,
    )?;
    let todo = missing(ids, &valid);
    let rows = if todo.is_empty() {
        Vec::new()
    } else {
        store.map_trails_of(&todo, Store::walk_threads(), cases_per_chunk, |trail| {
            evaluate(trail.id, &trail, now, config)
        })?
    };
    Ok(complete(rows, valid))
}

/// Every case's rule codes at `now`, from the cache where it is valid and by
/// evaluation where not; the cache is brought up to date when the store is writable.
pub fn load(
    store: &mut Store,
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Result<Flags, StoreError> {
    load_in_chunks(store, now, config, Store::CHUNK)
}

/// [`load`] over the case ids the caller has just read, as [`current_of`].
pub fn load_of(
    store: &mut Store,
    ids: &[CaseId],
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Result<Flags, StoreError> {
    load_sorted_of(store, ids, now, config).map(Flags::from)
}

/// [`load`], evaluating the cases missing from the cache `cases_per_chunk` at a time
/// per thread, so memory stays bounded however many there are. The cache is read,
/// the records walked and the results written back in one write transaction.
pub fn load_in_chunks(
    store: &mut Store,
    now: DateTime<Utc>,
    config: &RuleConfig,
    cases_per_chunk: usize,
) -> Result<Flags, StoreError> {
    load_with(store, None, now, config, cases_per_chunk).map(Flags::from)
}

/// [`load_in_chunks`] over `ids`, or over the ids read in its transaction.
fn load_with(
    store: &mut Store,
    ids: Option<&[CaseId]>,
    now: DateTime<Utc>,
    config: &RuleConfig,
    cases_per_chunk: usize,
) -> Result<SortedFlags, StoreError> {
    if store.is_read_only() {
        return match ids {
            Some(ids) => current_of_in_chunks(store, ids, now, config, cases_per_chunk),
            None => current_of_in_chunks(store, &store.case_ids()?, now, config, cases_per_chunk),
        };
    }
    store.write(|w| {
        let read;
        let ids = match ids {
            Some(ids) => ids,
            None => {
                read = w.case_ids()?;
                &read
            }
        };
        let stored = w.meta(SETTINGS_KEY)?;
        let fresh_settings = stored.as_deref() != Some(settings(config).as_str());
        let valid = valid(|take| w.for_each_cached_flags(take), stored, now, config)?;
        let todo = missing(ids, &valid);
        if todo.is_empty() {
            return Ok(complete(Vec::new(), valid));
        }
        // Read before anything is written: the walk shares the chunks among
        // read-only connections only while this transaction has written nothing.
        let rows = w.map_trails_of(&todo, Store::walk_threads(), cases_per_chunk, |trail| {
            evaluate(trail.id, &trail, now, config)
        })?;
        write_back(w, &rows, fresh_settings, config)?;
        Ok(complete(rows, valid))
    })
}

/// The ids without a valid row, in their order. `valid` is sorted by id: sorted ids
/// (a whole store's) are walked beside it once, others looked up one by one.
fn missing(ids: &[CaseId], valid: &[(CaseId, RuleSet)]) -> Vec<CaseId> {
    if !ids.is_sorted() {
        return ids
            .iter()
            .copied()
            .filter(|id| valid.binary_search_by_key(id, |(v, _)| *v).is_err())
            .collect();
    }
    let mut valid = valid.iter().map(|(id, _)| *id).peekable();
    ids.iter()
        .copied()
        .filter(|&id| {
            while valid.next_if(|&v| v < id).is_some() {}
            valid.peek() != Some(&id)
        })
        .collect()
}

/// The cache row of case `id`: its rule codes at `now`. The walks evaluate each
/// case's lean trail (what the rules read: the same gaps as its whole record, read
/// in a fraction of the time).
fn evaluate<R: RuleInput>(
    id: CaseId,
    case: &R,
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> CachedFlags {
    cache_row(
        id,
        &rules::evaluate(case, now, config),
        rules::recheck_at(case, now, config),
    )
}

/// The flags of every case: the valid cached codes and the rows just evaluated,
/// flagged ones only, ascending by id. The valid rows' list is kept (16 bytes a
/// case), not copied: a map made beside it held both at a million cases.
fn complete(rows: Vec<CachedFlags>, mut valid: Vec<(CaseId, RuleSet)>) -> SortedFlags {
    valid.retain(|(_, codes)| !codes.is_empty());
    let evaluated = rows.len();
    if !rows.is_empty() {
        valid.extend(
            rows.iter()
                .map(|row| (row.case_id, parse_codes(&row.codes)))
                .filter(|(_, codes)| !codes.is_empty()),
        );
        // The evaluated cases are not among the valid ones: one row a case.
        valid.sort_unstable_by_key(|(id, _)| *id);
    }
    SortedFlags {
        codes: valid,
        evaluated,
    }
}

fn write_back(
    w: &mut Writer<'_>,
    rows: &[CachedFlags],
    fresh_settings: bool,
    config: &RuleConfig,
) -> Result<(), StoreError> {
    if fresh_settings {
        w.clear_flags()?;
        w.set_meta(SETTINGS_KEY, &settings(config))?;
    }
    w.put_flags(rows)
}

/// The rule codes of the cases in `ids` (the first screenful of a large store) at
/// `now`: from the cache where it is valid and by evaluating those few records where
/// not, without reading the other cases and without writing (the full load that
/// follows brings the cache up to date). Cases without codes are absent.
pub fn window(
    store: &Store,
    ids: &[CaseId],
    now: DateTime<Utc>,
    config: &RuleConfig,
) -> Result<HashMap<CaseId, RuleSet>, StoreError> {
    let stored = store.meta(SETTINGS_KEY)?;
    let cached = if stored.as_deref() == Some(settings(config).as_str()) {
        store.cached_flags_for(ids)?
    } else {
        Vec::new()
    };
    let valid = valid(
        |take| {
            cached.iter().for_each(|row| take(row.as_codes()));
            Ok(())
        },
        stored,
        now,
        config,
    )?;
    let rows: Vec<CachedFlags> = store
        .records_for(&missing(ids, &valid))?
        .iter()
        .map(|record| evaluate(record.case.id, record, now, config))
        .collect();
    Ok(complete(rows, valid).codes.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cases_missing_from_the_cache_are_found_in_any_order() {
        let some = RuleSet::default();
        let valid: Vec<(CaseId, RuleSet)> = [2, 3, 7, 9, 20].map(|id| (id, some)).to_vec();
        assert_eq!(missing(&[1, 2, 3, 4, 7, 8, 9, 21], &valid), [1, 4, 8, 21]);
        assert_eq!(missing(&[21, 9, 8, 1, 3], &valid), [21, 8, 1]);
        assert_eq!(missing(&[], &valid), Vec::<CaseId>::new());
        assert_eq!(missing(&[5, 6], &[]), [5, 6]);
        assert_eq!(missing(&[2, 3, 20], &valid), Vec::<CaseId>::new());
        assert_eq!(missing(&[-4, 0, 30], &valid), [-4, 0, 30]);
    }
}
