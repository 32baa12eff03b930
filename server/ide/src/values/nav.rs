//! Hover, go to definition, references and rename for values: from a `.Values` path segment in a
//! template or from a key of a values file, across every template and values file of the root
//! chart (a subchart's `x` is its parent's `sub.x`).

use std::collections::BTreeSet;

use cw_base::{LineIndex, TextRange};

use super::complete::describe;
use super::index::{agree, dotted};
use super::model::Model;
use super::subject::{key_target, keys_in_order, schema_entries, subject_at, uses, Origin};
use crate::features::FilePos;
use crate::types::{HoverResult, NavigationTarget, RenameTarget};
use crate::{ChartAnalysis, FileRange, SourceChange, TextEdit};

fn location(chart: &ChartAnalysis, template: usize, range: TextRange) -> String {
    let t = &chart.templates[template];
    let line = LineIndex::new(&t.text).line_col(range.start()).line + 1;
    format!("{}{}:{line}", t.chart_prefix, t.name)
}

pub(crate) fn hover(pos: &FilePos<'_>, model: &Model) -> Option<HoverResult> {
    let s = subject_at(pos, model)?;
    let chart = &pos.chart;
    let d = describe(chart, model, &s.prefix, &s.path);
    let mut md = match s.origin {
        Origin::Template => {
            let mut h = format!("**`.Values.{}`**", dotted(&s.path));
            if let Some(detail) = &d.detail {
                h.push_str(&format!(" — `{detail}`"));
            }
            h
        }
        Origin::Key => {
            let mut used = uses(chart, model, &s);
            // One written reference counts once (`range .Values.items` reads `items` and each
            // of its elements).
            let mut written = BTreeSet::new();
            used.retain(|u| written.insert((u.template, u.r.end())));
            let mut h = format!("**`{}`**", dotted(&s.path));
            if used.is_empty() {
                h.push_str(" — not used by any template");
            } else {
                let n = used.len();
                h.push_str(&format!(
                    " — used by {n} reference{} in templates",
                    if n == 1 { "" } else { "s" }
                ));
                let mut places: Vec<String> = used
                    .iter()
                    .filter_map(|u| {
                        let r = u.r.end()?;
                        Some(format!("`{}`", location(chart, u.template, r)))
                    })
                    .collect();
                places.dedup();
                if !places.is_empty() {
                    let more = places.len().saturating_sub(5);
                    places.truncate(5);
                    h.push_str(": ");
                    h.push_str(&places.join(", "));
                    if more > 0 {
                        h.push_str(&format!(" and {more} more"));
                    }
                }
            }
            h
        }
    };
    if let Some(docs) = d.docs {
        md.push_str("\n\n");
        md.push_str(&docs);
    } else if d.detail.is_none() {
        md.push_str("\n\nNot set by any values file or schema.");
    }
    Some(HoverResult {
        range: s.range,
        markdown: md,
    })
}

pub(crate) fn goto_definition(pos: &FilePos<'_>, model: &Model) -> Vec<NavigationTarget> {
    let Some(s) = subject_at(pos, model) else {
        return Vec::new();
    };
    let chart = &pos.chart;
    let mut out: Vec<NavigationTarget> = keys_in_order(chart, model, &s)
        .into_iter()
        .map(|k| {
            let (path, range) = key_target(chart, k);
            FileRange { path, range }
        })
        .filter(|t| !(t.path == pos.path && t.range.contains_inclusive(pos.offset)))
        .collect();
    if out.is_empty() && matches!(s.origin, Origin::Template) {
        out.extend(schema_entries(model, &s).into_iter().map(|e| FileRange {
            path: e.file.clone(),
            range: e.key_range,
        }));
    }
    out
}

pub(crate) fn references(
    pos: &FilePos<'_>,
    model: &Model,
    include_declaration: bool,
) -> Vec<FileRange> {
    let Some(s) = subject_at(pos, model) else {
        return Vec::new();
    };
    let chart = &pos.chart;
    let mut out = Vec::new();
    for u in uses(chart, model, &s) {
        if let Some(k) = u.seg {
            if let Some(range) = u.r.segs[k] {
                out.push(FileRange {
                    path: chart.templates[u.template].path.clone(),
                    range,
                });
            }
        }
    }
    if include_declaration {
        for k in keys_in_order(chart, model, &s) {
            let (path, range) = key_target(chart, k);
            out.push(FileRange { path, range });
        }
        // The schema properties that declare it too.
        for e in schema_entries(model, &s).into_iter().filter(|e| e.property) {
            out.push(FileRange {
                path: e.file.clone(),
                range: e.key_range,
            });
        }
    }
    out.sort();
    out.dedup();
    out
}

pub(crate) fn prepare_rename(pos: &FilePos<'_>, model: &Model) -> Option<RenameTarget> {
    let s = subject_at(pos, model)?;
    let placeholder = s.path.last()?.clone();
    Some(RenameTarget {
        range: s.range,
        placeholder,
    })
}

fn is_ident(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Plain keys YAML 1.1 would read as something else.
fn needs_quotes(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "y" | "yes" | "n" | "no" | "true" | "false" | "on" | "off" | "null"
    )
}

pub(crate) fn rename(
    pos: &FilePos<'_>,
    model: &Model,
    new_name: &str,
) -> Result<SourceChange, String> {
    let s = subject_at(pos, model).ok_or("nothing to rename here")?;
    let chart = &pos.chart;
    let old = s.path.last().cloned().unwrap_or_default();
    if !is_ident(new_name) {
        return Err(format!(
            "`{new_name}` is not a valid field name: templates could not write `.Values.{}`",
            replace_last(&s.path, new_name)
        ));
    }
    if s.path.len() == 1 && old == "global" {
        return Err("`global` is Helm's global values: it cannot be renamed".into());
    }
    let targets = model.canon(&s.prefix, &s.path);
    // Dynamic reads above the value could pick it by name at render time.
    for (ti, (t, idx)) in chart.templates.iter().zip(&model.templates).enumerate() {
        for r in &idx.refs {
            let hit = model.canon(&t.chart_prefix, &r.path).iter().any(|rc| {
                targets
                    .iter()
                    .any(|c| r.dynamic && c.len() > rc.len() && agree(c, rc))
            });
            if hit {
                let at = r
                    .end()
                    .map(|e| location(chart, ti, e))
                    .unwrap_or_else(|| format!("{}{}", t.chart_prefix, t.name));
                return Err(format!(
                    "cannot rename `{old}` safely: `.Values.{}` is read with a key computed at render time at {at}",
                    dotted(&r.path)
                ));
            }
        }
    }
    let mut change = SourceChange::default();
    let mut seen = BTreeSet::new();
    for u in uses(chart, model, &s) {
        if u.in_chain {
            let sub = s.path.last().cloned().unwrap_or_default();
            return Err(format!(
                "`{sub}` holds the values of subchart `{sub}`: rename the dependency (or its alias) instead"
            ));
        }
        if u.through_elements {
            let at = location(chart, u.template, u.r.end().unwrap_or_default());
            return Err(format!(
                "cannot rename `{old}` alone: it is read for every element of its collection at {at} (rename it there, for all of them)"
            ));
        }
        if u.r.opaque {
            return Err(format!(
                "cannot rename `{old}` safely: a key with escapes reads it at {}",
                location(chart, u.template, u.r.end().unwrap_or_default())
            ));
        }
        let Some(k) = u.seg else { continue };
        let Some(range) = u.r.segs[k] else { continue };
        let path = chart.templates[u.template].path.clone();
        if seen.insert((path.clone(), range)) {
            change.insert(
                path,
                TextEdit {
                    range,
                    new_text: new_name.to_string(),
                },
            );
        }
    }
    for k in keys_in_order(chart, model, &s) {
        let f = &chart.values_files[k.file];
        // The new name must not collide with a sibling.
        let mut sibling = k.path.clone();
        if let Some(last) = sibling.last_mut() {
            *last = new_name.to_string();
        }
        if super::present::file_node(f, &sibling).is_some() {
            return Err(format!(
                "`{}` already exists in {}",
                super::present::file_path_label(f, &sibling),
                super::present::file_label(chart, f)
            ));
        }
        let (path, inner) = key_target(chart, k);
        let quoted = inner != k.key_range;
        let (range, text) = if !quoted && needs_quotes(new_name) {
            (k.key_range, format!("\"{new_name}\""))
        } else {
            (inner, new_name.to_string())
        };
        if seen.insert((path.clone(), range)) {
            change.insert(
                path,
                TextEdit {
                    range,
                    new_text: text,
                },
            );
        }
    }
    // The schemas that describe the value: the property's name and its `required` entries.
    let entries: Vec<_> = schema_entries(model, &s)
        .into_iter()
        .filter(|e| e.property)
        .collect();
    if !entries.is_empty() {
        let mut sibling = s.path.clone();
        if let Some(last) = sibling.last_mut() {
            *last = new_name.to_string();
        }
        if model
            .canon(&s.prefix, &sibling)
            .iter()
            .any(|c| model.schema.contains_key(c))
        {
            return Err(format!(
                "`{}` already exists in a values schema",
                dotted(&sibling)
            ));
        }
    }
    for e in entries {
        let archived = e
            .file
            .components()
            .any(|c| c.as_os_str().to_string_lossy().ends_with(".tgz"));
        if archived {
            return Err(format!(
                "cannot rename `{old}`: the schema of an archived subchart describes it"
            ));
        }
        for range in std::iter::once(e.key_range).chain(e.required.iter().copied()) {
            if seen.insert((e.file.clone(), range)) {
                change.insert(
                    e.file.clone(),
                    TextEdit {
                        range,
                        new_text: new_name.to_string(),
                    },
                );
            }
        }
    }
    Ok(change)
}

fn replace_last(path: &[String], name: &str) -> String {
    let mut p = path.to_vec();
    if let Some(l) = p.last_mut() {
        *l = name.to_string();
    }
    dotted(&p)
}
