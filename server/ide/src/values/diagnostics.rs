//! The values diagnostics: `.Values` references found in no values file and no schema
//! (`values-undefined`, with a did-you-mean), and keys of a chart's values.yaml that no template
//! reads (`values-unused`).

use std::collections::BTreeSet;
use std::path::Path;

use cw_base::{Finding, Severity, TextRange};

use super::index::{agree, has_elem, Ref, RefKind};
use super::model::{walk_keys, Model};
use crate::{Analysis, Cancellable, ChartAnalysis};

pub(crate) const UNDEFINED: &str = "values-undefined";
pub(crate) const UNUSED: &str = "values-unused";

/// An undefined reference: which segment is the first one nothing defines, and the closest
/// existing key there.
pub(crate) struct Undefined {
    pub seg: usize,
    pub range: TextRange,
    pub suggestion: Option<String>,
}

/// The first segment of a reference that no values file, schema or computed value defines.
pub(crate) fn undefined_segment(
    chart: &ChartAnalysis,
    model: &Model,
    prefix: &str,
    r: &Ref,
) -> Option<Undefined> {
    for k in 0..r.path.len() {
        let canon = model.canon(prefix, &r.path[..=k]);
        if canon.iter().any(|c| model.is_defined(chart, c)) {
            continue;
        }
        let range = r.segs[k]?;
        let siblings = sibling_keys(chart, model, prefix, &r.path[..k]);
        let suggestion = did_you_mean(&r.path[k], siblings.iter().map(String::as_str));
        return Some(Undefined {
            seg: k,
            range,
            suggestion,
        });
    }
    None
}

/// Every key known under a path of a chart's `.Values` (files, schemas, computed values).
pub(crate) fn sibling_keys(
    chart: &ChartAnalysis,
    model: &Model,
    prefix: &str,
    parent: &[String],
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for c in model.canon(prefix, parent) {
        out.extend(model.children(&c));
    }
    if let Some(scope) = chart.scope(prefix) {
        for v in super::present::lookup_all(&scope.values, parent) {
            if let cw_template::Value::Map(m) = v {
                out.extend(m.read().entries.keys().cloned());
            }
        }
    }
    out
}

/// The closest candidate within a small edit distance.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<String> {
    let max = match word.chars().count() {
        0..=3 => 1,
        4..=7 => 2,
        _ => 3,
    };
    candidates
        .filter(|c| *c != word)
        .map(|c| {
            let d = if c.eq_ignore_ascii_case(word) {
                0
            } else {
                levenshtein(word, c)
            };
            (d, c)
        })
        .filter(|(d, _)| *d <= max)
        .min()
        .map(|(_, c)| c.to_string())
}

/// The edit distance with adjacent transpositions (optimal string alignment): `tga` is one
/// edit from `tag`.
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, x) in d.iter_mut().enumerate().take(w) {
        *x = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

pub(crate) use super::index::dotted;

impl Analysis {
    /// The values findings of the root chart at `root` alone: `values-undefined` and
    /// `values-unused` (absolute paths, each `Config::diagnostics` switch honoured), for a driver
    /// that wants them without the rest of [`Analysis::diagnostics`] (`chartwright lint`). Reads
    /// the chart's templates, values files and computed values; the render is not used.
    pub fn values_findings(&self, root: &Path) -> Cancellable<Vec<Finding>> {
        let chart = self.chart(root)?;
        value_diagnostics(&chart, self)
    }
}

/// The values diagnostics of a root chart (absolute paths).
pub(crate) fn value_diagnostics(
    chart: &ChartAnalysis,
    analysis: &Analysis,
) -> Cancellable<Vec<Finding>> {
    let model = super::model::model_of(chart);
    let cfg = &analysis.config().diagnostics;
    let mut out = Vec::new();
    if cfg.undefined_values {
        undefined(chart, &model, analysis, &mut out)?;
    }
    if cfg.unused_values {
        unused(chart, &model, analysis, &mut out)?;
    }
    Ok(out)
}

fn undefined(
    chart: &ChartAnalysis,
    model: &Model,
    analysis: &Analysis,
    out: &mut Vec<Finding>,
) -> Cancellable<()> {
    // The commented keys of each chart prefix, read when a reference there is undefined.
    let mut commented_of: std::collections::HashMap<&str, BTreeSet<String>> =
        std::collections::HashMap::new();
    for (t, idx) in chart.templates.iter().zip(&model.templates) {
        analysis.check_cancelled()?;
        // A library chart's templates read the values of whichever chart includes them.
        if model.chart(&t.chart_prefix).is_none_or(|c| c.library) {
            continue;
        }
        let mut seen = BTreeSet::new();
        for r in &idx.refs {
            if r.guarded {
                continue;
            }
            let Some(u) = undefined_segment(chart, model, &t.chart_prefix, r) else {
                continue;
            };
            // Under `with .Values.a` / `if .Values.a`, `a` may be missing; when it is there,
            // what is read of it must be.
            if u.seg < r.guard_depth {
                continue;
            }
            if !seen.insert(u.range) {
                continue;
            }
            let path = dotted(&r.path[..=u.seg]);
            let mut msg =
                format!("`.Values.{path}` is not defined in any values file or values schema");
            // A key written in a comment of values.yaml (`# resources: {}`) is documented as
            // optional: worth knowing, not worth a warning.
            let commented = commented_of
                .entry(t.chart_prefix.as_str())
                .or_insert_with(|| commented_keys(chart, &t.chart_prefix))
                .contains(&r.path[u.seg]);
            let name = r.path[u.seg].as_str();
            let builtin = matches!(
                name,
                "Release" | "Chart" | "Capabilities" | "Files" | "Template" | "Values"
            ) && u.seg > 0
                && r.segs[u.seg - 1].is_none();
            if builtin {
                // `.Release.Name` under `with .Values.x`: the dot is `x` there.
                msg.push_str(&format!(
                    "; the dot is `.Values.{}` here, not the top-level object: `$.{name}` reads the built-in object",
                    dotted(&r.path[..u.seg])
                ));
            } else if commented {
                msg.push_str(" (values.yaml only mentions it in a comment)");
            } else if let Some(s) = &u.suggestion {
                let mut p = r.path[..=u.seg].to_vec();
                p[u.seg] = s.clone();
                msg.push_str(&format!("; did you mean `.Values.{}`?", dotted(&p)));
            }
            let severity = if commented {
                Severity::Info
            } else {
                Severity::Warning
            };
            out.push(Finding::new(
                UNDEFINED,
                severity,
                t.path.clone(),
                Some(u.range),
                msg,
            ));
        }
    }
    Ok(())
}

/// The keys written in comment lines (`# key: value`) of the values files of a chart and of
/// its parents.
fn commented_keys(chart: &ChartAnalysis, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for f in chart
        .values_files
        .iter()
        .filter(|f| prefix.starts_with(&f.chart_prefix))
    {
        for line in f.text.lines() {
            let Some(rest) = line.trim_start().strip_prefix('#') else {
                continue;
            };
            let rest = rest.trim_start_matches('#').trim_start();
            let rest = rest.strip_prefix("- ").unwrap_or(rest);
            let key: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !key.is_empty() && rest[key.len()..].starts_with(':') {
                out.insert(key);
            }
        }
    }
    out
}

/// Which canonical paths the templates read.
pub(crate) struct Usage {
    /// Read with everything under them.
    pub read: BTreeSet<Vec<String>>,
    /// Only tested.
    pub probe: BTreeSet<Vec<String>>,
    /// Read or tested through the elements of a collection (`items.[].name`): they match any
    /// key at an element segment.
    pub read_each: Vec<Vec<String>>,
    pub probe_each: Vec<Vec<String>>,
}

impl Usage {
    pub fn build(chart: &ChartAnalysis, model: &Model) -> Usage {
        let mut u = Usage {
            read: BTreeSet::new(),
            probe: BTreeSet::new(),
            read_each: Vec::new(),
            probe_each: Vec::new(),
        };
        for (t, idx) in chart.templates.iter().zip(&model.templates) {
            if model.chart(&t.chart_prefix).is_some_and(|c| c.library) {
                continue;
            }
            if !idx.whole.is_empty() {
                for c in model.canon(&t.chart_prefix, &[]) {
                    u.read.insert(c);
                }
            }
            for r in &idx.refs {
                for c in model.canon(&t.chart_prefix, &r.path) {
                    match (r.kind, has_elem(&c)) {
                        (RefKind::Read, false) => {
                            u.read.insert(c);
                        }
                        (RefKind::Probe, false) => {
                            u.probe.insert(c);
                        }
                        (RefKind::Read, true) => u.read_each.push(c),
                        (RefKind::Probe, true) => u.probe_each.push(c),
                    }
                }
            }
        }
        // Dependency conditions are read by Helm itself.
        fn conditions(c: &cw_chart::Chart, model: &Model, u: &mut Usage) {
            for d in c.metadata.dependencies() {
                for cond in cw_chart::str_of(&d.condition).split(',') {
                    let cond = cond.trim();
                    if cond.is_empty() {
                        continue;
                    }
                    let path: Vec<String> = cond.split('.').map(str::to_string).collect();
                    for c in model.canon(&c.prefix, &path) {
                        u.probe.insert(c);
                    }
                }
            }
            for d in &c.dependencies {
                conditions(d, model, u);
            }
        }
        conditions(&chart.loaded.chart, model, &mut u);
        u.read_each.sort();
        u.read_each.dedup();
        u.probe_each.sort();
        u.probe_each.dedup();
        u
    }

    pub fn is_used(&self, c: &[String]) -> bool {
        if (0..=c.len()).any(|n| self.read.contains(&c[..n])) || self.probe.contains(c) {
            return true;
        }
        // Through elements: a read of the value, of a parent or of something under it; a
        // test of the value or of something under it.
        if self.read_each.iter().any(|r| agree(r, c))
            || self
                .probe_each
                .iter()
                .any(|p| p.len() >= c.len() && agree(p, c))
        {
            return true;
        }
        let start = c.to_vec();
        self.read
            .range(start.clone()..)
            .next()
            .is_some_and(|r| r.starts_with(c))
            || self
                .probe
                .range(start..)
                .next()
                .is_some_and(|r| r.starts_with(c))
    }
}

fn unused(
    chart: &ChartAnalysis,
    model: &Model,
    analysis: &Analysis,
    out: &mut Vec<Finding>,
) -> Cancellable<()> {
    let usage = Usage::build(chart, model);
    for f in chart.values_files.iter().filter(|f| !f.user) {
        analysis.check_cancelled()?;
        let Some(info) = model.chart(&f.chart_prefix) else {
            continue;
        };
        if info.library {
            continue;
        }
        let Some(c) = chart.chart_at(&f.chart_prefix) else {
            continue;
        };
        // Dependencies declared but not vendored: their values cannot be checked.
        let missing: BTreeSet<String> = c
            .metadata
            .dependencies()
            .map(|d| d.effective_name().to_string())
            .filter(|n| !info.subcharts.contains(n))
            .collect();
        let Some(root) = &f.yaml.root else { continue };
        let mut reported: Vec<Vec<String>> = Vec::new();
        let mut path = Vec::new();
        walk_keys(root, &mut path, 0, &mut |path, entry| {
            if reported.iter().any(|r| path.starts_with(r)) {
                return;
            }
            let top = path[0].as_str();
            if top == "global"
                || (f.chart_prefix.is_empty() && top == "tags")
                || (!f.chart_prefix.is_empty() && top == "exports")
                || missing.contains(top)
            {
                return;
            }
            let canon = model.canon(&f.chart_prefix, path);
            if canon.iter().any(|c| usage.is_used(c)) {
                return;
            }
            reported.push(path.to_vec());
            let what = if entry.value.as_map().is_some_and(|m| !m.is_empty()) {
                " (nor anything under it)"
            } else {
                ""
            };
            out.push(Finding::warning(
                UNUSED,
                f.path.clone(),
                Some(entry.key_range),
                format!("`{}` is not used by any template{what}", dotted(path)),
            ));
        });
    }
    Ok(())
}
