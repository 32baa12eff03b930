//! YAML nodes to template values (Helm's `map[string]interface {}` / float64 model), deep copies,
//! and the side table from value paths to source ranges that the language server uses.

use std::collections::{BTreeMap, HashMap};

use cw_base::TextRange;
use cw_template::{Elem, Value};
use cw_yaml::{Node, Value as YValue};

/// Values never nest deeper than this here (YAML stops at 256 levels, `--set-json` and `--set`
/// list indexes at 1000); recursive walks stop beyond it instead of exhausting the stack.
pub const MAX_VALUE_DEPTH: usize = 2000;

/// The Go type name of the top-level `.Values`.
pub const VALUES_TYPE: &str = "common.Values";

/// Converts a loaded YAML node into the value Helm's templates see: maps are
/// `map[string]interface {}`, lists `[]interface {}`, numbers `float64`, `null` a nil.
pub fn node_to_value(node: &Node) -> Value {
    match &node.value {
        YValue::Null => Value::Nil,
        YValue::Bool(b) => Value::Bool(*b),
        YValue::Number(f) => Value::Float(*f),
        YValue::String(s) => Value::str(s),
        YValue::Seq(items) => Value::list(items.iter().map(node_to_value).collect()),
        YValue::Map(m) => Value::map(
            m.entries
                .iter()
                .map(|e| (e.key.clone(), node_to_value(&e.value)))
                .collect(),
        ),
    }
}

/// A fresh empty `map[string]interface {}`.
pub fn empty_map() -> Value {
    Value::map(BTreeMap::new())
}

/// True for a Go `map[string]interface {}` (Helm's `istable`). Named map types are not tables.
pub fn is_table(v: &Value) -> bool {
    match v {
        Value::Map(m) => {
            let m = m.read();
            m.name.is_none() && m.elem == Elem::Any
        }
        _ => false,
    }
}

/// A deep copy (Go's `copystructure.Copy`): new maps and lists all the way down.
pub fn deep_copy(v: &Value) -> Value {
    deep_copy_depth(v, 0)
}

fn deep_copy_depth(v: &Value, depth: usize) -> Value {
    if depth > MAX_VALUE_DEPTH {
        return Value::Nil;
    }
    match v {
        Value::Map(m) => {
            let m = m.read();
            let entries = m
                .entries
                .iter()
                .map(|(k, x)| (k.clone(), deep_copy_depth(x, depth + 1)))
                .collect();
            Value::typed_map(m.name.as_deref(), m.elem, entries)
        }
        Value::List(l) => {
            let items = l
                .items
                .iter()
                .map(|x| deep_copy_depth(x, depth + 1))
                .collect();
            Value::List(std::sync::Arc::new(cw_template::List {
                elem: l.elem,
                name: l.name.clone(),
                items,
                nil: l.nil,
            }))
        }
        other => other.clone(),
    }
}

/// The same entries seen as a `common.Values` (Helm converts `map[string]interface {}` to
/// `common.Values` without copying; nested maps stay shared here too).
pub fn as_values_type(v: &Value) -> Value {
    match v {
        Value::Map(m) => {
            let m = m.read();
            Value::typed_map(Some(VALUES_TYPE), Elem::Any, m.entries.clone())
        }
        _ => Value::typed_map(Some(VALUES_TYPE), Elem::Any, BTreeMap::new()),
    }
}

/// Where one value was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceSpan {
    /// The range of the mapping key (for list items, the item itself).
    pub key_range: TextRange,
    /// The range of the value.
    pub range: TextRange,
}

/// Side table from value paths to source ranges for one values file. Paths are JSON pointers
/// (RFC 6901: `/image/tag`, `/list/0/name`, `~0` for `~`, `~1` for `/`), the form values-schema
/// errors use for instance locations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValuesSource {
    /// The file the values were read from (`values.yaml`, `charts/sub/values.yaml`, `-f` path).
    pub file: String,
    spans: HashMap<String, SourceSpan>,
}

impl ValuesSource {
    /// Builds the table for a loaded document (each later document overrides earlier paths).
    pub fn new(file: impl Into<String>, documents: &[Node]) -> ValuesSource {
        let mut s = ValuesSource {
            file: file.into(),
            spans: HashMap::new(),
        };
        for d in documents {
            let mut path = String::new();
            s.spans.insert(
                String::new(),
                SourceSpan {
                    key_range: d.range,
                    range: d.range,
                },
            );
            s.walk(d, &mut path, 0);
        }
        s
    }

    fn walk(&mut self, node: &Node, path: &mut String, depth: usize) {
        if depth > cw_yaml::MAX_DEPTH + 2 {
            return;
        }
        match &node.value {
            YValue::Map(m) => {
                for e in &m.entries {
                    let len = path.len();
                    path.push('/');
                    push_pointer_segment(path, &e.key);
                    self.spans.insert(
                        path.clone(),
                        SourceSpan {
                            key_range: e.key_range,
                            range: e.value.range,
                        },
                    );
                    self.walk(&e.value, path, depth + 1);
                    path.truncate(len);
                }
            }
            YValue::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push('/');
                    path.push_str(&i.to_string());
                    self.spans.insert(
                        path.clone(),
                        SourceSpan {
                            key_range: item.range,
                            range: item.range,
                        },
                    );
                    self.walk(item, path, depth + 1);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// The span of the value at a JSON pointer (`""` is the document).
    pub fn get(&self, pointer: &str) -> Option<&SourceSpan> {
        self.spans.get(pointer)
    }

    /// The span of the value at a path of keys (list indexes as decimal strings).
    pub fn get_path(&self, path: &[&str]) -> Option<&SourceSpan> {
        self.spans.get(&pointer(path))
    }

    /// Number of recorded paths.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Every recorded (pointer, span), in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &SourceSpan)> {
        self.spans.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// A JSON pointer for a path of keys.
pub fn pointer(path: &[&str]) -> String {
    let mut out = String::new();
    for seg in path {
        out.push('/');
        push_pointer_segment(&mut out, seg);
    }
    out
}

fn push_pointer_segment(out: &mut String, seg: &str) {
    for c in seg.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}
