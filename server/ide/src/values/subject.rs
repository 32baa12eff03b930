//! What a position in a chart's file is about, for the values features: a segment of a
//! `.Values` reference in a template, or a key of a values file; and every place (template
//! segments, values-file keys, schema properties) that names the same value.

use std::path::PathBuf;

use cw_base::TextRange;

use super::index::{agree, Ref, ELEM};
use super::model::{KeyLoc, Model};
use crate::features::FilePos;
use crate::ChartAnalysis;

/// A value the cursor names.
#[derive(Clone, Debug)]
pub(crate) struct Subject {
    /// The chart whose `.Values` `path` is under.
    pub prefix: String,
    pub path: Vec<String>,
    /// The range of the name at the cursor (inside the quotes of a string key).
    pub range: TextRange,
    /// Where it came from.
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub(crate) enum Origin {
    /// A segment of a template's reference.
    Template,
    /// A key of a values file.
    Key,
}

/// The template index of a position's file, if it is a template.
pub(crate) fn template_index(pos: &FilePos<'_>) -> Option<usize> {
    pos.chart.templates.iter().position(|t| t.path == pos.path)
}

/// The values file at a position, if it is one.
pub(crate) fn values_file_index(pos: &FilePos<'_>) -> Option<usize> {
    pos.chart
        .values_files
        .iter()
        .position(|f| f.path == pos.path)
}

/// The reference and segment at an offset of a template.
pub(crate) fn ref_at(model: &Model, template: usize, offset: u32) -> Option<(usize, usize)> {
    let idx = model.templates.get(template)?;
    idx.refs
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.seg_at(offset).map(|s| (i, s)))
        // The innermost (an `index` reference and its base share segments: prefer the longer).
        .max_by_key(|(i, s)| (idx.refs[*i].path.len() > *s, idx.refs[*i].path.len()))
}

/// The value named at a position.
pub(crate) fn subject_at(pos: &FilePos<'_>, model: &Model) -> Option<Subject> {
    let chart = &pos.chart;
    if let Some(t) = template_index(pos) {
        let (r, seg) = ref_at(model, t, pos.offset)?;
        let rf = &model.templates[t].refs[r];
        return Some(Subject {
            prefix: chart.templates[t].chart_prefix.clone(),
            path: rf.path[..=seg].to_vec(),
            range: rf.segs[seg]?,
            origin: Origin::Template,
        });
    }
    let f = values_file_index(pos)?;
    let file = &chart.values_files[f];
    // The innermost key whose name is under the cursor (a key in the items of a list is
    // named through the list's elements; a key of a map some template ranges over by its own
    // name first).
    let mut best: Option<(Vec<String>, TextRange)> = None;
    if let Some(root) = &file.yaml.root {
        let prefix = &file.chart_prefix;
        super::model::walk_values(
            root,
            &|p| {
                model
                    .canon(prefix, p)
                    .iter()
                    .any(|c| model.ranged.contains(c))
            },
            &mut |_, p, key_range, _| {
                let elem = p.last().is_some_and(|s| s == ELEM);
                let same = best.as_ref().is_some_and(|(_, r)| *r == key_range);
                if !elem && !same && key_range.contains_inclusive(pos.offset) {
                    best = Some((p.to_vec(), key_range));
                }
            },
        );
    }
    let (path, range) = best?;
    Some(Subject {
        prefix: file.chart_prefix.clone(),
        path,
        range: unquote(&file.text, range),
        origin: Origin::Key,
    })
}

/// The range inside quotes, for a quoted key.
pub(crate) fn unquote(text: &str, r: TextRange) -> TextRange {
    let s = text.get(r.to_usize()).unwrap_or("");
    if s.len() >= 2
        && ((s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\'')))
    {
        TextRange::new(r.start() + 1, r.end() - 1)
    } else {
        r
    }
}

/// One template reference that reads the subject (or something under it).
pub(crate) struct Use<'m> {
    pub template: usize,
    pub r: &'m Ref,
    /// The segment of `r` that names the subject; `None` when the name is not written there
    /// (inherited from `with` or a variable, or the subchart's own scope).
    pub seg: Option<usize>,
    /// The subject's segment is the subchart's own name in the parent's values (the reference
    /// is in the subchart, where the name is implicit).
    pub in_chain: bool,
    /// The reference reads the elements of a collection where the subject names one key of it
    /// (`range .Values.ports` reads `.port` of `ports.http` and of every other entry).
    pub through_elements: bool,
}

/// Every template reference to the subject's value or below it.
pub(crate) fn uses<'m>(chart: &ChartAnalysis, model: &'m Model, s: &Subject) -> Vec<Use<'m>> {
    let targets = model.canon(&s.prefix, &s.path);
    let mut out = Vec::new();
    for (ti, (t, idx)) in chart.templates.iter().zip(&model.templates).enumerate() {
        for r in &idx.refs {
            for rc in model.canon(&t.chart_prefix, &r.path) {
                let Some(c) = targets
                    .iter()
                    .find(|c| rc.len() >= c.len() && agree(&rc, c))
                else {
                    continue;
                };
                let through_elements = rc.iter().zip(c.iter()).any(|(x, y)| x == ELEM && y != ELEM);
                let chain_len = rc.len() - r.path.len();
                let (seg, in_chain) = if c.len() > chain_len {
                    let k = c.len() - 1 - chain_len;
                    (r.segs[k].map(|_| k), false)
                } else {
                    (None, true)
                };
                out.push(Use {
                    template: ti,
                    r,
                    seg,
                    in_chain,
                    through_elements,
                });
                break;
            }
        }
    }
    out
}

/// Every key that defines the subject's value in the values files.
pub(crate) fn keys<'m>(model: &'m Model, s: &Subject) -> Vec<&'m KeyLoc> {
    let mut out: Vec<&KeyLoc> = model
        .canon(&s.prefix, &s.path)
        .iter()
        .filter_map(|c| model.keys.get(c))
        .flatten()
        .collect();
    out.sort_by_key(|k| (k.file, k.key_range.start()));
    out.dedup_by_key(|k| (k.file, k.key_range.start()));
    out
}

/// The keys of a value in the order Helm applies them: the chart's own values.yaml, the
/// parents' overrides (nearest first), other charts' files, then the `-f` files.
pub(crate) fn keys_in_order<'m>(
    chart: &ChartAnalysis,
    model: &'m Model,
    s: &Subject,
) -> Vec<&'m KeyLoc> {
    let mut out = keys(model, s);
    out.sort_by_key(|k| {
        let f = &chart.values_files[k.file];
        let own = f.chart_prefix == s.prefix;
        let parent = s.prefix.starts_with(&f.chart_prefix);
        (
            f.user,
            !own,
            !parent,
            std::cmp::Reverse(f.chart_prefix.len()),
            k.file,
        )
    });
    out
}

/// The schema properties that describe the subject.
pub(crate) fn schema_entries<'m>(
    model: &'m Model,
    s: &Subject,
) -> Vec<&'m super::model::SchemaEntry> {
    model
        .canon(&s.prefix, &s.path)
        .iter()
        .filter_map(|c| model.schema.get(c))
        .flatten()
        .collect()
}

/// An absolute file and a range.
pub(crate) fn key_target(chart: &ChartAnalysis, k: &KeyLoc) -> (PathBuf, TextRange) {
    let f = &chart.values_files[k.file];
    (f.path.clone(), unquote(&f.text, k.key_range))
}
