//! Filling a brand-new, empty store in bulk (`nhitrace generate`), with the
//! connection's journal relaxed for the length of the fill.
//!
//! Why that is acceptable here and nowhere else: the store is empty when the fill
//! starts (checked) and nobody else has it open (it was just created), so there is
//! nothing to protect from a crash but the fill itself, and a fill that fails
//! part-way leaves a file to delete and write again whatever the journal did. While
//! it runs, the rollback journal is kept in memory (so a failed transaction still
//! rolls back) and nothing is synced: every page is written once, straight into the
//! file, instead of into the WAL and again by each checkpoint, fsync after fsync.
//! Foreign keys are not enforced row by row during the fill but checked once at its
//! end (a violation fails the fill). When the fill returns, the connection goes back to WAL with `synchronous=FULL`;
//! that switch is itself a synced write, so it leaves the whole file on disk, a
//! valid WAL store with exactly the rows the same writes would have made in WAL
//! mode (the journal decides how pages reach the disk, never what they hold).
//!
//! The triggers that keep derived data current row by row (the cache of rule codes
//! and each case's last activity) are suspended for the fill and the data derived
//! once at its end, in the transaction that puts them back: a statement that fires
//! a trigger keeps a statement journal of every page it touches, about a fifth of
//! the writing thread's time in `generate`. Were the process to die mid-fill, the
//! file would lack them, and a writable open refuses a store with a trigger of ours
//! missing (see `schema_check.rs`), so the half-made file can never be written on
//! without them.

use super::sql::{Connection, OptionalExtension};

use super::error::db;
use super::transaction::Immediate;
use super::{Store, StoreError};

/// Page cache of the filling connection: a batch of generated cases touches tens
/// of megabytes of pages, which the usual cache would spill mid-transaction.
const FILL_CACHE_KIB: i64 = 64 * 1024;

impl Store {
    /// Run `fill` (which writes through [`Store::write`] as usual) with the journal
    /// relaxed as described above; refuses unless the store is empty.
    pub fn bulk_load<T>(
        &mut self,
        fill: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        if super::list_reads::holds_rows(&self.conn)? {
            return Err(StoreError::Invalid(
                "a bulk load needs an empty store".into(),
            ));
        }
        let Some(sqlite) = self.conn.sqlite() else {
            // A server store fills as any other write does: its journal is the
            // server's own.
            return fill(self);
        };
        let cache: i64 = sqlite
            .pragma_query_value(None, "cache_size", |row| row.get(0))
            .map_err(|err| db(err.into()))?;
        set_journal(&self.conn, "MEMORY")?;
        self.conn
            .pragma_update(None, "foreign_keys", false)
            .map_err(db)?;
        self.conn
            .pragma_update(None, "synchronous", "OFF")
            .map_err(db)?;
        self.conn
            .pragma_update(None, "cache_size", -FILL_CACHE_KIB)
            .map_err(db)?;
        let suspended = match suspend_triggers(&self.conn) {
            Ok(suspended) => suspended,
            Err(err) => {
                restore(&self.conn, cache)?;
                return Err(err);
            }
        };
        let filled = fill(self).and_then(|value| {
            foreign_keys_hold(&self.conn)?;
            Ok(value)
        });
        // Put back even after a failed fill: the file keeps the schema it had.
        let resumed = resume_triggers(&self.conn, &suspended, DERIVED_PER_TRANSACTION);
        let restored = restore(&self.conn, cache);
        let value = filled?;
        resumed?;
        restored?;
        Ok(value)
    }
}

/// The insert triggers a fill suspends: each only keeps derived data current, and
/// [`resume_triggers`] derives it once instead.
const SUSPENDED: [&str; 4] = [
    "flags_entry_insert",
    "flags_evidence_insert",
    "flags_link_insert",
    "activity_entry_insert",
];

/// Drop the [`SUSPENDED`] triggers, in one transaction; returns the statements that
/// made them, exactly as the store holds them.
fn suspend_triggers(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let transaction = Immediate::begin(conn)?;
    let sql = SUSPENDED
        .iter()
        .map(|name| {
            let sql: String = conn
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                    [name],
                    |row| row.get(0),
                )
                .optional()
                .map_err(db)?
                .ok_or_else(|| {
                    StoreError::Invalid(format!("the new store has no trigger {name}"))
                })?;
            conn.execute_batch(&format!("DROP TRIGGER {name}"))
                .map_err(db)?;
            Ok(sql)
        })
        .collect::<Result<Vec<String>, StoreError>>()?;
    transaction.commit()?;
    Ok(sql)
}

/// Cases whose last activity is derived per transaction: the journal, in memory,
/// holds every page a transaction changes (all of `cases`, some 400 MB, for a
/// million cases in one).
const DERIVED_PER_TRANSACTION: i64 = 50_000;

/// What the suspended triggers would have kept, derived over the whole store (a
/// range of case ids per transaction), then the triggers made again from `sql` in
/// one more.
fn resume_triggers(
    conn: &Connection,
    sql: &[String],
    per_transaction: i64,
) -> Result<(), StoreError> {
    let (first, last): (Option<i64>, Option<i64>) = conn
        .query_row("SELECT min(id), max(id) FROM cases", (), |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .map_err(db)?;
    let mut from = first.unwrap_or(0);
    while let Some(last) = last.filter(|&last| from <= last) {
        let to = from.saturating_add(per_transaction.max(1) - 1).min(last);
        let transaction = Immediate::begin(conn)?;
        conn.execute(
            "UPDATE cases SET last_activity =
                 (SELECT max(e.occurred_at) FROM entries e WHERE e.case_id = cases.id)
             WHERE id BETWEEN ?1 AND ?2",
            super::sql::params![from, to],
        )
        .map_err(db)?;
        transaction.commit()?;
        match to.checked_add(1) {
            Some(next) => from = next,
            None => break,
        }
    }
    let transaction = Immediate::begin(conn)?;
    conn.execute_batch("DELETE FROM case_flags").map_err(db)?;
    for create in sql {
        conn.execute_batch(create).map_err(db)?;
    }
    transaction.commit()
}

/// Foreign keys are checked once over the whole fill instead of on every row
/// (about 9% of the fill at 100,000 cases; the check costs about 0.5 s there).
fn foreign_keys_hold(conn: &Connection) -> Result<(), StoreError> {
    let broken: Option<(String, Option<i64>, String)> = conn
        .query_row("PRAGMA foreign_key_check", (), |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()
        .map_err(db)?;
    match broken {
        None => Ok(()),
        Some((table, rowid, parent)) => Err(StoreError::Invalid(format!(
            "the bulk load left {table} row {} pointing at a missing {parent} row",
            rowid.unwrap_or_default()
        ))),
    }
}

/// Back to the settings every other connection uses (see `open.rs`).
fn restore(conn: &Connection, cache: i64) -> Result<(), StoreError> {
    conn.pragma_update(None, "cache_size", cache).map_err(db)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(db)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(db)?;
    set_journal(conn, "WAL")
}

fn set_journal(conn: &Connection, mode: &str) -> Result<(), StoreError> {
    let Some(conn) = conn.sqlite() else {
        return Ok(());
    };
    let now: String = conn
        .query_row(&format!("PRAGMA journal_mode = {mode}"), [], |row| {
            row.get(0)
        })
        .map_err(|err| db(err.into()))?;
    if now.eq_ignore_ascii_case(mode) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "could not switch the journal to {mode} (it is {now})"
        )))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::generate::{GenerateOptions, generate};
    use crate::store::OpenMode;

    /// Cases whose stored last activity is not their latest entry's time.
    fn off(conn: &Connection) -> i64 {
        conn.query_row(
            "SELECT count(*) FROM cases c WHERE c.last_activity IS NOT
                 (SELECT max(e.occurred_at) FROM entries e WHERE e.case_id = c.id)",
            (),
            |row| row.get(0),
        )
        .unwrap()
    }

    #[test]
    fn the_last_activity_is_derived_over_every_range_of_ids() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("g.db"), OpenMode::CreateNew).unwrap();
        generate(
            &mut store,
            GenerateOptions {
                cases: 100,
                seed: 2,
            },
            |_| {},
        )
        .unwrap();
        assert_eq!(off(&store.conn), 0);
        store
            .conn
            .execute_batch("UPDATE cases SET last_activity = NULL")
            .unwrap();
        assert!(off(&store.conn) > 90);
        // 100 cases, 7 per transaction: 15 ranges, the last one short.
        resume_triggers(&store.conn, &[], 7).unwrap();
        assert_eq!(off(&store.conn), 0);
    }

    #[test]
    fn a_fill_that_fails_part_way_leaves_its_batches_and_every_trigger() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.db");
        let mut store = Store::open(&path, OpenMode::CreateNew).unwrap();
        let triggers = |conn: &Connection| -> i64 {
            conn.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'",
                (),
                |row| row.get(0),
            )
            .unwrap()
        };
        let before = triggers(&store.conn);
        let records: Vec<_> =
            crate::generate::Generator::new(GenerateOptions { cases: 30, seed: 4 }).collect();
        let err = store
            .bulk_load(|store| {
                store.write(|w| w.insert_records(&records[..20]))?;
                // A second batch that fails half-way: its transaction is undone.
                store.write(|w| {
                    w.insert_records(&records[20..25])?;
                    Err::<(), _>(StoreError::Invalid("disk full".into()))
                })
            })
            .unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert_eq!(triggers(&store.conn), before);
        assert_eq!(store.case_count().unwrap(), 20);
        assert_eq!(off(&store.conn), 0);
        drop(store);
        // Every trigger is the migrations' own again: a writable open accepts it.
        let store = Store::open(&path, OpenMode::ReadWrite).unwrap();
        assert_eq!(store.case_count().unwrap(), 20);
    }
}
