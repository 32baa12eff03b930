//! `GoValue`: a Go value as the template engine hands it to Helm's YAML/JSON functions, and
//! encoding/json's `Marshal` of it.

use crate::gofmt::format_json_float;
use crate::node::{Node, Value};

/// A Go value (`interface{}`) as Helm functions receive it: values-file data after the JSON
/// round trip (`float64`, `string`, `bool`, `nil`, `[]interface{}`, `map[string]interface{}`),
/// or template literals (`int`).
#[derive(Clone, Debug, PartialEq)]
pub enum GoValue {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    String(String),
    /// A Go `time.Time`, as its `time.RFC3339Nano` text: `encoding/json` (and so `toYaml`,
    /// which goes through JSON as sigs.k8s.io/yaml does) writes it as a string; go-yaml v3
    /// (`toYamlPretty`) writes it as a plain timestamp scalar.
    Time(String),
    Seq(Vec<GoValue>),
    /// A Go map. Entry order is irrelevant (every encoder sorts keys); a repeated key keeps the
    /// last value.
    Map(Vec<(String, GoValue)>),
    /// A Go struct: its fields, under the names the encoder at hand gives them, in declaration
    /// order, which `encoding/json` and go-yaml v3 keep. Through JSON (`toYaml`,
    /// sigs.k8s.io/yaml) it becomes a map and is sorted.
    Struct(Vec<(String, GoValue)>),
}

impl GoValue {
    /// The value Helm's templates see for a loaded node (numbers are `float64`).
    pub fn from_node(node: &Node) -> GoValue {
        match &node.value {
            Value::Null => GoValue::Null,
            Value::Bool(b) => GoValue::Bool(*b),
            Value::Number(f) => GoValue::Float(*f),
            Value::String(s) => GoValue::String(s.clone()),
            Value::Seq(items) => GoValue::Seq(items.iter().map(GoValue::from_node).collect()),
            Value::Map(m) => GoValue::Map(
                m.entries
                    .iter()
                    .map(|e| (e.key.clone(), GoValue::from_node(&e.value)))
                    .collect(),
            ),
        }
    }
}

impl From<&Node> for GoValue {
    fn from(node: &Node) -> GoValue {
        GoValue::from_node(node)
    }
}

/// Map entries with later duplicates winning, sorted by `cmp`.
pub(crate) fn unique_entries(entries: &[(String, GoValue)]) -> Vec<(&str, &GoValue)> {
    let mut out: Vec<(&str, &GoValue)> = Vec::with_capacity(entries.len());
    let mut seen = std::collections::HashMap::new();
    for (k, v) in entries {
        match seen.get(k.as_str()) {
            Some(&i) => out[i] = (k.as_str(), v),
            None => {
                seen.insert(k.as_str(), out.len());
                out.push((k.as_str(), v));
            }
        }
    }
    out
}

/// Go encoding/json string escaping (with HTML escaping, as `json.Marshal` does).
pub(crate) fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn marshal(out: &mut String, v: &GoValue, depth: usize) -> Result<(), String> {
    if depth > 1000 {
        return Err("json: unsupported value: encountered a cycle".into());
    }
    match v {
        GoValue::Null => out.push_str("null"),
        GoValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        GoValue::Int(i) => out.push_str(&i.to_string()),
        GoValue::Uint(u) => out.push_str(&u.to_string()),
        GoValue::Float(f) => match format_json_float(*f) {
            Some(s) => out.push_str(&s),
            None => {
                return Err(format!(
                    "json: unsupported value: {}",
                    crate::gofmt::format_float_g(*f, 64)
                ))
            }
        },
        GoValue::String(s) | GoValue::Time(s) => json_string(out, s),
        GoValue::Seq(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                marshal(out, x, depth + 1)?;
            }
            out.push(']');
        }
        GoValue::Map(entries) | GoValue::Struct(entries) => {
            let mut entries = unique_entries(entries);
            if matches!(v, GoValue::Map(_)) {
                entries.sort_by(|a, b| a.0.cmp(b.0));
            }
            out.push('{');
            for (i, (k, x)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(out, k);
                out.push(':');
                marshal(out, x, depth + 1)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// Go's `json.Marshal`, or its error text (`json: unsupported value: +Inf`).
pub fn try_go_json_marshal(v: &GoValue) -> Result<String, String> {
    let mut out = String::new();
    marshal(&mut out, v, 0)?;
    Ok(out)
}

/// What go-yaml v2 decodes from `json.Marshal(v)` (sigs.k8s.io/yaml `JSONToYAML`'s first step),
/// computed per value: numbers are re-resolved from their JSON text, maps lose duplicate keys.
/// `None` where `json.Marshal` fails (NaN, infinities) and for values nested deeper than
/// [`crate::MAX_DEPTH`] (which the loader would refuse to read back).
pub(crate) fn json_round_trip(v: &GoValue) -> Option<GoValue> {
    round_trip(v, 0)
}

fn round_trip(v: &GoValue, depth: usize) -> Option<GoValue> {
    if depth > crate::MAX_DEPTH {
        return None;
    }
    Some(match v {
        GoValue::Float(f) => {
            let text = format_json_float(*f)?;
            match crate::resolve::resolve("", &text) {
                Ok(crate::resolve::Scalar::Int(i)) => GoValue::Int(i),
                Ok(crate::resolve::Scalar::Uint(u)) => GoValue::Uint(u),
                Ok(crate::resolve::Scalar::Float(f)) => GoValue::Float(f),
                _ => GoValue::Float(*f),
            }
        }
        GoValue::Time(s) => GoValue::String(s.clone()),
        GoValue::Seq(items) => GoValue::Seq(
            items
                .iter()
                .map(|x| round_trip(x, depth + 1))
                .collect::<Option<Vec<_>>>()?,
        ),
        GoValue::Map(entries) | GoValue::Struct(entries) => GoValue::Map(
            unique_entries(entries)
                .into_iter()
                .map(|(k, x)| Some((k.to_string(), round_trip(x, depth + 1)?)))
                .collect::<Option<Vec<_>>>()?,
        ),
        other => other.clone(),
    })
}
