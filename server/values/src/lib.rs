//! Helm values: conversion to template values, coalescing, `--set` parsing, globals, import-values, conditions and tags, schema validation.
//!
//! Reproduces helm v4.1.4's values layer for `helm template` / `helm install`:
//!
//! 1. [`merge_user_values`] — `MergeValues` of `pkg/cli/values`: `-f` files, then
//!    `--set-json`, `--set`, `--set-string`, `--set-file`, `--set-literal`, with Helm's
//!    error texts (`failed parsing --set data: key "x" has no value`).
//! 2. [`compute`] — `ProcessDependencies` (aliases, `condition`, `tags`, `import-values`) on the
//!    chart tree, then `CoalesceValues` (chart defaults under user values, subchart sections,
//!    `global` propagated down, `null` deleting keys, lists replaced whole), then every chart's
//!    `values.schema.json` checked against its scoped values.
//!
//! The result is a [`ValuesResult`]: the root's `.Values` and, for every chart Helm renders (the
//! enabled subcharts, renamed by alias), the `.Values` its templates see ([`ChartValues`]).
//! Helm's warnings are kept, and an error (type mismatch, schema) is reported with Helm's text
//! beside the best values we could compute — nothing here fails on bad input.
//!
//! ```text
//! let user = cw_values::merge_user_values(&opts, &|path| std::fs::read_to_string(path)
//!     .map_err(|e| format!("open {path}: {e}")))?;
//! let result = cw_values::compute(&chart, &user.values, &cw_values::ComputeOptions::default());
//! if let Some(err) = result.helm_error() { /* helm would stop with: Error: {err} */ }
//! for cv in result.root.walk() { /* cv.chart, cv.name, cv.values (the .Values of its templates) */ }
//! ```
//!
//! Values are `cw_template::Value`s typed as Helm's: the top-level `.Values` (and each
//! subchart's) is a `common.Values`, nested maps `map[string]interface {}`, lists
//! `[]interface {}`, YAML and JSON numbers `float64`, `--set` integers `int64`.
//! [`to_go_value`] converts any template value for `cw_yaml::go_json_marshal` / `to_yaml`
//! (Helm's `toJson` / `toYaml`).
//!
//! For the language server, [`ValuesSource`] maps JSON pointers (`/image/tag`, the form of
//! [`SchemaViolation::instance_location`]) to the key and value ranges of a values file
//! ([`values_source`] for a chart's values.yaml, [`UserValues::sources`] for `-f` files).
//!
//! Checked against helm v4.1.4: `tests/record/record_values.py` records a table of cases
//! (testdata/values/cases.json) and `.Values` of every chart of the shared corpus
//! (testdata/values/corpus.json). Deliberate limits on hostile input, where Helm has none or
//! larger ones: `--set` lines nest at most [`strvals::MAX_NESTING`] levels and grow lists by
//! at most [`strvals::MAX_LIST_SLOTS`] elements, `--set-json` nests at most
//! [`json::MAX_DEPTH`] levels, and alias copies may make at most [`MAX_CHARTS`] charts.

pub mod coalesce;
pub mod convert;
mod deps;
mod govalue;
pub mod json;
pub mod schema;
pub mod strvals;

use cw_chart::Chart;
use cw_template::Value;

pub use convert::{
    as_values_type, deep_copy, empty_map, is_table, node_to_value, pointer, SourceSpan,
    ValuesSource, VALUES_TYPE,
};
pub use deps::{chart_values, DisabledBy, DisabledDependency, MAX_CHARTS};
pub use govalue::to_go_value;
pub use schema::{SchemaError, SchemaViolation};

/// The user-supplied values flags of `helm template` / `helm install`, in Helm's order of
/// application (`-f` files first, then `--set-json`, `--set`, `--set-string`, `--set-file`,
/// `--set-literal`; each list in command-line order).
#[derive(Clone, Debug, Default)]
pub struct ValueOptions {
    /// `-f`/`--values`: (name as given on the command line, file text).
    pub value_files: Vec<(String, String)>,
    pub json_values: Vec<String>,
    pub values: Vec<String>,
    pub string_values: Vec<String>,
    pub file_values: Vec<String>,
    pub literal_values: Vec<String>,
}

/// The merged user values and where each `-f` file's values came from.
#[derive(Clone, Debug)]
pub struct UserValues {
    /// A `map[string]interface {}`.
    pub values: Value,
    /// One side table per `-f` file, in order.
    pub sources: Vec<ValuesSource>,
}

/// Helm's `values.Options.MergeValues`. `read_file` reads a `--set-file` path and returns the
/// text or Go's error text (`open x: no such file or directory`). The error is Helm's text
/// (printed by helm as `Error: {text}`).
pub fn merge_user_values(
    opts: &ValueOptions,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<UserValues, String> {
    let mut base = empty_map();
    let mut sources = Vec::new();
    for (name, text) in &opts.value_files {
        let loaded = cw_yaml::load(text);
        if let Some(e) = loaded.first_error() {
            return Err(format!(
                "failed to parse {name}: {}",
                cw_yaml::helm_values_error_text(e)
            ));
        }
        let current = match &loaded.root {
            Some(root) => node_to_value(root),
            None => empty_map(),
        };
        if !is_table(&current) {
            return Err(format!(
                "failed to parse {name}: cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                json_kind(&current)
            ));
        }
        sources.push(ValuesSource::new(name.clone(), loaded.root.as_slice()));
        base = strvals::merge_maps(&base, &current);
    }
    for value in &opts.json_values {
        let trimmed = value.trim();
        if trimmed.starts_with('{') {
            match json::decode_all(trimmed) {
                Ok(m) if is_table(&m) => base = strvals::merge_maps(&base, &m),
                _ => return Err(format!("failed parsing --set-json data JSON: {value}")),
            }
        } else {
            let Value::Map(dest) = &base else {
                unreachable!("base is a map")
            };
            if strvals::parse_json(value, dest).is_err() {
                return Err(format!("failed parsing --set-json data {value}"));
            }
        }
    }
    let Value::Map(dest) = &base else {
        unreachable!("base is a map")
    };
    for value in &opts.values {
        strvals::parse_into(value, dest).map_err(|e| format!("failed parsing --set data: {e}"))?;
    }
    for value in &opts.string_values {
        strvals::parse_into_string(value, dest)
            .map_err(|e| format!("failed parsing --set-string data: {e}"))?;
    }
    let reader = |path: &str| read_file(path).map(Value::string);
    for value in &opts.file_values {
        strvals::parse_into_file(value, dest, &reader)
            .map_err(|e| format!("failed parsing --set-file data: {e}"))?;
    }
    for value in &opts.literal_values {
        strvals::parse_literal_into(value, dest)
            .map_err(|e| format!("failed parsing --set-literal data: {e}"))?;
    }
    Ok(UserValues {
        values: base.clone(),
        sources,
    })
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::List(_) => "array",
        Value::String(_) => "string",
        Value::Float(_) | Value::Int(_) | Value::Int64(_) => "number",
        Value::Bool(_) => "bool",
        _ => "value",
    }
}

/// The side table of a chart's values.yaml (`file` is the path from the root chart, e.g.
/// `charts/sub/values.yaml`), or `None` when the chart has no readable values.yaml.
pub fn values_source(chart: &Chart) -> Option<ValuesSource> {
    let vf = chart.values.as_ref()?;
    let text = vf.file.text()?;
    let loaded = cw_yaml::load(text);
    Some(ValuesSource::new(
        format!("{}{}", chart.prefix, vf.file.name),
        loaded.root.as_slice(),
    ))
}

/// Options for [`compute`].
#[derive(Clone, Debug, Default)]
pub struct ComputeOptions {
    /// `--skip-schema-validation`.
    pub skip_schema_validation: bool,
}

/// One chart Helm renders, with the `.Values` its templates see.
#[derive(Clone)]
pub struct ChartValues<'c> {
    pub chart: &'c Chart,
    /// The name Helm gives it: the alias when the dependency is aliased (`.Chart.Name` and the
    /// `parent/charts/NAME/templates/...` template paths use it).
    pub name: String,
    /// Names from the root's first subchart down to this chart (`[]` for the root).
    pub path: Vec<String>,
    /// `.Values` for this chart's templates (a `common.Values`).
    pub values: Value,
    /// The enabled subcharts in Helm's order.
    pub subcharts: Vec<ChartValues<'c>>,
}

impl<'c> ChartValues<'c> {
    /// This chart and every subchart below it, parents first.
    pub fn walk(&self) -> Vec<&ChartValues<'c>> {
        let mut out = vec![self];
        for s in &self.subcharts {
            out.extend(s.walk());
        }
        out
    }
}

impl std::fmt::Debug for ChartValues<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChartValues")
            .field("name", &self.name)
            .field("path", &self.path)
            .field("values", &self.values)
            .field("subcharts", &self.subcharts)
            .finish()
    }
}

/// The values of a whole chart tree.
#[derive(Debug)]
pub struct ValuesResult<'c> {
    /// The root chart and its enabled subcharts.
    pub root: ChartValues<'c>,
    /// Helm's log lines, as its slog text handler prints them to stderr and as many times as
    /// Helm logs them (it coalesces several times): `level=INFO msg="warning: skipped value
    /// for p.a: Not a table."`, `level=WARN msg="returned non-bool value" path=a.enabled
    /// chart=a`, `level=ERROR msg="chart dependencies processing failed" error=...`. Their
    /// order within one coalescing pass follows Go's random map order in Helm.
    pub warnings: Vec<String>,
    /// A coalescing error that makes Helm stop (`type mismatch on sub: %!t(string=x)`).
    pub error: Option<String>,
    /// Schema violations of every chart (Helm stops on them unless validation is skipped).
    pub schema: Option<SchemaError>,
    /// The declared dependencies a condition or tags removed, and why.
    pub disabled: Vec<DisabledDependency>,
}

impl ValuesResult<'_> {
    /// The error Helm would stop with, in Helm's text (after `Error: `), if any.
    pub fn helm_error(&self) -> Option<String> {
        if let Some(e) = &self.error {
            return Some(e.clone());
        }
        self.schema.as_ref().map(|s| s.helm_text())
    }

    /// The root chart's `.Values`.
    pub fn values(&self) -> &Value {
        &self.root.values
    }
}

/// Computes `.Values` for a chart and its subcharts as `helm template` does, from the
/// user-supplied values (a map, e.g. [`UserValues::values`]).
pub fn compute<'c>(chart: &'c Chart, user: &Value, options: &ComputeOptions) -> ValuesResult<'c> {
    let mut warnings = Vec::new();
    let mut error = None;
    let mut disabled = Vec::new();
    let mut tree = deps::Node::build(chart, 0);
    if let Err(e) = deps::process_dependencies(&mut tree, user, &mut warnings, &mut disabled) {
        warnings.push(format!(
            "level=ERROR msg=\"chart dependencies processing failed\" error={}",
            coalesce::slog_value(&e)
        ));
        error = Some(format!("chart dependencies processing failed: {e}"));
    }
    let vals = match coalesce::coalesce_values(&tree, user, &mut warnings) {
        Ok(v) => v,
        Err(e) => {
            error.get_or_insert(e);
            empty_map()
        }
    };
    let schema = if options.skip_schema_validation || error.is_some() {
        None
    } else {
        schema::validate_tree(&tree, &vals)
    };
    let root = scoped(&tree, as_values_type(&vals), Vec::new());
    ValuesResult {
        root,
        warnings,
        error,
        schema,
        disabled,
    }
}

/// Builds the per-chart `.Values` as Helm's engine does: a subchart's values are its parent's
/// `.Values.NAME` table, or an empty `common.Values`.
fn scoped<'c>(node: &deps::Node<'c>, values: Value, path: Vec<String>) -> ChartValues<'c> {
    let subcharts = node
        .deps
        .iter()
        .map(|d| {
            let v = match coalesce::table(&values, &d.name) {
                Some(m) => as_values_type(&Value::Map(m)),
                None => as_values_type(&empty_map()),
            };
            let mut p = path.clone();
            p.push(d.name.clone());
            scoped(d, v, p)
        })
        .collect();
    ChartValues {
        chart: node.chart,
        name: node.name.clone(),
        path,
        values,
        subcharts,
    }
}
