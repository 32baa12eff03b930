//! How values are shown: the short form of a computed value (scalars as Helm prints them, maps
//! and lists abbreviated), the short form of a key's value as written in a values file, and the
//! type names used in completion details.

use cw_template::Value;
use cw_yaml::{Node, Value as YValue};

use crate::{ChartAnalysis, ValuesFileInfo};

const MAX_SHORT: usize = 40;

/// Follows a path of map keys in a computed value.
pub(crate) fn lookup(v: &Value, path: &[String]) -> Option<Value> {
    let mut cur = v.clone();
    for seg in path {
        let next = match &cur {
            Value::Map(m) => m.read().lookup(seg).cloned()?,
            _ => return None,
        };
        cur = next;
    }
    Some(cur)
}

fn truncate(s: &str) -> String {
    let one_line = s.lines().next().unwrap_or("");
    if one_line.chars().count() > MAX_SHORT || one_line.len() < s.len() {
        let cut: String = one_line.chars().take(MAX_SHORT).collect();
        format!("{cut}…")
    } else {
        one_line.to_string()
    }
}

fn keys_label(n: usize) -> String {
    match n {
        0 => "{}".into(),
        1 => "{…1 key}".into(),
        n => format!("{{…{n} keys}}"),
    }
}

fn items_label(n: usize) -> String {
    match n {
        0 => "[]".into(),
        1 => "[…1 item]".into(),
        n => format!("[…{n} items]"),
    }
}

/// A computed value in short form: what `{{ }}` prints for scalars, `{…3 keys}` for maps.
pub(crate) fn short_value(v: &Value) -> String {
    match v {
        Value::Map(m) => keys_label(m.len()),
        Value::List(l) => items_label(l.items.len()),
        Value::Nil => "null".into(),
        other => truncate(&cw_template::fmt::sprint(std::slice::from_ref(other))),
    }
}

/// The short Go-ish type of a computed value.
pub(crate) fn value_type(v: &Value) -> &'static str {
    match v {
        Value::Map(_) => "map",
        Value::List(_) => "list",
        Value::Nil => "null",
        Value::Bool(_) => "bool",
        Value::String(_) => "string",
        Value::Float(_) | Value::Int(_) | Value::Int64(_) | Value::Uint64(_) => "number",
        _ => "value",
    }
}

/// The short type of a YAML node.
pub(crate) fn node_type(n: &Node) -> &'static str {
    match &n.value {
        YValue::Map(_) => "map",
        YValue::Seq(_) => "list",
        YValue::Null => "null",
        YValue::Bool(_) => "bool",
        YValue::String(_) => "string",
        YValue::Number(_) => "number",
    }
}

/// A node's value in short form, as written in its file for scalars.
pub(crate) fn short_node(file: &ValuesFileInfo, n: &Node) -> String {
    match &n.value {
        YValue::Map(m) => keys_label(m.len()),
        YValue::Seq(s) => items_label(s.len()),
        _ => {
            let r = n.range.to_usize();
            match file.text.get(r) {
                Some(t) if !t.trim().is_empty() => truncate(t.trim()),
                _ => "null".into(),
            }
        }
    }
}

/// The node at a path of a values file (list items by their index).
pub(crate) fn file_node<'a>(file: &'a ValuesFileInfo, path: &[String]) -> Option<&'a Node> {
    let mut n = file.yaml.root.as_ref()?;
    for seg in path {
        n = match &n.value {
            YValue::Seq(items) => items.get(seg.parse::<usize>().ok()?)?,
            _ => n.as_map()?.get(seg)?,
        };
    }
    Some(n)
}

/// A path in a values file as written for people: `items[0].name`.
pub(crate) fn file_path_label(file: &ValuesFileInfo, path: &[String]) -> String {
    let mut out = String::new();
    let mut n = file.yaml.root.as_ref();
    for seg in path {
        let is_index = matches!(n.map(|n| &n.value), Some(YValue::Seq(_)));
        if is_index {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
        n = n.and_then(|n| match &n.value {
            YValue::Seq(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => n.as_map()?.get(seg),
        });
    }
    out
}

/// Every value at a path of a computed value, an element segment standing for each item of a
/// list and each value of a map.
pub(crate) fn lookup_all(v: &Value, path: &[String]) -> Vec<Value> {
    let mut cur = vec![v.clone()];
    for seg in path {
        let mut next = Vec::new();
        for v in &cur {
            match v {
                Value::Map(m) if seg == super::index::ELEM => {
                    next.extend(m.read().entries.values().cloned())
                }
                Value::List(l) if seg == super::index::ELEM => next.extend(l.items.iter().cloned()),
                Value::Map(m) => next.extend(m.read().lookup(seg).cloned()),
                _ => {}
            }
            if next.len() > 10_000 {
                break;
            }
        }
        cur = next;
    }
    cur
}

/// The name a values file is shown by: its path relative to the root chart.
pub(crate) fn file_label(chart: &ChartAnalysis, file: &ValuesFileInfo) -> String {
    file.path
        .strip_prefix(&chart.root)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| file.path.to_string_lossy().into_owned())
}
