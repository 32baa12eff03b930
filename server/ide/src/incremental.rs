//! Reuse of a previous render when a chart changes: the templates whose inputs did not change
//! keep their rendered output (and source map, and error); only the others are executed again.
//!
//! A template's output depends on its own text, the chart's values and other non-template
//! files (`.Values`, `.Chart`, `.Files`, `.Capabilities`, `.Release`), the defines it reaches and
//! the templates it includes by file name. The scheme, correctness first:
//!
//! - **whole-chart inputs**: every file of the chart tree but the template texts (Chart.yaml,
//!   values files, schemas, `.Files`, lock files), the list of template names, the configured
//!   values files and the settings are fingerprinted ([`inputs_key`]). Any difference: full
//!   render;
//! - **defines**: the name and body text of every `define`/`block` of every template, and which
//!   templates parse, are fingerprinted ([`defines_key`]). Any difference: full render;
//! - **shared state**: Helm gives all templates of a chart one dot map and one `.Values`; a
//!   template that changes them (`set`, `unset`, `merge`...) changes what later templates see.
//!   A chart whose templates call such a function on `$`, `.` or a built-in object
//!   (`$.Release`...) is always rendered in full; changes to `.Values` are detected by comparing
//!   the values after the previous render with the values before this one, and after this
//!   render with before it (a difference: full render on fresh values);
//! - **includes by file name**: `include` of a template file (`include (print
//!   $.Template.BasePath "/configmap.yaml") .`, resolved statically when written that way)
//!   makes the includer depend on that file's text; an `include` whose name cannot be resolved
//!   makes the template depend on every template's text. Those are executed again whenever a
//!   template changed;
//! - the rest — templates whose text changed, and templates that depend on a changed file — is
//!   the set executed again. The render executes, for every other non-partial template, the
//!   parse of its text with everything outside its defines and blocks blanked (spaces, newlines
//!   kept: byte offsets, lines and columns of the defines stay the same; a template without
//!   defines is left empty), handed to the engine in place of the template's own parse
//!   (`RenderAllOptions::parsed`), so it executes in no time and the defines are what they
//!   were; a template with a parse error is left as it is.
//!   Their outputs are spliced into the previous render, in Helm's execution order.
//!
//! Not covered (documented limitation): a `tpl` string that includes a template *file* by name
//! (`tpl "{{ include \"chart/templates/x.yaml\" . }}"`): the includer is not re-rendered when
//! only that file's text changes.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use cw_chart::Chart;
use cw_engine::{RenderAll, TemplateRender};
use cw_syntax::ast::{Command, List, Node, Operand, Pipeline, TreeKind};
use cw_template::Value;

use crate::diagnostics::render::{InputKey, KeyBuilder};
use crate::{ChartAnalysis, TemplateFile};

/// What a later analysis of the chart may reuse: a complete render and the inputs it was made
/// from.
pub(crate) struct RenderBase {
    pub render: Arc<RenderAll>,
    pub inputs: InputKey,
    pub defines: InputKey,
    /// Helm template name → text.
    pub texts: HashMap<String, Arc<str>>,
    /// The values of every rendered chart after the render (render-tree order).
    pub values: Vec<Value>,
}

/// Fingerprint of everything but the template texts: the settings, the configured values
/// files and the chart's files ([`chart_files_key`]).
pub(crate) fn inputs_key(
    chart_files: InputKey,
    user_files: &[(String, Arc<str>)],
    config: &str,
) -> InputKey {
    let mut k = KeyBuilder::default();
    k.add(config.as_bytes());
    for (path, text) in user_files {
        k.add(path.as_bytes());
        k.add(text.as_bytes());
    }
    k.add(&chart_files.to_bytes());
    k.finish()
}

/// Fingerprint of every file of the chart tree but the template texts (Chart.yaml, values
/// files, schemas, `.Files`, lock files), of the template names and of the loader's
/// validation errors. Computed once per analysis: [`inputs_key`] and [`chart_rules`] use it.
pub(crate) fn chart_files_key(chart: &Chart) -> InputKey {
    let mut k = KeyBuilder::default();
    let mut stack = vec![chart];
    while let Some(c) = stack.pop() {
        k.add(format!("chart {} {}", c.prefix, c.dependencies.len()).as_bytes());
        for f in c.chart_yaml.iter().chain(c.schema.iter()) {
            k.add(f.name.as_bytes());
            k.add(&f.data);
        }
        if let Some(v) = &c.values {
            k.add(v.file.name.as_bytes());
            k.add(&v.file.data);
        }
        for f in c.files.iter().chain(&c.raw) {
            k.add(f.name.as_bytes());
            k.add(&f.data);
        }
        k.add(b"templates");
        for t in &c.templates {
            k.add(t.name.as_bytes());
        }
        k.add(format!("{:?}", c.validation_error).as_bytes());
        stack.extend(c.dependencies.iter());
    }
    k.finish()
}

/// Fingerprint of the defines (and blocks) of every template, and of which templates parse.
pub(crate) fn defines_key(templates: &[TemplateFile]) -> InputKey {
    let mut parts: Vec<&[u8]> = Vec::new();
    for t in templates {
        parts.push(t.helm_name.as_bytes());
        // A template that does not parse is left out of the set with its defines; one without
        // defines changes no other template by failing (includes of its file name aside, which
        // depend on its text).
        if t.parse.trees.iter().any(|tr| tr.kind != TreeKind::Main) {
            parts.push(if t.parse.errors.is_empty() {
                b"ok"
            } else {
                b"error"
            });
        }
        for tree in &t.parse.trees {
            if tree.kind == TreeKind::Main {
                continue;
            }
            parts.push(tree.name.as_bytes());
            parts.push(slice(&t.text, tree.range).as_bytes());
        }
    }
    InputKey::of(&parts)
}

fn slice(text: &str, r: cw_base::TextRange) -> &str {
    text.get(r.start() as usize..r.end() as usize).unwrap_or("")
}

/// What a template (or a define) calls, found in its syntax.
#[derive(Clone, Default, Debug)]
struct Calls {
    /// Literal names of `include`/`template` (defines or template files).
    names: Vec<String>,
    /// An `include` whose name is not known before execution.
    dynamic: bool,
    /// A call that changes `$`, `.` or a built-in object.
    mutates_dot: bool,
}

/// Functions that change their first argument in place.
const MUTATORS: &[&str] = &[
    "set",
    "unset",
    "merge",
    "mergeOverwrite",
    "mustMerge",
    "mustMergeOverwrite",
];

/// Built-in objects of the dot.
const BUILTINS: &[&str] = &[
    "Chart",
    "Release",
    "Capabilities",
    "Template",
    "Files",
    "Subcharts",
];

/// The calls of one tree. `base_path` is `.Template.BasePath` of the file (for the main tree).
fn tree_calls(root: &List, main: bool, base_path: &str, out: &mut Calls) {
    // (list, whether `.` is still the template's dot)
    let mut lists: Vec<(&List, bool)> = vec![(root, main)];
    let mut pipes: Vec<(&Pipeline, bool)> = Vec::new();
    while let Some((list, dot_is_root)) = lists.pop() {
        for node in &list.nodes {
            match node {
                Node::Action(a) => pipes.push((&a.pipe, dot_is_root)),
                Node::If(b) | Node::Range(b) | Node::With(b) => {
                    pipes.push((&b.pipe, dot_is_root));
                    let rebinds = !matches!(node, Node::If(_));
                    lists.push((&b.list, dot_is_root && !rebinds));
                    if let Some(e) = &b.else_list {
                        // `with`'s else keeps the dot; `range`'s else too.
                        lists.push((e, dot_is_root));
                    }
                }
                Node::Template(t) => {
                    out.names.push(t.name.clone());
                    if let Some(p) = &t.pipe {
                        pipes.push((p, dot_is_root));
                    }
                }
                _ => {}
            }
        }
        while let Some((pipe, dot_is_root)) = pipes.pop() {
            for cmd in &pipe.cmds {
                command_calls(cmd, main, dot_is_root, base_path, out, &mut pipes);
            }
        }
    }
}

fn command_calls<'a>(
    cmd: &'a Command,
    main: bool,
    dot_is_root: bool,
    base_path: &str,
    out: &mut Calls,
    pipes: &mut Vec<(&'a Pipeline, bool)>,
) {
    let mut operands: Vec<&Operand> = cmd.args.iter().collect();
    while let Some(op) = operands.pop() {
        match op {
            Operand::Pipe(p) => pipes.push((p, dot_is_root)),
            Operand::Chain(c) => operands.push(&c.node),
            _ => {}
        }
    }
    let Some(Operand::Identifier(f)) = cmd.args.first() else {
        return;
    };
    let first = cmd.args.get(1);
    match f.name.as_str() {
        "include" => match first.and_then(|a| constant(a, main, dot_is_root, base_path)) {
            Some(name) => out.names.push(name),
            None => out.dynamic = true,
        },
        name if MUTATORS.contains(&name) && first.is_some_and(is_dot_or_builtin) => {
            out.mutates_dot = true;
        }
        _ => {}
    }
}

/// `$`, `.`, or a field chain into a built-in object of the dot (`.Release`, `$.Chart.x`).
fn is_dot_or_builtin(op: &Operand) -> bool {
    match op {
        Operand::Dot(_) => true,
        Operand::Variable(v) => {
            v.name.name == "$"
                && v.fields
                    .first()
                    .is_none_or(|f| BUILTINS.contains(&f.name.as_str()))
        }
        Operand::Field(f) => f
            .idents
            .first()
            .is_some_and(|i| BUILTINS.contains(&i.name.as_str())),
        Operand::Pipe(p) => {
            p.cmds.len() == 1 && p.cmds[0].args.len() == 1 && {
                let a = &p.cmds[0].args[0];
                is_dot_or_builtin(a)
            }
        }
        _ => false,
    }
}

/// The value of a name argument known before execution: a string literal, or `print` /
/// `printf "%s..."` of literals and the template's own `.Template.BasePath`.
fn constant(op: &Operand, main: bool, dot_is_root: bool, base_path: &str) -> Option<String> {
    match op {
        Operand::String(s) => Some(s.value.to_string()),
        Operand::Variable(v)
            if main
                && v.name.name == "$"
                && v.fields.len() == 2
                && v.fields[0].name == "Template"
                && v.fields[1].name == "BasePath" =>
        {
            Some(base_path.to_string())
        }
        Operand::Field(f)
            if dot_is_root
                && f.idents.len() == 2
                && f.idents[0].name == "Template"
                && f.idents[1].name == "BasePath" =>
        {
            Some(base_path.to_string())
        }
        Operand::Pipe(p) if p.cmds.len() == 1 && p.decl.is_empty() => {
            let args = &p.cmds[0].args;
            let Some(Operand::Identifier(f)) = args.first() else {
                return None;
            };
            let values: Vec<String> = args[1..]
                .iter()
                .map(|a| constant(a, main, dot_is_root, base_path))
                .collect::<Option<_>>()?;
            match f.name.as_str() {
                // Go's Sprint puts no spaces between operands that are both strings.
                "print" => Some(values.concat()),
                "printf" => {
                    let (format, rest) = values.split_first()?;
                    let pieces: Vec<&str> = format.split("%s").collect();
                    if pieces.len() != rest.len() + 1 || pieces.iter().any(|p| p.contains('%')) {
                        return None;
                    }
                    let mut s = String::new();
                    for (i, p) in pieces.iter().enumerate() {
                        s.push_str(p);
                        if let Some(v) = rest.get(i) {
                            s.push_str(v);
                        }
                    }
                    Some(s)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Per template: what its main tree calls; per define name: what its bodies call.
struct Graph {
    main: HashMap<String, Calls>,
    defines: HashMap<String, Vec<Calls>>,
    mutates_dot: bool,
}

fn graph(templates: &[TemplateFile]) -> Graph {
    let mut g = Graph {
        main: HashMap::new(),
        defines: HashMap::new(),
        mutates_dot: false,
    };
    for t in templates {
        let chart_path = t
            .helm_name
            .strip_suffix(t.name.as_str())
            .and_then(|p| p.strip_suffix('/'))
            .unwrap_or(&t.helm_name);
        let base_path = format!("{chart_path}/templates");
        for (kind, name, calls) in tree_calls_of(&t.parse, &base_path).iter() {
            if *kind == TreeKind::Block {
                // A block is also called where it stands.
                g.main
                    .entry(t.helm_name.clone())
                    .or_default()
                    .names
                    .push(name.clone());
            }
            g.mutates_dot |= calls.mutates_dot;
            if *kind == TreeKind::Main {
                let m = g.main.entry(t.helm_name.clone()).or_default();
                m.names.extend(calls.names.iter().cloned());
                m.dynamic |= calls.dynamic;
            } else {
                g.defines
                    .entry(name.clone())
                    .or_default()
                    .push(calls.clone());
            }
        }
    }
    g
}

/// The calls of each tree of a parse (kind, name, calls), remembered per parse: a template's
/// parse is the same `Arc` from one analysis to the next while its text is unchanged, and the
/// calls depend on the parse and `base_path` alone.
fn tree_calls_of(
    parse: &Arc<cw_syntax::Parse>,
    base_path: &str,
) -> Arc<Vec<(TreeKind, String, Calls)>> {
    use std::sync::{Mutex, OnceLock, Weak};
    type Memo =
        HashMap<(usize, String), (Weak<cw_syntax::Parse>, Arc<Vec<(TreeKind, String, Calls)>>)>;
    /// Parses remembered before the memo starts over.
    const MAX_ENTRIES: usize = 8192;
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    let key = (Arc::as_ptr(parse) as usize, base_path.to_string());
    let memo = MEMO.get_or_init(Default::default);
    if let Some((weak, calls)) = memo.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        // Alive: the same parse (an address is reused only once its parse is gone).
        if weak.upgrade().is_some_and(|p| Arc::ptr_eq(&p, parse)) {
            return calls.clone();
        }
    }
    let calls: Arc<Vec<(TreeKind, String, Calls)>> = Arc::new(
        parse
            .trees
            .iter()
            .map(|tree| {
                let mut calls = Calls::default();
                tree_calls(
                    &tree.root,
                    tree.kind == TreeKind::Main,
                    base_path,
                    &mut calls,
                );
                (tree.kind, tree.name.clone(), calls)
            })
            .collect(),
    );
    let mut map = memo.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= MAX_ENTRIES {
        map.retain(|_, (w, _)| w.strong_count() > 0);
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
    }
    map.insert(key, (Arc::downgrade(parse), calls.clone()));
    calls
}

impl Graph {
    /// The template files a template depends on besides its own text (`None`: every one).
    fn file_deps(&self, template: &str, files: &HashSet<&str>) -> Option<HashSet<String>> {
        let mut out = HashSet::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut todo: Vec<&Calls> = self.main.get(template).into_iter().collect();
        while let Some(c) = todo.pop() {
            if c.dynamic {
                return None;
            }
            for n in &c.names {
                if !seen.insert(n.clone()) {
                    continue;
                }
                if files.contains(n.as_str()) {
                    out.insert(n.clone());
                    todo.extend(self.main.get(n));
                }
                if let Some(d) = self.defines.get(n) {
                    todo.extend(d.iter());
                }
            }
        }
        Some(out)
    }
}

/// Whether a template name is a partial (not rendered on its own).
fn is_partial(name: &str) -> bool {
    name.rsplit('/').next().unwrap_or(name).starts_with('_')
}

/// The plan of an incremental render: which templates to execute again, and what the others
/// execute instead of their text. `None`: render in full.
pub(crate) struct Plan {
    /// Helm names of the templates executed again.
    pub rerender: HashSet<String>,
    /// The blanked templates: Helm name → their analysed text and the parse of it blanked,
    /// which the render executes in its place (the engine is handed it for that text only).
    pub blanked: Arc<crate::db::TemplateParses>,
}

/// Plans the render of `chart` from `base`, or says to render in full.
pub(crate) fn plan(
    chart: &ChartAnalysis,
    base: &RenderBase,
    values_before: &[Value],
) -> Option<Plan> {
    if base.inputs != chart.inputs_key || base.defines != chart.defines_key {
        return None;
    }
    if base.values.len() != values_before.len()
        || !base
            .values
            .iter()
            .zip(values_before)
            .all(|(a, b)| value_eq(a, b, 0))
    {
        return None;
    }
    // A chart used twice under two aliases has two templates per file (names this module
    // does not follow): in full.
    let mut files_seen = HashSet::new();
    if base.render.files.values().any(|f| !files_seen.insert(f)) {
        return None;
    }
    let g = graph(&chart.templates);
    if g.mutates_dot {
        return None;
    }
    let files: HashSet<&str> = chart
        .templates
        .iter()
        .map(|t| t.helm_name.as_str())
        .collect();
    let changed: HashSet<&str> = chart
        .templates
        .iter()
        .filter(|t| {
            base.texts
                .get(&t.helm_name)
                .is_none_or(|old| !Arc::ptr_eq(old, &t.text) && **old != *t.text)
        })
        .map(|t| t.helm_name.as_str())
        .collect();
    let mut rerender = HashSet::new();
    let mut keep_text: HashSet<String> = HashSet::new();
    for t in &chart.templates {
        if is_partial(&t.helm_name) {
            continue;
        }
        let name = t.helm_name.as_str();
        let deps = g.file_deps(name, &files);
        let again = changed.contains(name)
            || match &deps {
                None => !changed.is_empty(),
                Some(d) => d.iter().any(|f| changed.contains(f.as_str())),
            };
        if again {
            rerender.insert(t.helm_name.clone());
            match deps {
                // It may include any file: nothing can be blanked.
                None => return None,
                Some(d) => keep_text.extend(d),
            }
        }
    }
    // Blank the other non-partial templates that parse, outside their defines and blocks: the
    // render executes the parse of the blanked text in their place.
    let mut blanked = HashMap::new();
    for t in &chart.templates {
        if !is_partial(&t.helm_name)
            && !rerender.contains(&t.helm_name)
            && !keep_text.contains(&t.helm_name)
            && t.parse.errors.is_empty()
        {
            let text = blanked_text(t);
            let parse = crate::db::parse_template(&t.helm_name, &text);
            blanked.insert(t.helm_name.clone(), (t.text.clone(), Arc::new(parse)));
        }
    }
    Some(Plan {
        rerender,
        blanked: Arc::new(blanked),
    })
}

/// The text of a template with everything outside its defines and blocks replaced by spaces
/// (newlines kept); empty for a template without defines and blocks.
fn blanked_text(t: &TemplateFile) -> String {
    let mut keep: Vec<(usize, usize)> = t
        .parse
        .trees
        .iter()
        .filter(|tr| tr.kind != TreeKind::Main)
        .map(|tr| (tr.range.start() as usize, tr.range.end() as usize))
        .collect();
    if keep.is_empty() {
        // Nothing of it is executed: no text at all (parsed in no time; a blanked template's
        // output is never used).
        return String::new();
    }
    keep.sort_unstable();
    let bytes = t.text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for (s, e) in keep {
        let (s, e) = (s.max(at).min(bytes.len()), e.min(bytes.len()));
        out.extend(
            bytes[at..s]
                .iter()
                .map(|&b| if b == b'\n' { b'\n' } else { b' ' }),
        );
        if e > s {
            out.extend_from_slice(&bytes[s..e]);
        }
        at = at.max(e);
    }
    out.extend(
        bytes[at.min(bytes.len())..]
            .iter()
            .map(|&b| if b == b'\n' { b'\n' } else { b' ' }),
    );
    // Whole bytes of the defines are kept and every other byte is ASCII: valid UTF-8 as long
    // as the ranges are on character boundaries; otherwise the template is left whole.
    String::from_utf8(out).unwrap_or_else(|_| t.text.to_string())
}

/// The render of `plan` spliced into `base`: `partial` rendered the changed templates, with the
/// others blanked. `None` when the partial render is not what the plan expected (a blanked
/// template that no longer parses).
pub(crate) fn splice(plan: &Plan, base: &RenderAll, partial: RenderAll) -> Option<RenderAll> {
    let blanked_error = partial.parse_errors.iter().any(|e| match e {
        cw_engine::RenderError::Parse { template, .. }
        | cw_engine::RenderError::Exec { template, .. } => plan.blanked.contains_key(template),
    });
    if blanked_error {
        return None;
    }
    let old: HashMap<&str, &TemplateRender> = base
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();
    let mut templates = Vec::with_capacity(partial.templates.len());
    for t in partial.templates {
        if plan.rerender.contains(&t.name) {
            templates.push(t);
        } else {
            templates.push((*old.get(t.name.as_str())?).clone());
        }
    }
    Some(RenderAll {
        parse_errors: partial.parse_errors,
        templates,
        notes: partial.notes,
        files: partial.files,
        cancelled: partial.cancelled,
    })
}

/// Deep equality of values (maps and lists by content, objects by identity). Past a depth of
/// 200 (a value made cyclic by a template), unequal.
pub(crate) fn value_eq(a: &Value, b: &Value, depth: usize) -> bool {
    if depth > 200 {
        return false;
    }
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) | (Value::Int64(x), Value::Int64(y)) => x == y,
        (Value::Uint64(x), Value::Uint64(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Complex(a1, a2), Value::Complex(b1, b2)) => {
            a1.to_bits() == b1.to_bits() && a2.to_bits() == b2.to_bits()
        }
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            Arc::ptr_eq(x, y)
                || (x.elem == y.elem
                    && x.name == y.name
                    && x.items.len() == y.items.len()
                    && x.items
                        .iter()
                        .zip(&y.items)
                        .all(|(p, q)| value_eq(p, q, depth + 1)))
        }
        (Value::Map(x), _) if matches!(b, Value::Map(y) if x.ptr_eq(y)) => true,
        (Value::Map(x), Value::Map(y)) => {
            let (x, y) = (x.read(), y.read());
            x.elem == y.elem
                && x.name == y.name
                && x.entries.len() == y.entries.len()
                && x.entries
                    .iter()
                    .zip(&y.entries)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && value_eq(v1, v2, depth + 1))
        }
        (Value::Object(x), Value::Object(y)) => Arc::ptr_eq(x, y),
        _ => false,
    }
}

/// The Chart.yaml and dependency rules (`cw_lint::check_chart`) of a loaded chart, remembered
/// per root chart: they read the chart's files other than templates (CRDs, parsed in full, are
/// most of their cost on large charts) and ask the file system about a few paths. They run
/// again only when those files or those answers changed; the answers are recorded on the
/// first run and asked again (a few `stat`s) to check them.
pub(crate) fn chart_rules(
    fs: &crate::Vfs,
    root: &std::path::Path,
    chart: &Chart,
    chart_files: InputKey,
) -> Arc<Vec<cw_base::Finding>> {
    use std::sync::{Mutex, OnceLock};
    type Entry = (InputKey, Vec<FsCall>, Arc<Vec<cw_base::Finding>>);
    /// Root charts remembered before the memo starts over.
    const MAX_ENTRIES: usize = 1024;
    static MEMO: OnceLock<Mutex<HashMap<std::path::PathBuf, Entry>>> = OnceLock::new();
    let key = chart_files;
    let memo = MEMO.get_or_init(Default::default);
    if let Some((k, calls, findings)) = memo.lock().unwrap_or_else(|e| e.into_inner()).get(root) {
        if *k == key && calls.iter().all(|c| c.answer(fs) == c.answer) {
            return findings.clone();
        }
    }
    let recording = Recording {
        fs,
        calls: std::cell::RefCell::new(Vec::new()),
    };
    let is_dir = cw_chart::FileSystem::metadata(&recording, root)
        .is_ok_and(|m| m.kind == cw_chart::FileKind::Dir);
    let fs_arg: Option<(&dyn cw_chart::FileSystem, &std::path::Path)> =
        is_dir.then_some((&recording as &dyn cw_chart::FileSystem, root));
    let findings = Arc::new(cw_lint::check_chart(chart, fs_arg));
    let calls = recording.calls.into_inner();
    let mut map = memo.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(root.to_path_buf(), (key, calls, findings.clone()));
    findings
}

/// One question asked of the file system and a digest of its answer.
struct FsCall {
    kind: u8,
    path: std::path::PathBuf,
    answer: InputKey,
}

impl FsCall {
    fn answer(&self, fs: &crate::Vfs) -> InputKey {
        use cw_chart::FileSystem;
        let p = self.path.as_path();
        match self.kind {
            0 => digest(&fs.symlink_metadata(p)),
            1 => digest(&fs.read_dir(p)),
            2 => digest(&fs.read(p)),
            3 => digest(&fs.canonicalize(p)),
            _ => digest(&fs.metadata(p)),
        }
    }
}

fn digest<T: std::fmt::Debug>(r: &std::io::Result<T>) -> InputKey {
    let text = match r {
        Ok(v) => format!("ok {v:?}"),
        Err(e) => format!("error {:?}", e.kind()),
    };
    InputKey::of(&[text.as_bytes()])
}

/// A file system that records what it was asked.
struct Recording<'a> {
    fs: &'a crate::Vfs,
    calls: std::cell::RefCell<Vec<FsCall>>,
}

impl Recording<'_> {
    fn log<T: std::fmt::Debug>(
        &self,
        kind: u8,
        path: &std::path::Path,
        r: std::io::Result<T>,
    ) -> std::io::Result<T> {
        self.calls.borrow_mut().push(FsCall {
            kind,
            path: path.to_path_buf(),
            answer: digest(&r),
        });
        r
    }
}

impl cw_chart::FileSystem for Recording<'_> {
    fn symlink_metadata(&self, path: &std::path::Path) -> std::io::Result<cw_chart::FileMeta> {
        self.log(0, path, self.fs.symlink_metadata(path))
    }
    fn read_dir(&self, path: &std::path::Path) -> std::io::Result<Vec<String>> {
        self.log(1, path, self.fs.read_dir(path))
    }
    fn read(&self, path: &std::path::Path) -> std::io::Result<Vec<u8>> {
        self.log(2, path, self.fs.read(path))
    }
    fn canonicalize(&self, path: &std::path::Path) -> std::io::Result<std::path::PathBuf> {
        self.log(3, path, self.fs.canonicalize(path))
    }
    fn metadata(&self, path: &std::path::Path) -> std::io::Result<cw_chart::FileMeta> {
        self.log(4, path, self.fs.metadata(path))
    }
}
