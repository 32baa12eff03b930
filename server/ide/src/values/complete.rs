//! Completion of `.Values` paths in templates, at any depth: from the index when the text
//! parses, else from the text before the cursor (`{{ .Values.im`, `{{ .Values. }}`), with the
//! dot of the enclosing `with` and the variables in scope.

use std::collections::BTreeSet;

use cw_base::TextRange;

use super::index::{extend, has_elem, Ctx};
use super::model::{key_comment, Model};
use super::present;
use super::subject::{ref_at, template_index};
use crate::features::FilePos;
use crate::types::{CompletionItem, CompletionKind};
use crate::ChartAnalysis;

/// The value path being completed: the parent path and the range of the partial segment.
struct Site {
    parent: Vec<String>,
    replace: TextRange,
}

fn is_chain_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'$'
}

/// The start of the field chain that ends at `end` (`.Values.a.b`, `$v.a`).
fn chain_start(text: &str, end: usize) -> usize {
    let b = text.as_bytes();
    let mut i = end.min(b.len());
    while i > 0 && is_chain_char(b[i - 1]) {
        i -= 1;
    }
    i
}

/// True when `offset` is inside `{{ ... }}` (after an opening delimiter not yet closed).
fn in_action(text: &str, offset: usize) -> bool {
    let before = &text[..offset];
    match before.rfind("{{") {
        Some(open) => !before[open..].contains("}}"),
        None => false,
    }
}

fn site(pos: &FilePos<'_>, model: &Model, template: usize) -> Option<Site> {
    if let Some((r, seg)) = ref_at(model, template, pos.offset) {
        let rf = &model.templates[template].refs[r];
        return Some(Site {
            parent: rf.path[..seg].to_vec(),
            replace: rf.segs[seg]?,
        });
    }
    // The text does not parse there (or the segment is still empty): read the chain before
    // the cursor.
    let text = &*pos.text;
    let offset = pos.offset as usize;
    if !text.is_char_boundary(offset) || !in_action(text, offset) {
        return None;
    }
    let start = chain_start(text, offset);
    let chain = &text[start..offset];
    if !chain.contains('.') {
        return None;
    }
    let parts: Vec<&str> = chain.split('.').collect();
    let (first, rest) = parts.split_first()?;
    let (partial, fields) = rest.split_last()?;
    let idx = &model.templates[template];
    let base = if first.is_empty() {
        idx.dot_at(pos.offset)
    } else if first.starts_with('$') {
        idx.var_at(first, pos.offset)
    } else {
        return None;
    };
    let fields: Vec<(&str, TextRange)> = fields
        .iter()
        .map(|f| (*f, TextRange::empty(pos.offset)))
        .collect();
    if fields.iter().any(|(f, _)| f.is_empty()) {
        return None;
    }
    let (ctx, _) = extend(base, &fields);
    let Ctx::Values(parent) = ctx else {
        return None;
    };
    Some(Site {
        parent,
        replace: TextRange::new(pos.offset - partial.len() as u32, pos.offset),
    })
}

fn is_ident(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Completion items for `.Values` paths.
pub(crate) fn completion(pos: &FilePos<'_>, model: &Model) -> Vec<CompletionItem> {
    let Some(t) = template_index(pos) else {
        return Vec::new();
    };
    let Some(site) = site(pos, model, t) else {
        return Vec::new();
    };
    let chart = &pos.chart;
    let prefix = chart.templates[t].chart_prefix.clone();
    let mut names: BTreeSet<String> =
        super::diagnostics::sibling_keys(chart, model, &prefix, &site.parent);
    let mut special = Vec::new();
    if site.parent.is_empty() {
        names.insert("global".into());
        if let Some(info) = model.chart(&prefix) {
            special.extend(info.subcharts.iter().cloned());
            names.extend(info.subcharts.iter().cloned());
        }
    }
    let chain_begin = chain_start(&pos.text, site.replace.start() as usize) as u32;
    let base_text = pos
        .text
        .get(chain_begin as usize..(site.replace.start() as usize).saturating_sub(1))
        .unwrap_or("")
        .to_string();
    // `{{ .$0` under `with`/`range`: the base is dot itself.
    let base_text = if base_text.is_empty() {
        ".".to_string()
    } else {
        base_text
    };
    names
        .into_iter()
        .map(|name| {
            let mut path = site.parent.clone();
            path.push(name.clone());
            let mut item = item(chart, model, &prefix, &path);
            if special.contains(&name) && item.detail.is_none() {
                item.detail = Some("subchart values".into());
            }
            if name == "global" && item.detail.is_none() {
                item.detail = Some("global values (shared with every subchart)".into());
            }
            if is_ident(&name) {
                item.replace_range = Some(site.replace);
            } else {
                // Not a field name: read it with `index`.
                item.replace_range = Some(TextRange::new(chain_begin, site.replace.end()));
                item.insert_text = Some(format!("(index {base_text} {:?})", name));
                item.filter_text = Some(
                    pos.text
                        .get(chain_begin as usize..site.replace.start() as usize)
                        .unwrap_or("")
                        .to_string()
                        + &name,
                );
            }
            item
        })
        .collect()
}

/// The item for one key: its type and value, its comment and its value in each file.
fn item(chart: &ChartAnalysis, model: &Model, prefix: &str, path: &[String]) -> CompletionItem {
    let name = path.last().cloned().unwrap_or_default();
    let mut item = CompletionItem::new(name, CompletionKind::Value);
    let info = describe(chart, model, prefix, path);
    item.detail = info.detail;
    item.documentation = info.docs;
    item
}

/// What is known about one value, for completion and hover.
pub(crate) struct Described {
    /// `string = nginx`.
    pub detail: Option<String>,
    /// Markdown: the comment, the value in each file, the schema description.
    pub docs: Option<String>,
}

pub(crate) fn describe(
    chart: &ChartAnalysis,
    model: &Model,
    prefix: &str,
    path: &[String],
) -> Described {
    let computed = chart
        .scope(prefix)
        .and_then(|s| present::lookup(&s.values, path));
    let subject = super::subject::Subject {
        prefix: prefix.to_string(),
        path: path.to_vec(),
        range: TextRange::empty(0),
        origin: super::subject::Origin::Key,
    };
    let keys = super::subject::keys_in_order(chart, model, &subject);
    let schema = super::subject::schema_entries(model, &subject);
    let detail = if let Some(v) = &computed {
        Some(format!(
            "{} = {}",
            present::value_type(v),
            present::short_value(v)
        ))
    } else if let Some(k) = keys.first() {
        let f = &chart.values_files[k.file];
        present::file_node(f, &k.path)
            .map(|n| format!("{} = {}", present::node_type(n), present::short_node(f, n)))
    } else {
        schema
            .iter()
            .find_map(|s| s.ty.clone())
            .map(|t| format!("{t} (schema)"))
    };
    let mut docs = Vec::new();
    if let Some(comment) = keys.iter().find_map(|k| {
        let f = &chart.values_files[k.file];
        key_comment(&f.text, k.key_range, k.value_range)
    }) {
        docs.push(comment);
    }
    let mut lines = Vec::new();
    for k in &keys {
        let f = &chart.values_files[k.file];
        if let Some(n) = present::file_node(f, &k.path) {
            // Through elements, each element's key: say which.
            let at = if has_elem(path) {
                format!(" `{}`", present::file_path_label(f, &k.path))
            } else {
                String::new()
            };
            lines.push(format!(
                "- `{}`{at}: `{}`",
                present::file_label(chart, f),
                present::short_node(f, n)
            ));
        }
    }
    if !lines.is_empty() {
        docs.push(lines.join("\n"));
    }
    for s in &schema {
        if let Some(d) = &s.description {
            docs.push(format!("Schema: {d}"));
            break;
        }
    }
    Described {
        detail,
        docs: (!docs.is_empty()).then(|| docs.join("\n\n")),
    }
}
