//! YAML as Helm reads and writes it: a spanned YAML 1.1 loader and go-yaml v2/v3 emitters.
//!
//! Helm reads values files, Chart.yaml and rendered manifests with sigs.k8s.io/yaml (a go-yaml v2
//! fork, YAML 1.1) and converts the result through JSON. [`load`] reproduces that value model and
//! keeps a byte range for every key and value.

mod gofmt;
mod load;
mod node;
mod resolve;

pub use gofmt::{format_float_g, format_json_float, go_quote};
pub use load::MAX_DEPTH;
pub use node::{Entry, Mapping, Node, ScalarStyle, Value, YamlError, YamlErrorKind};

/// The result of loading YAML text: a tree (possibly partial) plus every problem found.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The value, or `None` for an empty (or all-null) input, which Helm treats as an empty map.
    /// After a syntax error this is the part read before the error.
    pub root: Option<Node>,
    /// Errors in source order within each document; duplicate keys are reported as
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

/// The text Helm prints for a values-file error after `cannot unmarshal yaml document: `.
pub fn helm_values_error_text(error: &YamlError) -> String {
    if error.message.starts_with("error unmarshaling JSON") {
        error.message.clone()
    } else {
        format!("error converting YAML to JSON: {}", error.message)
    }
}
