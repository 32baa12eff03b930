//! Diagnostics of a root chart, for every file of its tree: template syntax errors, render errors
//! at the action that failed, invalid YAML in the rendered output mapped back to the template,
//! values-file and schema problems at the offending value, Chart.yaml / dependency findings and
//! the rendered-template lint rules, plus the undefined/unused `.Values` of [`crate::values`].
//!
//! Every finding has an absolute `file`, a byte range into that file's current text (or `None`
//! for the file as a whole) and a stable `code` ([`codes`]).

pub(crate) mod render;
mod values;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cw_base::Finding;

use crate::config::DiagnosticsConfig;
use crate::{Analysis, Cancellable, ChartAnalysis};

/// The codes of the diagnostics this module adds to the lint rules' own codes.
pub mod codes {
    /// A template does not parse; Go's parser message at the offending token.
    pub const TEMPLATE_SYNTAX: &str = "template-syntax-error";
    /// Executing a template failed (nil pointer, `required`, `fail`, wrong types, unknown
    /// template, budget exceeded): Helm's message at the action that failed.
    pub const RENDER_ERROR: &str = "template-render-error";
    /// The render ran out of time (the editor's budget, not a Helm error) before this template
    /// was done: its other diagnostics are incomplete.
    pub const RENDER_TIME_LIMIT: &str = "template-render-time-limit";
    /// A rendered template is not YAML Helm can read (`YAML parse error on ...`), at the
    /// template text that produced the offending line.
    pub const RENDERED_YAML_INVALID: &str = "rendered-yaml-invalid";
    /// A configured values file (`-f`) is not YAML Helm can read.
    pub const VALUES_YAML_INVALID: &str = "values-yaml-invalid";
    /// A key repeated in the same mapping of a values file (the last one wins).
    pub const VALUES_DUPLICATE_KEY: &str = "values-duplicate-key";
    /// A value breaks its chart's `values.schema.json`.
    pub const VALUES_SCHEMA_VIOLATION: &str = "values-schema-violation";
    /// A `values.schema.json` that cannot be used (bad JSON, does not compile).
    pub const VALUES_SCHEMA_INVALID: &str = "values-schema-invalid";
    /// A coalescing warning (a table overridden by a scalar, or the reverse) or error.
    pub const VALUES_COALESCE: &str = "values-coalesce";
    /// A configured values file that cannot be read or is not a map.
    pub const VALUES_FILE_INVALID: &str = "values-file-invalid";
}

impl Analysis {
    /// The diagnostics of the root chart at `root`: every file of the chart tree with findings,
    /// and an empty entry for every template, values file and Chart.yaml without any (so a
    /// client can clear what it showed before). Findings of a file are sorted by position.
    pub fn diagnostics(&self, root: &Path) -> Cancellable<BTreeMap<PathBuf, Vec<Finding>>> {
        let chart = self.chart(root)?;
        self.diagnostics_of(&chart)
    }

    /// [`Analysis::diagnostics`] of a chart analysis already in hand (one from
    /// [`Analysis::chart_uncached`]).
    pub fn diagnostics_of(
        &self,
        chart: &ChartAnalysis,
    ) -> Cancellable<BTreeMap<PathBuf, Vec<Finding>>> {
        let mut out = BTreeMap::new();
        for path in known_files(chart) {
            out.insert(path, Vec::new());
        }
        let cfg = &self.config().diagnostics;
        if !cfg.enable {
            return Ok(out);
        }
        for f in chart_findings(chart, cfg, self)? {
            out.entry(f.file.clone()).or_default().push(f);
        }
        for findings in out.values_mut() {
            findings.sort_by(|a, b| {
                let key = |f: &Finding| (f.range.map(|r| (r.start(), r.end())), f.code);
                key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
            });
            findings.dedup();
        }
        Ok(out)
    }
}

/// Every finding of the chart (absolute paths), before grouping.
fn chart_findings(
    chart: &ChartAnalysis,
    cfg: &DiagnosticsConfig,
    analysis: &Analysis,
) -> Cancellable<Vec<Finding>> {
    let mut out = Vec::new();
    // Loader findings always (they say why nothing else can be checked); the Chart.yaml and
    // dependency rules with the lint switch.
    for f in &chart.chart_findings {
        if cfg.lint || cw_chart::codes::ALL.contains(&f.code) {
            out.push(absolute(&chart.root, f.clone()));
        }
    }
    render::syntax_errors(chart, &mut out);
    // The render, computed now unless an earlier query did (the rest finds it done).
    analysis.render_of(chart)?;
    if cfg.render {
        render::render_errors(chart, &mut out);
    }
    if cfg.rendered_yaml {
        render::rendered_yaml_errors(chart, &mut out);
    }
    analysis.check_cancelled()?;
    if cfg.lint {
        let kube = analysis
            .config()
            .kube_version
            .as_deref()
            .and_then(cw_lint::KubeVersion::parse)
            .unwrap_or(cw_lint::KubeVersion::DEFAULT);
        render::lint_rules(chart, kube, &mut out);
    }
    values::values_findings(chart, &mut out);
    analysis.check_cancelled()?;
    if cfg.undefined_values || cfg.unused_values {
        // Undefined and unused `.Values` (each switch honoured there).
        out.extend(crate::values::value_diagnostics(chart, analysis)?);
    }
    Ok(out.into_iter().map(|f| rehome(chart, f)).collect())
}

/// Whether a path is inside a `.tgz` subchart (it exists in no editor).
fn in_archive(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root).is_ok_and(|rel| {
        rel.components().any(|c| {
            let c = c.as_os_str().to_string_lossy();
            c.ends_with(".tgz") || c.ends_with(".tar.gz")
        })
    })
}

/// A finding about a file inside an archived subchart goes on the root Chart.yaml (where the
/// dependency is declared), naming the file; the archived location stays as related
/// information.
fn rehome(chart: &ChartAnalysis, mut f: Finding) -> Finding {
    if !in_archive(&chart.root, &f.file) {
        return f;
    }
    let rel = f
        .file
        .strip_prefix(&chart.root)
        .unwrap_or(&f.file)
        .display()
        .to_string();
    let archived = cw_base::Related {
        file: f.file.clone(),
        range: f.range,
        message: format!("in the archived subchart file {rel}"),
    };
    f.message = format!("{rel}: {}", f.message);
    f.file = chart.root.join("Chart.yaml");
    f.range = None;
    f.related.insert(0, archived);
    f
}

/// A finding whose paths are relative to the root chart, made absolute.
pub(crate) fn absolute(root: &Path, mut f: Finding) -> Finding {
    if f.file.is_relative() {
        f.file = root.join(&f.file);
    }
    for r in &mut f.related {
        if r.file.is_relative() {
            r.file = root.join(&r.file);
        }
    }
    f
}

/// The files a client may show diagnostics for: every template, values file and Chart.yaml of
/// the tree, and the dependency and schema files the charts have.
fn known_files(chart: &ChartAnalysis) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = chart.templates.iter().map(|t| t.path.clone()).collect();
    out.extend(chart.values_files.iter().map(|v| v.path.clone()));
    let mut stack = vec![&chart.loaded.chart];
    while let Some(c) = stack.pop() {
        let dir = chart.root.join(&c.prefix);
        if c.chart_yaml.is_some() || c.prefix.is_empty() {
            out.push(dir.join("Chart.yaml"));
        }
        if let Some(s) = &c.schema {
            out.push(dir.join(&s.name));
        }
        for f in c.files.iter().chain(&c.raw) {
            if matches!(
                f.name.as_str(),
                "requirements.yaml" | "requirements.lock" | "Chart.lock"
            ) {
                out.push(dir.join(&f.name));
            }
        }
        stack.extend(c.dependencies.iter());
    }
    out.retain(|p| !in_archive(&chart.root, p));
    out
}
