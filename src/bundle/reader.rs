//! Reading a `serde_json::Value` field by field, so every failure names its JSON
//! path (`$.cases[2].evidence[0].sha256`) and what was wrong there.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::BundleError;
use crate::domain::UnknownLabel;

pub(crate) type Read<T> = Result<T, BundleError>;

/// How a JSON value is described in a message: "a string", "an object", ...
pub(crate) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected(path: &str, what: &str, found: &Value) -> BundleError {
    BundleError::invalid(path, format!("expected {what}, found {}", describe(found)))
}

/// The items of an array at `path`.
fn array<'a>(value: &'a Value, path: &str) -> Read<&'a [Value]> {
    value
        .as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| expected(path, "an array", value))
}

/// A JSON object at a known path that only admits the `known` keys.
pub(crate) struct Obj<'a> {
    pub path: String,
    map: &'a Map<String, Value>,
}

impl<'a> Obj<'a> {
    /// Refuses a non-object and any key not in `known` (so nothing is silently dropped).
    pub fn new(value: &'a Value, path: impl Into<String>, known: &[&str]) -> Read<Obj<'a>> {
        let path = path.into();
        let map = value
            .as_object()
            .ok_or_else(|| expected(&path, "an object", value))?;
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        if let Some(unknown) = keys.into_iter().find(|k| !known.contains(&k.as_str())) {
            return Err(BundleError::invalid(
                format!("{path}.{unknown}"),
                format!("unknown field (expected one of: {})", known.join(", ")),
            ));
        }
        Ok(Obj { path, map })
    }

    pub fn at(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }

    /// The value of an optional field; absent and `null` are both `None`.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub fn required(&self, key: &str) -> Read<&'a Value> {
        self.get(key)
            .ok_or_else(|| BundleError::invalid(self.at(key), "missing"))
    }

    pub fn object(&self, key: &str, known: &[&str]) -> Read<Obj<'a>> {
        Obj::new(self.required(key)?, self.at(key), known)
    }

    pub fn opt_object(&self, key: &str, known: &[&str]) -> Read<Option<Obj<'a>>> {
        self.get(key)
            .map(|v| Obj::new(v, self.at(key), known))
            .transpose()
    }

    pub fn array(&self, key: &str) -> Read<&'a [Value]> {
        array(self.required(key)?, &self.at(key))
    }

    pub fn string(&self, key: &str) -> Read<String> {
        let value = self.required(key)?;
        as_string(value, &self.at(key))
    }

    pub fn opt_string(&self, key: &str) -> Read<Option<String>> {
        self.get(key)
            .map(|v| as_string(v, &self.at(key)))
            .transpose()
    }

    /// A string that may be absent, read as empty.
    pub fn string_or_empty(&self, key: &str) -> Read<String> {
        Ok(self.opt_string(key)?.unwrap_or_default())
    }

    /// A list of strings that may be absent, read as empty.
    pub fn strings(&self, key: &str) -> Read<Vec<String>> {
        let Some(value) = self.get(key) else {
            return Ok(Vec::new());
        };
        let path = self.at(key);
        array(value, &path)?
            .iter()
            .enumerate()
            .map(|(i, v)| as_string(v, &format!("{path}[{i}]")))
            .collect()
    }

    pub fn time(&self, key: &str) -> Read<DateTime<Utc>> {
        as_time(self.required(key)?, &self.at(key))
    }

    pub fn opt_time(&self, key: &str) -> Read<Option<DateTime<Utc>>> {
        self.get(key).map(|v| as_time(v, &self.at(key))).transpose()
    }

    pub fn label<T: FromStr<Err = UnknownLabel>>(&self, key: &str) -> Read<T> {
        as_label(self.required(key)?, &self.at(key))
    }

    pub fn opt_label<T: FromStr<Err = UnknownLabel>>(&self, key: &str) -> Read<Option<T>> {
        self.get(key)
            .map(|v| as_label(v, &self.at(key)))
            .transpose()
    }

    pub fn unsigned(&self, key: &str) -> Read<u64> {
        let value = self.required(key)?;
        value
            .as_u64()
            .ok_or_else(|| expected(&self.at(key), "a non-negative integer", value))
    }

    /// A local id: a positive integer.
    pub fn id(&self, key: &str) -> Read<i64> {
        as_id(self.required(key)?, &self.at(key))
    }

    pub fn opt_id(&self, key: &str) -> Read<Option<i64>> {
        self.get(key).map(|v| as_id(v, &self.at(key))).transpose()
    }
}

fn as_string(value: &Value, path: &str) -> Read<String> {
    value
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| expected(path, "a string", value))
}

fn as_time(value: &Value, path: &str) -> Read<DateTime<Utc>> {
    let text = value
        .as_str()
        .ok_or_else(|| expected(path, "an RFC 3339 time string", value))?;
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|err| BundleError::invalid(path, format!("not an RFC 3339 time {text:?}: {err}")))
}

fn as_label<T: FromStr<Err = UnknownLabel>>(value: &Value, path: &str) -> Read<T> {
    let text = value
        .as_str()
        .ok_or_else(|| expected(path, "a string", value))?;
    text.parse().map_err(|err: UnknownLabel| {
        BundleError::invalid(
            path,
            format!(
                "unknown {} {:?} (expected one of: {})",
                err.vocabulary, err.value, err.expected
            ),
        )
    })
}

fn as_id(value: &Value, path: &str) -> Read<i64> {
    value
        .as_i64()
        .filter(|id| *id > 0)
        .ok_or_else(|| expected(path, "a positive integer id", value))
}
