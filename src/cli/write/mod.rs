//! The write commands: `case add|set|close`, `entry add`, `asset link|unlink`,
//! `evidence add`. Each is a thin adapter: it turns its arguments into an
//! [`app::WriteCommand`] (the same drafts as the forms), has [`app::execute`] write it
//! in one store transaction, and prints what was written (text, or JSON with
//! `--format json`). Invalid input and refused writes exit 2 and write nothing.

mod asset;
mod case;
mod close;
mod entry;
mod evidence;
mod output;

use chrono::{DateTime, Local, Utc};
use clap::Args;

use super::CliError;
use super::args::{OutputFormat, StoreArgs};
use crate::app::{self, AppError, WriteCommand, WriteContext, Written};
use crate::config::Config;
use crate::domain::{CaseId, CaseRecord};
use crate::input::FieldError;
use crate::store::{OpenMode, Store, StoreError};

pub use asset::AssetCommand;
pub use case::CaseCommand;
pub use entry::EntryCommand;
pub use evidence::EvidenceCommand;

/// `--format`, shared by every write command.
#[derive(Debug, Clone, Args)]
pub struct FormatArg {
    /// Output format: what was written, as text or as JSON.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// What every write command needs: the store arguments, the config and the clock.
pub(super) struct Context<'a> {
    pub store: &'a StoreArgs,
    pub config: &'a Config,
    pub now: DateTime<Utc>,
}

impl Context<'_> {
    /// What the application layer validates a command against: local time.
    fn write_context(&self) -> WriteContext<Local> {
        WriteContext {
            now: self.now,
            zone: Local,
            evidence_max_bytes: self.config.evidence_max_bytes,
            rules: self.config.rules.clone(),
        }
    }
}

/// Write one command through the application layer.
fn execute(
    ctx: &Context<'_>,
    store: &mut Store,
    command: WriteCommand,
) -> Result<Written, CliError> {
    app::execute(store, command, &ctx.write_context()).map_err(|err| match err {
        AppError::Fields(errors) => invalid(errors),
        AppError::Refused(refusal) => CliError::Usage(refusal.message),
        AppError::Store(err) => CliError::Store(err),
    })
}

/// The application layer answered with another kind of write than asked for.
fn unexpected() -> CliError {
    CliError::Usage("the write was answered with another kind of write than asked for".into())
}

/// Run one write command group.
pub(super) fn run_case(ctx: &Context<'_>, command: &CaseCommand) -> Result<u8, CliError> {
    match command {
        CaseCommand::Add(args) => case::add(ctx, args),
        CaseCommand::Set(args) => case::set(ctx, args),
        CaseCommand::Close(args) => close::run(ctx, args),
    }
}

pub(super) fn run_entry(ctx: &Context<'_>, command: &EntryCommand) -> Result<u8, CliError> {
    match command {
        EntryCommand::Add(args) => entry::add(ctx, args),
    }
}

pub(super) fn run_asset(ctx: &Context<'_>, command: &AssetCommand) -> Result<u8, CliError> {
    match command {
        AssetCommand::Link(args) => asset::link(ctx, args),
        AssetCommand::Unlink(args) => asset::unlink(ctx, args),
    }
}

pub(super) fn run_evidence(ctx: &Context<'_>, command: &EvidenceCommand) -> Result<u8, CliError> {
    match command {
        EvidenceCommand::Add(args) => evidence::add(ctx, args),
    }
}

/// How a write command wants the store: a new case may create it, anything else
/// needs the store (and the case) to exist already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::cli) enum Need {
    MayCreate,
    Existing,
}

/// Open the store for writing, refusing `--read-only` before anything is touched.
pub(in crate::cli) fn writable_store(args: &StoreArgs, need: Need) -> Result<Store, CliError> {
    if args.read_only {
        return Err(CliError::Usage(
            "the store is open read-only; write commands are refused (drop --read-only to record changes)"
                .into(),
        ));
    }
    let location = super::open::store_location(args)?;
    if let Some(path) = location.path()
        && need == Need::Existing
        && !path.exists()
    {
        return Err(StoreError::NotFound {
            path: path.to_path_buf(),
        }
        .into());
    }
    let mode = match (need, location.is_server()) {
        // A server database is created empty by its administrator; a write that
        // needs an existing store must not make one there either.
        (Need::Existing, true) => OpenMode::ReadOnly,
        _ => OpenMode::ReadWrite,
    };
    if mode == OpenMode::ReadOnly {
        drop(Store::open_at(&location, mode)?);
    }
    Ok(Store::open_at(&location, OpenMode::ReadWrite)?)
}

/// The case with this reference, with its assets, timeline and evidence.
fn case_record(store: &Store, reference: &str) -> Result<CaseRecord, CliError> {
    let id = case_id(store, reference)?;
    Ok(store.case_record(id)?)
}

pub(in crate::cli) fn case_id(store: &Store, reference: &str) -> Result<CaseId, CliError> {
    store
        .case_id_by_ref(reference.trim())?
        .ok_or_else(|| CliError::Usage(format!("no case {} in this store", reference.trim())))
}

/// Field errors as one line: `title: is required; category: ...`.
fn invalid(errors: Vec<FieldError>) -> CliError {
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    CliError::Usage(text.join("; "))
}

fn field(field: &'static str, message: impl Into<String>) -> CliError {
    invalid(vec![FieldError {
        field,
        message: message.into(),
    }])
}

/// A required one-line value for a field the shared drafts do not cover.
fn one_line(name: &'static str, value: &str) -> Result<String, CliError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(field(name, "is required"));
    }
    if value.chars().any(char::is_control) {
        return Err(field(name, "must be one line without control characters"));
    }
    Ok(value.to_string())
}

/// An optional one-line value: blank is `None`.
fn optional_line(name: &'static str, value: Option<&str>) -> Result<Option<String>, CliError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => one_line(name, value).map(Some),
    }
}

/// A value from a closed vocabulary.
fn label<T: std::str::FromStr<Err = crate::domain::UnknownLabel>>(
    name: &'static str,
    value: &str,
) -> Result<T, CliError> {
    value
        .trim()
        .parse()
        .map_err(|err: crate::domain::UnknownLabel| {
            let crate::domain::UnknownLabel {
                value, expected, ..
            } = err;
            field(name, format!("`{value}` is not one of: {expected}"))
        })
}
