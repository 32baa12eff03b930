//! `values.schema.json` validation as Helm does it (pkg/chart/common/util/jsonschema.go), with
//! the `jsonschema` crate and santhosh-tekuri/jsonschema v6's message texts
//! (`- at '/image/tag': got number, want string`).
//!
//! Helm validates each chart's schema against that chart's scoped values (the root against all
//! values, a subchart against `.Values.SUB`), formats are not asserted, and the messages nest
//! as v6 prints them: several failures under one schema become `validation failed` with the
//! failures indented below; `anyOf`/`oneOf` list each branch's failures.

use std::collections::BTreeMap;

use cw_template::Value;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value as Json;

use crate::coalesce::Charter;
use crate::convert::is_table;
use crate::deps::Node;

/// One failure in v6's tree: `- at 'LOCATION': MESSAGE`, with nested causes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaViolation {
    /// JSON pointer into the chart's values (`/image/tag`, `''` for the root).
    pub instance_location: String,
    pub message: String,
    pub causes: Vec<SchemaViolation>,
}

impl SchemaViolation {
    fn render(&self, indent: usize, out: &mut String) {
        for _ in 0..indent {
            out.push_str("  ");
        }
        out.push_str(&format!(
            "- at '{}': {}\n",
            self.instance_location, self.message
        ));
        for c in &self.causes {
            c.render(indent + 1, out);
        }
    }

    /// The deepest-first list of leaf violations (for diagnostics).
    pub fn leaves(&self) -> Vec<&SchemaViolation> {
        if self.causes.is_empty() {
            vec![self]
        } else {
            self.causes.iter().flat_map(|c| c.leaves()).collect()
        }
    }
}

/// The schema problems of one chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartSchemaErrors {
    /// The chart's name (its alias when aliased), as Helm prints it.
    pub chart: String,
    /// Names from the root down to this chart (`[]` for the root).
    pub path: Vec<String>,
    /// The violations, or empty when `problem` is set.
    pub violations: Vec<SchemaViolation>,
    /// A schema that cannot be used (bad JSON, does not compile), or values that are not a map.
    pub problem: Option<String>,
}

/// Every chart whose values fail its schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    pub charts: Vec<ChartSchemaErrors>,
}

impl SchemaError {
    /// Helm's error text: `values don't meet the specifications of the schema(s) in the
    /// following chart(s):\nCHART:\n- at '...': ...\n`.
    pub fn helm_text(&self) -> String {
        let mut out = String::from(
            "values don't meet the specifications of the schema(s) in the following chart(s):\n",
        );
        for c in &self.charts {
            out.push_str(&c.chart);
            out.push_str(":\n");
            if let Some(p) = &c.problem {
                out.push_str(p);
            } else {
                for v in &c.violations {
                    v.render(0, &mut out);
                }
            }
        }
        out
    }
}

/// Helm's `ValidateAgainstSchema` over the processed chart tree.
pub(crate) fn validate_tree(root: &Node<'_>, values: &Value) -> Option<SchemaError> {
    let mut charts = Vec::new();
    walk(root, values, &mut Vec::new(), &mut charts, 0);
    if charts.is_empty() {
        None
    } else {
        Some(SchemaError { charts })
    }
}

fn walk(
    node: &Node<'_>,
    values: &Value,
    path: &mut Vec<String>,
    out: &mut Vec<ChartSchemaErrors>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    if let Some(schema) = &node.chart.schema {
        if let Err(e) = validate_values(&schema.data, values) {
            out.push(ChartSchemaErrors {
                chart: node.name().to_string(),
                path: path.clone(),
                violations: e.0,
                problem: e.1,
            });
        }
    }
    let Value::Map(m) = values else { return };
    for sub in node.dependencies() {
        let raw = m.get(sub.name());
        let Some(raw) = raw else { continue };
        if raw.is_nil() {
            continue;
        }
        path.push(sub.name().to_string());
        if !is_table(&raw) {
            out.push(ChartSchemaErrors {
                chart: sub.name().to_string(),
                path: path.clone(),
                violations: Vec::new(),
                problem: Some(format!(
                    "invalid type for values: expected object (map), got {}\n",
                    raw.type_name()
                )),
            });
        } else {
            walk(sub, &raw, path, out, depth + 1);
        }
        path.pop();
    }
}

/// Template values to JSON for the validator (integral floats become integers, so `integer`
/// accepts `1.0` as santhosh-tekuri's rational numbers do).
pub fn to_json(v: &Value) -> Json {
    match v {
        Value::Nil => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) | Value::Int64(i) => Json::from(*i),
        Value::Uint64(u) => Json::from(*u),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                Json::from(*f as i64)
            } else {
                serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number)
            }
        }
        Value::String(s) => Json::String(s.to_string()),
        Value::Map(m) => Json::Object(
            m.read()
                .entries
                .iter()
                .map(|(k, x)| (k.clone(), to_json(x)))
                .collect(),
        ),
        Value::List(l) => Json::Array(l.items.iter().map(to_json).collect()),
        other => Json::String(cw_template::fmt::sprintf("%v", std::slice::from_ref(other))),
    }
}

type ValidateErr = (Vec<SchemaViolation>, Option<String>);

/// Validates values against one schema (`ValidateAgainstSingleSchema`).
pub fn validate_values(schema_json: &[u8], values: &Value) -> Result<(), ValidateErr> {
    // Helm reads the schema with Go's json.Decoder (santhosh-tekuri's UnmarshalJSON): report
    // its errors in its words, without a trailing newline.
    let text = String::from_utf8_lossy(schema_json);
    match crate::json::decode_prefix(&text) {
        Err(e) => {
            let e = if e == "unexpected end of JSON input" || e == "EOF" {
                if text.trim().is_empty() {
                    "EOF".to_string()
                } else {
                    "unexpected EOF".to_string()
                }
            } else {
                e
            };
            return Err((Vec::new(), Some(e)));
        }
        Ok((_, used)) => {
            if !text[used..]
                .trim_matches([' ', '\t', '\n', '\r'])
                .is_empty()
            {
                return Err((
                    Vec::new(),
                    Some("invalid character after top-level value".into()),
                ));
            }
        }
    }
    let schema: Json = match serde_json::from_str(&text) {
        Ok(s) => s,
        Err(e) => return Err((Vec::new(), Some(e.to_string()))),
    };
    let validator = match jsonschema::options()
        .should_validate_formats(false)
        .build(&schema)
    {
        Ok(v) => v,
        Err(e) => {
            return Err((
                Vec::new(),
                Some(format!(
                    "jsonschema: invalid schema file:///values.schema.json: {e}\n"
                )),
            ))
        }
    };
    let instance = to_json(values);
    let errors: Vec<_> = validator.iter_errors(&instance).collect();
    if errors.is_empty() {
        return Ok(());
    }
    let leaves: Vec<Leaf> = errors
        .iter()
        .flat_map(|e| leaf_of(e, &schema, &instance))
        .collect();
    Err((collapse_root(leaves), None))
}

/// A failure with the schema path it came from.
struct Leaf {
    schema_path: Vec<String>,
    violation: SchemaViolation,
}

fn split_pointer(p: &str) -> Vec<String> {
    if p.is_empty() {
        return Vec::new();
    }
    p.trim_start_matches('/')
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

fn go_v(n: &Json) -> String {
    match n {
        Json::Null => "<nil>".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(x) => {
            if let Some(i) = x.as_i64() {
                i.to_string()
            } else if let Some(u) = x.as_u64() {
                u.to_string()
            } else {
                // json.Number prints its literal; Rust's shortest decimal matches the usual
                // spellings (`1.5`, `0.000001`).
                format!("{}", x.as_f64().unwrap_or(0.0))
            }
        }
        Json::String(s) => quote(s),
        _ => "value".into(),
    }
}

fn num_v(n: &Json) -> String {
    match n.as_f64() {
        Some(f) => printer_float(f),
        None => go_v(n),
    }
}

/// An integer as golang.org/x/text/message's English printer writes `%d`: `1,234`.
fn printer_int(i: impl ToString) -> String {
    let s = i.to_string();
    let (sign, digits) = match s.strip_prefix('-') {
        Some(d) => ("-", d.to_string()),
        None => ("", s),
    };
    let mut out = String::new();
    for (n, c) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// A float64 as that printer writes `%v`: Go's shortest `%g` digits, the integer part grouped
/// (`1,234.5`), exponents as `×10` with superscript digits (`1×10⁰⁶`, `1×10⁻⁰⁷`).
fn printer_float(f: f64) -> String {
    let g = cw_yaml::format_float_g(f, 64);
    if let Some((mantissa, exp)) = g.split_once('e') {
        let mut out = printer_float_plain(mantissa);
        out.push_str("×10");
        for c in exp.chars() {
            out.push(match c {
                '-' => '⁻',
                '0' => '⁰',
                '1' => '¹',
                '2' => '²',
                '3' => '³',
                '4' => '⁴',
                '5' => '⁵',
                '6' => '⁶',
                '7' => '⁷',
                '8' => '⁸',
                '9' => '⁹',
                _ => continue,
            });
        }
        out
    } else {
        printer_float_plain(&g)
    }
}

fn printer_float_plain(s: &str) -> String {
    match s.split_once('.') {
        Some((int, frac)) => format!("{}.{frac}", printer_int(int)),
        None if s.bytes().all(|b| b.is_ascii_digit() || b == b'-') => printer_int(s),
        None => s.to_string(),
    }
}

/// santhosh-tekuri's `quote`: Go `%q` with `'` delimiters.
fn quote(s: &str) -> String {
    let q = cw_yaml::go_quote(s);
    let inner = &q[1..q.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

fn type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn leaf_of(e: &jsonschema::ValidationError<'_>, schema: &Json, _root: &Json) -> Vec<Leaf> {
    // The evaluation path goes through `$ref`s (the tree of subschemas v6 walks); the schema
    // path is where the failing keyword is written (to read its value).
    let schema_path = split_pointer(e.evaluation_path().as_str());
    let keyword_path = split_pointer(e.schema_path().as_str());
    let loc = e.instance_path().as_str().to_string();
    let instance = e.instance();
    let at_schema = |kw_path: &[String]| -> Option<&Json> {
        let mut cur = schema;
        for seg in kw_path {
            cur = match cur {
                Json::Object(m) => m.get(seg)?,
                Json::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    };
    let message = match e.kind() {
        ValidationErrorKind::Type { kind } => {
            let want = match at_schema(&keyword_path) {
                Some(Json::String(s)) => s.clone(),
                Some(Json::Array(a)) => {
                    // v6 keeps types as a bit set and prints them in its own order.
                    const ORDER: [&str; 7] = [
                        "null", "boolean", "number", "integer", "string", "array", "object",
                    ];
                    ORDER
                        .iter()
                        .filter(|t| a.iter().any(|x| x.as_str() == Some(**t)))
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" or ")
                }
                _ => match kind {
                    jsonschema::error::TypeKind::Single(t) => t.to_string(),
                    jsonschema::error::TypeKind::Multiple(ts) => ts
                        .iter()
                        .map(|t| t.to_string())
                        .collect::<Vec<_>>()
                        .join(" or "),
                },
            };
            format!("got {}, want {want}", type_name(instance))
        }
        ValidationErrorKind::Required { property }
            if keyword_path
                .last()
                .is_some_and(|k| k == "dependentRequired" || k == "dependencies") =>
        {
            // The property whose dependency list names the missing one, and all it misses.
            let missing_one = property.as_str().unwrap_or_default();
            let obj = instance.as_object();
            let mut message = String::from("dependentRequired failed");
            if let (Some(Json::Object(deps)), Some(obj)) = (at_schema(&keyword_path), obj) {
                for (prop, list) in deps {
                    let Some(list) = list.as_array() else {
                        continue;
                    };
                    if !obj.contains_key(prop)
                        || !list.iter().any(|x| x.as_str() == Some(missing_one))
                    {
                        continue;
                    }
                    let missing: Vec<String> = list
                        .iter()
                        .filter_map(|x| x.as_str())
                        .filter(|r| !obj.contains_key(*r))
                        .map(quote)
                        .collect();
                    message = format!(
                        "properties {} required, if {} exists",
                        missing.join(", "),
                        quote(prop)
                    );
                    break;
                }
            }
            message
        }
        ValidationErrorKind::Required { .. } => {
            let required: Vec<String> = match at_schema(&keyword_path) {
                Some(Json::Array(a)) => a
                    .iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect(),
                _ => Vec::new(),
            };
            let missing: Vec<String> = match instance.as_ref() {
                Json::Object(m) => required
                    .into_iter()
                    .filter(|r| !m.contains_key(r))
                    .collect(),
                _ => Vec::new(),
            };
            match missing.len() {
                0 => "missing property".into(),
                1 => format!("missing property {}", quote(&missing[0])),
                _ => format!(
                    "missing properties {}",
                    missing
                        .iter()
                        .map(|m| quote(m))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        ValidationErrorKind::Enum { options } => match options.as_ref() {
            Json::Array(a) if a.iter().all(|x| !x.is_array() && !x.is_object()) => {
                if a.len() == 1 {
                    format!("value must be {}", go_v(&a[0]))
                } else {
                    format!(
                        "value must be one of {}",
                        a.iter().map(go_v).collect::<Vec<_>>().join(", ")
                    )
                }
            }
            _ => "'enum' failed".into(),
        },
        ValidationErrorKind::Constant { expected_value } => match expected_value.as_ref() {
            Json::Array(_) | Json::Object(_) => "'const' failed".into(),
            v => format!("value must be {}", go_v(v)),
        },
        ValidationErrorKind::Minimum { limit } => {
            format!("minimum: got {}, want {}", num_v(instance), num_v(limit))
        }
        ValidationErrorKind::Maximum { limit } => {
            format!("maximum: got {}, want {}", num_v(instance), num_v(limit))
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            format!(
                "exclusiveMinimum: got {}, want {}",
                num_v(instance),
                num_v(limit)
            )
        }
        ValidationErrorKind::ExclusiveMaximum { limit } => {
            format!(
                "exclusiveMaximum: got {}, want {}",
                num_v(instance),
                num_v(limit)
            )
        }
        ValidationErrorKind::MultipleOf { multiple_of } => format!(
            "multipleOf: got {}, want {}",
            num_v(instance),
            printer_float(*multiple_of)
        ),
        ValidationErrorKind::MinLength { limit } => format!(
            "minLength: got {}, want {}",
            printer_int(instance.as_str().map_or(0, |s| s.chars().count())),
            printer_int(limit)
        ),
        ValidationErrorKind::MaxLength { limit } => format!(
            "maxLength: got {}, want {}",
            printer_int(instance.as_str().map_or(0, |s| s.chars().count())),
            printer_int(limit)
        ),
        ValidationErrorKind::MinItems { limit } => format!(
            "minItems: got {}, want {}",
            printer_int(instance.as_array().map_or(0, Vec::len)),
            printer_int(limit)
        ),
        ValidationErrorKind::MaxItems { limit } => format!(
            "maxItems: got {}, want {}",
            printer_int(instance.as_array().map_or(0, Vec::len)),
            printer_int(limit)
        ),
        ValidationErrorKind::MinProperties { limit } => format!(
            "minProperties: got {}, want {}",
            printer_int(instance.as_object().map_or(0, |m| m.len())),
            printer_int(limit)
        ),
        ValidationErrorKind::MaxProperties { limit } => format!(
            "maxProperties: got {}, want {}",
            printer_int(instance.as_object().map_or(0, |m| m.len())),
            printer_int(limit)
        ),
        ValidationErrorKind::Pattern { pattern } => format!(
            "{} does not match pattern {}",
            quote(instance.as_str().unwrap_or_default()),
            quote(pattern)
        ),
        ValidationErrorKind::UniqueItems => {
            let (i, j) = first_equal_pair(instance.as_array().map_or(&[][..], |a| a.as_slice()));
            format!(
                "items at {} and {} are equal",
                printer_int(i),
                printer_int(j)
            )
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let mut u = unexpected.clone();
            u.sort();
            format!(
                "additional properties {} not allowed",
                u.iter().map(|x| quote(x)).collect::<Vec<_>>().join(", ")
            )
        }
        ValidationErrorKind::FalseSchema => {
            // A property rejected by `false` (additionalProperties: false reports above).
            "false schema".into()
        }
        ValidationErrorKind::Contains => "no items match contains schema".into(),
        ValidationErrorKind::Not { .. } => "'not' failed".into(),
        ValidationErrorKind::AnyOf { context } => {
            return vec![Leaf {
                schema_path,
                violation: SchemaViolation {
                    instance_location: loc,
                    message: "'anyOf' failed".into(),
                    causes: branches(context, schema, instance),
                },
            }];
        }
        ValidationErrorKind::OneOfNotValid { context } => {
            return vec![Leaf {
                schema_path,
                violation: SchemaViolation {
                    instance_location: loc,
                    message: "'oneOf' failed, none matched".into(),
                    causes: branches(context, schema, instance),
                },
            }];
        }
        ValidationErrorKind::OneOfMultipleValid { context } => {
            let valid: Vec<usize> = context
                .iter()
                .enumerate()
                .filter(|(_, errs)| errs.is_empty())
                .map(|(i, _)| i)
                .take(2)
                .collect();
            let (a, b) = (
                valid.first().copied().unwrap_or(0),
                valid.get(1).copied().unwrap_or(1),
            );
            format!("'oneOf' failed, subschemas {a}, {b} matched")
        }
        ValidationErrorKind::PropertyNames { error } => {
            let name = error.instance().as_str().unwrap_or_default().to_string();
            let causes = leaf_of(error, schema, _root)
                .into_iter()
                .map(|l| SchemaViolation {
                    instance_location: loc.clone(),
                    ..l.violation
                })
                .collect();
            return vec![Leaf {
                schema_path,
                violation: SchemaViolation {
                    instance_location: loc,
                    message: format!("invalid propertyName {}", quote(&name)),
                    causes,
                },
            }];
        }
        ValidationErrorKind::AdditionalItems { limit } => {
            let n = instance
                .as_array()
                .map_or(0, Vec::len)
                .saturating_sub(*limit);
            format!("last {} additionalItem(s) not allowed", printer_int(n))
        }
        ValidationErrorKind::UnevaluatedProperties { unexpected } => format!(
            "unevaluatedProperties {} not allowed",
            unexpected
                .iter()
                .map(|x| quote(x))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ValidationErrorKind::UnevaluatedItems { .. } => "unevaluatedItems not allowed".into(),
        _ => e.to_string(),
    };
    vec![Leaf {
        schema_path,
        violation: SchemaViolation {
            instance_location: loc,
            message,
            causes: Vec::new(),
        },
    }]
}

fn branches(
    context: &[Vec<jsonschema::ValidationError<'static>>],
    schema: &Json,
    instance: &Json,
) -> Vec<SchemaViolation> {
    context
        .iter()
        .filter(|errs| !errs.is_empty())
        .flat_map(|errs| {
            let leaves: Vec<Leaf> = errs
                .iter()
                .flat_map(|e| leaf_of(e, schema, instance))
                .collect();
            collapse_group(leaves)
        })
        .collect()
}

fn first_equal_pair(items: &[Json]) -> (usize, usize) {
    for j in 0..items.len() {
        for i in 0..j {
            if items[i] == items[j] {
                return (i, j);
            }
        }
    }
    (0, 1)
}

/// Keywords whose next segment is a name or index before a subschema.
const NAMED: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
    "allOf",
    "anyOf",
    "oneOf",
    "prefixItems",
];
/// Keywords followed directly by a subschema.
const DIRECT: &[&str] = &[
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
    "$ref",
    "$dynamicRef",
    "items",
];
/// Applicators whose subschema applies to a member of the instance (one instance segment).
const MEMBER: &[&str] = &[
    "properties",
    "patternProperties",
    "additionalProperties",
    "prefixItems",
    "items",
    "contains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
];
/// Keywords v6 skips once `type` has failed in the same schema.
const TYPE_SPECIFIC: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "contentEncoding",
    "contentMediaType",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
];

/// A subschema position along a failure's schema path: where its keywords start, how many
/// instance segments lead to the value it applies to, and the keyword that led to it.
#[derive(Clone, Copy)]
struct SchemaNode {
    schema_len: usize,
    instance_depth: usize,
}

/// Splits a schema path into the chain of subschema positions, root first.
fn schema_nodes(path: &[String]) -> Vec<SchemaNode> {
    let mut nodes = vec![SchemaNode {
        schema_len: 0,
        instance_depth: 0,
    }];
    let mut depth = 0;
    let mut i = 0;
    while i < path.len() {
        let kw = path[i].as_str();
        let indexed_items =
            kw == "items" && i + 1 < path.len() && path[i + 1].parse::<usize>().is_ok();
        let step = if (NAMED.contains(&kw) && i + 1 < path.len()) || indexed_items {
            2
        } else if DIRECT.contains(&kw) && i + 1 < path.len() {
            1
        } else {
            break;
        };
        if MEMBER.contains(&kw) {
            depth += 1;
        }
        i += step;
        nodes.push(SchemaNode {
            schema_len: i,
            instance_depth: depth,
        });
    }
    nodes
}

fn location(segments: &[String]) -> String {
    let mut out = String::new();
    for s in segments {
        out.push('/');
        out.push_str(&s.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// Builds v6's tree for one applicator's failures (a branch of `anyOf`, `oneOf`, `allOf`):
/// several failures under one subschema become `validation failed`, one stands alone.
fn collapse_group(leaves: Vec<Leaf>) -> Vec<SchemaViolation> {
    match build(leaves, 1) {
        Item::Violation(v, _) => vec![v],
        Item::Many(vs, loc) => vec![group(vs, loc)],
    }
}

/// The root: v6 prints the causes of the top `validation failed` group as the list.
fn collapse_root(leaves: Vec<Leaf>) -> Vec<SchemaViolation> {
    match build(leaves, 1) {
        // A group reached through `$ref` is v6's Reference error, printed as it is.
        Item::Violation(v, false) if v.message == GROUP && !v.causes.is_empty() => v.causes,
        Item::Violation(v, _) => vec![v],
        Item::Many(vs, _) => vs,
    }
}

const GROUP: &str = "validation failed";

fn group(causes: Vec<SchemaViolation>, loc: String) -> SchemaViolation {
    SchemaViolation {
        instance_location: loc,
        message: GROUP.into(),
        causes,
    }
}

enum Item {
    /// One failure, and whether it is the result of a `$ref`.
    Violation(SchemaViolation, bool),
    /// Several failures under one schema, and that schema's instance location.
    Many(Vec<SchemaViolation>, String),
}

/// Groups the failures of one schema node by the child subschema (at chain index `level`)
/// they come from.
fn build(leaves: Vec<Leaf>, level: usize) -> Item {
    let mut node_loc = String::new();
    // Children keyed by schema prefix and instance prefix; BTreeMap for a stable order.
    let mut children: BTreeMap<(Vec<String>, Vec<String>), Vec<Leaf>> = BTreeMap::new();
    let mut direct: Vec<(String, SchemaViolation)> = Vec::new();
    for leaf in leaves {
        let nodes = schema_nodes(&leaf.schema_path);
        let inst = split_pointer(&leaf.violation.instance_location);
        let here = nodes[(level - 1).min(nodes.len() - 1)];
        node_loc = location(&inst[..here.instance_depth.min(inst.len())]);
        if level < nodes.len() {
            let n = nodes[level];
            let key = (
                leaf.schema_path[..n.schema_len].to_vec(),
                inst[..n.instance_depth.min(inst.len())].to_vec(),
            );
            children.entry(key).or_default().push(leaf);
        } else {
            let kw = leaf
                .schema_path
                .get(here.schema_len)
                .cloned()
                .unwrap_or_default();
            direct.push((kw, leaf.violation));
        }
    }
    let type_failed = direct.iter().any(|(kw, _)| kw == "type");
    let mut items: Vec<SchemaViolation> = Vec::new();
    let mut via_ref: Vec<bool> = Vec::new();
    // v6 reports all missing `required` (or `dependentRequired`) properties in one message,
    // where the crate reports one failure per property: keep one of the identical messages.
    for (kw, v) in direct {
        if type_failed && TYPE_SPECIFIC.contains(&kw.as_str()) {
            continue;
        }
        if items.contains(&v) {
            continue;
        }
        items.push(v);
        via_ref.push(false);
    }
    // `allOf` branches are reported under one `'allOf' failed`.
    let mut all_of: Vec<SchemaViolation> = Vec::new();
    for ((schema_prefix, _), group_leaves) in children {
        let parent_len = schema_nodes(&group_leaves[0].schema_path)[level - 1].schema_len;
        let kw = schema_prefix.get(parent_len).cloned().unwrap_or_default();
        let via_all_of = kw == "allOf";
        if type_failed && TYPE_SPECIFIC.contains(&kw.as_str()) {
            continue;
        }
        let (v, through_ref) = match build(group_leaves, level + 1) {
            Item::Violation(v, r) => (v, r || kw == "$ref"),
            Item::Many(vs, loc) => (group(vs, loc), kw == "$ref"),
        };
        if via_all_of {
            all_of.push(v);
        } else {
            items.push(v);
            via_ref.push(through_ref);
        }
    }
    if !all_of.is_empty() {
        items.push(SchemaViolation {
            instance_location: node_loc.clone(),
            message: "'allOf' failed".into(),
            causes: all_of,
        });
        via_ref.push(false);
    }
    if items.len() == 1 {
        Item::Violation(
            items.pop().expect("one item"),
            via_ref.pop().unwrap_or(false),
        )
    } else {
        Item::Many(items, node_loc)
    }
}
