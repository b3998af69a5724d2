//! A store must not run SQL it did not create. Before a store is opened for writing,
//! every trigger, view, table and index in it is compared with what nhitrace's own
//! migrations create at the store's version (built in a private in-memory database):
//! an unknown trigger or view, or a missing or altered object of ours, refuses the
//! store and names them. Extra tables and indexes run nothing and are tolerated.
//! A read-only open skips this, so `verify` can still report on a tampered store.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Connection;

use super::StoreError;
use super::error;

fn db(err: rusqlite::Error) -> StoreError {
    error::db(err.into())
}
use super::schema;

/// (type, name) → the CREATE statement SQLite keeps for it.
type Objects = BTreeMap<(String, String), Option<String>>;

/// Refuse `conn`'s store unless its schema is exactly what migrations `..version` make.
pub(crate) fn check(conn: &Connection, path: &Path, version: i64) -> Result<(), StoreError> {
    let found = objects(conn)?;
    let expected = reference(version)?;
    let foreign: Vec<String> = found
        .keys()
        .filter(|key| !expected.contains_key(*key))
        .filter(|(kind, _)| kind == "trigger" || kind == "view")
        .map(|(kind, name)| format!("{kind} {name}"))
        .collect();
    if !foreign.is_empty() {
        return Err(StoreError::ForeignSql {
            path: path.to_path_buf(),
            objects: foreign.join(", "),
        });
    }
    let altered: Vec<String> = expected
        .iter()
        .filter(|(key, sql)| found.get(*key) != Some(*sql))
        .map(|((kind, name), _)| {
            let how = if found.contains_key(&(kind.clone(), name.clone())) {
                "altered"
            } else {
                "missing"
            };
            format!("{kind} {name} {how}")
        })
        .collect();
    if !altered.is_empty() {
        return Err(StoreError::AlteredSchema {
            path: path.to_path_buf(),
            objects: altered.join(", "),
        });
    }
    Ok(())
}

fn objects(conn: &Connection) -> Result<Objects, StoreError> {
    let mut statement = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        .map_err(db)?;
    let rows = statement
        .query_map([], |row| Ok(((row.get(0)?, row.get(1)?), row.get(2)?)))
        .map_err(db)?;
    rows.collect::<Result<Objects, _>>().map_err(db)
}

/// The objects a fresh store has at `version`.
fn reference(version: i64) -> Result<Objects, StoreError> {
    let conn = Connection::open_in_memory().map_err(db)?;
    for migration in schema::migrations_to(version) {
        conn.execute_batch(migration).map_err(db)?;
    }
    objects(&conn)
}
