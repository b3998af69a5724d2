//! Opening a store on a PostgreSQL server, with the refusals a SQLite file gets: a
//! database that holds tables but is not a nhitrace store, or one from a newer
//! nhitrace, is refused untouched; a read-only open never creates or migrates; a
//! store whose triggers are not exactly ours is refused for writing.

use std::path::{Path, PathBuf};

use super::error::db;
use super::pg_schema::{APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, TRIGGERS};
use super::sql::{Connection, OptionalExtension, PgTarget};
use super::transaction::Immediate;
use super::{OpenMode, StoreError};

/// What a database holds before nhitrace touches it.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// No tables at all: ours to initialise.
    Empty,
    /// A nhitrace store at this schema version.
    Store(i64),
}

pub(crate) fn open(target: &PgTarget, mode: OpenMode) -> Result<Connection, StoreError> {
    let path = PathBuf::from(target.shown());
    let conn =
        target
            .connect(mode == OpenMode::ReadOnly)
            .map_err(|err| StoreError::Unreachable {
                path: path.clone(),
                detail: err.to_string(),
            })?;
    let conn = Connection::Pg(Box::new(conn));
    match (inspect(&conn, &path)?, mode) {
        (Found::Store(_), OpenMode::CreateNew) => Err(StoreError::AlreadyExists { path }),
        (Found::Empty, OpenMode::ReadOnly) => Err(StoreError::NotFound { path }),
        (Found::Store(found), _) if found > SCHEMA_VERSION => Err(StoreError::TooNew {
            path,
            found,
            supported: SCHEMA_VERSION,
        }),
        (Found::Store(found), OpenMode::ReadOnly) if found < SCHEMA_VERSION => {
            Err(StoreError::Outdated {
                path,
                found,
                supported: SCHEMA_VERSION,
            })
        }
        (Found::Store(_), OpenMode::ReadOnly) => Ok(conn),
        (found, OpenMode::ReadWrite | OpenMode::CreateNew) => {
            // A store at this version needs no migration (nor its lock).
            if found != Found::Store(SCHEMA_VERSION) {
                migrate(&conn, &path)?;
            }
            refuse_unless_ours(&conn, &path)?;
            Ok(conn)
        }
    }
}

fn inspect(conn: &Connection, path: &Path) -> Result<Found, StoreError> {
    let marked: bool = conn
        .query_row(
            "SELECT to_regclass('nhitrace_schema') IS NOT NULL",
            (),
            |row| row.get(0),
        )
        .map_err(db)?;
    if !marked {
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
                (),
                |row| row.get(0),
            )
            .map_err(db)?;
        return if tables == 0 {
            Ok(Found::Empty)
        } else {
            Err(StoreError::Foreign {
                path: path.to_path_buf(),
            })
        };
    }
    let row: Option<(i64, i64)> = conn
        .query_row(
            "SELECT application_id, version FROM nhitrace_schema LIMIT 1",
            (),
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(db)?;
    match row {
        Some((APPLICATION_ID, version)) => Ok(Found::Store(version)),
        _ => Err(StoreError::Foreign {
            path: path.to_path_buf(),
        }),
    }
}

/// Bring the schema to [`SCHEMA_VERSION`] in one transaction under the store's write
/// lock, re-reading the version inside it: two clients opening a fresh database at
/// once migrate it exactly once.
fn migrate(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let transaction = Immediate::begin(conn)?;
    let found = match inspect(conn, path)? {
        Found::Empty => 0,
        Found::Store(version) => version,
    };
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for migration in MIGRATIONS.iter().skip(usize::try_from(found).unwrap_or(0)) {
        conn.execute_batch(migration).map_err(db)?;
    }
    if found == 0 {
        conn.execute(
            "INSERT INTO nhitrace_schema (application_id, version) VALUES (?1, ?2)",
            [APPLICATION_ID, SCHEMA_VERSION],
        )
        .map_err(db)?;
    } else if found < SCHEMA_VERSION {
        conn.execute("UPDATE nhitrace_schema SET version = ?1", [SCHEMA_VERSION])
            .map_err(db)?;
    }
    transaction.commit()
}

/// Refuse a store whose tables carry triggers or rules nhitrace did not create, or
/// lack (or have disabled) one of its own.
fn refuse_unless_ours(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let problems = schema_problems(conn)?;
    if !problems.foreign.is_empty() {
        return Err(StoreError::ForeignSql {
            path: path.to_path_buf(),
            objects: problems.foreign.join(", "),
        });
    }
    if !problems.altered.is_empty() {
        return Err(StoreError::AlteredSchema {
            path: path.to_path_buf(),
            objects: problems.altered.join(", "),
        });
    }
    Ok(())
}

/// Triggers and rules that differ from what the migrations create.
#[derive(Debug, Default)]
pub(crate) struct SchemaProblems {
    /// Triggers and rules that are not ours.
    pub foreign: Vec<String>,
    /// Our triggers, missing or disabled.
    pub altered: Vec<String>,
}

pub(crate) fn schema_problems(conn: &Connection) -> Result<SchemaProblems, StoreError> {
    let found: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT c.relname::text, t.tgname::text, t.tgenabled::text
               FROM pg_catalog.pg_trigger t
               JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
               JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE NOT t.tgisinternal AND n.nspname = current_schema()",
        )
        .and_then(|mut s| {
            s.query_map((), |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                .collect()
        })
        .map_err(db)?;
    let rules: Vec<String> = conn
        .prepare(
            "SELECT tablename::text || '.' || rulename::text FROM pg_catalog.pg_rules
              WHERE schemaname = current_schema()",
        )
        .and_then(|mut s| s.query_map((), |row| row.get(0))?.collect())
        .map_err(db)?;
    let mut problems = SchemaProblems::default();
    for (table, name, enabled) in &found {
        if !TRIGGERS.contains(&(table.as_str(), name.as_str())) {
            problems.foreign.push(format!("trigger {name} on {table}"));
        } else if enabled == "D" {
            problems.altered.push(format!("trigger {name} disabled"));
        }
    }
    problems
        .foreign
        .extend(rules.into_iter().map(|rule| format!("rule {rule}")));
    for (table, name) in TRIGGERS {
        if !found.iter().any(|(t, n, _)| t == table && n == name) {
            problems.altered.push(format!("trigger {name} missing"));
        }
    }
    Ok(problems)
}
