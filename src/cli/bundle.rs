//! `nhitrace export [REF...] -o FILE` and `nhitrace import FILE`.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::args::StoreArgs;
use super::{CliError, open};
use crate::app::{self, AppError, WriteCommand, WriteContext, Written};
use crate::bundle::{self, BundleError};
use crate::config::Config;
use crate::store::Store;

fn bundle_error(err: BundleError) -> CliError {
    match err {
        BundleError::Store(err) => CliError::Store(err),
        other => CliError::Usage(other.to_string()),
    }
}

pub(super) fn export(
    store: &StoreArgs,
    refs: &[String],
    output: &Path,
    now: DateTime<Utc>,
) -> Result<u8, CliError> {
    let store = open::existing_store(store)?;
    let bundle = bundle::export(&store, refs, now).map_err(bundle_error)?;
    let json = bundle::to_json(&bundle);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(output)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => CliError::Usage(format!(
                "{}: already exists; refusing to overwrite",
                output.display()
            )),
            _ => CliError::Io(format!("{}: {e}", output.display())),
        })?;
    file.write_all(json.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| CliError::Io(format!("{}: {e}", output.display())))?;
    println!(
        "exported {} cases to {}",
        bundle.cases.len(),
        crate::sanitize::line(&output.display().to_string())
    );
    eprintln!(
        "note: a bundle keeps every field and evidence byte as stored (they are hashed), so \
         nothing in it is masked; {} item(s) hold a known secret format. Share it as you would \
         the store.",
        unmasked_secrets(&bundle)
    );
    Ok(0)
}

/// How many case records and evidence items of `bundle` hold a secret that the
/// screens and reports would mask.
fn unmasked_secrets(bundle: &bundle::Bundle) -> usize {
    let holds = |text: &str| matches!(crate::sanitize::mask_secrets(text), Cow::Owned(_));
    bundle
        .cases
        .iter()
        .map(|case| {
            let fields = serde_json::to_string(&case.record).unwrap_or_default();
            let evidence = case
                .evidence_bytes
                .iter()
                .filter(|bytes| holds(&String::from_utf8_lossy(bytes)))
                .count();
            usize::from(holds(&fields)) + evidence
        })
        .sum()
}

/// The largest bundle file `import` reads: room for several evidence items at the
/// largest `max_file_bytes`, base64-encoded.
const MAX_BUNDLE_BYTES: u64 = 1 << 30;

pub(super) fn import(
    store: &StoreArgs,
    file: &Path,
    now: DateTime<Utc>,
    config: &Config,
) -> Result<u8, CliError> {
    let bytes = crate::input::read_bounded(file, MAX_BUNDLE_BYTES)
        .map_err(|refusal| CliError::Usage(format!("bundle: {refusal}")))?;
    let location = open::store_location(store)?;
    let mut store = Store::open_at(&location, open::mode(store))?;
    let refused = |reason: String| CliError::Usage(format!("{}: {reason}", file.display()));
    let bundle = bundle::parse_and_validate(&bytes).map_err(|e| match e {
        BundleError::Store(err) => CliError::Store(err),
        other => refused(other.to_string()),
    })?;
    let ctx = WriteContext {
        now,
        zone: chrono::Local,
        evidence_max_bytes: config.evidence_max_bytes,
        rules: config.rules.clone(),
    };
    match app::execute(
        &mut store,
        WriteCommand::ImportBundle(Box::new(bundle)),
        &ctx,
    ) {
        Ok(Written::BundleImported(summary)) => println!("{summary}"),
        Ok(_) => return Err(CliError::Usage("the import wrote something else".into())),
        Err(AppError::Store(err)) => return Err(CliError::Store(err)),
        Err(other) => return Err(refused(other.to_string())),
    }
    Ok(0)
}
