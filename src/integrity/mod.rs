//! What the store and the bundles prove their bytes with, in one place: canonical
//! JSON, SHA-256 in hex, and the hash that chains one audit row to the one before.
//!
//! No I/O and no SQL: the store, `verify` and the bundle reader and writer all hash
//! through these functions, so a row or a case hashes the same wherever it is checked.

mod canonical;
mod chain;

pub use canonical::{canonical_json, canonical_sha256, sha256_hex, to_value};
pub use chain::{AuditContent, GENESIS_HASH, chain_hash};
