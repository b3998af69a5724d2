//! `nhitrace export [REF...] -o FILE` and `nhitrace import FILE`.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::args::StoreArgs;
use super::{CliError, open};
use crate::bundle::{self, BundleError};
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
        output.display()
    );
    Ok(0)
}

pub(super) fn import(store: &StoreArgs, file: &Path) -> Result<u8, CliError> {
    let bytes =
        std::fs::read(file).map_err(|e| CliError::Io(format!("{}: {e}", file.display())))?;
    let path = open::store_path(store)?;
    let mut store = Store::open(&path, open::mode(store))?;
    let summary = bundle::import_document(&mut store, &bytes).map_err(|e| match e {
        BundleError::Store(err) => CliError::Store(err),
        other => CliError::Usage(format!("{}: {other}", file.display())),
    })?;
    println!("{summary}");
    Ok(0)
}
