//! Moving a team: every row of one store copied into another, empty one (SQLite to
//! PostgreSQL or back), ids and audit rows exactly as stored, in one transaction
//! on the target, so the audit chain and every evidence hash still verify there.
//! The derived flags cache is not copied: the target recomputes it.

use serde_json::json;

use super::audit::{self, Change};
use super::error::db;
use super::sql::{Connection, Param, Row, Value};
use super::{Store, StoreError};

/// How a column is read and written.
#[derive(Clone, Copy)]
enum Kind {
    Int,
    Text,
    Bytes,
}

use Kind::{Bytes, Int, Text};

/// A table to copy: its name, the column that orders it, and its columns.
struct Table {
    name: &'static str,
    key: &'static str,
    columns: &'static [(&'static str, Kind)],
}

/// Parents before children, so every reference resolves as rows arrive.
const TABLES: &[Table] = &[
    Table {
        name: "cases",
        key: "id",
        columns: &[
            ("id", Int),
            ("reference", Text),
            ("title", Text),
            ("summary", Text),
            ("category", Text),
            ("severity", Text),
            ("status", Text),
            ("reporter", Text),
            ("reported_via", Text),
            ("owner", Text),
            ("reviewer", Text),
            ("opened_at", Text),
            ("closed_at", Text),
            ("closing_note", Text),
            ("root_cause", Text),
        ],
    },
    Table {
        name: "assets",
        key: "id",
        columns: &[
            ("id", Int),
            ("kind", Text),
            ("name", Text),
            ("identifier", Text),
            ("provider", Text),
            ("environment", Text),
            ("owner", Text),
            ("status", Text),
            ("created_at", Text),
            ("last_rotated_at", Text),
            ("expires_at", Text),
            ("consumers", Text),
        ],
    },
    Table {
        name: "case_assets",
        key: "rowid",
        columns: &[
            ("rowid", Int),
            ("case_id", Int),
            ("asset_id", Int),
            ("relation", Text),
        ],
    },
    Table {
        name: "entries",
        key: "id",
        columns: &[
            ("id", Int),
            ("case_id", Int),
            ("occurred_at", Text),
            ("recorded_at", Text),
            ("recorded_by", Text),
            ("kind", Text),
            ("actor", Text),
            ("channel", Text),
            ("summary", Text),
            ("details", Text),
            ("asset_id", Int),
            ("fields", Text),
        ],
    },
    Table {
        name: "external_refs",
        key: "id",
        columns: &[
            ("id", Int),
            ("case_id", Int),
            ("entry_id", Int),
            ("system", Text),
            ("key", Text),
            ("url", Text),
        ],
    },
    Table {
        name: "evidence",
        key: "id",
        columns: &[
            ("id", Int),
            ("case_id", Int),
            ("entry_id", Int),
            ("asset_id", Int),
            ("kind", Text),
            ("title", Text),
            ("media_type", Text),
            ("size", Int),
            ("sha256", Text),
            ("source", Text),
            ("collected_by", Text),
            ("collected_at", Text),
        ],
    },
    Table {
        name: "evidence_bytes",
        key: "evidence_id",
        columns: &[("evidence_id", Int), ("bytes", Bytes)],
    },
    Table {
        name: "imported_events",
        key: "entry_id",
        columns: &[
            ("case_id", Int),
            ("source", Text),
            ("event_id", Text),
            ("entry_id", Int),
            ("evidence_id", Int),
        ],
    },
    Table {
        name: "audit_log",
        key: "seq",
        columns: &[
            ("seq", Int),
            ("at", Text),
            ("os_user", Text),
            ("action", Text),
            ("entity", Text),
            ("case_id", Int),
            ("change", Text),
            ("prev_hash", Text),
            ("hash", Text),
        ],
    },
];

/// Rows read from the source at a time (memory holds one page of rows).
const PAGE: i64 = 2_000;

/// One column's value, owned.
enum Owned {
    Int(Option<i64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

impl Param for Owned {
    fn value(&self) -> Value<'_> {
        match self {
            Owned::Int(value) => value.value(),
            Owned::Text(value) => value.value(),
            Owned::Bytes(value) => value.value(),
        }
    }
}

/// Rows copied, per table, in copy order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopySummary {
    pub tables: Vec<(&'static str, u64)>,
}

impl CopySummary {
    pub fn rows(&self, table: &str) -> u64 {
        self.tables
            .iter()
            .find(|(name, _)| *name == table)
            .map_or(0, |(_, rows)| *rows)
    }
}

impl Store {
    /// Copy every row of this store into `target`, which must be empty, in one
    /// transaction on the target; then append one audit row there recording where
    /// the rows came from. A failure leaves the target as it was.
    pub fn copy_into(
        &self,
        target: &mut Store,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<CopySummary, StoreError> {
        let source = self.location().to_string();
        let source_conn = &self.conn;
        target.write_at(now, |w| {
            if super::list_reads::holds_rows(w.conn)? {
                return Err(StoreError::Invalid(
                    "the target store is not empty; migrate only into a new store".into(),
                ));
            }
            let mut tables = Vec::new();
            for table in TABLES {
                tables.push((table.name, copy_table(source_conn, w.conn, table)?));
            }
            if w.conn.is_pg() {
                for (table, column) in super::pg_schema::IDENTITIES {
                    w.conn
                        .query_row(
                            &format!(
                                "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                                               coalesce(max({column}), 0) + 1, false)
                                   FROM {table}"
                            ),
                            (),
                            |row| row.get::<_, i64>(0),
                        )
                        .map_err(db)?;
                }
            }
            let summary = CopySummary { tables };
            audit::append(
                w.conn,
                w.stamp,
                Change {
                    action: "migrate_store",
                    entity: "store".into(),
                    case_id: None,
                    change: json!({
                        "from": source,
                        "rows": summary.tables.iter()
                            .map(|(name, rows)| ((*name).to_string(), json!(rows)))
                            .collect::<serde_json::Map<_, _>>(),
                    }),
                },
            )?;
            Ok(summary)
        })
    }
}

/// Copy one table a page at a time, in key order; returns the rows copied.
fn copy_table(from: &Connection, to: &Connection, table: &Table) -> Result<u64, StoreError> {
    let names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let select = format!(
        "SELECT {} FROM {} WHERE {key} > ?1 ORDER BY {key} LIMIT ?2",
        names.join(", "),
        table.name,
        key = table.key,
    );
    let key_at = table
        .columns
        .iter()
        .position(|(name, _)| *name == table.key)
        .unwrap_or(0);
    let mut after = i64::MIN;
    let mut copied = 0_u64;
    loop {
        let page: Vec<Vec<Owned>> = from
            .prepare_cached(&select)
            .and_then(|mut s| {
                s.query_map([after, PAGE], |row| read_row(row, table))?
                    .collect()
            })
            .map_err(db)?;
        if page.is_empty() {
            let total: i64 = from
                .query_row(&format!("SELECT count(*) FROM {}", table.name), (), |row| {
                    row.get(0)
                })
                .map_err(db)?;
            if u64::try_from(total).ok() != Some(copied) {
                return Err(StoreError::Invalid(format!(
                    "{}: copied {copied} of {total} rows; nothing was written",
                    table.name
                )));
            }
            return Ok(copied);
        }
        for rows in page.chunks(rows_per_insert(names.len())) {
            let params: Vec<&dyn Param> = rows
                .iter()
                .flatten()
                .map(|value| value as &dyn Param)
                .collect();
            to.prepare_cached(&insert_sql(table.name, &names, rows.len()))
                .and_then(|mut s| s.execute(params.as_slice()))
                .map_err(db)?;
            copied += rows.len() as u64;
        }
        match page.last().and_then(|row| row.get(key_at)) {
            Some(Owned::Int(Some(key))) => after = *key,
            _ => {
                return Err(StoreError::Invalid(format!(
                    "{}: a row without its key",
                    table.name
                )));
            }
        }
    }
}

/// Rows per `INSERT`: one statement (one round trip to a server) carries many
/// rows, within both backends' limits on bound parameters (SQLite 32,766).
fn rows_per_insert(columns: usize) -> usize {
    (30_000 / columns.max(1)).clamp(1, 500)
}

/// `INSERT INTO table (columns) VALUES (?1, …), (…), …` for `rows` rows.
fn insert_sql(table: &str, names: &[&str], rows: usize) -> String {
    let width = names.len();
    let values: Vec<String> = (0..rows)
        .map(|row| {
            let marks: Vec<String> = (1..=width)
                .map(|n| format!("?{}", row * width + n))
                .collect();
            format!("({})", marks.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        names.join(", "),
        values.join(", ")
    )
}

fn read_row(row: &Row<'_>, table: &Table) -> super::sql::SqlResult<Vec<Owned>> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(index, (_, kind))| {
            Ok(match kind {
                Int => Owned::Int(row.get(index)?),
                Text => Owned::Text(row.get(index)?),
                Bytes => Owned::Bytes(row.get(index)?),
            })
        })
        .collect()
}
