//! Seeded property tests over what people and files feed nhitrace: the date grammar,
//! config lines and mutated bundles. Fixed seeds, a few hundred cases each, fast in a
//! debug build. Each asserts no panic and either a clear error or a consistent
//! success; a refused import leaves the store's files byte-identical.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use chrono::{DateTime, Datelike, FixedOffset, Utc};
use nhitrace::bundle;
use nhitrace::config::{Config, MAX_FILE_BYTES, STALE_AFTER_DAYS};
use nhitrace::input::parse_when;
use nhitrace::rules::{self, RuleConfig};
use nhitrace::store::{OpenMode, Store};
use serde_json::Value;

/// xorshift64*: tiny, seeded, good enough to pick pieces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn number(&mut self) -> String {
        match self.below(6) {
            0 => "0".into(),
            1 => u64::MAX.to_string(),
            2 => i64::MAX.to_string(),
            3 => "99999999999999999999999999".into(),
            4 => format!("-{}", self.next() % 1000),
            _ => (self.next() % 10u64.pow(self.below(16) as u32 + 1)).to_string(),
        }
    }
}

fn now() -> DateTime<Utc> {
    "2026-06-02T10:30:00Z".parse().unwrap()
}

/// A case that failed, with what it was, so a failure can be reproduced.
fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => value,
        Err(_) => panic!("panicked on {what}"),
    }
}

fn date_text(rng: &mut Rng) -> String {
    let units = [
        "m", "min", "minutes", "h", "hour", "hours", "d", "day", "days", "weeks", "",
    ];
    let days = ["today", "yesterday", "now", "TODAY", "Yesterday"];
    match rng.below(6) {
        0 => format!("{} {} ago", rng.number(), rng.pick(&units)),
        1 => format!("{}{} ago", rng.number(), rng.pick(&units)),
        2 => format!(
            "{} {:02}:{:02}",
            rng.pick(&days),
            rng.below(30),
            rng.below(70)
        ),
        3 => {
            let year = match rng.below(4) {
                0 => rng.number(),
                1 => format!("{:04}", rng.below(10_000)),
                2 => "+275760".into(),
                _ => "1970".into(),
            };
            let zone = rng.pick(&["Z", "+14:00", "-12:00", "+23:59", "", "+99:00"]);
            format!(
                "{year}-{:02}-{:02}T{:02}:{:02}:{:02}{zone}",
                rng.below(14),
                rng.below(33),
                rng.below(25),
                rng.below(61),
                rng.below(62)
            )
        }
        4 => format!("{:04}-12-31 23:59", 9990 + rng.below(20)),
        _ => {
            // Arbitrary characters, some multi-byte.
            let pieces = [
                "é", "ago", " ", "9", "-", ":", "T", "\u{202E}", "\0", "days",
            ];
            (0..rng.below(12)).map(|_| rng.pick(&pieces)).collect()
        }
    }
}

#[test]
fn the_date_grammar_never_panics_and_stays_in_range() {
    let mut rng = Rng(0x5EED_0001);
    let zones = [
        FixedOffset::east_opt(0).unwrap(),
        FixedOffset::east_opt(14 * 3600).unwrap(),
        FixedOffset::west_opt(12 * 3600).unwrap(),
    ];
    for _ in 0..600 {
        let text = date_text(&mut rng);
        let zone = zones[rng.below(zones.len())];
        let result = no_panic(&format!("{text:?}"), || parse_when(&text, now(), &zone));
        match result {
            Ok(at) => {
                assert!((1970..=9999).contains(&at.year()), "{text:?} -> {at}");
                assert_eq!(parse_when(&text, now(), &zone), Ok(at), "{text:?}");
            }
            Err(message) => assert!(!message.is_empty(), "{text:?}"),
        }
    }
}

#[test]
fn config_lines_never_panic_and_accepted_values_are_in_range() {
    let mut rng = Rng(0x5EED_0002);
    let sections = ["[rules]", "[evidence]", "[keys]", "[colours]", "[rules", ""];
    let names = [
        "stale_after_days",
        "max_file_bytes",
        "quit",
        "stale_days",
        "",
    ];
    for _ in 0..500 {
        let mut text = String::new();
        for _ in 0..rng.below(5) + 1 {
            text.push_str(rng.pick(&sections));
            text.push('\n');
            let value = match rng.below(3) {
                0 => rng.number(),
                1 => format!("{}_{}", rng.number(), rng.below(1000)),
                _ => rng
                    .pick(&["q, ctrl-c", "é", "", "1e9", "0x10", " 14 # two weeks"])
                    .to_string(),
            };
            text.push_str(&format!("{} = {value}\n", rng.pick(&names)));
        }
        let mut config = Config::default();
        let result = no_panic(&format!("{text:?}"), || config.apply(&text, "fuzz.conf"));
        match result {
            Ok(()) => {
                assert!(
                    STALE_AFTER_DAYS.contains(&config.rules.stale_after_days),
                    "{text}"
                );
                let bytes = i64::try_from(config.evidence_max_bytes).unwrap();
                assert!(MAX_FILE_BYTES.contains(&bytes), "{text}");
            }
            Err(err) => {
                let lines = text.lines().count();
                assert!((1..=lines).contains(&err.line), "{text:?}: {err}");
                assert!(
                    err.to_string()
                        .starts_with(&format!("fuzz.conf:{}: ", err.line))
                );
            }
        }
    }
}

/// The bytes of every file of the store (main file and its WAL).
fn store_files(db: &Path) -> Vec<Option<Vec<u8>>> {
    ["", "-wal"]
        .iter()
        .map(|suffix| std::fs::read(format!("{}{suffix}", db.display())).ok())
        .collect()
}

/// One mutation of a valid bundle: bytes flipped, cut or inserted, or a JSON value
/// replaced somewhere in the tree.
fn mutate(rng: &mut Rng, good: &[u8], tree: &Value) -> (String, Vec<u8>) {
    let mut bytes = good.to_vec();
    match rng.below(4) {
        0 => {
            let at = rng.below(bytes.len());
            bytes[at] ^= 1 << rng.below(8);
            (format!("flip byte {at}"), bytes)
        }
        1 => {
            let at = rng.below(bytes.len());
            let len = rng.below(16) + 1;
            bytes.drain(at..(at + len).min(bytes.len()));
            (format!("delete {len} at {at}"), bytes)
        }
        2 => {
            let at = rng.below(bytes.len());
            let junk = rng.pick(&["\"", "}", "[", "\\u0000", "é", ",", "9e999", "\u{202E}"]);
            bytes.splice(at..at, junk.bytes());
            (format!("insert {junk:?} at {at}"), bytes)
        }
        _ => {
            let mut tree = tree.clone();
            let path = replace_somewhere(rng, &mut tree);
            (
                format!("replace {path}"),
                serde_json::to_vec(&tree).unwrap(),
            )
        }
    }
}

fn replace_somewhere(rng: &mut Rng, tree: &mut Value) -> String {
    let mut path = String::from("$");
    let mut node = tree;
    loop {
        let children = match node {
            Value::Object(map) => map.len(),
            Value::Array(items) => items.len(),
            _ => 0,
        };
        if children == 0 || rng.below(4) == 0 {
            break;
        }
        let index = rng.below(children);
        node = match node {
            Value::Object(map) => {
                let key = map.keys().nth(index).unwrap().clone();
                path.push_str(&format!(".{key}"));
                map.get_mut(&key).unwrap()
            }
            Value::Array(items) => {
                path.push_str(&format!("[{index}]"));
                &mut items[index]
            }
            _ => unreachable!(),
        };
    }
    let replacements = [
        Value::Null,
        Value::Bool(true),
        Value::from(i64::MAX),
        Value::from(-1),
        Value::from(u64::MAX),
        Value::from(1.5e300),
        Value::from(""),
        Value::from("9999-12-31T23:59:59Z"),
        Value::from("0000-01-01T00:00:00Z"),
        Value::from("+275760-01-01T00:00:00Z"),
        Value::from("\u{1b}]0;owned\u{7}"),
        Value::from("x".repeat(5000)),
        Value::Array(vec![]),
        serde_json::json!({}),
    ];
    *node = replacements[rng.below(replacements.len())].clone();
    path
}

#[test]
fn mutated_bundles_are_refused_cleanly_or_imported_consistently() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.db");
    let mut source = Store::open(&demo, OpenMode::CreateNew).unwrap();
    nhitrace::demo::write_to(&mut source).unwrap();
    let refs: Vec<String> = source
        .case_summaries()
        .unwrap()
        .iter()
        .take(2)
        .map(|c| c.reference.clone())
        .collect();
    let good = bundle::to_json(&bundle::export(&source, &refs, now()).unwrap()).into_bytes();
    let tree: Value = serde_json::from_slice(&good).unwrap();

    let mut rng = Rng(0x5EED_0003);
    let (mut refused, mut imported) = (0, 0);
    for round in 0..300 {
        // A fresh target now and then, so accepted mutations do not pile up.
        let db = dir.path().join(format!("target-{}.db", round / 50));
        let mut store = Store::open(&db, OpenMode::ReadWrite).unwrap();
        let (what, bytes) = mutate(&mut rng, &good, &tree);
        let before = store_files(&db);
        let result = no_panic(&what, || bundle::import_document(&mut store, &bytes));
        match result {
            Err(err) => {
                refused += 1;
                assert!(!err.to_string().is_empty(), "{what}");
                assert_eq!(
                    store_files(&db),
                    before,
                    "{what}: a refused import changed the store"
                );
            }
            Ok(_) => {
                imported += 1;
                // Consistent: the store verifies, every record reads back and the rules
                // run on it, and the same bundle again changes nothing.
                assert!(store.verify().unwrap().is_ok(), "{what}");
                for record in store.all_records().unwrap() {
                    no_panic(&what, || {
                        rules::evaluate(&record, now(), &RuleConfig::default())
                    });
                }
                let again = no_panic(&what, || bundle::import_document(&mut store, &bytes));
                assert!(again.is_ok(), "{what}: a second import failed: {again:?}");
            }
        }
    }
    assert!(
        refused > 100 && imported > 0,
        "refused {refused}, imported {imported}"
    );
}
