//! Quick fixes for an undefined `.Values` reference: add the missing key to the chart's
//! values.yaml (parent maps created, the file's indentation kept) and, when a key close to the
//! misspelled one exists, replace the segment with it.

use cw_base::TextRange;
use cw_yaml::{Node, Value as YValue};

use super::diagnostics::{dotted, undefined_segment, UNDEFINED};
use super::index::has_elem;
use super::model::{walk_keys, Model};
use super::subject::template_index;
use crate::features::FilePos;
use crate::types::{CodeAction, CodeActionKind};
use crate::{SourceChange, TextEdit, ValuesFileInfo};

fn touches(a: TextRange, b: TextRange) -> bool {
    a.start() <= b.end() && b.start() <= a.end()
}

pub(crate) fn code_actions(pos: &FilePos<'_>, range: TextRange, model: &Model) -> Vec<CodeAction> {
    let Some(t) = template_index(pos) else {
        return Vec::new();
    };
    let chart = &pos.chart;
    let prefix = &chart.templates[t].chart_prefix;
    let mut out: Vec<CodeAction> = Vec::new();
    for r in &model.templates[t].refs {
        if !r.segs.iter().flatten().any(|s| touches(*s, range)) {
            continue;
        }
        let undefined = undefined_segment(chart, model, prefix, r);
        if let Some(u) = &undefined {
            if let Some(s) = &u.suggestion {
                let quoted = pos
                    .text
                    .as_bytes()
                    .get((u.range.start() as usize).wrapping_sub(1))
                    == Some(&b'"');
                if quoted || is_ident(s) {
                    let mut p = r.path[..=u.seg].to_vec();
                    p[u.seg] = s.clone();
                    let mut edit = SourceChange::default();
                    edit.insert(
                        pos.path.to_path_buf(),
                        TextEdit {
                            range: u.range,
                            new_text: s.clone(),
                        },
                    );
                    push(
                        &mut out,
                        CodeAction {
                            title: format!("Did you mean `.Values.{}`?", dotted(&p)),
                            kind: CodeActionKind::QuickFix,
                            edit,
                            fixes: Some(UNDEFINED.into()),
                            is_preferred: true,
                        },
                    );
                }
            }
        }
        // Add the value to the chart's values.yaml when that file does not set it (undefined,
        // or only known from a schema, an open map, a parent or a `-f` file).
        let Some(f) = chart.values_files_of(prefix).find(|f| !f.user) else {
            continue;
        };
        // The fields of a collection's elements: no single key to add.
        if r.dynamic
            || r.path.is_empty()
            || has_elem(&r.path)
            || super::present::file_node(f, &r.path).is_some()
        {
            continue;
        }
        if let Some(edit) = add_key(f, &r.path) {
            let mut change = SourceChange::default();
            change.insert(f.path.clone(), edit);
            push(
                &mut out,
                CodeAction {
                    title: format!(
                        "Add `{}` to {}",
                        r.path.join("."),
                        super::present::file_label(chart, f)
                    ),
                    kind: CodeActionKind::QuickFix,
                    edit: change,
                    fixes: undefined.is_some().then(|| UNDEFINED.into()),
                    is_preferred: false,
                },
            );
        }
    }
    out
}

fn push(out: &mut Vec<CodeAction>, a: CodeAction) {
    if !out.iter().any(|x| x.title == a.title) {
        out.push(a);
    }
}

fn is_ident(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The column of an offset.
fn col(text: &str, offset: u32) -> usize {
    let o = (offset as usize).min(text.len());
    o - text[..o].rfind('\n').map_or(0, |i| i + 1)
}

/// A key as YAML should write it.
fn yaml_key(k: &str) -> String {
    let plain = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' || c == '/')
        && !k.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
        && !matches!(
            k.to_ascii_lowercase().as_str(),
            "y" | "yes" | "n" | "no" | "true" | "false" | "on" | "off" | "null"
        );
    if plain {
        k.to_string()
    } else {
        format!("{k:?}")
    }
}

/// The indentation step of a values file (the smallest indentation of a nested key; 2 when
/// nothing is nested).
fn indent_unit(f: &ValuesFileInfo) -> usize {
    let mut unit = usize::MAX;
    if let Some(root) = &f.yaml.root {
        let mut path = Vec::new();
        walk_keys(root, &mut path, 0, &mut |_, e| {
            let c = col(&f.text, e.key_range.start());
            if c > 0 {
                unit = unit.min(c);
            }
        });
    }
    if unit == usize::MAX {
        2
    } else {
        unit
    }
}

/// Block lines for `rest` at indentation `base`, the last key with an empty string.
fn block(rest: &[String], base: usize, unit: usize) -> String {
    let mut s = String::new();
    for (i, k) in rest.iter().enumerate() {
        s.push_str(&" ".repeat(base + i * unit));
        s.push_str(&yaml_key(k));
        s.push(':');
        if i + 1 == rest.len() {
            s.push_str(" \"\"");
        }
        s.push('\n');
    }
    s
}

/// The flow form of `rest`: `k1: {k2: ""}`.
fn flow(rest: &[String]) -> String {
    match rest.split_first() {
        Some((k, [])) => format!("{}: \"\"", yaml_key(k)),
        Some((k, more)) => format!("{}: {{{}}}", yaml_key(k), flow(more)),
        None => String::new(),
    }
}

/// The offset just after the line that holds `offset`, and whether a newline must be added
/// first (the last line has none).
fn after_line(text: &str, offset: u32) -> (u32, bool) {
    let o = (offset as usize).min(text.len());
    match text[o..].find('\n') {
        Some(i) => ((o + i + 1) as u32, false),
        None => (text.len() as u32, true),
    }
}

/// The edit that adds `path` (with `""`) to a values file, creating parent maps.
pub(crate) fn add_key(f: &ValuesFileInfo, path: &[String]) -> Option<TextEdit> {
    let text = &*f.text;
    let unit = indent_unit(f);
    let Some(root) = f.yaml.root.as_ref().filter(|r| r.as_map().is_some()) else {
        // An empty file (or only comments).
        let (at, nl) = (text.len() as u32, !text.is_empty() && !text.ends_with('\n'));
        let lead = if nl { "\n" } else { "" };
        return Some(TextEdit {
            range: TextRange::empty(at),
            new_text: format!("{lead}{}", block(path, 0, unit)),
        });
    };
    let mut node: &Node = root;
    let mut key_col: Option<usize> = None;
    let mut j = 0;
    while j < path.len() {
        let Some(e) = node.as_map().and_then(|m| m.entry(&path[j])) else {
            break;
        };
        key_col = Some(col(text, e.key_range.start()));
        node = &e.value;
        j += 1;
    }
    if j == path.len() {
        return None;
    }
    let rest = &path[j..];
    let flow_start = text.as_bytes().get(node.range.start() as usize) == Some(&b'{');
    match &node.value {
        YValue::Map(m) if !m.is_empty() && flow_start => {
            // `{a: 1}`: add before the closing brace.
            let close = node.range.end().checked_sub(1)?;
            (text.as_bytes().get(close as usize) == Some(&b'}')).then(|| TextEdit {
                range: TextRange::empty(close),
                new_text: format!(", {}", flow(rest)),
            })
        }
        YValue::Map(m) if !m.is_empty() => {
            let first = m.entries.first()?;
            let base = col(text, first.key_range.start());
            let (at, nl) = after_line(text, node.range.end());
            Some(TextEdit {
                range: TextRange::empty(at),
                new_text: format!("{}{}", if nl { "\n" } else { "" }, block(rest, base, unit)),
            })
        }
        YValue::Map(_) | YValue::Null => {
            // `a: {}`, `a: ~`, `a:`: the value becomes a block map.
            let base = key_col.map_or(0, |c| c + unit);
            let body = block(rest, base, unit);
            let body = body.trim_end_matches('\n');
            let r = node.range;
            let value_text = text.get(r.to_usize()).unwrap_or("");
            let range = if value_text.trim().is_empty() {
                // `a:` with nothing after: insert at the end of the key's line.
                let (eol, _) = after_line(text, r.start());
                let eol = if text.as_bytes().get((eol as usize).wrapping_sub(1)) == Some(&b'\n') {
                    eol - 1
                } else {
                    eol
                };
                TextRange::empty(eol)
            } else {
                r
            };
            // Keep `a:` followed directly by a newline (no trailing space after the colon).
            let before = text.get(..range.start() as usize).unwrap_or("");
            let trimmed = before.trim_end_matches(' ');
            let range = TextRange::new(trimmed.len() as u32, range.end());
            Some(TextEdit {
                range,
                new_text: format!("\n{body}"),
            })
        }
        _ => None,
    }
}
