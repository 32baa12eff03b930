//! Named templates across a chart tree: every `{{define "x"}}` / `{{block "x"}}` of every template
//! file (root chart, subcharts, library charts: Helm renders them in one template set) and every
//! use of a name (`include "x"`, `template "x"`). Helm loads the templates of the charts it
//! renders only: a subchart disabled by its condition or tags adds no name to the set
//! ([`DefineIndex::visible`]).

use cw_base::TextRange;
use cw_syntax::{List, Node, Operand, Pipeline, TreeKind};

use std::sync::{Arc, Mutex, Weak};

use crate::db::TemplateFile;
use crate::ChartAnalysis;

/// A `define` (or `block`) of a named template.
#[derive(Clone, Debug)]
pub(crate) struct DefineSite {
    pub name: String,
    /// Index into `ChartAnalysis::templates`.
    pub file: usize,
    /// The name inside its quotes.
    pub name_range: TextRange,
    /// From `{{define` to the end of its `{{end}}`.
    pub range: TextRange,
    /// The body between the define's action and its `{{end}}`.
    pub body: TextRange,
    pub is_block: bool,
    /// The comment right above the define (`{{/* Returns the full name. */}}`), unwrapped.
    pub doc: Option<String>,
}

/// The text of a `{{/* ... */}}` comment that ends right before `at` (only blank space between).
fn comment_before(text: &str, at: usize) -> Option<String> {
    let before = text.get(..at)?.trim_end();
    let before = before
        .strip_suffix("}}")?
        .trim_end_matches([' ', '\t', '-']);
    let body_end = before.strip_suffix("*/")?;
    let open = body_end.rfind("/*")?;
    // The comment must be opened by its own `{{` (with an optional trim marker).
    let head = body_end[..open].trim_end_matches([' ', '\t', '-']);
    if !head.ends_with("{{") {
        return None;
    }
    let doc = body_end[open + 2..].trim();
    let doc: Vec<&str> = doc.lines().map(str::trim).collect();
    let doc = doc.join("\n");
    (!doc.is_empty()).then_some(doc)
}

/// A use of a named template: `include "x"` or `{{template "x"}}`.
#[derive(Clone, Debug)]
pub(crate) struct UseSite {
    pub name: String,
    pub file: usize,
    /// The name inside its quotes.
    pub name_range: TextRange,
}

/// The range inside the quotes of a quoted token.
pub(crate) fn unquoted(text: &str, r: TextRange) -> TextRange {
    let s = &text[r.to_usize()];
    let q = |c: Option<char>| matches!(c, Some('"' | '`'));
    if s.len() >= 2 && q(s.chars().next()) && q(s.chars().last()) {
        TextRange::new(r.start() + 1, r.end() - 1)
    } else if s.len() == 1 && q(s.chars().next()) {
        TextRange::empty(r.end())
    } else {
        r
    }
}

/// The defines of one file.
pub(crate) fn defines_of(file: usize, t: &TemplateFile) -> Vec<DefineSite> {
    let text = &*t.text;
    t.parse
        .trees
        .iter()
        .filter(|tree| tree.kind != TreeKind::Main)
        .filter_map(|tree| {
            let nr = tree.name_range?;
            let name_range = unquoted(text, nr);
            // The body: after the `}}` closing the define's action, up to the `{{` of `{{end}}`.
            let after = nr.end() as usize;
            let end = (tree.range.end() as usize).min(text.len());
            let body_start = text[after..end].find("}}").map_or(after, |i| after + i + 2);
            let body_end = text[body_start..end]
                .rfind("{{")
                .map_or(end, |i| body_start + i)
                .max(body_start);
            Some(DefineSite {
                name: tree.name.clone(),
                file,
                name_range,
                range: tree.range,
                body: TextRange::new(body_start as u32, body_end as u32),
                is_block: tree.kind == TreeKind::Block,
                doc: comment_before(text, tree.range.start() as usize),
            })
        })
        .collect()
}

/// The uses of named templates in one file.
pub(crate) fn uses_of(file: usize, t: &TemplateFile) -> Vec<UseSite> {
    let mut out = Vec::new();
    for tree in &t.parse.trees {
        walk_list(
            &tree.root,
            &mut |name, range| {
                out.push(UseSite {
                    name: name.to_string(),
                    file,
                    name_range: unquoted(&t.text, range),
                })
            },
            0,
        );
    }
    out.sort_by_key(|u| u.name_range.start());
    out.dedup_by_key(|u| u.name_range);
    out
}

type Visit<'a> = dyn FnMut(&str, TextRange) + 'a;

fn walk_list(l: &List, f: &mut Visit<'_>, depth: usize) {
    if depth > super::MAX_WALK_DEPTH {
        return;
    }
    for n in &l.nodes {
        match n {
            Node::Action(a) => walk_pipe(&a.pipe, f, depth + 1),
            Node::If(b) | Node::Range(b) | Node::With(b) => {
                walk_pipe(&b.pipe, f, depth + 1);
                walk_list(&b.list, f, depth + 1);
                if let Some(e) = &b.else_list {
                    walk_list(e, f, depth + 1);
                }
            }
            Node::Template(t) => {
                if !t.is_block && !t.name_range.is_empty() {
                    f(&t.name, t.name_range);
                }
                if let Some(p) = &t.pipe {
                    walk_pipe(p, f, depth + 1);
                }
            }
            _ => {}
        }
    }
}

fn walk_pipe(p: &Pipeline, f: &mut Visit<'_>, depth: usize) {
    if depth > super::MAX_WALK_DEPTH {
        return;
    }
    for c in &p.cmds {
        if let (Some(Operand::Identifier(id)), Some(Operand::String(s))) =
            (c.args.first(), c.args.get(1))
        {
            if id.name == "include" {
                f(&s.value, s.range);
            }
        }
        for a in &c.args {
            walk_operand(a, f, depth + 1);
        }
    }
}

fn walk_operand(a: &Operand, f: &mut Visit<'_>, depth: usize) {
    match a {
        Operand::Pipe(p) => walk_pipe(p, f, depth),
        Operand::Chain(c) => walk_operand(&c.node, f, depth + 1),
        _ => {}
    }
}

/// Every define and use of the chart tree.
pub(crate) struct DefineIndex {
    pub defines: Vec<DefineSite>,
    pub uses: Vec<UseSite>,
    /// Per template file: its chart is rendered (Helm loads its templates).
    loaded: Vec<bool>,
    /// Per template file of a chart Helm does not render: the prefix of the topmost disabled
    /// chart above it (its own, or a disabled parent's).
    disabled_root: Vec<Option<String>>,
    /// Per template file: its chart's prefix.
    prefixes: Vec<String>,
}

impl DefineIndex {
    pub fn of(chart: &ChartAnalysis) -> DefineIndex {
        let mut defines = Vec::new();
        let mut uses = Vec::new();
        for (i, t) in chart.templates.iter().enumerate() {
            defines.extend(defines_of(i, t));
            uses.extend(uses_of(i, t));
        }
        // Every chart of the tree, and the ones Helm renders (when the chart renders at all:
        // a chart the loader refused keeps every name, for editing it).
        let mut all = Vec::new();
        fn walk(c: &cw_chart::Chart, out: &mut Vec<String>) {
            out.push(c.prefix.clone());
            for d in &c.dependencies {
                walk(d, out);
            }
        }
        walk(&chart.loaded.chart, &mut all);
        let rendered: std::collections::BTreeSet<&str> =
            chart.scopes.iter().map(|s| s.prefix.as_str()).collect();
        let is_loaded = |p: &str| rendered.is_empty() || rendered.contains(p);
        let mut loaded = Vec::new();
        let mut disabled_root = Vec::new();
        let mut prefixes = Vec::new();
        for t in &chart.templates {
            let p = t.chart_prefix.as_str();
            loaded.push(is_loaded(p));
            disabled_root.push(
                all.iter()
                    .filter(|q| p.starts_with(q.as_str()) && !is_loaded(q))
                    .min_by_key(|q| q.len())
                    .cloned(),
            );
            prefixes.push(t.chart_prefix.clone());
        }
        DefineIndex {
            defines,
            uses,
            loaded,
            disabled_root,
            prefixes,
        }
    }

    /// True when the define is in the template set Helm executes the template `from` with:
    /// the templates of every rendered chart. A template of a disabled subchart (nothing
    /// renders it) is read as if its subchart were enabled: it sees its own subtree too.
    pub fn visible(&self, from: Option<usize>, d: &DefineSite) -> bool {
        if self.loaded.get(d.file).copied().unwrap_or(true) {
            return true;
        }
        let root = from
            .and_then(|f| self.disabled_root.get(f))
            .and_then(|r| r.as_ref());
        match (root, self.prefixes.get(d.file)) {
            (Some(root), Some(p)) => p.starts_with(root.as_str()),
            _ => false,
        }
    }

    /// The defines of a name Helm would find when executing the template `from`.
    pub fn visible_named<'a>(
        &'a self,
        from: Option<usize>,
        name: &'a str,
    ) -> impl Iterator<Item = &'a DefineSite> {
        self.defines_named(name)
            .filter(move |d| self.visible(from, d))
    }

    pub fn defines_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a DefineSite> {
        self.defines.iter().filter(move |d| d.name == name)
    }

    pub fn uses_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a UseSite> {
        self.uses.iter().filter(move |u| u.name == name)
    }
}

/// The define index of a chart analysis, computed once per analysis (a few recent analyses are
/// kept; an entry goes when its analysis is dropped).
pub(crate) fn index_of(chart: &Arc<ChartAnalysis>) -> Arc<DefineIndex> {
    type Entry = (Weak<ChartAnalysis>, Arc<DefineIndex>);
    static CACHE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());
    let find = |cache: &mut Vec<Entry>| {
        cache.retain(|(w, _)| w.strong_count() > 0);
        cache
            .iter()
            .find(|(w, _)| std::ptr::eq(w.as_ptr(), Arc::as_ptr(chart)))
            .map(|(_, i)| i.clone())
    };
    if let Some(i) = find(&mut CACHE.lock().unwrap_or_else(|e| e.into_inner())) {
        return i;
    }
    let index = Arc::new(DefineIndex::of(chart));
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = find(&mut cache) {
        return i;
    }
    cache.push((Arc::downgrade(chart), index.clone()));
    if cache.len() > 8 {
        cache.remove(0);
    }
    index
}
