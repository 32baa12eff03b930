//! Chart.yaml, requirements.yaml and lock files decoded into the model as Helm decodes them.
//!
//! Helm uses sigs.k8s.io/yaml: YAML becomes JSON, then `encoding/json` fills Go structs. That
//! has consequences this module reproduces:
//! - a number or boolean written where Go wants a string becomes a string, formatted by Go
//!   (`version: 1.10` is `"1.1"`, `1.0` is `"1"`, `0x10` is `"16"`);
//! - keys match struct fields case-insensitively (`kubeversion` fills `kubeVersion`), unknown keys
//!   are dropped (only `helm lint`'s strict pass reports them);
//! - a value of the wrong shape is an `UnmarshalTypeError` with Go's message
//!   (`json: cannot unmarshal array into Go struct field Metadata.name of type string`);
//! - `null` leaves a field as it was.

use cw_base::TextRange;
use cw_yaml::{Mapping, Node, Value};

use crate::model::{Dependency, Lock, Maintainer, Metadata, Spanned, StrField};

/// A field of the wrong type, with Go's message (without the `error unmarshaling JSON: while
/// decoding JSON: ` prefix Helm's callers add; see [`DecodeError::helm_message`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub message: String,
    pub range: TextRange,
}

impl DecodeError {
    /// The text Helm prints for this error.
    pub fn helm_message(&self) -> String {
        format!(
            "error unmarshaling JSON: while decoding JSON: {}",
            self.message
        )
    }
}

/// The JSON kind name Go uses in `UnmarshalTypeError` (`string`, `number`, `bool`, `array`,
/// `object`).
fn json_kind(node: &Node) -> &'static str {
    match node.value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

/// Context for error messages: the Go struct type and the dotted JSON field path.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    strukt: &'a str,
    path: &'a str,
}

struct Decoder {
    errors: Vec<DecodeError>,
}

impl Decoder {
    fn type_error(&mut self, node: &Node, ctx: Option<Ctx<'_>>, go_type: &str) {
        let message = match ctx {
            Some(c) => format!(
                "json: cannot unmarshal {} into Go struct field {}.{} of type {}",
                json_kind(node),
                c.strukt,
                c.path,
                go_type
            ),
            None => format!(
                "json: cannot unmarshal {} into Go value of type {}",
                json_kind(node),
                go_type
            ),
        };
        self.errors.push(DecodeError {
            message,
            range: node.range,
        });
    }

    /// A Go `string` target: scalars are stringified as sigs.k8s.io/yaml does.
    fn string(&mut self, node: &Node, ctx: Ctx<'_>) -> Option<String> {
        match &node.value {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(go_number_as_string(*n, scalar_text(node))),
            Value::Seq(_) | Value::Map(_) => {
                self.type_error(node, Some(ctx), "string");
                None
            }
        }
    }

    fn str_field(&mut self, field: &mut StrField, key: TextRange, node: &Node, ctx: Ctx<'_>) {
        match self.string(node, ctx) {
            Some(s) => *field = Some(Spanned::new(s, key, node.range)),
            None => {
                if field.is_none() {
                    *field = Some(Spanned::new(String::new(), key, node.range));
                }
            }
        }
    }

    fn bool_field(
        &mut self,
        field: &mut Option<Spanned<bool>>,
        key: TextRange,
        node: &Node,
        ctx: Ctx<'_>,
    ) {
        match node.value {
            Value::Null => {}
            Value::Bool(b) => *field = Some(Spanned::new(b, key, node.range)),
            _ => self.type_error(node, Some(ctx), "bool"),
        }
    }

    fn string_list(
        &mut self,
        field: &mut Option<Spanned<Vec<Spanned<String>>>>,
        key: TextRange,
        node: &Node,
        ctx: Ctx<'_>,
    ) {
        match &node.value {
            Value::Null => *field = None,
            Value::Seq(items) => {
                let mut out = Vec::new();
                for item in items {
                    let s = self.string(item, ctx).unwrap_or_default();
                    out.push(Spanned::new(s, item.range, item.range));
                }
                *field = Some(Spanned::new(out, key, node.range));
            }
            _ => self.type_error(node, Some(ctx), "[]string"),
        }
    }

    fn seq<'n, T>(
        &mut self,
        node: &'n Node,
        ctx: Ctx<'_>,
        go_type: &str,
        mut each: impl FnMut(&mut Self, &'n Node) -> T,
    ) -> Option<Vec<T>> {
        match &node.value {
            Value::Seq(items) => Some(items.iter().map(|i| each(self, i)).collect()),
            Value::Null => None,
            _ => {
                self.type_error(node, Some(ctx), go_type);
                None
            }
        }
    }
}

/// The text a number was written as (`1.10`), when the loader kept it.
fn scalar_text(node: &Node) -> Option<&str> {
    node.scalar.as_ref().map(|(t, _)| t.as_str())
}

/// How sigs.k8s.io/yaml turns a YAML number into a Go string: integers with `FormatInt`, floats
/// with `FormatFloat(f, 'g', -1, 32)`.
pub fn go_number_as_string(n: f64, text: Option<&str>) -> String {
    if is_integer_literal(text) && n.fract() == 0.0 && n.abs() < 9.3e18 {
        return format!("{}", n as i64);
    }
    go_format_float32_g(n)
}

fn is_integer_literal(text: Option<&str>) -> bool {
    let Some(t) = text else { return false };
    let t = t.trim_start_matches(['+', '-']);
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("0x") || lower.starts_with("0o") || lower.starts_with("0b") {
        return true;
    }
    !lower.contains('.') && !lower.contains('e') && !lower.contains("inf") && !lower.contains("nan")
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`.
pub fn go_format_float32_g(f: f64) -> String {
    let x = f as f32;
    if x.is_nan() {
        return ".nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        };
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.into();
    }
    // Rust's `{:e}` prints the shortest digits that round-trip, as Go's shortest mode does.
    let e = format!("{:e}", x.abs());
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    let nd = digits.len() as i32;
    let dp = exp + 1;
    let neg = if x < 0.0 { "-" } else { "" };
    let d = digits.as_bytes();
    if !(-4..6).contains(&exp) {
        let mut s = String::from(neg);
        s.push(d[0] as char);
        if nd > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push('e');
        s.push(if exp < 0 { '-' } else { '+' });
        s.push_str(&format!("{:02}", exp.abs()));
        return s;
    }
    let mut s = String::from(neg);
    if dp > 0 {
        for i in 0..dp {
            s.push(if i < nd { d[i as usize] as char } else { '0' });
        }
    } else {
        s.push('0');
    }
    let prec = (nd - dp).max(0);
    if prec > 0 {
        s.push('.');
        for i in 1..=prec {
            let j = dp + i - 1;
            s.push(if (0..nd).contains(&j) {
                d[j as usize] as char
            } else {
                '0'
            });
        }
    }
    s
}

/// Entries of a mapping in the order `encoding/json` sees them: sorted by key bytes.
fn sorted_entries(map: &Mapping) -> Vec<&cw_yaml::Entry> {
    let mut entries: Vec<_> = map.entries.iter().collect();
    entries.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
    entries
}

/// Which Go struct field a JSON key fills: exact name first, then a case-insensitive match.
pub fn match_field<'f>(fields: &[&'f str], key: &str) -> Option<&'f str> {
    fields
        .iter()
        .find(|f| **f == key)
        .or_else(|| fields.iter().find(|f| f.eq_ignore_ascii_case(key)))
        .copied()
}

/// The JSON names of Chart.yaml's fields (Helm's `Metadata`).
pub const METADATA_FIELDS: &[&str] = &[
    "name",
    "home",
    "sources",
    "version",
    "description",
    "keywords",
    "maintainers",
    "icon",
    "apiVersion",
    "condition",
    "tags",
    "appVersion",
    "deprecated",
    "annotations",
    "kubeVersion",
    "dependencies",
    "type",
];

/// The JSON names of a dependency's fields (Helm's `Dependency`).
pub const DEPENDENCY_FIELDS: &[&str] = &[
    "name",
    "version",
    "repository",
    "condition",
    "tags",
    "enabled",
    "import-values",
    "alias",
];

/// The JSON names of a maintainer's fields.
pub const MAINTAINER_FIELDS: &[&str] = &["name", "email", "url"];

/// The JSON names of a lock file's fields.
pub const LOCK_FIELDS: &[&str] = &["generated", "digest", "dependencies"];

/// Decodes a YAML document into `md`, as `yaml.Unmarshal(data, md)` does (fields absent from the
/// document keep their value, which is how requirements.yaml is merged into Chart.yaml's
/// metadata). Returns the type errors.
pub fn decode_metadata(root: Option<&Node>, md: &mut Metadata) -> Vec<DecodeError> {
    let mut d = Decoder { errors: Vec::new() };
    let Some(root) = root else { return d.errors };
    let map = match &root.value {
        Value::Map(m) => m,
        Value::Null => return d.errors,
        _ => {
            d.type_error(root, None, "v2.Metadata");
            return d.errors;
        }
    };
    for e in sorted_entries(map) {
        let Some(field) = match_field(METADATA_FIELDS, &e.key) else {
            continue;
        };
        let ctx = Ctx {
            strukt: "Metadata",
            path: field,
        };
        let (k, v) = (e.key_range, &e.value);
        match field {
            "name" => d.str_field(&mut md.name, k, v, ctx),
            "home" => d.str_field(&mut md.home, k, v, ctx),
            "version" => d.str_field(&mut md.version, k, v, ctx),
            "description" => d.str_field(&mut md.description, k, v, ctx),
            "icon" => d.str_field(&mut md.icon, k, v, ctx),
            "apiVersion" => d.str_field(&mut md.api_version, k, v, ctx),
            "condition" => d.str_field(&mut md.condition, k, v, ctx),
            "tags" => d.str_field(&mut md.tags, k, v, ctx),
            "appVersion" => d.str_field(&mut md.app_version, k, v, ctx),
            "kubeVersion" => d.str_field(&mut md.kube_version, k, v, ctx),
            "type" => d.str_field(&mut md.chart_type, k, v, ctx),
            "sources" => d.string_list(&mut md.sources, k, v, ctx),
            "keywords" => d.string_list(&mut md.keywords, k, v, ctx),
            "deprecated" => d.bool_field(&mut md.deprecated, k, v, ctx),
            "annotations" => match &v.value {
                Value::Null => md.annotations = None,
                Value::Map(m) => {
                    let mut out = Vec::new();
                    for a in sorted_entries(m) {
                        let s = d.string(&a.value, ctx).unwrap_or_default();
                        out.push((
                            Spanned::new(a.key.clone(), a.key_range, a.key_range),
                            Spanned::new(s, a.key_range, a.value.range),
                        ));
                    }
                    md.annotations = Some(Spanned::new(out, k, v.range));
                }
                _ => d.type_error(v, Some(ctx), "map[string]string"),
            },
            "maintainers" => {
                let list = d.seq(v, ctx, "[]*v2.Maintainer", |d, item| {
                    decode_maintainer(d, item, ctx)
                });
                md.maintainers = list.map(|l| Spanned::new(l, k, v.range));
            }
            "dependencies" => {
                let list = d.seq(v, ctx, "[]*v2.Dependency", |d, item| {
                    decode_dependency(d, item, "dependencies")
                });
                md.dependencies = list.map(|l| Spanned::new(l, k, v.range));
            }
            _ => {}
        }
    }
    d.errors
}

fn decode_maintainer(d: &mut Decoder, node: &Node, ctx: Ctx<'_>) -> Option<Maintainer> {
    let map = match &node.value {
        Value::Null => return None,
        Value::Map(m) => m,
        _ => {
            d.type_error(node, Some(ctx), "v2.Maintainer");
            return Some(Maintainer {
                range: node.range,
                ..Maintainer::default()
            });
        }
    };
    let mut m = Maintainer {
        range: node.range,
        ..Maintainer::default()
    };
    for e in sorted_entries(map) {
        let Some(field) = match_field(MAINTAINER_FIELDS, &e.key) else {
            continue;
        };
        let path = format!("maintainers.{field}");
        let ctx = Ctx {
            strukt: "Maintainer",
            path: &path,
        };
        let slot = match field {
            "name" => &mut m.name,
            "email" => &mut m.email,
            _ => &mut m.url,
        };
        d.str_field(slot, e.key_range, &e.value, ctx);
    }
    Some(m)
}

fn decode_dependency(d: &mut Decoder, node: &Node, list: &str) -> Option<Dependency> {
    let map = match &node.value {
        Value::Null => return None,
        Value::Map(m) => m,
        _ => {
            let ctx = Ctx {
                strukt: if list == "dependencies" {
                    "Metadata"
                } else {
                    "Lock"
                },
                path: list,
            };
            d.type_error(node, Some(ctx), "v2.Dependency");
            return Some(Dependency {
                range: node.range,
                ..Dependency::default()
            });
        }
    };
    let mut dep = Dependency {
        range: node.range,
        ..Dependency::default()
    };
    for e in sorted_entries(map) {
        let Some(field) = match_field(DEPENDENCY_FIELDS, &e.key) else {
            continue;
        };
        let path = format!("{list}.{field}");
        let ctx = Ctx {
            strukt: "Dependency",
            path: &path,
        };
        let (k, v) = (e.key_range, &e.value);
        match field {
            "name" => d.str_field(&mut dep.name, k, v, ctx),
            "version" => d.str_field(&mut dep.version, k, v, ctx),
            "repository" => d.str_field(&mut dep.repository, k, v, ctx),
            "condition" => d.str_field(&mut dep.condition, k, v, ctx),
            "alias" => d.str_field(&mut dep.alias, k, v, ctx),
            "tags" => d.string_list(&mut dep.tags, k, v, ctx),
            "enabled" => d.bool_field(&mut dep.enabled, k, v, ctx),
            "import-values" => match &v.value {
                Value::Null => dep.import_values = None,
                Value::Seq(items) => {
                    dep.import_values = Some(Spanned::new(items.clone(), k, v.range));
                }
                _ => d.type_error(v, Some(ctx), "[]interface {}"),
            },
            _ => {}
        }
    }
    Some(dep)
}

/// Decodes Chart.lock or requirements.lock.
pub fn decode_lock(root: Option<&Node>, file: &str) -> (Lock, Vec<DecodeError>) {
    let mut d = Decoder { errors: Vec::new() };
    let mut lock = Lock {
        file: file.to_string(),
        ..Lock::default()
    };
    let Some(root) = root else {
        return (lock, d.errors);
    };
    let map = match &root.value {
        Value::Map(m) => m,
        Value::Null => return (lock, d.errors),
        _ => {
            d.type_error(root, None, "v2.Lock");
            return (lock, d.errors);
        }
    };
    for e in sorted_entries(map) {
        let Some(field) = match_field(LOCK_FIELDS, &e.key) else {
            continue;
        };
        let ctx = Ctx {
            strukt: "Lock",
            path: field,
        };
        let (k, v) = (e.key_range, &e.value);
        match field {
            "digest" => d.str_field(&mut lock.digest, k, v, ctx),
            "generated" => match &v.value {
                Value::Null => {}
                Value::String(s) => {
                    if !is_rfc3339(s) {
                        d.errors.push(DecodeError {
                            message: format!(
                                "parsing time {:?} as \"2006-01-02T15:04:05Z07:00\": cannot parse {:?} as \"2006-01-02T15:04:05Z07:00\"",
                                format!("\"{s}\""),
                                s
                            ),
                            range: v.range,
                        });
                    }
                    lock.generated = Some(Spanned::new(s.clone(), k, v.range));
                }
                _ => d.type_error(v, Some(ctx), "time.Time"),
            },
            _ => {
                let list = d.seq(v, ctx, "[]*v2.Dependency", |d, item| {
                    decode_dependency(d, item, "dependencies")
                });
                lock.dependencies = list.map(|l| Spanned::new(l, k, v.range));
            }
        }
    }
    (lock, d.errors)
}

/// Go's `time.RFC3339` layout, which accepts fractional seconds when parsing.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|x| x.iter().all(u8::is_ascii_digit))
    };
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || b[10] != b'T'
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+') | Some(b'-') => {
            i + 6 == b.len() && digits(i + 1..i + 3) && b[i + 3] == b':' && digits(i + 4..i + 6)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_format_like_go_float32_g() {
        assert_eq!(go_format_float32_g(1.1), "1.1");
        assert_eq!(go_format_float32_g(1.0), "1");
        assert_eq!(go_format_float32_g(0.5), "0.5");
        assert_eq!(go_format_float32_g(1e6), "1e+06");
        assert_eq!(go_format_float32_g(123456.0), "123456");
        assert_eq!(go_format_float32_g(1234567.0), "1.234567e+06");
        assert_eq!(go_format_float32_g(0.0001), "0.0001");
        assert_eq!(go_format_float32_g(0.00001), "1e-05");
        assert_eq!(go_format_float32_g(std::f64::consts::PI), "3.1415927");
        assert_eq!(go_format_float32_g(-2.5), "-2.5");
        assert_eq!(go_number_as_string(16.0, Some("0x10")), "16");
        assert_eq!(go_number_as_string(1.0, Some("1.0")), "1");
        assert_eq!(go_number_as_string(10.0, Some("10")), "10");
    }

    #[test]
    fn fields_match_case_insensitively_after_exact() {
        assert_eq!(
            match_field(METADATA_FIELDS, "kubeversion"),
            Some("kubeVersion")
        );
        assert_eq!(match_field(METADATA_FIELDS, "maintainer"), None);
        assert_eq!(
            match_field(DEPENDENCY_FIELDS, "Import-Values"),
            Some("import-values")
        );
    }

    #[test]
    fn rfc3339() {
        assert!(is_rfc3339("2019-03-05T10:26:43.578212-05:00"));
        assert!(is_rfc3339("2020-01-01T00:00:00Z"));
        assert!(!is_rfc3339("2020-01-01"));
    }
}
