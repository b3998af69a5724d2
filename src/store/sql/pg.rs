//! The PostgreSQL side of [`super::Connection`]: a synchronous client, statements
//! prepared once per connection, and the transaction state the store needs.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::str::FromStr;

use postgres::{Client, NoTls};

use super::{Error, Value};

/// The advisory lock every write transaction takes first ("NHIT" in ASCII): writes,
/// and the audit rows they chain, are appended one client at a time.
pub(crate) const WRITE_LOCK: i64 = 0x4E48_4954;

/// Where a PostgreSQL store is: a connection URL and how to name it to a person.
#[derive(Clone, PartialEq, Eq)]
pub struct PgTarget {
    url: String,
    shown: String,
}

impl std::fmt::Debug for PgTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.shown)
    }
}

impl PgTarget {
    /// `postgres://…` or `postgresql://…` (checked when connecting).
    pub fn parse(url: &str) -> Option<PgTarget> {
        let lower = url
            .get(..13)
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !(lower.starts_with("postgres://") || lower.starts_with("postgresql://")) {
            return None;
        }
        Some(PgTarget {
            url: url.to_string(),
            shown: without_password(url),
        })
    }

    /// The URL with any password left out.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    pub(crate) fn connect(&self, read_only: bool) -> Result<PgConn, Error> {
        let mut config = postgres::Config::from_str(&self.url)?;
        config.application_name("nhitrace");
        let mut client = config.connect(NoTls)?;
        // The store reads by index (a case's rows, a chunk of cases by id); with the
        // default cost of a random page (4, for spinning disks) the planner turns a
        // chunk of 2,000 scattered ids into a scan of the whole table, 3x slower
        // here. 1.1 is the usual setting for SSDs and for data held in memory.
        client.batch_execute("SET client_min_messages = warning; SET random_page_cost = 1.1")?;
        if read_only {
            client.batch_execute("SET default_transaction_read_only = on")?;
        }
        Ok(PgConn {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            changes: Cell::new(0),
            in_transaction: Cell::new(false),
        })
    }
}

/// `scheme://user:secret@host/…` → `scheme://user@host/…`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
            format!("{scheme}://{user}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

/// An open PostgreSQL connection.
pub(crate) struct PgConn {
    client: RefCell<Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    changes: Cell<u64>,
    in_transaction: Cell<bool>,
}

fn busy() -> Error {
    Error::Decode("the connection is already in use by another query".into())
}

impl PgConn {
    fn client(&self) -> Result<std::cell::RefMut<'_, Client>, Error> {
        self.client.try_borrow_mut().map_err(|_| busy())
    }

    pub(crate) fn prepare(&self, sql: &str) -> Result<postgres::Statement, Error> {
        if let Some(statement) = self.statements.try_borrow().map_err(|_| busy())?.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client()?.prepare(&placeholders(sql))?;
        self.statements
            .try_borrow_mut()
            .map_err(|_| busy())?
            .insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    pub(crate) fn execute(
        &self,
        statement: &postgres::Statement,
        values: &[Value<'_>],
    ) -> Result<usize, Error> {
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = values
            .iter()
            .map(|value| value as &(dyn postgres::types::ToSql + Sync))
            .collect();
        let changed = self.client()?.execute(statement, &params)?;
        self.changes.set(self.changes.get().saturating_add(changed));
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    pub(crate) fn query(
        &self,
        statement: &postgres::Statement,
        values: &[Value<'_>],
    ) -> Result<Vec<postgres::Row>, Error> {
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = values
            .iter()
            .map(|value| value as &(dyn postgres::types::ToSql + Sync))
            .collect();
        Ok(self.client()?.query(statement, &params)?)
    }

    pub(crate) fn batch(&self, sql: &str) -> Result<(), Error> {
        Ok(self.client()?.batch_execute(sql)?)
    }

    pub(crate) fn last_insert_id(&self) -> Result<i64, Error> {
        let row = self.client()?.query_one("SELECT lastval()", &[])?;
        Ok(row.try_get(0)?)
    }

    pub(crate) fn changes(&self) -> u64 {
        self.changes.get()
    }

    pub(crate) fn in_transaction(&self) -> bool {
        self.in_transaction.get()
    }

    pub(crate) fn begin_write(&self) -> Result<(), Error> {
        self.batch("BEGIN ISOLATION LEVEL READ COMMITTED, READ WRITE")?;
        self.in_transaction.set(true);
        let locked = self
            .client()?
            .execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK]);
        if let Err(err) = locked {
            let _ = self.end("ROLLBACK");
            return Err(err.into());
        }
        Ok(())
    }

    pub(crate) fn begin_read(&self) -> Result<(), Error> {
        self.batch("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
        self.in_transaction.set(true);
        Ok(())
    }

    pub(crate) fn end(&self, how: &str) -> Result<(), Error> {
        let result = self.batch(how);
        self.in_transaction.set(false);
        result
    }
}

/// SQLite's `?N` and `?` placeholders as PostgreSQL's `$N`, outside quoted text.
pub(crate) fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    let mut next_bare = 1_usize;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' => {
                out.push('$');
                let mut digits = false;
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    out.push(d);
                    chars.next();
                    digits = true;
                }
                if !digits {
                    out.push_str(&next_bare.to_string());
                    next_bare += 1;
                }
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rewritten_outside_quotes_only() {
        assert_eq!(
            placeholders("SELECT ?1, ?12 FROM t WHERE a = '?1' AND \"b?\" = ?"),
            "SELECT $1, $12 FROM t WHERE a = '?1' AND \"b?\" = $1"
        );
        assert_eq!(
            placeholders("VALUES (?, ?, 'it''s ?')"),
            "VALUES ($1, $2, 'it''s ?')"
        );
    }

    #[test]
    fn passwords_are_never_shown() {
        let target = PgTarget::parse("postgres://ana:s3cret@db.example:5432/nhi?sslmode=disable");
        assert_eq!(
            target.map(|t| t.shown().to_string()).as_deref(),
            Some("postgres://ana@db.example:5432/nhi?sslmode=disable")
        );
        assert!(PgTarget::parse("/tmp/store.db").is_none());
        assert!(PgTarget::parse("POSTGRESQL://x/y").is_some());
    }
}
