//! Shared fixtures for the bundle tests: demo stores in temp dirs, a fixed export time.
#![allow(clippy::unwrap_used, clippy::panic)]
#![allow(dead_code)]

use std::path::Path;

use chrono::{DateTime, Utc};
use nhitrace::bundle::{self, Bundle};
use nhitrace::store::{OpenMode, Store};

/// The export time every test uses, so documents compare byte for byte.
pub fn created_at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub fn empty_store(dir: &Path, name: &str) -> Store {
    Store::open(&dir.join(name), OpenMode::CreateNew).unwrap()
}

/// A new store holding every demo case.
pub fn demo_store(dir: &Path, name: &str) -> Store {
    let mut store = empty_store(dir, name);
    nhitrace::demo::write_to(&mut store).unwrap();
    store
}

pub fn export_all(store: &Store) -> Bundle {
    bundle::export(store, &[], created_at()).unwrap()
}

pub fn references(store: &Store) -> Vec<String> {
    store
        .case_summaries()
        .unwrap()
        .into_iter()
        .map(|s| s.reference)
        .collect()
}

/// What a store holds, to show that a refused import wrote nothing: the case
/// references and the audit chain head (every write appends to the chain).
pub fn fingerprint(store: &Store) -> (Vec<String>, (u64, String)) {
    (references(store), store.chain_head().unwrap())
}
