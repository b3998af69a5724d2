//! The audit chain: `hash = SHA-256(prev_hash ‖ content)`, where `content` is the JSON
//! object of a row's other fields with keys in sorted order and `change` embedded as
//! the exact stored text, so any byte changed anywhere in a row changes its hash.

use serde::Serialize;

use super::sha256_hex;

/// `prev_hash` of the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hashed content of one audit row, every field as stored. Fields are declared in
/// sorted order, which is the order serde_json writes them in.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct AuditContent<'a> {
    pub action: &'a str,
    pub at: &'a str,
    pub case_id: Option<i64>,
    pub change: &'a str,
    pub entity: &'a str,
    pub os_user: &'a str,
    pub seq: i64,
}

/// The hash a row with this content must carry after a row hashed `prev_hash`.
pub fn chain_hash(
    prev_hash: &str,
    content: &AuditContent<'_>,
) -> Result<String, serde_json::Error> {
    let content = serde_json::to_string(content)?;
    Ok(sha256_hex(format!("{prev_hash}{content}").as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(change: &str) -> AuditContent<'_> {
        AuditContent {
            action: "create_case",
            at: "2026-06-01T09:12:00Z",
            case_id: Some(1),
            change,
            entity: "case:1",
            os_user: "alice",
            seq: 1,
        }
    }

    #[test]
    fn the_hash_covers_the_previous_hash_and_every_field() {
        let base = chain_hash(GENESIS_HASH, &content("{}")).unwrap();
        assert_eq!(base.len(), 64);
        assert_ne!(chain_hash(&"1".repeat(64), &content("{}")).unwrap(), base);
        assert_ne!(
            chain_hash(GENESIS_HASH, &content("{\"a\":1}")).unwrap(),
            base
        );
        let mut other = content("{}");
        other.seq = 2;
        assert_ne!(chain_hash(GENESIS_HASH, &other).unwrap(), base);
    }

    #[test]
    fn the_content_is_hashed_as_sorted_compact_json() {
        let text = serde_json::to_string(&content("{}")).unwrap();
        assert_eq!(
            text,
            r#"{"action":"create_case","at":"2026-06-01T09:12:00Z","case_id":1,"change":"{}","entity":"case:1","os_user":"alice","seq":1}"#
        );
    }
}
