//! YAML as Helm reads and writes it: a spanned YAML 1.1 loader and go-yaml v2/v3 emitters.
//!
//! Helm reads values files, Chart.yaml and rendered manifests with sigs.k8s.io/yaml (a go-yaml v2
//! fork, YAML 1.1) and converts the result through JSON. [`load`] reproduces that value model
//! (Helm 4's values loading, documents merged), [`load_first_document`] go-yaml's `Unmarshal`
//! (Chart.yaml, `fromYaml`), [`load_documents`] every document of a stream; all keep a UTF-8
//! byte range for every key and value and never panic. [`to_yaml`] and [`to_yaml_pretty`]
//! reproduce Helm's `toYaml` and `toYamlPretty` byte for byte, [`go_json_marshal`] its `toJson`,
//! [`helm_from_yaml`] its `fromYaml`.
//!
//! Parsing is saphyr-parser's (YAML 1.2 syntax); where libyaml (go-yaml's scanner) is more
//! lenient (tabs after `:`, flow content and quoted continuation lines at any indentation, NEL
//! line breaks) the loader adapts the text it hands to saphyr without moving any offset, and
//! where libyaml is stricter (tabs in indentation, anchor names, multi-line implicit keys,
//! control characters) it reports libyaml's error. Error texts are go-yaml's
//! (`yaml: line 3: mapping values are not allowed in this context`), checked against the real
//! helm in `testdata/yaml/cases.json`.

mod emit;
mod gofmt;
mod govalue;
mod load;
mod node;
mod resolve;

pub use gofmt::{format_float_g, format_json_float, go_quote};
pub use govalue::{try_go_json_marshal, GoValue};
pub use load::MAX_DEPTH;
pub use node::{Entry, Mapping, Node, ScalarStyle, Value, YamlError, YamlErrorKind};

/// The result of loading YAML text: a tree (possibly partial) plus every problem found.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The value, or `None` for an empty (or all-null) input, which Helm treats as an empty map.
    /// After a syntax error this is the part read before the error.
    pub root: Option<Node>,
    /// Errors in the order Helm meets them (per document: syntax, go-yaml decoding, key
    /// conversion, JSON encoding; each in source order); duplicate keys are reported last as
    /// [`YamlErrorKind::DuplicateKey`] warnings (Helm accepts them, last wins).
    pub errors: Vec<YamlError>,
}

impl Loaded {
    /// The first error Helm would stop on (duplicate-key warnings are not errors for Helm).
    pub fn first_error(&self) -> Option<&YamlError> {
        self.errors
            .iter()
            .find(|e| e.kind != YamlErrorKind::DuplicateKey)
    }
}

/// Loads a values file with Helm's semantics (Helm 4 `LoadValues`: sigs.k8s.io/yaml, i.e.
/// go-yaml v2 YAML 1.1 → JSON).
///
/// - The text is split into documents as k8s `YAMLReader` does (a line `---` optionally followed
///   by a comment); each document that is a map is deep-merged over the previous ones (later keys
///   override, nested maps merge, lists are replaced). A document that is not a map is an error
///   (`json: cannot unmarshal array into Go value of type map[string]interface {}`).
/// - Every number becomes an `f64` (`010` is 8, `0x1F`, `0o17`, `0b101`, `1_000`, `+12`,
///   `1e3`, `1.10` is 1.1); YAML 1.1 booleans (`yes`/`on`/`y`/…) apply to values and keys (`on:`
///   is the key `"true"`); timestamps stay strings; `<<` merge keys and aliases are applied.
/// - Duplicate keys: the last wins, and a warning with both ranges is reported.
/// - Errors carry the text Helm prints after `error converting YAML to JSON: ` (for example
///   `yaml: line 2: found character that cannot start any token`,
///   `json: unsupported value: +Inf`, `unsupported map key of type: %!s(<nil>), …`).
/// - Never panics; alias bombs and nesting deeper than [`MAX_DEPTH`] end with an error.
pub fn load(text: &str) -> Loaded {
    load::load(text)
}

/// Loads each YAML document of a stream separately (rendered manifests, CRD files), with the
/// same scalar semantics as [`load`]; ranges are relative to the whole text. A syntax error ends
/// the stream: the document it occurs in is returned partial, with the error.
pub fn load_documents(text: &str) -> Vec<Loaded> {
    load::load_documents(text)
}

/// Loads the first YAML document only, as go-yaml v2's `Unmarshal` (and so sigs.k8s.io/yaml)
/// does: what Helm uses for `Chart.yaml`, `fromYaml` and `fromYamlArray`. Anything after the
/// first document is not even parsed. The root may be any value.
pub fn load_first_document(text: &str) -> Loaded {
    load::load_first_document(text)
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

/// Helm's `fromYaml`: a map, or `{"Error": "<message>"}` when the text is not a YAML map.
pub fn helm_from_yaml(text: &str) -> GoValue {
    let l = load_first_document(text);
    let error = match (l.first_error(), &l.root) {
        (Some(e), _) => format!("error converting YAML to JSON: {}", e.message),
        (None, None) => return GoValue::Map(Vec::new()),
        (None, Some(root)) => match &root.value {
            Value::Map(_) => return GoValue::from_node(root),
            Value::Null => return GoValue::Map(Vec::new()),
            other => format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                json_kind(other)
            ),
        },
    };
    GoValue::Map(vec![("Error".into(), GoValue::String(error))])
}

/// Helm's `fromYamlArray`: a list, or a one-element list holding the error message.
pub fn helm_from_yaml_array(text: &str) -> GoValue {
    let l = load_first_document(text);
    let error = match (l.first_error(), &l.root) {
        (Some(e), _) => format!("error converting YAML to JSON: {}", e.message),
        (None, None) => return GoValue::Seq(Vec::new()),
        (None, Some(root)) => match &root.value {
            Value::Seq(_) => return GoValue::from_node(root),
            Value::Null => return GoValue::Seq(Vec::new()),
            other => format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
                json_kind(other)
            ),
        },
    };
    GoValue::Seq(vec![GoValue::String(error)])
}

/// The text Helm 4 prints for a values-file error after `cannot load values.yaml: ` (or
/// `failed to parse FILE: ` for `-f FILE`), e.g. `cannot unmarshal yaml document: error
/// converting YAML to JSON: yaml: line 2: found character that cannot start any token`.
pub fn helm_values_error_text(error: &YamlError) -> String {
    if error.message.starts_with("invalid Yaml document separator") {
        format!("error reading yaml document: {}", error.message)
    } else if error.message.starts_with("error unmarshaling JSON") {
        format!("cannot unmarshal yaml document: {}", error.message)
    } else {
        format!(
            "cannot unmarshal yaml document: error converting YAML to JSON: {}",
            error.message
        )
    }
}

/// Go's `json.Marshal` (what Helm's `toJson` prints): keys sorted bytewise, `<`, `>`, `&`,
/// U+2028 and U+2029 escaped, floats in encoding/json's ES6 style (`1e+21`, `1e-7`, integers
/// below 1e21 without exponent). Like Helm's `toJson`, returns `""` for values JSON cannot hold
/// (NaN, infinities); [`try_go_json_marshal`] gives the error instead.
pub fn go_json_marshal(v: &GoValue) -> String {
    try_go_json_marshal(v).unwrap_or_default()
}

/// sigs.k8s.io/yaml `JSONToYAML`: the JSON text is decoded by go-yaml v2 (so integers stay
/// integers, `1e+21` becomes a float64) and re-encoded by go-yaml v2's `Marshal`.
pub fn json_to_yaml(json: &str) -> Result<String, String> {
    let v = load::decode_go(json).map_err(|e| format!("error converting JSON to YAML: {e}"))?;
    Ok(emit_v2(&v))
}

/// go-yaml v2 `Marshal` of a Go value, byte for byte: keys in go-yaml's natural order (`a2` before
/// `a10`), strings quoted when they would read back as something else (`"yes"`, `"0123"`,
/// `"1.0"`, `""`), `'a: b'` single-quoted, plain and quoted scalars folded past 80 columns,
/// multi-line strings as `|`/`|-`/`|+` blocks, non-BMP characters escaped (`"\U0001F600"`),
/// sequences not indented under their key, `{}`, `[]`, `null`. Ends with a newline.
pub fn emit_v2(v: &GoValue) -> String {
    emit::Emitter::new(emit::Flavor::V2).document(v)
}

/// Helm's `toYaml`: `json.Marshal`, then [`json_to_yaml`], then the final newline trimmed.
/// Returns `""` where Helm's swallows an error (NaN, infinities).
///
/// The JSON text is not actually produced: each value is mapped to what go-yaml would decode
/// from its JSON form (a float64 `1` prints `1` and comes back an int, `1e+21` stays a float,
/// `12345678901234567000` becomes a uint64), which is the same result without the parse.
pub fn to_yaml(v: &GoValue) -> String {
    let Some(v) = govalue::json_round_trip(v) else {
        return String::new();
    };
    let s = emit_v2(&v);
    s.strip_suffix('\n').map(str::to_string).unwrap_or(s)
}

/// Helm's `mustToYaml`: [`to_yaml`], or the error Helm's gives where `json.Marshal` or the YAML
/// conversion fails (NaN, infinities, values nested too deep).
pub fn try_to_yaml(v: &GoValue) -> Result<String, String> {
    if let Some(v) = govalue::json_round_trip(v) {
        let s = emit_v2(&v);
        return Ok(s.strip_suffix('\n').map(str::to_string).unwrap_or(s));
    }
    // The failing case: the text path, for its error (sigs.k8s.io/yaml `Marshal`'s words).
    let json = try_go_json_marshal(v).map_err(|e| format!("error marshaling into JSON: {e}"))?;
    let s = json_to_yaml(&json)?;
    Ok(s.strip_suffix('\n').map(str::to_string).unwrap_or(s))
}

/// Helm's `toYamlPretty`: go.yaml.in/yaml/v3's `Encoder` with `SetIndent(2)` on the Go value
/// itself (no JSON round trip, so a float64 `1000000` prints `1e+06`), sequences indented under
/// their key, no line folding; the final newline trimmed.
pub fn to_yaml_pretty(v: &GoValue) -> String {
    let s = emit::Emitter::new(emit::Flavor::V3).document(v);
    s.strip_suffix('\n').map(str::to_string).unwrap_or(s)
}
