//! Helm's dependency processing (pkg/chart/v2/util/dependencies.go as of helm v4.1.4): aliases
//! (applied only when the subchart's version satisfies the declared constraint), `condition`
//! and `tags` enabling or removing subcharts, and `import-values` copying child values into
//! the parent, both the `exports.` string form and `{child, parent}` maps.

use cw_chart::{str_of, Chart};
use cw_template::Value;

use crate::coalesce::{self, merge_tables, table, Charter, Log};
use crate::convert::{deep_copy, empty_map, is_table, node_to_value};

/// The most charts a tree may hold once aliases are copied (each alias copies its subchart's
/// tree, so aliases of aliases multiply); beyond it the chart is hostile.
pub const MAX_CHARTS: usize = 2000;

/// One declared dependency (`Chart.yaml` `dependencies[]`) as the processing sees it.
#[derive(Clone, Debug)]
pub(crate) struct Req {
    /// The declared name; replaced by the alias once processed, as Helm does.
    pub name: String,
    pub version: String,
    pub condition: String,
    pub tags: Vec<String>,
    pub import_values: Vec<Value>,
    pub alias: String,
    pub enabled: bool,
    /// What set `enabled` last (conditions override tags).
    pub decided_by: Option<DisabledBy>,
}

/// Why a declared dependency was left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DisabledBy {
    /// The condition path (as written in the list) that resolved to `false`.
    Condition(String),
    /// The tags set to `false` (none of the dependency's tags was `true`).
    Tags(Vec<String>),
}

/// A dependency Helm removed from rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisabledDependency {
    /// Names from the root down to the chart that declares it (`[]` for the root).
    pub parent: Vec<String>,
    /// Its name (the alias when aliased).
    pub name: String,
    pub reason: DisabledBy,
}

/// A chart in the tree being processed: Helm's `*chart.Chart` with the fields values touch.
#[derive(Clone)]
pub(crate) struct Node<'c> {
    pub chart: &'c Chart,
    /// `Metadata.Name`: the chart's name, or its alias once aliased.
    pub name: String,
    /// `c.Values`, replaced by import-values processing.
    pub values: Value,
    /// `c.Dependencies()`: the subcharts.
    pub deps: Vec<Node<'c>>,
    /// `Metadata.Dependencies`; `None` when Chart.yaml declares none (Go's nil slice).
    pub reqs: Option<Vec<Req>>,
}

impl Charter for Node<'_> {
    fn name(&self) -> &str {
        &self.name
    }
    fn values(&self) -> &Value {
        &self.values
    }
    fn dependencies(&self) -> &[Self] {
        &self.deps
    }
}

/// The values of a chart's values.yaml as Helm's `LoadValues` reads them (documents merged;
/// an empty file, or one that is not UTF-8, is an empty map). Uses the loader's parse
/// ([`cw_chart::ValuesFile::root`], the merged documents of the same text): parsing the file
/// again was a tenth of a small chart's `chartwright template` process.
pub fn chart_values(chart: &Chart) -> Value {
    let Some(vf) = chart.values.as_ref().filter(|vf| vf.file.text().is_some()) else {
        return empty_map();
    };
    match &vf.root {
        Some(root) => {
            let v = node_to_value(root);
            if is_table(&v) {
                v
            } else {
                empty_map()
            }
        }
        None => empty_map(),
    }
}

impl<'c> Node<'c> {
    pub fn build(chart: &'c Chart, depth: usize) -> Node<'c> {
        let reqs = chart.metadata.dependencies.as_ref().map(|deps| {
            deps.value
                .iter()
                .flatten()
                .map(|d| Req {
                    name: d.name().to_string(),
                    version: str_of(&d.version).to_string(),
                    condition: str_of(&d.condition).to_string(),
                    tags: d
                        .tags
                        .as_ref()
                        .map(|t| t.value.iter().map(|s| s.value.clone()).collect())
                        .unwrap_or_default(),
                    import_values: d
                        .import_values
                        .as_ref()
                        .map(|iv| iv.value.iter().map(node_to_value).collect())
                        .unwrap_or_default(),
                    alias: d.alias().to_string(),
                    enabled: true,
                    decided_by: None,
                })
                .collect()
        });
        let deps = if depth > 64 {
            Vec::new()
        } else {
            chart
                .dependencies
                .iter()
                .map(|c| Node::build(c, depth + 1))
                .collect()
        };
        Node {
            chart,
            name: chart.name().to_string(),
            values: chart_values(chart),
            deps,
            reqs,
        }
    }

    /// This chart and every chart below it.
    pub fn size(&self) -> usize {
        1 + self.deps.iter().map(Node::size).sum::<usize>()
    }

    fn version(&self) -> &str {
        self.chart.metadata.version()
    }
}

fn compatible(constraint: &str, version: &str) -> bool {
    cw_chart::is_compatible_range(constraint, version)
}

/// Helm's `ProcessDependencies`: conditions and tags, then import-values (merge mode).
pub(crate) fn process_dependencies(
    c: &mut Node<'_>,
    user: &Value,
    w: &mut Vec<String>,
    disabled: &mut Vec<DisabledDependency>,
) -> Result<(), String> {
    let mut charts = c.size();
    let mut ctx = Ctx {
        w,
        charts: &mut charts,
        disabled,
    };
    process_dependency_enabled(c, user, "", &mut ctx, 0)?;
    process_dependency_import_values(c, w, 0)
}

struct Ctx<'a> {
    w: &'a mut Vec<String>,
    charts: &'a mut usize,
    disabled: &'a mut Vec<DisabledDependency>,
}

fn process_dependency_enabled(
    c: &mut Node<'_>,
    v: &Value,
    path: &str,
    ctx: &mut Ctx<'_>,
    depth: usize,
) -> Result<(), String> {
    let w = &mut *ctx.w;
    if depth > 64 {
        return Ok(());
    }
    let Some(mut reqs) = c.reqs.take() else {
        return Ok(());
    };
    let existing = std::mem::take(&mut c.deps);
    let mut chart_deps = Vec::new();
    for e in &existing {
        if !reqs
            .iter()
            .any(|r| e.name == r.name && compatible(&r.version, e.version()))
        {
            chart_deps.push(e.clone());
        }
    }
    for req in reqs.iter_mut() {
        if let Some(found) = existing
            .iter()
            .find(|e| e.name == req.name && compatible(&req.version, e.version()))
        {
            // Every alias is a copy of the subchart's whole tree: bound the total.
            *ctx.charts += found.size();
            if *ctx.charts > MAX_CHARTS {
                return Err(format!(
                    "the chart tree has more than {MAX_CHARTS} charts once aliases are copied"
                ));
            }
            let mut out = found.clone();
            if !req.alias.is_empty() {
                out.name = req.alias.clone();
            }
            chart_deps.push(out);
        }
        if !req.alias.is_empty() {
            req.name = req.alias.clone();
        }
    }
    c.deps = chart_deps;
    for r in reqs.iter_mut() {
        r.enabled = true;
        r.decided_by = None;
    }
    c.reqs = Some(reqs);
    let cvals = coalesce::coalesce_values(c, v, w)?;
    let reqs = c.reqs.as_mut().expect("set above");
    process_dependency_tags(reqs, &cvals, w);
    process_dependency_conditions(reqs, &cvals, path, w);
    let rm: Vec<String> = reqs
        .iter()
        .filter(|r| !r.enabled)
        .map(|r| r.name.clone())
        .collect();
    for r in reqs.iter().filter(|r| !r.enabled) {
        if let Some(reason) = &r.decided_by {
            ctx.disabled.push(DisabledDependency {
                parent: path
                    .split('.')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                name: r.name.clone(),
                reason: reason.clone(),
            });
        }
    }
    c.deps.retain(|d| !rm.contains(&d.name));
    reqs.retain(|r| !rm.contains(&r.name));
    // Go rebuilds the list with `append(nil, kept...)`: when nothing is kept (or the list was
    // empty) it becomes nil, and import-values processing then skips this chart.
    if reqs.is_empty() {
        c.reqs = None;
    }
    for t in c.deps.iter_mut() {
        let subpath = format!("{path}{}.", t.name);
        process_dependency_enabled(t, &cvals, &subpath, ctx, depth + 1)?;
    }
    Ok(())
}

fn process_dependency_conditions(
    reqs: &mut [Req],
    cvals: &Value,
    cpath: &str,
    w: &mut Vec<String>,
) {
    for r in reqs.iter_mut() {
        for c in r.condition.trim().split(',') {
            if c.is_empty() {
                continue;
            }
            let full = format!("{cpath}{c}");
            match coalesce::path_value(cvals, &full) {
                Some(Value::Bool(b)) => {
                    r.enabled = b;
                    r.decided_by = Some(DisabledBy::Condition(c.to_string()));
                    break;
                }
                Some(_) => w.push_warn(
                    "returned non-bool value",
                    &[("path", c), ("chart", &r.name)],
                ),
                None => {}
            }
        }
    }
}

fn process_dependency_tags(reqs: &mut [Req], cvals: &Value, w: &mut Vec<String>) {
    let Some(vt) = table(cvals, "tags") else {
        return;
    };
    for r in reqs.iter_mut() {
        let (mut has_true, mut has_false) = (false, false);
        for k in &r.tags {
            if let Some(b) = vt.get(k) {
                match b {
                    Value::Bool(true) => has_true = true,
                    Value::Bool(false) => has_false = true,
                    _ => w.push_warn("returned non-bool value", &[("tag", k), ("chart", &r.name)]),
                }
            }
        }
        if !has_true && has_false {
            r.enabled = false;
            r.decided_by = Some(DisabledBy::Tags(
                r.tags
                    .iter()
                    .filter(|k| matches!(vt.get(k), Some(Value::Bool(false))))
                    .cloned()
                    .collect(),
            ));
        } else if has_true || !has_false {
            r.enabled = true;
        }
    }
}

fn process_dependency_import_values(
    c: &mut Node<'_>,
    w: &mut Vec<String>,
    depth: usize,
) -> Result<(), String> {
    if depth > 64 {
        return Ok(());
    }
    for d in c.deps.iter_mut() {
        process_dependency_import_values(d, w, depth + 1)?;
    }
    process_import_values(c, w)
}

/// `pathToMap`: `a.b` and a table become `{a: {b: table}}`; `.` is the table itself.
fn path_to_map(path: &str, data: Value) -> Value {
    if path == "." {
        return data;
    }
    let mut cur = data;
    for seg in path.split('.').rev() {
        cur = Value::map_from([(seg, cur)]);
    }
    cur
}

/// `Values.Table` with its error (`"x" is not a table`, naming the first missing segment).
fn table_or_error(v: &Value, path: &str) -> Result<cw_template::MapRef, String> {
    let Value::Map(mut cur) = v.clone() else {
        return Err(format!("{} is not a table", cw_yaml::go_quote(path)));
    };
    for seg in path.split('.') {
        match cur.get(seg) {
            Some(Value::Map(m)) => cur = m,
            _ => return Err(format!("{} is not a table", cw_yaml::go_quote(seg))),
        }
    }
    Ok(cur)
}

fn fmt_v(v: &Value) -> String {
    cw_template::fmt::sprintf("%v", std::slice::from_ref(v))
}

/// `Values.AsMap` of a table: an empty table becomes a fresh map.
fn as_map_value(m: cw_template::MapRef) -> Value {
    if m.is_empty() {
        empty_map()
    } else {
        // AsMap converts common.Values to map[string]interface {} without copying.
        Value::Map(m)
    }
}

fn process_import_values(c: &mut Node<'_>, w: &mut Vec<String>) -> Result<(), String> {
    let Some(reqs) = c.reqs.clone() else {
        return Ok(());
    };
    let cvals = coalesce::merge_values(c, &empty_map(), w)?;
    let b_val = empty_map();
    let Value::Map(b) = &b_val else {
        unreachable!("empty_map is a map")
    };
    for r in &reqs {
        for riv in &r.import_values {
            match riv {
                Value::Map(iv) => {
                    let child = fmt_v(&iv.get("child").unwrap_or(Value::Nil));
                    let parent = fmt_v(&iv.get("parent").unwrap_or(Value::Nil));
                    let vv = match table_or_error(&cvals, &format!("{}.{child}", r.name)) {
                        Ok(vv) => vv,
                        Err(e) => {
                            w.push_warn(
                                "ImportValues missing table from chart",
                                &[("chart", &r.name), ("error", &e)],
                            );
                            continue;
                        }
                    };
                    if let Value::Map(src) = path_to_map(&parent, as_map_value(vv)) {
                        merge_tables(w, b, &src);
                    }
                }
                Value::String(s) => {
                    let child = format!("exports.{s}");
                    let vm = match table_or_error(&cvals, &format!("{}.{child}", r.name)) {
                        Ok(vm) => vm,
                        Err(e) => {
                            w.push_warn("ImportValues missing table", &[("error", &e)]);
                            continue;
                        }
                    };
                    if let Value::Map(src) = as_map_value(vm) {
                        merge_tables(w, b, &src);
                    }
                }
                _ => {}
            }
        }
    }
    let copy = deep_copy(&cvals);
    if let Value::Map(dst) = &copy {
        merge_tables(w, dst, b);
    }
    c.values = copy;
    Ok(())
}
