//! The loaded value model: Helm's JSON-normalised values, with a byte range on every key and value.

use cw_base::TextRange;

/// A loaded value with the byte range it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Byte range of the value in the source text (for a collection, from its first to its last
    /// byte; for a scalar, the scalar including its quotes).
    pub range: TextRange,
    /// For scalars: the text exactly as written (without quotes, escapes resolved) and its style.
    /// sigs.k8s.io/yaml keeps this text when the target Go field is a string (Chart.yaml's
    /// `version: 1.10` is the string "1.10", not the number 1.1). `None` for collections.
    pub scalar: Option<(String, ScalarStyle)>,
}

/// Helm's value model after the YAML → JSON round trip: every number is a float64, keys are
/// strings, and map entries keep source order (lookups and emitters sort as Go does).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Mapping),
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// A mapping with unique string keys in source order. A duplicate key replaces the earlier entry
/// (last wins, as go-yaml v2 does) and is reported separately as a warning.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mapping {
    pub entries: Vec<Entry>,
}

/// One key and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key after YAML 1.1 resolution and stringification (`on:` becomes `"true"`).
    pub key: String,
    /// Byte range of the key as written.
    pub key_range: TextRange,
    pub value: Node,
}

impl Mapping {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Mapping> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// Follows a path of map keys.
    pub fn get_path<'a>(&'a self, path: &[&str]) -> Option<&'a Node> {
        let mut node = self;
        for key in path {
            node = node.as_map()?.get(key)?;
        }
        Some(node)
    }

    /// The Go type name Helm reports for this value after the JSON round trip
    /// (`float64`, `string`, `bool`, `[]interface {}`, `map[string]interface {}`, `<nil>`).
    pub fn go_type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "<nil>",
            Value::Bool(_) => "bool",
            Value::Number(_) => "float64",
            Value::String(_) => "string",
            Value::Seq(_) => "[]interface {}",
            Value::Map(_) => "map[string]interface {}",
        }
    }
}

/// What went wrong while loading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// The text is not YAML (go-yaml would refuse it); loading stopped at `range`.
    Syntax,
    /// YAML that Helm refuses after parsing: `.inf`/`.nan` (not representable in JSON), a null
    /// or collection key, an unknown alias, an alias bomb beyond the expansion budget.
    Unsupported,
    /// A duplicate key: accepted (last wins) but reported as a warning.
    DuplicateKey,
}

/// A problem found while loading, with Helm's message text where Helm has one.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    pub kind: YamlErrorKind,
    pub message: String,
    pub range: TextRange,
    /// For duplicate keys: the range of the earlier, overridden key.
    pub related: Option<TextRange>,
}
