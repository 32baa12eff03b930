//! The values model of one root chart: every key of every values file and every property of
//! every `values.schema.json`, keyed by its *canonical path* — the path under the root chart's
//! `.Values` (a subchart's `x` is its parent's `sub.x`; `global.x` is the same everywhere) — so
//! that a template's reference, a subchart default, a parent override and a `-f` file's key for
//! the same value meet; plus the reference index of every template.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use cw_base::TextRange;
use cw_chart::Chart;
use cw_yaml::{Node, Value as YValue};

use super::index::{index_template, TemplateIndex, ELEM};
use crate::ChartAnalysis;

/// A chart of the tree (enabled or not).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ChartInfo {
    pub prefix: String,
    /// Where its `.Values` sits under the root's (several for a chart aliased twice).
    pub chains: Vec<Vec<String>>,
    pub library: bool,
    /// The names its subcharts go by (aliases applied).
    pub subcharts: Vec<String>,
}

/// A key of a values file.
#[derive(Clone, Debug)]
pub(crate) struct KeyLoc {
    /// Index into `ChartAnalysis::values_files`.
    pub file: usize,
    /// The path in that file.
    pub path: Vec<String>,
    pub key_range: TextRange,
    pub value_range: TextRange,
    /// A null or an empty map: anything may go under it.
    pub open: bool,
}

/// A property of a values schema.
#[derive(Clone, Debug)]
pub(crate) struct SchemaEntry {
    pub file: PathBuf,
    /// The property's name (inside its quotes), or the `items` / `additionalProperties`
    /// keyword of an element.
    pub key_range: TextRange,
    /// A property (a rename renames it), not the schema of elements.
    pub property: bool,
    /// The property's name in its object's `required` list (inside the quotes).
    pub required: Vec<TextRange>,
    pub description: Option<String>,
    pub ty: Option<String>,
}

/// The whole model; see the module doc.
///
/// A model is built from the previous analysis's model when there is one ([`Model::build`]):
/// a template's index is kept while its parse is the same `Arc`, the values keys while the
/// charts, the values files' texts and the ranged paths are the same, the schema entries while
/// the charts and the schema texts are the same. Each part is a function of those inputs
/// alone, so a model built from a previous one is the model built from nothing.
#[derive(Debug, Default)]
pub(crate) struct Model {
    pub charts: Vec<ChartInfo>,
    /// Parallel to `ChartAnalysis::templates`.
    pub templates: Vec<Arc<TemplateIndex>>,
    /// Canonical path → its keys in the values files, in file order.
    pub keys: Arc<BTreeMap<Vec<String>, Vec<KeyLoc>>>,
    pub schema: Arc<BTreeMap<Vec<String>, Vec<SchemaEntry>>>,
    /// Canonical paths a schema leaves open (an object without `properties`,
    /// `additionalProperties`, `patternProperties`).
    pub schema_open: Arc<BTreeSet<Vec<String>>>,
    /// Canonical paths some template ranges over: the entries of a map there are also keyed
    /// as its elements (`ports.[]`), like the items of a list always are.
    pub ranged: BTreeSet<Vec<String>>,
    /// What the parts were built from, for the next build ([`Model::build`]).
    inputs: ModelInputs,
}

/// The inputs a model's parts were built from.
#[derive(Debug, Default)]
struct ModelInputs {
    /// Per template (parallel to `templates`): the parse its index was made from.
    parses: Vec<Arc<cw_syntax::Parse>>,
    /// Each values file's chart prefix and text, in order (keys name files by position).
    values: Vec<(String, Arc<str>)>,
    /// Each schema's chart prefix, file name and text, and the root chart's directory.
    schemas: Vec<(String, String, String)>,
    root: PathBuf,
}

impl Model {
    /// The model of `chart`, reusing the parts of `previous` (a model of an earlier analysis
    /// of the same chart) whose inputs are unchanged.
    pub fn build(chart: &ChartAnalysis, previous: Option<&Model>) -> Model {
        let mut m = Model::default();
        collect_charts(chart, &chart.loaded.chart, vec![Vec::new()], &mut m.charts);
        let same_charts = previous.is_some_and(|p| p.charts == m.charts);
        // The index of a template depends on its parse alone.
        let old_index: std::collections::HashMap<*const cw_syntax::Parse, &Arc<TemplateIndex>> =
            previous
                .into_iter()
                .flat_map(|p| p.inputs.parses.iter().zip(&p.templates))
                .map(|(parse, idx)| (Arc::as_ptr(parse), idx))
                .collect();
        m.templates = chart
            .templates
            .iter()
            .map(|t| match old_index.get(&Arc::as_ptr(&t.parse)) {
                Some(idx) => Arc::clone(idx),
                None => Arc::new(index_template(&t.parse)),
            })
            .collect();
        m.inputs.parses = chart.templates.iter().map(|t| t.parse.clone()).collect();
        m.inputs.values = chart
            .values_files
            .iter()
            .map(|f| (f.chart_prefix.clone(), f.text.clone()))
            .collect();
        let mut schemas = Vec::new();
        collect_schemas(&chart.loaded.chart, &mut schemas);
        m.inputs.schemas = schemas;
        m.inputs.root = chart.root.clone();
        for (t, idx) in chart.templates.iter().zip(&m.templates) {
            for r in &idx.refs {
                for (i, seg) in r.path.iter().enumerate() {
                    if seg == ELEM {
                        for c in m_canon(&m.charts, &t.chart_prefix, &r.path[..i]) {
                            m.ranged.insert(c);
                        }
                    }
                }
            }
        }
        let same_values = |p: &Model| {
            p.inputs.values.len() == m.inputs.values.len()
                && p.inputs
                    .values
                    .iter()
                    .zip(&m.inputs.values)
                    .all(|(a, b)| a.0 == b.0 && (Arc::ptr_eq(&a.1, &b.1) || *a.1 == *b.1))
        };
        match previous {
            Some(p) if same_charts && p.ranged == m.ranged && same_values(p) => {
                m.keys = p.keys.clone();
            }
            _ => m.keys = Arc::new(values_keys(chart, &m.charts, &m.ranged)),
        }
        match previous {
            Some(p)
                if same_charts
                    && p.inputs.schemas == m.inputs.schemas
                    && p.inputs.root == m.inputs.root =>
            {
                m.schema = p.schema.clone();
                m.schema_open = p.schema_open.clone();
            }
            _ => {
                let mut schema = BTreeMap::new();
                let mut schema_open = BTreeSet::new();
                for (prefix, name, text) in &m.inputs.schemas {
                    let doc = cw_yaml::load(text);
                    let Some(root) = &doc.root else { continue };
                    let file = chart.root.join(prefix).join(name);
                    let mut path = Vec::new();
                    let mut ctx = SchemaWalk {
                        root,
                        text,
                        file,
                        prefix,
                        charts: &m.charts,
                        schema: &mut schema,
                        schema_open: &mut schema_open,
                    };
                    ctx.walk(root, &mut path, 0);
                }
                m.schema = Arc::new(schema);
                m.schema_open = Arc::new(schema_open);
            }
        }
        m
    }

    /// The chart at a prefix.
    pub fn chart(&self, prefix: &str) -> Option<&ChartInfo> {
        self.charts.iter().find(|c| c.prefix == prefix)
    }

    /// The canonical paths of `path` under the `.Values` of the chart at `prefix`.
    pub fn canon(&self, prefix: &str, path: &[String]) -> Vec<Vec<String>> {
        m_canon(&self.charts, prefix, path)
    }

    /// True when some values file or schema defines the canonical path, or leaves open a map
    /// above it, or the computed values have it. Under the elements of a collection (`ELEM`)
    /// only a known shape counts: a collection with no element, or with an element that is not
    /// a map, defines whatever is read of its elements.
    pub fn is_defined(&self, chart: &ChartAnalysis, c: &[String]) -> bool {
        let known = |p: &[String]| self.keys.contains_key(p) || self.schema.contains_key(p);
        if known(c) {
            return true;
        }
        for n in 0..c.len() {
            let p = &c[..n];
            if self.schema_open.contains(p) {
                return true;
            }
            if let Some(locs) = self.keys.get(p) {
                if locs.iter().any(|l| l.open) {
                    return true;
                }
            }
            if c[n] == ELEM && known(p) && !known(&c[..=n]) {
                return true;
            }
        }
        if let Some(root) = chart.scopes.first() {
            return computed_has(&root.values, c);
        }
        false
    }

    /// The children keys of a canonical path known to the files and schemas (not the element
    /// segment: elements are no key a template can write).
    pub fn children(&self, c: &[String]) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let start = c.to_vec();
        for (k, _) in self.keys.range(start.clone()..) {
            if !k.starts_with(c) {
                break;
            }
            if k.len() == c.len() + 1 {
                out.insert(k[c.len()].clone());
            }
        }
        for (k, _) in self.schema.range(start..) {
            if !k.starts_with(c) {
                break;
            }
            if k.len() == c.len() + 1 {
                out.insert(k[c.len()].clone());
            }
        }
        out.remove(ELEM);
        out
    }
}

/// Canonical path → its keys in the values files of `chart`, in file order.
fn values_keys(
    chart: &ChartAnalysis,
    charts: &[ChartInfo],
    ranged: &BTreeSet<Vec<String>>,
) -> BTreeMap<Vec<String>, Vec<KeyLoc>> {
    let mut keys: BTreeMap<Vec<String>, Vec<KeyLoc>> = BTreeMap::new();
    for (i, f) in chart.values_files.iter().enumerate() {
        let Some(root) = &f.yaml.root else { continue };
        let prefix = f.chart_prefix.clone();
        walk_values(
            root,
            &|p| {
                m_canon(charts, &prefix, p)
                    .iter()
                    .any(|c| ranged.contains(c))
            },
            &mut |file_path, path, key_range, value| {
                let elem = path.last().is_some_and(|s| s == ELEM);
                let open = match &value.value {
                    YValue::Null => true,
                    YValue::Map(mm) => mm.is_empty(),
                    // An element that is not a map: nothing is known of its fields.
                    _ => elem,
                };
                let loc = KeyLoc {
                    file: i,
                    path: file_path.to_vec(),
                    key_range,
                    value_range: value.range,
                    open,
                };
                for c in m_canon(charts, &prefix, path) {
                    keys.entry(c).or_default().push(loc.clone());
                }
            },
        );
    }
    keys
}

/// True when computed values hold the path (or an empty map or nil above it). Through an
/// element segment: some element has the rest, or the shape is unknown (no element, or one
/// that is not a map).
fn computed_has(v: &cw_template::Value, c: &[String]) -> bool {
    computed_has_from(v, c, 0)
}

fn computed_has_from(v: &cw_template::Value, c: &[String], start: usize) -> bool {
    use cw_template::Value as V;
    let mut v = v.clone();
    for (i, seg) in c.iter().enumerate() {
        let depth = start + i;
        if seg == ELEM {
            let elems: Vec<V> = match &v {
                V::List(l) => l.items.clone(),
                V::Map(m) => m.read().entries.values().cloned().collect(),
                _ => return true,
            };
            if depth > 64 {
                return true;
            }
            return elems.is_empty()
                || elems.iter().any(|e| {
                    !matches!(e, V::Map(_)) || computed_has_from(e, &c[i + 1..], depth + 1)
                });
        }
        let next = match &v {
            cw_template::Value::Map(m) => {
                let m = m.read();
                // An empty map below the top is left open; `.Values` itself is not.
                if m.entries.is_empty() && depth > 0 {
                    return true;
                }
                match m.lookup(seg) {
                    Some(x) => x.clone(),
                    None => return false,
                }
            }
            cw_template::Value::Nil => return depth > 0,
            _ => return false,
        };
        v = next;
    }
    true
}

fn m_canon(charts: &[ChartInfo], prefix: &str, path: &[String]) -> Vec<Vec<String>> {
    if path.first().is_some_and(|s| s == "global") {
        return vec![path.to_vec()];
    }
    let Some(info) = charts.iter().find(|c| c.prefix == prefix) else {
        return vec![path.to_vec()];
    };
    info.chains
        .iter()
        .map(|ch| ch.iter().chain(path.iter()).cloned().collect())
        .collect()
}

fn collect_charts(
    analysis: &ChartAnalysis,
    c: &Chart,
    chains: Vec<Vec<String>>,
    out: &mut Vec<ChartInfo>,
) {
    let decls: Vec<Option<&cw_chart::Dependency>> = c
        .metadata
        .dependencies
        .as_ref()
        .map(|d| d.value.iter().map(|x| x.as_ref()).collect())
        .unwrap_or_default();
    let mut subs = Vec::new();
    let mut children = Vec::new();
    for (i, d) in c.dependencies.iter().enumerate() {
        // Aliases from the rendered scopes when the subchart is enabled; else the declaration.
        let scoped: Vec<Vec<String>> = analysis
            .scopes
            .iter()
            .filter(|s| s.prefix == d.prefix)
            .map(|s| s.path.clone())
            .collect();
        let name = c
            .resolved
            .iter()
            .find(|r| r.chart == Some(i) && r.version_compatible)
            .and_then(|r| decls.get(r.declaration).copied().flatten())
            .map(|dep| dep.effective_name().to_string())
            .unwrap_or_else(|| d.name().to_string());
        let sub_chains: Vec<Vec<String>> = if scoped.is_empty() {
            chains
                .iter()
                .map(|ch| {
                    let mut ch = ch.clone();
                    ch.push(name.clone());
                    ch
                })
                .collect()
        } else {
            scoped
        };
        for ch in &sub_chains {
            if let Some(last) = ch.last() {
                if !subs.contains(last) {
                    subs.push(last.clone());
                }
            }
        }
        if !subs.contains(&name) {
            subs.push(name);
        }
        children.push((d, sub_chains));
    }
    out.push(ChartInfo {
        prefix: c.prefix.clone(),
        chains,
        library: c.is_library(),
        subcharts: subs,
    });
    for (d, ch) in children {
        collect_charts(analysis, d, ch, out);
    }
}

fn collect_schemas(c: &Chart, out: &mut Vec<(String, String, String)>) {
    if let Some(s) = &c.schema {
        out.push((
            c.prefix.clone(),
            s.name.clone(),
            String::from_utf8_lossy(&s.data).into_owned(),
        ));
    }
    for d in &c.dependencies {
        collect_schemas(d, out);
    }
}

/// The visitor of [`walk_values`]: (path in the file, path as templates name it, key range,
/// value).
pub(crate) type ValueVisit<'a> = dyn FnMut(&[String], &[String], TextRange, &Node) + 'a;

/// Calls `f` for every key of a values document as templates name it: each map entry by its
/// key; each item of a list, and each entry of a map `ranged` says a template ranges over, as
/// the element segment [`ELEM`] too. `f` gets the path in the file (list items by their index),
/// the path templates name it by, the key's range (an item's own range) and the value.
pub(crate) fn walk_values(node: &Node, ranged: &dyn Fn(&[String]) -> bool, f: &mut ValueVisit<'_>) {
    fn go(
        node: &Node,
        file_path: &mut Vec<String>,
        path: &mut Vec<String>,
        ranged: &dyn Fn(&[String]) -> bool,
        f: &mut ValueVisit<'_>,
    ) {
        if path.len() > 64 {
            return;
        }
        match &node.value {
            YValue::Map(m) => {
                let each = !path.is_empty() && ranged(path);
                for e in &m.entries {
                    file_path.push(e.key.clone());
                    path.push(e.key.clone());
                    f(file_path, path, e.key_range, &e.value);
                    go(&e.value, file_path, path, ranged, f);
                    path.pop();
                    if each {
                        path.push(ELEM.to_string());
                        f(file_path, path, e.key_range, &e.value);
                        go(&e.value, file_path, path, ranged, f);
                        path.pop();
                    }
                    file_path.pop();
                }
            }
            YValue::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    file_path.push(i.to_string());
                    path.push(ELEM.to_string());
                    f(file_path, path, item.range, item);
                    go(item, file_path, path, ranged, f);
                    path.pop();
                    file_path.pop();
                }
            }
            _ => {}
        }
    }
    go(node, &mut Vec::new(), &mut Vec::new(), ranged, f);
}

/// Calls `f` for every map entry of a values document (lists are leaves).
pub(crate) fn walk_keys(
    node: &Node,
    path: &mut Vec<String>,
    depth: usize,
    f: &mut dyn FnMut(&[String], &cw_yaml::Entry),
) {
    if depth > 200 {
        return;
    }
    if let YValue::Map(m) = &node.value {
        for e in &m.entries {
            path.push(e.key.clone());
            f(path, e);
            walk_keys(&e.value, path, depth + 1, f);
            path.pop();
        }
    }
}

struct SchemaWalk<'a> {
    root: &'a Node,
    /// The schema's text (for the names inside their quotes).
    text: &'a str,
    file: PathBuf,
    prefix: &'a str,
    charts: &'a [ChartInfo],
    schema: &'a mut BTreeMap<Vec<String>, Vec<SchemaEntry>>,
    schema_open: &'a mut BTreeSet<Vec<String>>,
}

impl<'a> SchemaWalk<'a> {
    /// Follows local `$ref`s (`#/definitions/x`, `#/$defs/x`).
    fn deref(&self, mut n: &'a Node) -> &'a Node {
        for _ in 0..16 {
            let Some(r) = n
                .as_map()
                .and_then(|m| m.get("$ref"))
                .and_then(|r| r.as_str())
            else {
                break;
            };
            let Some(ptr) = r.strip_prefix("#") else {
                break;
            };
            let mut target = self.root;
            let mut ok = true;
            for seg in ptr.split('/').filter(|s| !s.is_empty()) {
                let seg = seg.replace("~1", "/").replace("~0", "~");
                match target.as_map().and_then(|m| m.get(&seg)) {
                    Some(t) => target = t,
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                break;
            }
            n = target;
        }
        n
    }

    fn walk(&mut self, node: &'a Node, path: &mut Vec<String>, depth: usize) {
        if depth > 64 {
            return;
        }
        let node = self.deref(node);
        let Some(m) = node.as_map() else { return };
        let ty = m.get("type").and_then(type_name);
        let props = m.get("properties").and_then(|p| p.as_map());
        let open = m.get("patternProperties").is_some()
            || m.get("additionalProperties")
                .is_some_and(|a| !matches!(a.value, YValue::Bool(false)))
            || (props.is_none()
                && ty.as_deref().is_some_and(|t| t.contains("object"))
                && !m.contains_key_any(&["allOf", "anyOf", "oneOf"]));
        if open {
            for c in m_canon(self.charts, self.prefix, path) {
                self.schema_open.insert(c);
            }
        }
        let required: Vec<&Node> = m
            .get("required")
            .and_then(|r| r.as_seq())
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        if let Some(props) = props {
            for e in &props.entries {
                let required: Vec<TextRange> = required
                    .iter()
                    .filter(|r| r.as_str() == Some(e.key.as_str()))
                    .map(|r| super::subject::unquote(self.text, r.range))
                    .collect();
                let sub = self.deref(&e.value);
                let sm = sub.as_map();
                let description = sm
                    .and_then(|s| s.get("description").or_else(|| s.get("title")))
                    .and_then(|d| d.as_str())
                    .map(str::to_string);
                let ty = sm.and_then(|s| s.get("type")).and_then(type_name);
                path.push(e.key.clone());
                for c in m_canon(self.charts, self.prefix, path) {
                    self.schema.entry(c).or_default().push(SchemaEntry {
                        file: self.file.clone(),
                        key_range: super::subject::unquote(self.text, e.key_range),
                        property: true,
                        required: required.clone(),
                        description: description.clone(),
                        ty: ty.clone(),
                    });
                }
                self.walk(&e.value, path, depth + 1);
                path.pop();
            }
        }
        // The items of a list, the values of a map: its elements.
        for k in ["items", "additionalProperties"] {
            let Some(e) = m.entry(k) else { continue };
            if e.value.as_map().is_none() {
                continue;
            }
            let sub = self.deref(&e.value);
            let sm = sub.as_map();
            path.push(ELEM.to_string());
            for c in m_canon(self.charts, self.prefix, path) {
                self.schema.entry(c).or_default().push(SchemaEntry {
                    file: self.file.clone(),
                    key_range: super::subject::unquote(self.text, e.key_range),
                    property: false,
                    required: Vec::new(),
                    description: sm
                        .and_then(|s| s.get("description").or_else(|| s.get("title")))
                        .and_then(|d| d.as_str())
                        .map(str::to_string),
                    ty: sm.and_then(|s| s.get("type")).and_then(type_name),
                });
            }
            // `items: {}`: elements of any shape.
            let any_shape = sm.is_none_or(|m| {
                m.get("properties").is_none()
                    && m.get("type").is_none()
                    && !m.contains_key_any(&["allOf", "anyOf", "oneOf"])
            });
            if any_shape {
                for c in m_canon(self.charts, self.prefix, path) {
                    self.schema_open.insert(c);
                }
            }
            self.walk(&e.value, path, depth + 1);
            path.pop();
        }
        for k in ["allOf", "anyOf", "oneOf"] {
            if let Some(list) = m.get(k).and_then(|l| l.as_seq()) {
                for s in list {
                    self.walk(s, path, depth + 1);
                }
            }
        }
        if let Some(t) = m.get("then") {
            self.walk(t, path, depth + 1);
        }
    }
}

trait MapExt {
    fn contains_key_any(&self, keys: &[&str]) -> bool;
}

impl MapExt for cw_yaml::Mapping {
    fn contains_key_any(&self, keys: &[&str]) -> bool {
        keys.iter().any(|k| self.get(k).is_some())
    }
}

fn type_name(n: &Node) -> Option<String> {
    match &n.value {
        YValue::String(s) => Some(s.clone()),
        YValue::Seq(items) => Some(
            items
                .iter()
                .filter_map(|i| i.as_str())
                .collect::<Vec<_>>()
                .join("|"),
        ),
        _ => None,
    }
}

/// The comment written above a key (contiguous `#` lines, `# --` of helm-docs stripped) and a
/// comment after its value on the same line.
pub(crate) fn key_comment(
    text: &str,
    key_range: TextRange,
    value_range: TextRange,
) -> Option<String> {
    let start = (key_range.start() as usize).min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut lines = Vec::new();
    let mut end = line_start;
    while end > 0 {
        let prev_end = end - 1; // the '\n'
        let prev_start = text[..prev_end].rfind('\n').map_or(0, |i| i + 1);
        let line = text[prev_start..prev_end].trim();
        if let Some(c) = line.strip_prefix('#') {
            lines.push(c.trim_end_matches('\r').to_string());
            end = prev_start;
        } else {
            break;
        }
    }
    lines.reverse();
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| {
            let l = l.strip_prefix(' ').unwrap_or(l);
            let l = l.strip_prefix("-- ").unwrap_or(l);
            l.to_string()
        })
        .collect();
    // `key: value  # comment` on the key's line.
    let vend = (value_range.end() as usize).min(text.len());
    if vend >= start {
        let rest_end = text[vend..].find('\n').map_or(text.len(), |i| vend + i);
        let rest = text[vend..rest_end].trim();
        if let Some(c) = rest.strip_prefix('#') {
            out.push(c.trim().to_string());
        }
    }
    let s = out.join("\n").trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// The model of a chart analysis, built once per analysis (kept with it), from the previous
/// analysis's model when there is one.
pub(crate) fn model_of(chart: &ChartAnalysis) -> Arc<Model> {
    chart
        .values_model
        .get_or_init(|| {
            let previous = chart
                .model_base
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take();
            Arc::new(Model::build(chart, previous.as_deref()))
        })
        .clone()
}
