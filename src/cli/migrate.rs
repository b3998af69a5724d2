//! `nhitrace migrate --from STORE --to STORE`: move a team's store, e.g. from a
//! SQLite file to a PostgreSQL database, every row as stored; then verify the target
//! and confirm it holds the source's audit chain.

use chrono::{DateTime, Utc};
use clap::Args;

use super::{CliError, open};
use crate::store::{OpenMode, Store};

#[derive(Debug, Clone, Args)]
pub struct MigrateArgs {
    /// The store to copy from (a file or a postgres:// URL); opened read-only.
    #[arg(long, value_name = "PATH|URL")]
    pub from: std::path::PathBuf,
    /// The new store to copy into (a new file, or an empty PostgreSQL database).
    #[arg(long, value_name = "PATH|URL")]
    pub to: std::path::PathBuf,
}

/// Exit 0 when the copy verifies, 1 when the target's checks fail.
pub(super) fn run(args: &MigrateArgs, now: DateTime<Utc>) -> Result<u8, CliError> {
    let from = open::location_of(&args.from);
    let to = open::location_of(&args.to);
    if from == to {
        return Err(CliError::Usage(
            "--from and --to name the same store".into(),
        ));
    }
    let source = Store::open_at(&from, OpenMode::ReadOnly)?;
    let (source_rows, source_head) = source.chain_head()?;
    let mut target = Store::open_at(&to, OpenMode::CreateNew)?;
    let summary = source.copy_into(&mut target, now)?;
    let report = target.verify()?;
    let copied_head = target.audit_hash_at(source_rows)?;
    for (table, rows) in &summary.tables {
        println!("{table:<16} {rows:>10} rows");
    }
    let chain_kept = copied_head.as_deref() == Some(source_head.as_str()) || source_rows == 0;
    if report.is_ok() && chain_kept {
        println!(
            "migrated {} to {}: verify passed; the audit chain continues from row {source_rows} ({source_head})",
            from, to
        );
        Ok(0)
    } else {
        eprintln!(
            "nhitrace: migrated {} to {}, but the target does not verify: {}",
            from,
            to,
            if chain_kept {
                "run `nhitrace verify` on it for details"
            } else {
                "its audit chain does not hold the source's"
            }
        );
        Ok(super::EXIT_GAPS)
    }
}
