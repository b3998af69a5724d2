//! The mapping table: `assets/event_map.conf`, compiled in.
//!
//! One line per source and event name:
//!
//! ```text
//! source | event name[field=value,...] | entry kind | summary template | assets
//! ```
//!
//! `assets` is `-` or `;`-separated `kind identifier-template [as name-template]`.
//! The first line whose name and conditions match an event is used, so a line
//! with conditions goes before the plain line of the same name.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use super::Source;
use super::path::{Template, text_at};
use crate::domain::{AssetKind, EntryKind};

const TABLE: &str = include_str!("../../assets/event_map.conf");

/// An asset a rule pulls from an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AssetSpec {
    pub kind: AssetKind,
    pub identifier: Template,
    pub name: Option<Template>,
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingRule {
    pub source: Source,
    pub name: String,
    /// `field = value` that must all hold.
    pub conditions: Vec<(String, String)>,
    pub kind: EntryKind,
    pub(super) summary: Template,
    pub(super) assets: Vec<AssetSpec>,
    /// Line number in `assets/event_map.conf`.
    pub line: usize,
}

impl MappingRule {
    fn matches(&self, event: &Value) -> bool {
        self.conditions
            .iter()
            .all(|(path, value)| text_at(event, path).as_deref() == Some(value.as_str()))
    }
}

pub(super) struct Table {
    rules: Vec<MappingRule>,
    by_name: HashMap<(Source, String), Vec<usize>>,
}

impl Table {
    /// The first rule for this event, if the table maps it.
    pub fn rule(&self, source: Source, name: &str, event: &Value) -> Option<&MappingRule> {
        self.by_name
            .get(&(source, name.to_string()))?
            .iter()
            .map(|&i| &self.rules[i])
            .find(|rule| rule.matches(event))
    }
}

/// The compiled-in table, parsed once. An error names the line (tested to be none).
pub(super) fn table() -> Result<&'static Table, String> {
    static TABLE_CELL: OnceLock<Result<Table, String>> = OnceLock::new();
    TABLE_CELL
        .get_or_init(|| parse(TABLE))
        .as_ref()
        .map_err(Clone::clone)
}

/// Every rule of the compiled-in table, in file order.
pub fn mapping_rules() -> Result<&'static [MappingRule], String> {
    table().map(|t| t.rules.as_slice())
}

fn parse(text: &str) -> Result<Table, String> {
    let mut rules = Vec::new();
    let mut by_name: HashMap<(Source, String), Vec<usize>> = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let rule = parse_line(line, number + 1)
            .map_err(|e| format!("assets/event_map.conf:{}: {e}", number + 1))?;
        by_name
            .entry((rule.source, rule.name.clone()))
            .or_default()
            .push(rules.len());
        rules.push(rule);
    }
    Ok(Table { rules, by_name })
}

fn parse_line(line: &str, number: usize) -> Result<MappingRule, String> {
    let columns: Vec<&str> = line.split(" | ").map(str::trim).collect();
    let [source, event, kind, summary, assets] = columns.as_slice() else {
        return Err(format!(
            "expected 5 columns separated by ` | `, found {}",
            columns.len()
        ));
    };
    let source = Source::parse(source).ok_or_else(|| format!("unknown source `{source}`"))?;
    let (name, conditions) = parse_event(event)?;
    let kind: EntryKind = kind.parse().map_err(|e| format!("{e}"))?;
    let summary = Template::parse(summary)?;
    let assets = if *assets == "-" {
        Vec::new()
    } else {
        assets
            .split(';')
            .map(parse_asset)
            .collect::<Result<Vec<_>, _>>()?
    };
    Ok(MappingRule {
        source,
        name,
        conditions,
        kind,
        summary,
        assets,
        line: number,
    })
}

/// `Name` or `Name[field=value,field=value]`.
fn parse_event(text: &str) -> Result<(String, Vec<(String, String)>), String> {
    let Some((name, rest)) = text.split_once('[') else {
        return Ok((text.to_string(), Vec::new()));
    };
    let inner = rest
        .strip_suffix(']')
        .ok_or_else(|| format!("`{text}`: conditions must end with `]`"))?;
    let conditions = inner
        .split(',')
        .map(|condition| {
            condition
                .split_once('=')
                .map(|(path, value)| (path.trim().to_string(), value.trim().to_string()))
                .ok_or_else(|| format!("`{condition}` is not `field=value`"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((name.trim().to_string(), conditions))
}

fn parse_asset(text: &str) -> Result<AssetSpec, String> {
    let text = text.trim();
    let (kind, rest) = text
        .split_once(' ')
        .ok_or_else(|| format!("asset `{text}` needs a kind and an identifier"))?;
    let kind: AssetKind = kind.parse().map_err(|e| format!("{e}"))?;
    let (identifier, name) = match rest.split_once(" as ") {
        Some((identifier, name)) => (identifier, Some(Template::parse(name.trim())?)),
        None => (rest, None),
    };
    Ok(AssetSpec {
        kind,
        identifier: Template::parse(identifier.trim())?,
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_table_parses() {
        let table = table();
        assert!(table.is_ok(), "{:?}", table.err());
        let rules = mapping_rules().unwrap_or_default();
        assert!(rules.len() > 30, "{}", rules.len());
        for source in Source::ALL {
            assert!(rules.iter().any(|r| r.source == source), "{source}");
        }
    }

    #[test]
    fn conditions_choose_between_lines_of_one_name() {
        let table = parse(concat!(
            "cloudtrail | Op[a.b=x] | revocation | A | -\n",
            "cloudtrail | Op | change_applied | B | access_key {id} as key {id}\n",
        ));
        let Ok(table) = table else {
            panic!("{:?}", table.err())
        };
        let x = serde_json::json!({"a": {"b": "x"}});
        let y = serde_json::json!({"a": {"b": "y"}});
        let kind = |event| table.rule(Source::CloudTrail, "Op", event).map(|r| r.kind);
        assert_eq!(kind(&x), Some(EntryKind::Revocation));
        assert_eq!(kind(&y), Some(EntryKind::ChangeApplied));
        assert!(table.rule(Source::GitHub, "Op", &x).is_none());
    }

    #[test]
    fn bad_lines_are_named() {
        let error = |text: &str| parse(text).err().unwrap_or_default();
        assert_eq!(
            error("# c\ncloudtrail | Op | change_applied | x"),
            "assets/event_map.conf:2: expected 5 columns separated by ` | `, found 4"
        );
        assert!(error("aws | Op | note | x | -").contains("unknown source `aws`"));
        assert!(error("gcp | Op | noted | x | -").contains("unknown entry kind `noted`"));
        assert!(error("gcp | Op | note | x | key {a}").contains("unknown asset kind `key`"));
    }
}
