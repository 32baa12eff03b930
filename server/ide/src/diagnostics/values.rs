//! Values diagnostics: YAML errors of the configured values files, duplicate keys of every values
//! file, schema violations at the offending value, coalescing warnings and errors.

use std::path::PathBuf;

use cw_base::{Finding, TextRange};
use cw_yaml::YamlErrorKind;

use super::codes;
use crate::{ChartAnalysis, ValuesFileInfo};

pub(super) fn values_findings(chart: &ChartAnalysis, out: &mut Vec<Finding>) {
    yaml_findings(chart, out);
    schema_findings(chart, out);
    coalesce_findings(chart, out);
}

/// YAML errors of `-f` files (the loader reports the charts' own values.yaml) and duplicate keys
/// of every values file.
fn yaml_findings(chart: &ChartAnalysis, out: &mut Vec<Finding>) {
    for v in &chart.values_files {
        for e in &v.yaml.errors {
            match e.kind {
                YamlErrorKind::DuplicateKey => {
                    let key = v.text.get(e.range.to_usize()).unwrap_or("").trim();
                    let mut f = Finding::warning(
                        codes::VALUES_DUPLICATE_KEY,
                        &v.path,
                        Some(e.range),
                        format!("key {key} is already set in this mapping; the last one wins"),
                    );
                    if let Some(r) = e.related {
                        f = f.with_related(&v.path, Some(r), "first set here");
                    }
                    out.push(f);
                }
                YamlErrorKind::Syntax | YamlErrorKind::Unsupported if v.user => {
                    out.push(Finding::error(
                        codes::VALUES_YAML_INVALID,
                        &v.path,
                        Some(e.range),
                        format!(
                            "failed to parse {}: {}",
                            shown_path(chart, &v.path),
                            cw_yaml::helm_values_error_text(e)
                        ),
                    ));
                }
                _ => {}
            }
        }
    }
    // Errors merging the `-f` files that are not YAML errors (a document that is not a map, a
    // file that cannot be read).
    for e in &chart.user_values_errors {
        let file = chart
            .values_files
            .iter()
            .filter(|v| v.user)
            .find(|v| e.starts_with(&format!("failed to parse {}:", v.path.display())));
        if let Some(v) = file {
            if v.yaml.first_error().is_some() {
                continue; // reported above, at its range
            }
            let range = v.yaml.root.as_ref().map(|n| n.range);
            out.push(Finding::error(
                codes::VALUES_FILE_INVALID,
                &v.path,
                range,
                e.replace(&v.path.display().to_string(), &shown_path(chart, &v.path)),
            ));
        } else {
            out.push(Finding::error(
                codes::VALUES_FILE_INVALID,
                chart.root.join("values.yaml"),
                None,
                e.clone(),
            ));
        }
    }
}

/// A path as a user passes it with `-f`: relative to the chart when inside it.
fn shown_path(chart: &ChartAnalysis, path: &std::path::Path) -> String {
    path.strip_prefix(&chart.root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Escapes one JSON pointer segment.
fn pointer_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The values files that can set the values of the chart at `path` (names from the root),
/// highest precedence first, each with the pointer prefix of that chart's values in it.
fn candidate_files<'a>(
    chart: &'a ChartAnalysis,
    path: &[String],
) -> Vec<(&'a ValuesFileInfo, String)> {
    let mut out = Vec::new();
    let prefix_of = |depth: usize| -> String {
        path[depth..]
            .iter()
            .map(|s| format!("/{}", pointer_segment(s)))
            .collect()
    };
    for v in chart.values_files.iter().filter(|v| v.user).rev() {
        out.push((v, prefix_of(0)));
    }
    for depth in 0..=path.len() {
        let Some(scope) = chart.scopes.iter().find(|s| s.path == path[..depth]) else {
            continue;
        };
        for v in chart.values_files_of(&scope.prefix).filter(|v| !v.user) {
            out.push((v, prefix_of(depth)));
        }
    }
    out
}

/// Where a value of the chart at `path` is set: the value itself in the file that wins, else the
/// key of its nearest parent that some file sets.
fn locate_value(
    chart: &ChartAnalysis,
    path: &[String],
    pointer: &str,
) -> Option<(PathBuf, TextRange, bool)> {
    let files = candidate_files(chart, path);
    for (v, prefix) in &files {
        let full = format!("{prefix}{pointer}");
        if full.is_empty() {
            continue; // the whole document: no useful range
        }
        if let Some(span) = v.source.get(&full) {
            return Some((v.path.clone(), span.range, true));
        }
    }
    let mut p = pointer;
    while let Some(i) = p.rfind('/') {
        p = &p[..i];
        for (v, prefix) in &files {
            let full = format!("{prefix}{p}");
            if full.is_empty() {
                continue;
            }
            if let Some(span) = v.source.get(&full) {
                return Some((v.path.clone(), span.key_range, false));
            }
        }
    }
    None
}

/// The key range of the value at `pointer` in the file that wins.
fn key_of(chart: &ChartAnalysis, path: &[String], pointer: &str) -> Option<TextRange> {
    candidate_files(chart, path)
        .into_iter()
        .find_map(|(v, prefix)| v.source.get(&format!("{prefix}{pointer}")))
        .map(|s| s.key_range)
}

/// Each leaf of each schema violation at the value that breaks it.
fn schema_findings(chart: &ChartAnalysis, out: &mut Vec<Finding>) {
    let Some(schema) = &chart.schema else { return };
    for c in &schema.charts {
        let scope = chart.scopes.iter().find(|s| s.path == c.path);
        let dir = chart.root.join(scope.map_or("", |s| s.prefix.as_str()));
        let schema_file = dir.join("values.schema.json");
        if let Some(problem) = &c.problem {
            out.push(Finding::error(
                codes::VALUES_SCHEMA_INVALID,
                &schema_file,
                None,
                format!("{}: {problem}", c.chart),
            ));
            continue;
        }
        for v in &c.violations {
            for leaf in v.leaves() {
                let message = format!("at '{}': {}", leaf.instance_location, leaf.message);
                let (file, range) = match locate_value(chart, &c.path, &leaf.instance_location) {
                    // A missing property is about the object: its key.
                    Some((file, _, true)) if leaf.message.starts_with("missing propert") => {
                        let key = key_of(chart, &c.path, &leaf.instance_location);
                        (file, key)
                    }
                    Some((file, range, _)) => (file, Some(range)),
                    None => {
                        // Set nowhere (a required key at the top): the chart's values.yaml.
                        let vf = chart
                            .values_files
                            .iter()
                            .find(|v| !v.user && scope.is_some_and(|s| s.prefix == v.chart_prefix));
                        match vf {
                            Some(v) => (v.path.clone(), Some(TextRange::empty(0))),
                            None => (schema_file.clone(), None),
                        }
                    }
                };
                out.push(
                    Finding::error(codes::VALUES_SCHEMA_VIOLATION, file, range, message)
                        .with_related(
                            &schema_file,
                            None,
                            format!("the schema of chart {}", c.chart),
                        ),
                );
            }
        }
    }
}

/// The text of a Helm log line (`level=INFO msg="warning: ..."`) and its level.
fn log_text(line: &str) -> (&str, String) {
    let Some(rest) = line.strip_prefix("level=") else {
        return ("INFO", line.to_string());
    };
    let (level, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let msg = rest.strip_prefix("msg=").unwrap_or(rest);
    let text = if let Some(q) = msg.strip_prefix('"') {
        // Go-quoted: up to the closing quote, escapes undone.
        let mut out = String::new();
        let mut chars = q.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(c) => out.push(c),
                    None => {}
                },
                '"' => break,
                c => out.push(c),
            }
        }
        out
    } else {
        msg.to_string()
    };
    (level, text)
}

/// The dotted key a coalescing warning is about (`sub.a.b`), as it names it.
fn warning_key(text: &str) -> Option<&str> {
    let at = text.find(" for ")? + 5;
    let rest = &text[at..];
    let end = [": ", " (", " is a table"]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Where a dotted key of a coalescing warning is set: the longest suffix of its segments that
/// a values file has (the key starts with chart names).
fn locate_dotted(chart: &ChartAnalysis, key: &str) -> Option<(PathBuf, TextRange)> {
    let segs: Vec<&str> = key.split('.').collect();
    for skip in 0..segs.len() {
        let pointer: String = segs[skip..]
            .iter()
            .map(|s| format!("/{}", pointer_segment(s)))
            .collect();
        let mut files: Vec<&ValuesFileInfo> =
            chart.values_files.iter().filter(|v| v.user).collect();
        files.extend(chart.values_files.iter().filter(|v| !v.user));
        for v in files {
            if let Some(span) = v.source.get(&pointer) {
                return Some((v.path.clone(), span.key_range));
            }
        }
    }
    None
}

fn coalesce_findings(chart: &ChartAnalysis, out: &mut Vec<Finding>) {
    let root_values = chart.root.join("values.yaml");
    for line in &chart.values_warnings {
        let (level, text) = log_text(line);
        if level == "ERROR" {
            continue; // the error itself is reported below
        }
        let at = warning_key(&text).and_then(|k| locate_dotted(chart, k));
        let (file, range) = match at {
            Some((f, r)) => (f, Some(r)),
            None => (root_values.clone(), None),
        };
        out.push(Finding::warning(codes::VALUES_COALESCE, file, range, text));
    }
    if let Some(e) = &chart.values_error {
        out.push(Finding::error(
            codes::VALUES_COALESCE,
            &root_values,
            None,
            e.clone(),
        ));
    }
}
