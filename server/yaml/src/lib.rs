//! YAML as Helm reads and writes it: a spanned YAML 1.1 loader and a go-yaml v2 emitter.
//!
//! Helm reads values files, Chart.yaml and rendered manifests with sigs.k8s.io/yaml (a go-yaml v2
//! fork, YAML 1.1) and converts the result through JSON. [`load`] reproduces that value model and
//! keeps a byte range for every key and value; [`emit`] reproduces go-yaml v2's `Marshal`, which
//! Helm's `toYaml` uses.

mod node;

pub use node::{Entry, Mapping, Node, ScalarStyle, Value, YamlError, YamlErrorKind};
