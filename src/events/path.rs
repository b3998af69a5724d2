//! Field paths into an event and the templates of the mapping table.
//!
//! A path is dot-separated: `requestParameters.userName`, `target.0.id` (a number
//! indexes an array). A template is text with fields in braces,
//! `Key {responseElements.accessKey.accessKeyId} created`; a field may list
//! alternatives, `{requestParameters.userName|userIdentity.userName}`, the first
//! present one wins. `@actor` and `@name` are the event's actor and name.

use serde_json::Value;

/// Looks up a dotted path.
pub(super) fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.')
        .try_fold(value, |value, segment| match value {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}

/// The text of a scalar at `path`; `None` when missing, null, empty or not a scalar.
pub(super) fn text_at(value: &Value, path: &str) -> Option<String> {
    lookup(value, path).and_then(scalar_text)
}

/// A scalar as one line of text: control characters written as `\u{..}` so the
/// entry stays one line (the raw bytes are kept in the evidence).
pub(super) fn scalar_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(text) => one_line(text),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        _ => return None,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn one_line(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// What a template can read besides the event's own fields.
pub(super) struct Context<'a> {
    pub event: &'a Value,
    pub actor: &'a str,
    pub name: &'a str,
}

impl Context<'_> {
    fn field(&self, path: &str) -> Option<String> {
        match path {
            "@actor" => Some(self.actor.to_string()),
            "@name" => Some(self.name.to_string()),
            _ => text_at(self.event, path),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    /// Alternative paths, first present wins.
    Field(Vec<String>),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Template {
    parts: Vec<Part>,
}

impl Template {
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| format!("`{{` without `}}` in `{text}`"))?;
            let field = &after[..close];
            if field.is_empty() || field.contains('{') || field.contains(' ') {
                return Err(format!("`{{{field}}}` is not a field path in `{text}`"));
            }
            parts.push(Part::Field(field.split('|').map(str::to_string).collect()));
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            return Err(format!("`}}` without `{{` in `{text}`"));
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Ok(Template { parts })
    }

    /// The text with every field filled; a field none of whose paths is present
    /// reads `(unknown)`.
    pub fn render(&self, context: &Context<'_>) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.clone(),
                Part::Field(paths) => first(context, paths).unwrap_or_else(|| "(unknown)".into()),
            })
            .collect()
    }

    /// The text with every field filled, or `None` when a field is missing
    /// (an asset is only pulled when its identifier is really there).
    pub fn render_complete(&self, context: &Context<'_>) -> Option<String> {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => Some(text.clone()),
                Part::Field(paths) => first(context, paths),
            })
            .collect()
    }
}

fn first(context: &Context<'_>, paths: &[String]) -> Option<String> {
    paths.iter().find_map(|path| context.field(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_fill_fields_and_alternatives() {
        let event = json!({"a": {"b": "x\ny"}, "list": [{"id": 7}], "n": null});
        let context = Context {
            event: &event,
            actor: "alice",
            name: "Op",
        };
        let template = Template::parse("{a.b} #{list.0.id} by {@actor} in {n|a.c|@name}");
        let template = template.unwrap_or(Template { parts: Vec::new() });
        assert_eq!(template.render(&context), "x\\u{a}y #7 by alice in Op");
        let missing = Template::parse("k {nope}").unwrap_or(Template { parts: Vec::new() });
        assert_eq!(missing.render(&context), "k (unknown)");
        assert_eq!(missing.render_complete(&context), None);
    }

    #[test]
    fn broken_templates_are_refused() {
        assert!(Template::parse("a {b").is_err());
        assert!(Template::parse("a b}").is_err());
        assert!(Template::parse("a {}").is_err());
    }
}
