//! Conversions between template values ([`Value`]), Go values for the encoders ([`GoValue`]) and
//! loaded YAML ([`Node`]), with the Go types Helm's functions produce.

use std::collections::BTreeMap;

use cw_template::{Elem, Repr, Value};
use cw_yaml::GoValue;

/// `.Values` conversions are the values layer's: one implementation for both layers.
pub use cw_values::{node_to_value, VALUES_TYPE};

/// A Go value decoded by `json.Unmarshal`/`yaml.Unmarshal` into `interface {}`.
pub fn go_to_value(v: &GoValue) -> Value {
    match v {
        GoValue::Null => Value::Nil,
        GoValue::Bool(b) => Value::Bool(*b),
        GoValue::Int(i) => Value::Float(*i as f64),
        GoValue::Uint(u) => Value::Float(*u as f64),
        GoValue::Float(f) => Value::Float(*f),
        GoValue::String(s) | GoValue::Time(s) => Value::str(s),
        GoValue::Seq(items) => Value::list(items.iter().map(go_to_value).collect()),
        GoValue::Map(entries) | GoValue::Struct(entries) => Value::map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), go_to_value(v)))
                .collect::<BTreeMap<_, _>>(),
        ),
    }
}

/// Go's standard base64 (`encoding/json` marshals `[]byte` this way).
pub fn base64_std(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// A template value as `json.Marshal` sees it. Complex numbers have no JSON form (an error, as
/// in Go). Objects marshal as the value they print as (structs as their exported fields, under
/// their `json` names).
pub fn value_to_go(v: &Value) -> Result<GoValue, String> {
    value_to_go_depth(v, FieldNames::Json, 0)
}

/// A template value as go-yaml v3's `Marshal` sees it (`toYamlPretty`): as [`value_to_go`], but
/// a struct's fields are named by their lower-cased Go names (no `yaml` tags on Helm's types).
pub fn value_to_go_yaml_v3(v: &Value) -> Result<GoValue, String> {
    value_to_go_depth(v, FieldNames::YamlV3, 0)
}

/// How an encoder names a struct's fields.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldNames {
    /// `encoding/json`: the `json` tag, else the Go name.
    Json,
    /// go-yaml v3: the Go name in lower case.
    YamlV3,
}

fn value_to_go_depth(v: &Value, names: FieldNames, depth: usize) -> Result<GoValue, String> {
    if depth > 10_000 {
        return Err("json: unsupported value: encountered a cycle".into());
    }
    Ok(match v {
        Value::Nil => GoValue::Null,
        Value::Bool(b) => GoValue::Bool(*b),
        Value::Int(i) | Value::Int64(i) => GoValue::Int(*i),
        Value::Uint64(u) => GoValue::Uint(*u),
        Value::Float(f) => GoValue::Float(*f),
        Value::Complex(..) => return Err("json: unsupported type: complex128".into()),
        Value::String(s) => GoValue::String(s.to_string()),
        Value::Bytes(b) => GoValue::String(base64_std(b)),
        // encoding/json writes nil slices and maps as null; go-yaml v3 as `[]` and `{}`.
        Value::List(l) if l.nil && names == FieldNames::Json => GoValue::Null,
        Value::Map(m) if names == FieldNames::Json && m.read().is_nil_map() => GoValue::Null,
        Value::List(l) => {
            let mut items = Vec::with_capacity(l.items.len());
            for x in &l.items {
                items.push(value_to_go_depth(x, names, depth + 1)?);
            }
            GoValue::Seq(items)
        }
        Value::Map(m) => {
            let entries = m.entries();
            let mut out = Vec::with_capacity(entries.len());
            for (k, x) in entries {
                out.push((k, value_to_go_depth(&x, names, depth + 1)?));
            }
            GoValue::Map(out)
        }
        Value::Object(o) => {
            // Helm's structs with `json` tags (`version.BuildInfo`).
            if let Some(fields) = o.json_fields().filter(|_| names == FieldNames::Json) {
                let mut out = Vec::with_capacity(fields.len());
                for (k, x) in fields {
                    out.push((k, value_to_go_depth(&x, names, depth + 1)?));
                }
                return Ok(GoValue::Struct(out));
            }
            match o.repr() {
                // encoding/json marshals a time.Time with its MarshalJSON: RFC 3339 with
                // nanoseconds (`2024-01-01T00:00:00Z`), not its String() form.
                Repr::Stringer(s) if o.type_name() == "time.Time" => {
                    let Some(text) = rfc3339_nano(&s) else {
                        return Ok(GoValue::String(s));
                    };
                    if text.starts_with('-') || text.find('-').is_some_and(|i| i > 4) {
                        return Err("json: error calling MarshalJSON for type time.Time: \
                                Time.MarshalJSON: year outside of range [0,9999]"
                            .into());
                    }
                    GoValue::Time(text)
                }
                Repr::Stringer(s) => {
                    if let Some(items) = o.range() {
                        if o.is_map() {
                            let mut out = Vec::new();
                            for (k, x) in items {
                                let key = match k {
                                    Value::String(s) => s.to_string(),
                                    other => cw_template::fmt::sprintf("%v", &[other]),
                                };
                                out.push((key, value_to_go_depth(&x, names, depth + 1)?));
                            }
                            return Ok(GoValue::Map(out));
                        }
                    }
                    GoValue::String(s)
                }
                Repr::Struct { fields, .. } => {
                    let fields = cw_template::exported_fields(fields);
                    let mut out = Vec::with_capacity(fields.len());
                    for (k, x) in fields {
                        let k = match names {
                            FieldNames::Json => k,
                            FieldNames::YamlV3 => k.to_lowercase(),
                        };
                        out.push((k, value_to_go_depth(&x, names, depth + 1)?));
                    }
                    GoValue::Struct(out)
                }
                Repr::Value(inner) => value_to_go_depth(&inner, names, depth + 1)?,
            }
        }
    })
}

/// A map of Helm's values type (`common.Values`) sharing the entries of `m`.
pub fn as_values_map(v: &Value) -> Value {
    match v {
        Value::Map(m) => {
            let g = m.read();
            if g.name.as_deref() == Some(VALUES_TYPE) {
                return v.clone();
            }
            Value::typed_map(Some(VALUES_TYPE), Elem::Any, g.entries.clone())
        }
        _ => Value::typed_map(Some(VALUES_TYPE), Elem::Any, BTreeMap::new()),
    }
}

/// Go's `Time.String()` text (`2006-01-02 15:04:05.999999999 -0700 MST`, maybe with a
/// monotonic ` m=+0.1` suffix) in `time.RFC3339Nano` (`2006-01-02T15:04:05.999999999Z07:00`):
/// the form `encoding/json` and YAML encoders give a `time.Time`. `None` when the text is not
/// in that form.
pub(crate) fn rfc3339_nano(go_string: &str) -> Option<String> {
    let mut parts = go_string.split(' ');
    let (date, time, off) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let sign = off.as_bytes().first()?;
    if off.len() != 5 || !matches!(sign, b'+' | b'-') || !digits(&off[1..]) {
        return None;
    }
    let zone = if off == "+0000" || off == "-0000" {
        "Z".to_string()
    } else {
        format!("{}:{}", &off[..3], &off[3..])
    };
    Some(format!("{date}T{time}{zone}"))
}
