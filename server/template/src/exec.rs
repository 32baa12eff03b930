//! The executor: walks cw-syntax trees with Go text/template's rules (exec.go), Go's error
//! texts and positions, and budgets (template depth, steps, time, output size).
//!
//! Recursion (nested templates, `include`, deeply nested pipelines) grows the stack on the heap
//! with `stacker`, so hostile templates hit a budget error and never overflow the thread stack.

use std::fmt;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cw_base::TextRange;
use cw_syntax::{
    Action, Branch, Chain, Command, Field, Ident, Identifier, List, Node, Number, Operand, Parse,
    Pipeline, StringLit, TemplateCall, Tree, Variable,
};

use smallvec::SmallVec;

use crate::builtins::{self, Builtin};
use crate::fmt::quote;
use crate::func::{FuncError, FuncMap, Function, FxMap, Param};
use crate::known;
use crate::srcmap::{SegmentKind, SourceMap};
use crate::value::{Elem, Map, Repr, Val, Value};
use std::sync::RwLockReadGuard;

/// Go's `maxExecDepth`.
pub const GO_MAX_TEMPLATE_DEPTH: usize = 100_000;

fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, f)
}

/// Go's `missingkey` option: what a missing map key reads as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MissingKey {
    /// `missingkey=default`/`invalid`: the invalid value (prints `<no value>`).
    #[default]
    Default,
    /// `missingkey=zero`: the zero value of the map's element type (Helm's setting).
    Zero,
    /// `missingkey=error`: `map has no entry for key "x"`.
    Error,
}

/// Execution limits. Go has only the template depth; the others keep hostile input bounded.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Nested `{{template}}` calls (Go: 100000, `exceeded maximum template depth (100000)`).
    pub max_template_depth: usize,
    /// Nodes walked plus commands evaluated, over the whole execution including nested ones.
    pub max_steps: u64,
    /// Bytes of output of one execution buffer.
    pub max_output_bytes: usize,
    /// Wall-clock limit for the whole execution.
    pub timeout: Option<Duration>,
    /// Set from another thread to stop the execution (a language server cancelling a stale
    /// render): checked where the time limit is (every 1024 steps) and when an execution
    /// starts; a cancelled execution ends in a [`BudgetKind::Cancelled`] error.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl Limits {
    /// These limits with a cancel flag.
    pub fn with_cancel(mut self, flag: Arc<AtomicBool>) -> Limits {
        self.cancel = Some(flag);
        self
    }

    /// True when the cancel flag is set.
    pub fn is_cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_template_depth: GO_MAX_TEMPLATE_DEPTH,
            max_steps: 100_000_000,
            max_output_bytes: 256 * 1024 * 1024,
            timeout: None,
            cancel: None,
        }
    }
}

/// What an execution has used of its [`Limits`]; shared by nested executions (`include`, `tpl`).
/// It also carries per-execution state of the layers above ([`Budget::extension`]), such as
/// Helm's count of nested `include`s by name.
pub struct Budget {
    pub limits: Limits,
    steps: u64,
    started: Instant,
    deadline: Option<Instant>,
    /// Nested executions (`include` inside `include`...), for stack safety.
    nesting: usize,
    extensions: Vec<Box<dyn std::any::Any + Send>>,
}

impl fmt::Debug for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Budget")
            .field("limits", &self.limits)
            .field("steps", &self.steps)
            .field("nesting", &self.nesting)
            .finish_non_exhaustive()
    }
}

impl Budget {
    pub fn new(limits: Limits) -> Budget {
        let started = Instant::now();
        Budget {
            deadline: limits.timeout.map(|t| started + t),
            limits,
            steps: 0,
            started,
            nesting: 0,
            extensions: Vec::new(),
        }
    }

    /// Per-execution state of type `T`, created with `T::default()` on first use and shared by
    /// every function call of this execution, nested `include`s and `tpl`s included.
    pub fn extension<T: Default + Send + 'static>(&mut self) -> &mut T {
        let pos = self.extensions.iter().position(|e| e.is::<T>());
        let i = match pos {
            Some(i) => i,
            None => {
                self.extensions.push(Box::new(T::default()));
                self.extensions.len() - 1
            }
        };
        match self.extensions[i].downcast_mut::<T>() {
            Some(t) => t,
            None => unreachable!(
                "extension {i} was checked to be a {}",
                std::any::type_name::<T>()
            ),
        }
    }
    pub fn steps(&self) -> u64 {
        self.steps
    }
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::new(Limits::default())
    }
}

/// Which limit was hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BudgetKind {
    Steps,
    Time,
    Output,
    Nesting,
    /// The [`Limits::cancel`] flag was set.
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecErrorKind {
    /// A Go execution error.
    Exec,
    /// `template: no template "x" associated with template "y"`.
    NoTemplate,
    /// A budget of ours (not Go's) ran out.
    Budget(BudgetKind),
}

/// Where an execution error happened: Go's `NAME:LINE:COL` plus the node's byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorLocation {
    /// The name of the parsed text the node belongs to (Go's `ParseName`: the file name).
    pub parse_name: String,
    /// 1-based line.
    pub line: u32,
    /// 0-based byte column.
    pub col: u32,
    /// The byte range of the node in that text.
    pub range: TextRange,
}

/// An execution error with Go's exact text (`message`) and where it happened.
#[derive(Clone, Debug)]
pub struct ExecError {
    pub message: String,
    pub kind: ExecErrorKind,
    /// The name of the template being executed (Go's `executing "NAME"`).
    pub template: String,
    /// Where Go's message says the error is: the failing node, or for an error returned by a
    /// function (`include`, `tpl`, `required`...) the calling command.
    pub location: Option<ErrorLocation>,
    /// The whole chain, outermost first: the node of the executed template, then each
    /// `include`/`tpl` call and `{{template}}`/`{{block}}` call site it went through, down to
    /// the innermost failing node (the last entry). Locations inside `tpl` text carry the
    /// parse name `tpl` gave it. Empty when the error has no location (a missing template).
    pub trace: Vec<ErrorLocation>,
}

impl ExecError {
    /// The innermost location of the trace (the node that failed), else [`ExecError::location`].
    pub fn innermost(&self) -> Option<&ErrorLocation> {
        self.trace.last().or(self.location.as_ref())
    }
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExecError {}

impl From<ExecError> for FuncError {
    /// Errors of nested executions become the function's error message; exhausted budgets
    /// abort the outer execution unchanged.
    fn from(e: ExecError) -> FuncError {
        match e.kind {
            ExecErrorKind::Budget(_) => FuncError::Abort(Box::new(e)),
            _ => FuncError::Message(e.message),
        }
    }
}

/// The text a template was parsed from.
#[derive(Debug)]
pub struct Source {
    /// Go's `ParseName`: the name given to the parse (a file name).
    pub name: String,
    pub text: Arc<str>,
    /// `name`, shared by the segments of source maps.
    shared_name: Arc<str>,
}

impl Source {
    /// The parse name as source maps hold it.
    pub fn shared_name(&self) -> &Arc<str> {
        &self.shared_name
    }
}

/// One named template of a set.
#[derive(Debug, Clone)]
pub struct Template {
    pub name: String,
    pub source: Arc<Source>,
    pub tree: Arc<Tree>,
    /// The values of the tree's string literals by start offset, built once so that evaluating
    /// a literal does not allocate.
    strings: FxMap<u32, Value>,
}

fn collect_strings(list: &List, out: &mut FxMap<u32, Value>) {
    fn pipe(p: &Pipeline, out: &mut FxMap<u32, Value>) {
        for c in &p.cmds {
            for a in &c.args {
                operand(a, out);
            }
        }
    }
    fn operand(o: &Operand, out: &mut FxMap<u32, Value>) {
        match o {
            Operand::String(s) => {
                out.insert(s.range.start(), Value::str(&s.value));
            }
            Operand::Pipe(p) => grow(|| pipe(p, out)),
            Operand::Chain(c) => operand(&c.node, out),
            _ => {}
        }
    }
    for n in &list.nodes {
        match n {
            Node::Action(a) => pipe(&a.pipe, out),
            Node::If(b) | Node::Range(b) | Node::With(b) => grow(|| {
                pipe(&b.pipe, out);
                collect_strings(&b.list, out);
                if let Some(e) = &b.else_list {
                    collect_strings(e, out);
                }
            }),
            Node::Template(t) => {
                if let Some(p) = &t.pipe {
                    pipe(p, out);
                }
            }
            _ => {}
        }
    }
}

/// A set of named templates sharing functions and options (Go's `*template.Template` with its
/// associated templates).
#[derive(Clone)]
pub struct TemplateSet {
    name: String,
    templates: FxMap<String, Arc<Template>>,
    funcs: Arc<FuncMap>,
    missing_key: MissingKey,
}

impl Default for TemplateSet {
    fn default() -> TemplateSet {
        TemplateSet::new("")
    }
}

/// True when a list holds only whitespace text and comments (Go's `parse.IsEmptyTree`).
fn is_empty_list(list: &List) -> bool {
    list.nodes.iter().all(|n| match n {
        Node::Text(t) => t.text.trim().is_empty(),
        Node::Comment(_) => true,
        _ => false,
    })
}

impl TemplateSet {
    /// An empty set; `name` is Go's name of the set's root template (only used in the
    /// `no template "x" associated with template "NAME"` error).
    pub fn new(name: &str) -> TemplateSet {
        TemplateSet {
            name: name.to_string(),
            templates: FxMap::default(),
            funcs: Arc::new(FuncMap::new()),
            missing_key: MissingKey::Default,
        }
    }

    pub fn with_funcs(mut self, funcs: FuncMap) -> TemplateSet {
        self.funcs = Arc::new(funcs);
        self
    }

    pub fn set_funcs(&mut self, funcs: Arc<FuncMap>) {
        self.funcs = funcs;
    }

    pub fn funcs(&self) -> &Arc<FuncMap> {
        &self.funcs
    }

    pub fn with_missing_key(mut self, mk: MissingKey) -> TemplateSet {
        self.missing_key = mk;
        self
    }

    pub fn missing_key(&self) -> MissingKey {
        self.missing_key
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// True when `name` is callable: a registered function or a Go builtin. Pass this to the
    /// parser's function check.
    pub fn has_function(&self, name: &str) -> bool {
        self.funcs.contains(name) || builtins::arity(name).is_some()
    }

    /// Adds the trees of one parse (Go's `AddParseTree` for each, in order): a later definition
    /// of a name replaces an earlier one, except that an empty tree never replaces an existing
    /// one.
    pub fn add_trees(&mut self, parse_name: &str, text: Arc<str>, trees: Vec<Arc<Tree>>) {
        let source = Arc::new(Source {
            name: parse_name.to_string(),
            text,
            shared_name: Arc::from(parse_name),
        });
        for tree in trees {
            if self.templates.contains_key(&tree.name) && is_empty_list(&tree.root) {
                continue;
            }
            let mut strings = FxMap::default();
            collect_strings(&tree.root, &mut strings);
            self.templates.insert(
                tree.name.clone(),
                Arc::new(Template {
                    name: tree.name.clone(),
                    source: source.clone(),
                    tree,
                    strings,
                }),
            );
        }
    }

    /// Adds Go's tree set of a [`Parse`] of `text` (which must be the text that was parsed).
    /// The set shares the parse's trees.
    pub fn add_parse(&mut self, text: &str, parse: &Parse) {
        let trees: Vec<Arc<Tree>> = parse.shared_tree_set().into_iter().cloned().collect();
        self.add_trees(&parse.name, Arc::from(text), trees);
    }

    /// Parses `text` as template `name` with this set's functions and adds its trees. Returns the
    /// parse (whose errors the caller reports; Go would refuse to execute after the first).
    pub fn parse_and_add(&mut self, name: &str, text: &str) -> Parse {
        let funcs = self.funcs.clone();
        let check = move |n: &str| funcs.contains(n) || builtins::arity(n).is_some();
        let parse = cw_syntax::parse(text, &cw_syntax::ParseOptions::new(name, &check));
        self.add_parse(text, &parse);
        parse
    }

    /// [`TemplateSet::parse_and_add`] for callers that need only the errors (the first is
    /// Go's).
    pub fn parse_into(&mut self, name: &str, text: &str) -> Vec<cw_syntax::ParseError> {
        self.parse_and_add(name, text).errors
    }

    pub fn lookup(&self, name: &str) -> Option<&Arc<Template>> {
        self.templates.get(name)
    }

    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.templates.keys().map(String::as_str)
    }

    /// Executes template `name` with `data` as dot, appending to `out` (partial output stays
    /// there on error, as in Go), with default limits.
    pub fn execute(&self, name: &str, data: Value, out: &mut String) -> Result<(), ExecError> {
        let mut budget = Budget::default();
        self.execute_with_budget(name, data, out, &mut budget)
    }

    /// [`TemplateSet::execute`] under a given budget.
    pub fn execute_with_budget(
        &self,
        name: &str,
        data: Value,
        out: &mut String,
        budget: &mut Budget,
    ) -> Result<(), ExecError> {
        self.execute_inner(name, data, out, budget, None)
    }

    /// [`TemplateSet::execute_with_budget`] that also records where each byte it appends to
    /// `out` came from into `map` (see [`SourceMap`]; offsets are of `out`, including what it
    /// held before). On error, `map` covers the partial output.
    ///
    /// ```
    /// use cw_template::{Budget, SourceMap, TemplateSet, Value};
    /// let mut set = TemplateSet::new("gotpl");
    /// set.parse_and_add("a.yaml", "name: {{ .n }}\n");
    /// let (mut out, mut map) = (String::new(), SourceMap::new());
    /// let data = Value::map_from([("n", Value::str("web"))]);
    /// set.execute_with_budget_mapped("a.yaml", data, &mut out, &mut Budget::default(), &mut map)
    ///     .unwrap();
    /// let (file, span) = map.source_at(7).unwrap(); // the "w" of "web"
    /// assert_eq!((&**file, &"name: {{ .n }}\n"[span.to_usize()]), ("a.yaml", "{{ .n }}"));
    /// ```
    pub fn execute_with_budget_mapped(
        &self,
        name: &str,
        data: Value,
        out: &mut String,
        budget: &mut Budget,
        map: &mut SourceMap,
    ) -> Result<(), ExecError> {
        self.execute_inner(name, data, out, budget, Some(map))
    }

    /// Executes `name` into a new string with a source map: the output (partial on error), its
    /// map and the error, if any.
    pub fn render_mapped(
        &self,
        name: &str,
        data: Value,
        budget: &mut Budget,
    ) -> (String, SourceMap, Option<ExecError>) {
        let mut out = String::new();
        let mut map = SourceMap::new();
        let err = self
            .execute_with_budget_mapped(name, data, &mut out, budget, &mut map)
            .err();
        (out, map, err)
    }

    fn execute_inner(
        &self,
        name: &str,
        data: Value,
        out: &mut String,
        budget: &mut Budget,
        map: Option<&mut SourceMap>,
    ) -> Result<(), ExecError> {
        if budget.limits.is_cancelled() {
            return Err(ExecError {
                message: format!("template: {name}: {CANCELLED}"),
                kind: ExecErrorKind::Budget(BudgetKind::Cancelled),
                template: name.to_string(),
                location: None,
                trace: Vec::new(),
            });
        }
        let _limit = crate::limit::set(budget.limits.max_output_bytes);
        let Some(tmpl) = self.templates.get(name) else {
            return Err(ExecError {
                message: format!(
                    "template: no template {} associated with template {}",
                    quote(name.as_bytes(), false),
                    quote(self.name.as_bytes(), false)
                ),
                kind: ExecErrorKind::NoTemplate,
                template: name.to_string(),
                location: None,
                trace: Vec::new(),
            });
        };
        grow(|| {
            // An execution started at the top (not `include`/`tpl` within one).
            let top = budget.nesting == 0;
            known::with_table(top, |known| {
                let mut st = State {
                    set: self,
                    tmpl,
                    vars: Vec::with_capacity(16),
                    var_base: 0,
                    depth: 0,
                    budget,
                    node: At::None,
                    map,
                    nested_failure: None,
                    known,
                };
                let dot = Val::new(data);
                st.vars.push(("$", dot.clone()));
                st.walk(&dot, &tmpl.tree.root, out)
                    .map(|_| ())
                    .map_err(|e| *e)
            })
        })
    }

    /// Executes `name` into a new string: the output (partial on error, bytes of Go strings that
    /// are not UTF-8 shown as U+FFFD, see [`crate::gostr`]) and the error, if any.
    pub fn render(&self, name: &str, data: Value) -> (String, Option<ExecError>) {
        let mut out = String::new();
        let err = self.execute(name, data, &mut out).err();
        crate::gostr::printable(&mut out);
        (out, err)
    }
}

/// The node execution is at (Go's `state.node`), for error messages.
#[derive(Clone, Copy)]
enum At<'b> {
    None,
    Node(&'b Node),
    Action(&'b Action),
    Pipe(&'b Pipeline),
    Cmd(&'b Command),
    Op(&'b Operand),
    Tmpl(&'b TemplateCall),
}

impl At<'_> {
    fn pos_range(&self) -> Option<(u32, TextRange)> {
        Some(match self {
            At::None => return None,
            At::Node(n) => (n.pos(), n.range()),
            At::Action(a) => (a.pos, a.range),
            At::Pipe(p) => (p.pos, p.range),
            At::Cmd(c) => (c.pos, c.range),
            At::Op(o) => (o.pos(), o.range()),
            At::Tmpl(t) => (t.pos, t.range),
        })
    }
    fn context(&self) -> String {
        match self {
            At::None => String::new(),
            At::Node(n) => n.to_string(),
            At::Action(a) => format!("{{{{{}}}}}", a.pipe),
            At::Pipe(p) => p.to_string(),
            At::Cmd(c) => c.to_string(),
            At::Op(o) => o.to_string(),
            At::Tmpl(t) => {
                let mut s = format!("{{{{template {}", quote(t.name.as_bytes(), false));
                if let Some(p) = &t.pipe {
                    s.push(' ');
                    s.push_str(&p.to_string());
                }
                s.push_str("}}");
                s
            }
        }
    }
}

enum Flow {
    Normal,
    Break,
    Continue,
}

type R<T> = Result<T, Box<ExecError>>;

/// What the command's function is.
enum Callee<'f> {
    Builtin(Builtin),
    Native(&'f Function),
}

/// Evaluated arguments of a call: most calls have few, kept off the heap.
type Args = SmallVec<[Val; 4]>;

struct State<'b> {
    set: &'b TemplateSet,
    tmpl: &'b Template,
    vars: Vec<(&'b str, Val)>,
    var_base: usize,
    depth: usize,
    budget: &'b mut Budget,
    node: At<'b>,
    /// Where output is recorded, when mapping was asked for.
    map: Option<&'b mut SourceMap>,
    /// The message and trace of the last nested execution that failed, for the trace of the
    /// function error that reports it.
    nested_failure: Option<(String, Vec<ErrorLocation>)>,
    /// The thread's remembered map entries ([`crate::known`]).
    known: Option<&'b known::Table>,
}

/// The message end of a cancelled execution.
const CANCELLED: &str = "execution cancelled";

/// What a function sees of the execution that calls it.
pub struct CallCtx<'a, 'b> {
    st: &'a mut State<'b>,
}

impl<'a, 'b> CallCtx<'a, 'b> {
    /// The set being executed.
    pub fn template_set(&self) -> &'b TemplateSet {
        self.st.set
    }

    /// The name of the template being executed.
    pub fn template_name(&self) -> &str {
        &self.st.tmpl.name
    }

    /// Go's `NAME:LINE:COL` of the node being evaluated.
    pub fn location(&self) -> Option<ErrorLocation> {
        self.st.location()
    }

    pub fn budget(&mut self) -> &mut Budget {
        self.st.budget
    }

    /// Executes template `name` of the current set with `data` as dot, into a string (Go's
    /// `ExecuteTemplate`: a fresh execution, no variables inherited), sharing the budget.
    pub fn execute_template(&mut self, name: &str, data: Value) -> Result<String, ExecError> {
        let set = self.st.set;
        self.execute_in(set, name, data)
    }

    /// Like [`CallCtx::execute_template`] on another set (Helm's `tpl` executes a clone of the
    /// set with one more template).
    pub fn execute_in(
        &mut self,
        set: &TemplateSet,
        name: &str,
        data: Value,
    ) -> Result<String, ExecError> {
        let budget: &mut Budget = self.st.budget;
        if budget.nesting >= budget.limits.max_template_depth {
            return Err(ExecError {
                message: format!(
                    "template: {}: exceeded maximum template depth ({})",
                    name, budget.limits.max_template_depth
                ),
                kind: ExecErrorKind::Budget(BudgetKind::Nesting),
                template: name.to_string(),
                location: None,
                trace: Vec::new(),
            });
        }
        budget.nesting += 1;
        let mut out = String::with_capacity(256);
        let r = if std::ptr::eq(set, self.st.set) {
            self.st.execute_nested(name, data, &mut out)
        } else {
            set.execute_with_budget(name, data, &mut out, budget)
        };
        self.st.budget.nesting -= 1;
        if let Err(e) = &r {
            self.st.nested_failure = Some((e.message.clone(), e.trace.clone()));
        }
        r.map(|_| out)
    }
}

impl<'b> State<'b> {
    /// Go's `ExecuteTemplate` on the set being executed, reusing this state: a fresh variable
    /// frame (`$` = data), template depth from zero, the same budget.
    fn execute_nested(
        &mut self,
        name: &str,
        data: Value,
        out: &mut String,
    ) -> Result<(), ExecError> {
        let set = self.set;
        let Some(tmpl) = set.templates.get(name) else {
            return Err(ExecError {
                message: format!(
                    "template: no template {} associated with template {}",
                    quote(name.as_bytes(), false),
                    quote(set.name.as_bytes(), false)
                ),
                kind: ExecErrorKind::NoTemplate,
                template: name.to_string(),
                location: None,
                trace: Vec::new(),
            });
        };
        let saved_tmpl = self.tmpl;
        let saved_base = self.var_base;
        let saved_depth = self.depth;
        let saved_node = self.node;
        self.var_base = self.vars.len();
        let dot = Val::new(data);
        self.vars.push(("$", dot.clone()));
        self.depth = 0;
        self.tmpl = tmpl;
        // The nested output is a value of the calling action: not recorded.
        let saved_map = self.map.take();
        let r = grow(|| self.walk(&dot, &tmpl.tree.root, out));
        self.map = saved_map;
        self.tmpl = saved_tmpl;
        self.depth = saved_depth;
        self.node = saved_node;
        self.vars.truncate(self.var_base);
        self.var_base = saved_base;
        r.map(|_| ()).map_err(|e| *e)
    }

    #[inline]
    fn str_lit(&self, s: &StringLit) -> Value {
        match self.tmpl.strings.get(&s.range.start()) {
            Some(v) => v.clone(),
            None => Value::str(&s.value),
        }
    }

    #[inline]
    fn at(&mut self, at: At<'b>) {
        self.node = at;
    }

    fn location(&self) -> Option<ErrorLocation> {
        let (pos, range) = self.node.pos_range()?;
        let (line, col) = cw_syntax::go_line_col(&self.tmpl.source.text, pos);
        Some(ErrorLocation {
            parse_name: self.tmpl.source.name.clone(),
            line,
            col,
            range,
        })
    }

    fn error_kind(&self, kind: ExecErrorKind, msg: impl fmt::Display) -> Box<ExecError> {
        let name = &self.tmpl.name;
        let location = self.location();
        let message = match &location {
            None => format!("template: {name}: {msg}"),
            Some(loc) => format!(
                "template: {}:{}:{}: executing {} at <{}>: {msg}",
                loc.parse_name,
                loc.line,
                loc.col,
                quote(name.as_bytes(), false),
                self.node.context()
            ),
        };
        Box::new(ExecError {
            message,
            kind,
            template: name.clone(),
            trace: location.iter().cloned().collect(),
            location,
        })
    }

    fn errorf(&self, msg: impl fmt::Display) -> Box<ExecError> {
        self.error_kind(ExecErrorKind::Exec, msg)
    }

    #[inline]
    fn step(&mut self) -> R<()> {
        let b = &mut *self.budget;
        b.steps += 1;
        if b.steps > b.limits.max_steps || b.steps & 1023 == 0 {
            return self.step_slow();
        }
        Ok(())
    }

    #[cold]
    fn step_slow(&mut self) -> R<()> {
        let b = &mut *self.budget;
        if b.steps > b.limits.max_steps {
            let n = b.limits.max_steps;
            return Err(self.error_kind(
                ExecErrorKind::Budget(BudgetKind::Steps),
                format!("execution stopped after {n} steps (step limit)"),
            ));
        }
        if let Some(d) = b.deadline {
            if Instant::now() > d {
                let t = b.limits.timeout.unwrap_or_default();
                return Err(self.error_kind(
                    ExecErrorKind::Budget(BudgetKind::Time),
                    format!("execution stopped after {t:?} (time limit)"),
                ));
            }
        }
        if b.limits.is_cancelled() {
            return Err(self.error_kind(ExecErrorKind::Budget(BudgetKind::Cancelled), CANCELLED));
        }
        Ok(())
    }

    #[inline]
    fn check_output(&self, out: &str) -> R<()> {
        if out.len() > self.budget.limits.max_output_bytes {
            return Err(self.output_exceeded());
        }
        Ok(())
    }

    #[cold]
    fn output_exceeded(&self) -> Box<ExecError> {
        self.error_kind(
            ExecErrorKind::Budget(BudgetKind::Output),
            format!(
                "execution stopped: output exceeds {} bytes (output limit)",
                self.budget.limits.max_output_bytes
            ),
        )
    }

    // ---- variables ----

    fn push(&mut self, name: &'b str, v: Val) {
        self.vars.push((name, v));
    }

    fn var_value(&self, name: &str) -> R<Val> {
        for (n, v) in self.vars[self.var_base..].iter().rev() {
            if same_name(n, name) {
                return Ok(v.clone());
            }
        }
        Err(self.errorf(format!("undefined variable: {name}")))
    }

    fn set_var(&mut self, name: &str, v: Val) -> R<()> {
        let base = self.var_base;
        for (n, slot) in self.vars[base..].iter_mut().rev() {
            if same_name(n, name) {
                *slot = v;
                return Ok(());
            }
        }
        Err(self.errorf(format!("undefined variable: {name}")))
    }

    /// Sets the `n`th variable from the top to a clone of `v`, written in place.
    #[inline]
    fn set_top_var(&mut self, n: usize, v: &Val) {
        let len = self.vars.len();
        if n <= len - self.var_base {
            let slot = &mut self.vars[len - n].1;
            slot.v.clone_from(&v.v);
            slot.iface = v.iface;
        }
    }

    // ---- walk ----

    fn walk(&mut self, dot: &Val, list: &'b List, out: &mut String) -> R<Flow> {
        for node in &list.nodes {
            // Text and actions (most nodes) are written here, without a call.
            match node {
                Node::Text(t) => {
                    self.step()?;
                    self.at(At::Node(node));
                    self.write_text(t, out)?;
                    continue;
                }
                Node::Action(a) => {
                    self.step()?;
                    self.at(At::Node(node));
                    self.write_action(dot, a, out)?;
                    continue;
                }
                _ => {}
            }
            match self.walk_node(dot, node, out)? {
                Flow::Normal => {}
                f => return Ok(f),
            }
        }
        Ok(Flow::Normal)
    }

    /// An action: a field, variable or dot printed in place, anything else by
    /// [`State::walk_action`].
    #[inline(always)]
    fn write_action(&mut self, dot: &Val, a: &'b Action, out: &mut String) -> R<()> {
        self.at(At::Action(a));
        if let Some(op) = Self::simple_operand(&a.pipe) {
            let start = out.len();
            if let Some(r) =
                self.pipeline_ref(dot, &a.pipe, op, |v, iface| print_value(out, v, !iface))
            {
                let over = r?;
                self.at(At::Action(a));
                if over {
                    return Err(self.output_exceeded());
                }
                if let Some(m) = self.map.as_deref_mut() {
                    let src = self.tmpl.source.shared_name();
                    m.push(start..out.len(), src, a.range, SegmentKind::Action);
                }
                return self.check_output(out);
            }
        }
        self.walk_action(dot, a, out)
    }

    #[inline(always)]
    fn write_text(&mut self, t: &'b cw_syntax::Text, out: &mut String) -> R<()> {
        let start = out.len();
        out.push_str(&t.text);
        if let Some(m) = self.map.as_deref_mut() {
            let src = self.tmpl.source.shared_name();
            m.push(start..out.len(), src, t.range, SegmentKind::Text);
        }
        self.check_output(out)
    }

    fn walk_node(&mut self, dot: &Val, node: &'b Node, out: &mut String) -> R<Flow> {
        self.step()?;
        self.at(At::Node(node));
        match node {
            Node::Text(t) => self.write_text(t, out)?,
            Node::Comment(_) => {}
            Node::Action(a) => self.write_action(dot, a, out)?,
            Node::If(b) => return grow(|| self.walk_if_or_with(false, dot, b, out)),
            Node::With(b) => return grow(|| self.walk_if_or_with(true, dot, b, out)),
            Node::Range(b) => return grow(|| self.walk_range(dot, node, b, out)),
            Node::Template(t) => return grow(|| self.walk_template(dot, t, out)),
            Node::Break(_) => return Ok(Flow::Break),
            Node::Continue(_) => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    /// An action that is not a field, variable or dot read in place (those stay in
    /// [`State::walk_node`], the rest is kept out of its frame).
    #[inline(never)]
    fn walk_action(&mut self, dot: &Val, a: &'b Action, out: &mut String) -> R<()> {
        if let Some(cmd) = self.printed_printf(&a.pipe) {
            // `eval_pipeline` of `printf ARGS` with the text written in place: the same steps
            // and node positions, the arguments evaluated by `eval_call`.
            self.at(At::Pipe(&a.pipe));
            self.step()?;
            self.at(At::Op(&cmd.args[0]));
            let start = out.len();
            let callee = Callee::Builtin(Builtin::Printf);
            let node = At::Cmd(cmd);
            self.eval_call_to(dot, callee, node, "printf", &cmd.args, None, Some(out))?;
            self.at(At::Action(a));
            if let Some(m) = self.map.as_deref_mut() {
                let src = self.tmpl.source.shared_name();
                m.push(start..out.len(), src, a.range, SegmentKind::Action);
            }
            return self.check_output(out);
        }
        let v = self.eval_pipeline(dot, &a.pipe)?;
        if a.pipe.decl.is_empty() {
            self.at(At::Action(a));
            let start = out.len();
            // A function's result is a copy Go cannot take the address of; fields, variables,
            // dot and parenthesised pipelines keep the value they reached.
            let addressable = !v.iface
                && !matches!(
                    a.pipe.cmds.last().and_then(|c| c.args.first()),
                    Some(Operand::Identifier(_))
                );
            if print_value(out, &v.v, addressable) {
                return Err(self.output_exceeded());
            }
            if let Some(m) = self.map.as_deref_mut() {
                let src = self.tmpl.source.shared_name();
                m.push(start..out.len(), src, a.range, SegmentKind::Action);
            }
            self.check_output(out)?;
        }
        Ok(())
    }

    fn walk_if_or_with(
        &mut self,
        is_with: bool,
        dot: &Val,
        b: &'b Branch,
        out: &mut String,
    ) -> R<Flow> {
        let mark = self.vars.len();
        if !is_with {
            if let Some(op) = Self::simple_operand(&b.pipe) {
                if let Some(truth) = self.pipeline_ref(dot, &b.pipe, op, |v, _| v.truth()) {
                    let flow = if truth? {
                        self.walk(dot, &b.list, out)
                    } else if let Some(e) = &b.else_list {
                        self.walk(dot, e, out)
                    } else {
                        Ok(Flow::Normal)
                    };
                    self.vars.truncate(mark);
                    return flow;
                }
            }
        }
        let mut val = Val::new(Value::Nil);
        self.eval_pipeline_into(dot, &b.pipe, &mut val)?;
        let flow = if val.v.truth() {
            if is_with {
                self.walk(&val, &b.list, out)
            } else {
                self.walk(dot, &b.list, out)
            }
        } else if let Some(e) = &b.else_list {
            self.walk(dot, e, out)
        } else {
            Ok(Flow::Normal)
        };
        self.vars.truncate(mark);
        flow
    }

    #[inline(always)]
    fn one_iteration(
        &mut self,
        r: &'b Branch,
        mark: usize,
        index: Val,
        elem: Val,
        out: &mut String,
    ) -> R<Flow> {
        let decl = &r.pipe.decl;
        if !decl.is_empty() {
            if r.pipe.is_assign {
                if decl.len() > 1 {
                    self.set_var(&decl[0].name.name, index.clone())?;
                } else {
                    self.set_var(&decl[0].name.name, elem.clone())?;
                }
            } else {
                self.set_top_var(1, &elem);
            }
        }
        if decl.len() > 1 {
            if r.pipe.is_assign {
                self.set_var(&decl[1].name.name, elem.clone())?;
            } else {
                self.set_top_var(2, &index);
            }
        }
        let flow = self.walk(&elem, &r.list, out);
        self.vars.truncate(mark);
        flow
    }

    fn walk_range(
        &mut self,
        dot: &Val,
        node: &'b Node,
        r: &'b Branch,
        out: &mut String,
    ) -> R<Flow> {
        self.at(At::Node(node));
        let outer_mark = self.vars.len();
        let mut val = Val::new(Value::Nil);
        self.eval_pipeline_into(dot, &r.pipe, &mut val)?;
        let mark = self.vars.len();
        let mut ran = false;
        macro_rules! iterate {
            ($index:expr, $elem:expr) => {{
                ran = true;
                match self.one_iteration(r, mark, $index, $elem, out)? {
                    Flow::Break => break,
                    Flow::Continue | Flow::Normal => {}
                }
            }};
        }
        match &val.v {
            Value::List(l) => {
                let iface = l.elem == Elem::Any;
                for (i, item) in l.items.iter().enumerate() {
                    iterate!(
                        Val::new(Value::Int(i as i64)),
                        Val {
                            v: item.clone(),
                            iface
                        }
                    );
                }
            }
            Value::Bytes(b) => {
                for (i, c) in b.iter().enumerate() {
                    iterate!(
                        Val::new(Value::Int(i as i64)),
                        Val::new(Value::Uint64(*c as u64))
                    );
                }
            }
            Value::Map(m) => {
                // Without a key variable the keys are never read: a snapshot (with them) is
                // used when one is remembered, but none is built. One is built (and
                // remembered) when the same state of the map is ranged over a second time.
                let keys = r.pipe.decl.len() > 1;
                let stamp = m.stamp();
                let snap = match known::snapshot(stamp) {
                    Some(snap) => Some(snap),
                    None if keys && self.ranged_before(stamp) => {
                        let g = m.read();
                        let snap = Rc::new(known::Snapshot {
                            pairs: g
                                .entries
                                .iter()
                                .map(|(k, v)| (Value::str(k), v.clone()))
                                .collect(),
                            iface: g.elem == Elem::Any,
                        });
                        // No write happens while the map is read: the stamp of this state.
                        known::remember_snapshot(m.stamp(), &snap);
                        Some(snap)
                    }
                    None => None,
                };
                match snap {
                    Some(snap) => {
                        let iface = snap.iface;
                        for (k, v) in &snap.pairs {
                            iterate!(
                                Val::new(k.clone()),
                                Val {
                                    v: v.clone(),
                                    iface
                                }
                            );
                        }
                    }
                    None => {
                        let (entries, iface) = {
                            let g = m.read();
                            let e: Vec<(Value, Value)> = g
                                .entries
                                .iter()
                                .map(|(k, v)| {
                                    (if keys { Value::str(k) } else { Value::Nil }, v.clone())
                                })
                                .collect();
                            (e, g.elem == Elem::Any)
                        };
                        for (k, v) in entries {
                            iterate!(Val::new(k), Val { v, iface });
                        }
                    }
                }
            }
            Value::Int(_) | Value::Int64(_) | Value::Uint64(_) => {
                if r.pipe.decl.len() > 1 {
                    let s = crate::fmt::sprint(std::slice::from_ref(&val.v));
                    return Err(self.errorf(format!(
                        "can't use {s} to iterate over more than one variable"
                    )));
                }
                let n: u64 = match val.v {
                    Value::Int(i) | Value::Int64(i) => i.max(0) as u64,
                    Value::Uint64(u) => u,
                    _ => 0,
                };
                for i in 0..n {
                    let e = match val.v {
                        Value::Int(_) => Value::Int(i as i64),
                        Value::Int64(_) => Value::Int64(i as i64),
                        _ => Value::Uint64(i),
                    };
                    iterate!(Val::new(Value::Nil), Val::new(e));
                }
            }
            Value::Nil => {}
            Value::Object(o) => match o.range() {
                Some(items) => {
                    for (k, v) in items {
                        iterate!(Val::new(k), Val::iface(v));
                    }
                }
                None => {
                    let s = crate::fmt::sprint(std::slice::from_ref(&val.v));
                    return Err(self.errorf(format!("range can't iterate over {s}")));
                }
            },
            other => {
                let s = crate::fmt::sprint(std::slice::from_ref(other));
                return Err(self.errorf(format!("range can't iterate over {s}")));
            }
        }
        let flow = if !ran {
            match &r.else_list {
                Some(e) => self.walk(dot, e, out)?,
                None => Flow::Normal,
            }
        } else {
            Flow::Normal
        };
        self.vars.truncate(outer_mark);
        // break/continue inside the else list belong to an enclosing range.
        Ok(flow)
    }

    /// True when the map state `stamp` was ranged over before (see [`known::Slots`]).
    fn ranged_before(&self, stamp: u64) -> bool {
        let key = known::Key::new("\u{0}range");
        match (self.known.map(|k| k.try_borrow()), key) {
            (Some(Ok(t)), Some(key)) => t.seen_before(stamp, key),
            _ => false,
        }
    }

    fn walk_template(&mut self, dot: &Val, t: &'b TemplateCall, out: &mut String) -> R<Flow> {
        self.at(At::Tmpl(t));
        let Some(tmpl) = self.set.templates.get(&t.name) else {
            return Err(self.errorf(format!(
                "template {} not defined",
                quote(t.name.as_bytes(), false)
            )));
        };
        if self.depth >= self.budget.limits.max_template_depth {
            let n = self.budget.limits.max_template_depth;
            let kind = if n == GO_MAX_TEMPLATE_DEPTH {
                ExecErrorKind::Exec
            } else {
                ExecErrorKind::Budget(BudgetKind::Nesting)
            };
            return Err(self.error_kind(kind, format!("exceeded maximum template depth ({n})")));
        }
        let mut new_dot = Val::new(Value::Nil);
        let mut same_dot = false;
        if let Some(p) = &t.pipe {
            match (p.decl.is_empty(), p.cmds.as_slice()) {
                (true, [cmd]) if !dot.iface && matches!(cmd.args.as_slice(), [Operand::Dot(_)]) => {
                    // `eval_pipeline_into` of `.` (its step and positions): its value is dot
                    // itself, not in an interface slot, so dot is passed on rather than copied.
                    self.at(At::Pipe(p));
                    self.step()?;
                    self.at(At::Op(&cmd.args[0]));
                    same_dot = true;
                }
                _ => self.eval_pipeline_into(dot, p, &mut new_dot)?,
            }
        }
        let new_dot = if same_dot { dot } else { &new_dot };
        let saved_tmpl = self.tmpl;
        let saved_base = self.var_base;
        self.var_base = self.vars.len();
        self.vars.push(("$", new_dot.clone()));
        self.depth += 1;
        self.tmpl = tmpl;
        let r = grow(|| self.walk(new_dot, &tmpl.tree.root, out));
        self.tmpl = saved_tmpl;
        self.depth -= 1;
        self.vars.truncate(self.var_base);
        self.var_base = saved_base;
        if let Err(mut e) = r {
            // The call site joins the trace; Go's message keeps the inner location only.
            self.at(At::Tmpl(t));
            if let Some(loc) = self.location() {
                e.trace.insert(0, loc);
            }
            return Err(e);
        }
        Ok(Flow::Normal)
    }

    // ---- borrowed fast paths ----
    //
    // The common shapes (`.a.b`, `$x.a`, `.` printed, tested or passed on) are evaluated in
    // place: each step of a field chain reads its receiver under the map's read guard and the
    // result goes to a continuation, so no value of the chain is cloned (the printed or tested
    // one neither). A fast path has no side effects: on anything it does not handle (objects'
    // methods, nil receivers that are errors, `missingkey=error`, undefined variables) it
    // returns `None` and the general path runs from the start, producing Go's result or error.

    /// Calls `f` with the value of `idents` read from `recv` (an `interface {}` slot when
    /// `iface`), or returns `None` when the general path must decide. Map entries are read from
    /// the thread's remembered ones when the map has not changed since ([`crate::known`]); the
    /// first one the chain reads from a map is remembered.
    fn chain_ref<T>(
        &self,
        recv: &Value,
        iface: bool,
        idents: &'b [Ident],
        f: impl FnOnce(&Value, bool) -> T,
    ) -> Option<T> {
        if idents.is_empty() {
            return Some(f(recv, iface));
        }
        let Some(cell) = self.known else {
            return self.chain_step(recv, iface, idents, &known::Slots::empty(), &mut None, f);
        };
        let mut pending = None;
        let r = match cell.try_borrow() {
            Ok(table) => self.chain_step(recv, iface, idents, &table, &mut pending, f),
            Err(_) => {
                let none = known::Slots::empty();
                self.chain_step(recv, iface, idents, &none, &mut pending, f)
            }
        };
        if pending.is_some() {
            known::store(cell, pending);
        }
        r
    }

    /// One step of [`State::chain_ref`]: the entry `idents[0]` of `recv`, from `table` when
    /// it is known there, else read now (the first one so read into `pending`).
    fn chain_step<T>(
        &self,
        recv: &Value,
        iface: bool,
        idents: &'b [Ident],
        table: &known::Slots,
        pending: &mut known::Pending,
        f: impl FnOnce(&Value, bool) -> T,
    ) -> Option<T> {
        let Some((first, rest)) = idents.split_first() else {
            return Some(f(recv, iface));
        };
        let name: &str = &first.name;
        match recv {
            Value::Map(m) => {
                let key = known::Key::new(name);
                if let Some(k) = key.and_then(|key| known::lookup(&table.slots, m.stamp(), key)) {
                    if !k.absent {
                        return self.chain_step(&k.entry.v, k.entry.iface, rest, table, pending, f);
                    }
                    return match self.set.missing_key {
                        MissingKey::Default => {
                            self.chain_step(&Value::Nil, false, rest, table, pending, f)
                        }
                        MissingKey::Zero => {
                            self.chain_step(&k.entry.v, k.entry.iface, rest, table, pending, f)
                        }
                        MissingKey::Error => None,
                    };
                }
                let g = m.read();
                // A table of fixed names that does not have this one reads as no table.
                let methods = g
                    .methods
                    .as_ref()
                    .filter(|t| t.static_names().is_none_or(|n| n.contains(&name)))
                    .cloned();
                let Some(methods) = methods else {
                    // Remembered at the second read (a copy and a store cost more than one
                    // read in place).
                    let (None, Some(key)) = (&pending, key) else {
                        return self.chain_in_map(g, name, rest, table, pending, f);
                    };
                    if !table.seen_before(m.stamp(), key) {
                        return self.chain_in_map(g, name, rest, table, pending, f);
                    }
                    let elem_iface = g.elem == Elem::Any;
                    let (absent, entry) = match g.lookup(name) {
                        Some(v) => (false, v.clone()),
                        None => (true, g.elem.zero()),
                    };
                    let entry = Val {
                        v: entry,
                        iface: elem_iface,
                    };
                    // No write happens while the map is read: the stamp of this state.
                    let stamp = m.stamp();
                    drop(g);
                    let r = if !absent {
                        self.chain_step(&entry.v, entry.iface, rest, table, pending, f)
                    } else {
                        match self.set.missing_key {
                            MissingKey::Default => {
                                self.chain_step(&Value::Nil, false, rest, table, pending, f)
                            }
                            MissingKey::Zero => {
                                self.chain_step(&entry.v, entry.iface, rest, table, pending, f)
                            }
                            MissingKey::Error => None,
                        }
                    };
                    if pending.is_none() {
                        *pending = Some(known::Slot::new(stamp, key, absent, entry));
                    }
                    return r;
                };
                // Methods are looked up without the guard, as the general path does (an
                // implementation may read or lock the map itself).
                drop(g);
                if methods.method(m, name).is_some() {
                    return None;
                }
                self.chain_in_map(m.read(), name, rest, table, pending, f)
            }
            Value::Nil if !iface && self.set.missing_key != MissingKey::Error => {
                self.chain_step(&Value::Nil, false, rest, table, pending, f)
            }
            Value::Object(o) => {
                if o.method(name).is_some() {
                    return None;
                }
                let is_map = o.is_map();
                match o.field(name) {
                    Some(v) => self.chain_step(&v, is_map, rest, table, pending, f),
                    None if is_map => {
                        let (zero, zi) = match self.set.missing_key {
                            MissingKey::Default => (Value::Nil, false),
                            MissingKey::Zero => (Value::Nil, true),
                            MissingKey::Error => return None,
                        };
                        self.chain_step(&zero, zi, rest, table, pending, f)
                    }
                    None => None,
                }
            }
            _ => None,
        }
    }

    /// [`State::chain_step`] into the entry `name` of the map read as `g`.
    #[inline(always)]
    fn chain_in_map<T>(
        &self,
        g: RwLockReadGuard<'_, Map>,
        name: &str,
        rest: &'b [Ident],
        table: &known::Slots,
        pending: &mut known::Pending,
        f: impl FnOnce(&Value, bool) -> T,
    ) -> Option<T> {
        let elem_iface = g.elem == Elem::Any;
        match g.lookup(name) {
            Some(v) => self.chain_step(v, elem_iface, rest, table, pending, f),
            None => {
                let (zero, zi) = match self.set.missing_key {
                    MissingKey::Default => (Value::Nil, false),
                    MissingKey::Zero => (g.elem.zero(), elem_iface),
                    MissingKey::Error => return None,
                };
                drop(g);
                self.chain_step(&zero, zi, rest, table, pending, f)
            }
        }
    }

    /// A variable's slot, innermost first, or `None` when undefined.
    #[inline]
    fn var_ref(&self, name: &str) -> Option<&Val> {
        self.vars[self.var_base..]
            .iter()
            .rev()
            .find(|(n, _)| same_name(n, name))
            .map(|(_, v)| v)
    }

    /// Calls `f` with the value of a field or variable operand without arguments, in place.
    #[inline]
    fn operand_ref<T>(
        &self,
        dot: &Val,
        op: &'b Operand,
        f: impl FnOnce(&Value, bool) -> T,
    ) -> Option<T> {
        match op {
            Operand::Field(fl) if !fl.idents.is_empty() => {
                self.chain_ref(&dot.v, dot.iface, &fl.idents, f)
            }
            Operand::Variable(var) => {
                let v = self.var_ref(&var.name.name)?;
                self.chain_ref(&v.v, v.iface, &var.fields, f)
            }
            Operand::Dot(_) => Some(f(&dot.v, dot.iface)),
            _ => None,
        }
    }

    /// The only command of a pipeline that declares nothing, when it calls Go's `printf` (not
    /// a function of the set's that has its name).
    #[inline]
    fn printed_printf(&self, pipe: &'b Pipeline) -> Option<&'b Command> {
        match (pipe.decl.is_empty(), pipe.cmds.as_slice()) {
            (true, [cmd]) => match cmd.args.first() {
                Some(Operand::Identifier(id))
                    if id.name == "printf" && self.set.funcs.get("printf").is_none() =>
                {
                    Some(cmd)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The only command of a pipeline that declares nothing, when it is a field, a variable
    /// or dot without arguments: the shapes [`State::operand_ref`] evaluates.
    #[inline]
    fn simple_operand(pipe: &'b Pipeline) -> Option<&'b Operand> {
        if !pipe.decl.is_empty() || pipe.cmds.len() != 1 {
            return None;
        }
        match pipe.cmds[0].args.as_slice() {
            [op @ (Operand::Field(_) | Operand::Variable(_) | Operand::Dot(_))] => Some(op),
            _ => None,
        }
    }

    /// [`State::eval_pipeline`] of a simple pipeline handing its value to `f` in place, with
    /// the general path's steps and node positions; `None` when the general path must run
    /// (nothing was counted or changed then).
    #[inline]
    fn pipeline_ref<T>(
        &mut self,
        dot: &Val,
        pipe: &'b Pipeline,
        op: &'b Operand,
        f: impl FnOnce(&Value, bool) -> T,
    ) -> Option<R<T>> {
        self.at(At::Pipe(pipe));
        if let Err(e) = self.step() {
            return Some(Err(e));
        }
        match self.operand_ref(dot, op, f) {
            Some(r) => {
                self.at(At::Op(op));
                Some(Ok(r))
            }
            None => {
                // The general path counts this step again.
                self.budget.steps -= 1;
                None
            }
        }
    }

    // ---- evaluation ----

    /// [`State::eval_pipeline`] writing the value into `slot` (the caller's variable): a field,
    /// variable or dot read in place is cloned straight there, with no move of the value through
    /// return slots (each such move reloads, as wide words, what was just stored in parts).
    fn eval_pipeline_into(&mut self, dot: &Val, pipe: &'b Pipeline, slot: &mut Val) -> R<()> {
        if let [cmd] = pipe.cmds.as_slice() {
            if let [op @ (Operand::Field(_) | Operand::Variable(_) | Operand::Dot(_))] =
                cmd.args.as_slice()
            {
                self.at(At::Pipe(pipe));
                self.step()?;
                let done = self.operand_ref(dot, op, |v, _| {
                    // Dig into interface {} values (Go: value.Elem()).
                    *slot = Val {
                        v: v.clone(),
                        iface: false,
                    }
                });
                if done.is_some() {
                    self.at(At::Op(op));
                    for var in &pipe.decl {
                        if pipe.is_assign {
                            self.set_var(&var.name.name, slot.clone())?;
                        } else {
                            self.push(&var.name.name, slot.clone());
                        }
                    }
                    return Ok(());
                }
                // The general path counts this step again.
                self.budget.steps -= 1;
            }
        }
        *slot = self.eval_pipeline(dot, pipe)?;
        Ok(())
    }

    fn eval_pipeline(&mut self, dot: &Val, pipe: &'b Pipeline) -> R<Val> {
        self.at(At::Pipe(pipe));
        let value = if let [cmd] = pipe.cmds.as_slice() {
            let mut v = self.eval_command(dot, cmd, None)?;
            // Dig into interface {} values (Go: value.Elem()).
            v.iface = false;
            v
        } else {
            let mut value: Option<Val> = None;
            for cmd in &pipe.cmds {
                let mut v = self.eval_command(dot, cmd, value.take())?;
                v.iface = false;
                value = Some(v);
            }
            value.unwrap_or(Val::new(Value::Nil))
        };
        if pipe.decl.is_empty() {
            return Ok(value);
        }
        for var in &pipe.decl {
            if pipe.is_assign {
                self.set_var(&var.name.name, value.clone())?;
            } else {
                self.push(&var.name.name, value.clone());
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &'b [Operand], final_: &Option<Val>) -> R<()> {
        if args.len() > 1 || final_.is_some() {
            return Err(self.errorf(format!("can't give argument to non-function {}", args[0])));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Val, cmd: &'b Command, final_: Option<Val>) -> R<Val> {
        self.step()?;
        let Some(first) = cmd.args.first() else {
            self.at(At::Cmd(cmd));
            return Err(self.errorf("empty command"));
        };
        if cmd.args.len() == 1 && final_.is_none() {
            if let Some(v) = self.operand_ref(dot, first, |v, iface| Val {
                v: v.clone(),
                iface,
            }) {
                self.at(At::Op(first));
                return Ok(v);
            }
        }
        match first {
            Operand::Field(f) => self.eval_field_node(dot, f, first, &cmd.args, final_),
            Operand::Chain(c) => self.eval_chain_node(dot, c, first, &cmd.args, final_),
            Operand::Identifier(id) => {
                self.eval_function(dot, id, first, At::Cmd(cmd), &cmd.args, final_)
            }
            Operand::Pipe(p) => {
                self.not_a_function(&cmd.args, &final_)?;
                grow(|| self.eval_pipeline(dot, p))
            }
            Operand::Variable(v) => self.eval_variable_node(dot, v, first, &cmd.args, final_),
            _ => {
                self.at(At::Op(first));
                self.not_a_function(&cmd.args, &final_)?;
                match first {
                    Operand::Bool(b) => Ok(Val::new(Value::Bool(b.value))),
                    Operand::Dot(_) => Ok(dot.clone()),
                    Operand::Nil(_) => Err(self.errorf("nil is not a command")),
                    Operand::Number(n) => self.ideal_constant(first, n),
                    Operand::String(s) => Ok(Val::new(self.str_lit(s))),
                    _ => Err(self.errorf(format!(
                        "can't evaluate command {}",
                        quote(first.to_string().as_bytes(), false)
                    ))),
                }
            }
        }
    }

    fn ideal_constant(&mut self, op: &'b Operand, n: &Number) -> R<Val> {
        self.at(At::Op(op));
        let t = n.text.as_bytes();
        let is_hex_int = t.len() > 2
            && t[0] == b'0'
            && (t[1] == b'x' || t[1] == b'X')
            && !n.text.contains(['p', 'P']);
        let is_rune = t.first() == Some(&b'\'');
        if n.is_complex {
            return Ok(Val::new(Value::Complex(n.complex128.0, n.complex128.1)));
        }
        if n.is_float && !is_hex_int && !is_rune && n.text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Ok(Val::new(Value::Float(n.float64)));
        }
        if n.is_int {
            return Ok(Val::new(Value::Int(n.int64)));
        }
        if n.is_uint {
            return Err(self.errorf(format!("{} overflows int", n.text)));
        }
        Ok(Val::new(Value::Nil))
    }

    fn eval_field_node(
        &mut self,
        dot: &Val,
        field: &'b Field,
        op: &'b Operand,
        args: &'b [Operand],
        final_: Option<Val>,
    ) -> R<Val> {
        self.at(At::Op(op));
        self.eval_field_chain_ref(dot, dot, op, &field.idents, args, final_)
    }

    fn eval_chain_node(
        &mut self,
        dot: &Val,
        chain: &'b Chain,
        op: &'b Operand,
        args: &'b [Operand],
        final_: Option<Val>,
    ) -> R<Val> {
        self.at(At::Op(op));
        if chain.fields.is_empty() {
            return Err(self.errorf("internal error: no fields in evalChainNode"));
        }
        if let Operand::Nil(_) = &*chain.node {
            return Err(self.errorf(format!("indirection through explicit nil in {chain}")));
        }
        let pipe = self.eval_arg_untyped(dot, &chain.node)?;
        self.eval_field_chain(dot, pipe, op, &chain.fields, args, final_)
    }

    fn eval_variable_node(
        &mut self,
        dot: &Val,
        var: &'b Variable,
        op: &'b Operand,
        args: &'b [Operand],
        final_: Option<Val>,
    ) -> R<Val> {
        self.at(At::Op(op));
        let value = self.var_value(&var.name.name)?;
        if var.fields.is_empty() {
            if !args.is_empty() {
                self.not_a_function(args, &final_)?;
            } else if final_.is_some() {
                return Err(self.errorf(format!("can't give argument to non-function {var}")));
            }
            return Ok(value);
        }
        self.eval_field_chain(dot, value, op, &var.fields, args, final_)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Val,
        receiver: Val,
        node: &'b Operand,
        idents: &'b [Ident],
        args: &'b [Operand],
        final_: Option<Val>,
    ) -> R<Val> {
        if idents.is_empty() {
            // Only a broken parse builds a field without names.
            return Ok(receiver);
        }
        self.eval_field_chain_ref(dot, &receiver, node, idents, args, final_)
    }

    /// [`State::eval_field_chain`] from a borrowed receiver: each step reads its receiver in
    /// place, so no value of the chain is cloned but the ones it reads.
    fn eval_field_chain_ref(
        &mut self,
        dot: &Val,
        receiver: &Val,
        node: &'b Operand,
        idents: &'b [Ident],
        args: &'b [Operand],
        final_: Option<Val>,
    ) -> R<Val> {
        let n = idents.len();
        if n == 0 {
            // Only a broken parse builds a field without names.
            return Ok(receiver.clone());
        }
        if n == 1 {
            return self.eval_field(dot, &idents[0].name, node, args, final_, receiver);
        }
        let mut cur = self.eval_field(dot, &idents[0].name, node, &[], None, receiver)?;
        for id in &idents[1..n - 1] {
            cur = self.eval_field(dot, &id.name, node, &[], None, &cur)?;
        }
        self.eval_field(dot, &idents[n - 1].name, node, args, final_, &cur)
    }

    fn eval_field(
        &mut self,
        dot: &Val,
        name: &str,
        node: &'b Operand,
        args: &'b [Operand],
        final_: Option<Val>,
        receiver: &Val,
    ) -> R<Val> {
        if receiver.is_invalid() {
            if self.set.missing_key == MissingKey::Error {
                return Err(self.errorf(format!(
                    "nil data; no entry for key {}",
                    quote(name.as_bytes(), false)
                )));
            }
            return Ok(Val::new(Value::Nil));
        }
        if receiver.v.is_nil() {
            return Err(self.errorf(format!(
                "nil pointer evaluating {}.{name}",
                receiver.static_type()
            )));
        }
        let has_args = args.len() > 1 || final_.is_some();
        match &receiver.v {
            Value::Map(m) => {
                let g = m.read();
                if let Some(table) = &g.methods {
                    let table = table.clone();
                    drop(g);
                    if let Some(f) = table.method(m, name) {
                        return self.eval_call(
                            dot,
                            Callee::Native(&f),
                            At::Op(node),
                            name,
                            args,
                            final_,
                        );
                    }
                    return self.map_entry(m, name, has_args);
                }
                if has_args {
                    return Err(self.errorf(format!("{name} is not a method but has arguments")));
                }
                let iface = g.elem == Elem::Any;
                match g.lookup(name) {
                    Some(v) => Ok(Val {
                        v: v.clone(),
                        iface,
                    }),
                    None => {
                        let zero = g.elem.zero();
                        drop(g);
                        self.missing(name, zero, iface)
                    }
                }
            }
            Value::Object(o) => {
                if let Some(m) = o.method(name) {
                    return self.eval_call(
                        dot,
                        Callee::Native(&m),
                        At::Op(node),
                        name,
                        args,
                        final_,
                    );
                }
                let is_map = o.is_map();
                match o.field(name) {
                    Some(v) => {
                        if has_args {
                            return Err(self.errorf(if is_map {
                                format!("{name} is not a method but has arguments")
                            } else {
                                format!("{name} has arguments but cannot be invoked as function")
                            }));
                        }
                        Ok(Val { v, iface: is_map })
                    }
                    None if is_map => {
                        if has_args {
                            return Err(
                                self.errorf(format!("{name} is not a method but has arguments"))
                            );
                        }
                        self.missing(name, Value::Nil, true)
                    }
                    None => Err(self.errorf(format!(
                        "can't evaluate field {name} in type {}",
                        receiver.static_type()
                    ))),
                }
            }
            _ => Err(self.errorf(format!(
                "can't evaluate field {name} in type {}",
                receiver.static_type()
            ))),
        }
    }

    fn map_entry(&self, m: &crate::value::MapRef, name: &str, has_args: bool) -> R<Val> {
        if has_args {
            return Err(self.errorf(format!("{name} is not a method but has arguments")));
        }
        let g = m.read();
        let iface = g.elem == Elem::Any;
        match g.lookup(name) {
            Some(v) => Ok(Val {
                v: v.clone(),
                iface,
            }),
            None => {
                let zero = g.elem.zero();
                drop(g);
                self.missing(name, zero, iface)
            }
        }
    }

    fn missing(&self, name: &str, zero: Value, iface: bool) -> R<Val> {
        match self.set.missing_key {
            MissingKey::Default => Ok(Val::new(Value::Nil)),
            MissingKey::Zero => Ok(Val { v: zero, iface }),
            MissingKey::Error => Err(self.errorf(format!(
                "map has no entry for key {}",
                quote(name.as_bytes(), false)
            ))),
        }
    }

    fn eval_function(
        &mut self,
        dot: &Val,
        id: &'b Identifier,
        op: &'b Operand,
        call_node: At<'b>,
        args: &'b [Operand],
        final_: Option<Val>,
    ) -> R<Val> {
        self.at(At::Op(op));
        let name = id.name.as_str();
        let set = self.set;
        if let Some(f) = set.funcs.get(name) {
            return self.eval_call(dot, Callee::Native(f), call_node, name, args, final_);
        }
        match Builtin::from_name(name) {
            Some(b) => self.eval_call(dot, Callee::Builtin(b), call_node, name, args, final_),
            None => Err(self.errorf(format!(
                "{} is not a defined function",
                quote(name.as_bytes(), false)
            ))),
        }
    }

    fn eval_call(
        &mut self,
        dot: &Val,
        callee: Callee<'_>,
        node: At<'b>,
        name: &str,
        args: &'b [Operand],
        final_: Option<Val>,
    ) -> R<Val> {
        self.eval_call_to(dot, callee, node, name, args, final_, None)
    }

    /// [`State::eval_call`]; with `sink`, `printf` appends its text there and returns nil
    /// (the printed action's value, written where it would be printed).
    #[allow(clippy::too_many_arguments)]
    fn eval_call_to(
        &mut self,
        dot: &Val,
        callee: Callee<'_>,
        node: At<'b>,
        name: &str,
        args: &'b [Operand],
        final_: Option<Val>,
        sink: Option<&mut String>,
    ) -> R<Val> {
        let args: &'b [Operand] = if args.is_empty() { args } else { &args[1..] };
        let num_in = args.len() + usize::from(final_.is_some());
        let (fixed_params, variadic): (&[Param], Option<Param>) = match &callee {
            Callee::Native(f) => (&f.sig.params, f.sig.variadic),
            Callee::Builtin(b) => {
                let (n, var) = b.arity();
                const ANY: [Param; 2] = [Param::Any, Param::Any];
                const PRINTF: [Param; 1] = [Param::String];
                let p: &[Param] = if *b == Builtin::Printf {
                    &PRINTF
                } else {
                    &ANY[..n]
                };
                (p, if var { Some(Param::Any) } else { None })
            }
        };
        let num_fixed = fixed_params.len();
        if variadic.is_some() {
            if num_in < num_fixed {
                return Err(self.errorf(format!(
                    "wrong number of args for {name}: want at least {num_fixed} got {}",
                    args.len()
                )));
            }
        } else if num_in != num_fixed {
            return Err(self.errorf(format!(
                "wrong number of args for {name}: want {num_fixed} got {num_in}"
            )));
        }

        // and/or short-circuit.
        if let Callee::Builtin(b @ (Builtin::And | Builtin::Or)) = callee {
            let want = b == Builtin::Or;
            let mut v = Val::new(Value::Nil);
            for a in args {
                v = self.eval_arg(dot, Param::Any, a)?;
                if v.v.truth() == want {
                    return Ok(v);
                }
            }
            if let Some(f) = final_ {
                v = f;
            }
            return Ok(v);
        }

        let mut argv: Args = SmallVec::with_capacity(num_in);
        let mut i = 0;
        while i < num_fixed && i < args.len() {
            self.push_arg(dot, fixed_params[i], &args[i], &mut argv)?;
            i += 1;
        }
        if let Some(t) = variadic {
            while i < args.len() {
                self.push_arg(dot, t, &args[i], &mut argv)?;
                i += 1;
            }
        }
        if let Some(f) = final_ {
            let t = match variadic {
                Some(vt) => {
                    if num_in - 1 < num_fixed {
                        fixed_params[num_in - 1]
                    } else {
                        vt
                    }
                }
                None => fixed_params[num_fixed - 1],
            };
            let v = self.validate_type(f, t)?;
            argv.push(v);
        }

        let result: Result<Val, FuncError> = match callee {
            Callee::Builtin(Builtin::Printf) if sink.is_some() => {
                let mut it = argv.into_iter().map(|v| v.v);
                let format = it.next().unwrap_or(Value::Nil);
                let rest: SmallVec<[Value; 4]> = it.collect();
                if let Some(out) = sink {
                    let limit = self.budget.limits.max_output_bytes;
                    let format = format.as_str().unwrap_or("");
                    if !crate::fmt::sprintf_into_limited(out, format, &rest, limit) {
                        return Err(self.output_exceeded());
                    }
                }
                Ok(Val::new(Value::Nil))
            }
            Callee::Builtin(b) => self.call_builtin(b, node, argv),
            Callee::Native(f) => {
                let vals: Vec<Value> = argv.into_iter().map(|v| v.v).collect();
                let mut ctx = CallCtx { st: self };
                grow(|| (f.imp)(&mut ctx, vals)).map(|v| {
                    let iface = f.returns_interface || v.is_nil();
                    Val { v, iface }
                })
            }
        };
        match result {
            // A string longer than the output limit could never be written; stopping here keeps
            // a function that multiplies its input, called in a loop, from growing without bound.
            Ok(v)
                if crate::limit::take_exceeded()
                    || matches!(&v.v, Value::String(s) if s.len() > self.budget.limits.max_output_bytes) =>
            {
                self.at(node);
                Err(self.output_exceeded())
            }
            Ok(v) => Ok(v),
            Err(FuncError::Abort(mut e)) => {
                self.nested_failure = None;
                self.at(node);
                if let Some(loc) = self.location() {
                    e.trace.insert(0, loc);
                }
                Err(e)
            }
            Err(FuncError::Message(m)) => {
                self.at(node);
                let mut e = self.errorf(format!("error calling {name}: {m}"));
                // A failed nested execution (`include`, `tpl`) whose error the message carries:
                // its trace continues this one.
                if let Some((inner, trace)) = self.nested_failure.take() {
                    if m.contains(inner.as_str()) {
                        e.trace.extend(trace);
                    }
                }
                Err(e)
            }
        }
    }

    fn call_builtin(&mut self, b: Builtin, node: At<'b>, argv: Args) -> Result<Val, FuncError> {
        fn values(argv: Args) -> SmallVec<[Value; 4]> {
            argv.into_iter().map(|v| v.v).collect()
        }
        let boolv = |r: Result<bool, String>| {
            r.map(|b| Val::new(Value::Bool(b)))
                .map_err(FuncError::Message)
        };
        match b {
            Builtin::Not => Ok(Val::new(Value::Bool(!argv[0].v.truth()))),
            Builtin::Eq => {
                if argv.len() < 2 {
                    return Err(FuncError::msg("missing argument for comparison"));
                }
                for other in &argv[1..] {
                    match builtins::eq(&argv[0].v, std::slice::from_ref(&other.v)) {
                        Ok(true) => return Ok(Val::new(Value::Bool(true))),
                        Ok(false) => {}
                        Err(e) => return Err(FuncError::Message(e)),
                    }
                }
                Ok(Val::new(Value::Bool(false)))
            }
            Builtin::Ne => boolv(builtins::ne(&argv[0].v, &argv[1].v)),
            Builtin::Lt => boolv(builtins::lt(&argv[0].v, &argv[1].v)),
            Builtin::Le => boolv(builtins::le(&argv[0].v, &argv[1].v)),
            Builtin::Gt => boolv(builtins::gt(&argv[0].v, &argv[1].v)),
            Builtin::Ge => boolv(builtins::ge(&argv[0].v, &argv[1].v)),
            Builtin::Index | Builtin::Slice => {
                let mut it = argv.into_iter();
                let item = it.next().unwrap_or(Val::new(Value::Nil));
                let ix: SmallVec<[Value; 4]> = it.map(|v| v.v).collect();
                if b == Builtin::Index {
                    builtins::index(&item, &ix).map_err(FuncError::Message)
                } else {
                    builtins::slice(&item, &ix)
                        .map(Val::new)
                        .map_err(FuncError::Message)
                }
            }
            Builtin::Len => builtins::len(&argv[0])
                .map(Val::new)
                .map_err(FuncError::Message),
            Builtin::Html | Builtin::Js | Builtin::Urlquery => {
                let limit = self.budget.limits.max_output_bytes;
                let escaped = match b {
                    Builtin::Html => builtins::html(&argv, limit),
                    Builtin::Js => builtins::js(&argv, limit),
                    _ => builtins::urlquery(&argv, limit),
                };
                match escaped {
                    Some(s) => Ok(Val::new(Value::string(s))),
                    None => Err(FuncError::Abort(self.output_exceeded())),
                }
            }
            Builtin::Print => Ok(Val::new(builtins::print(&values(argv)))),
            Builtin::Println => Ok(Val::new(builtins::println(&values(argv)))),
            Builtin::Printf => {
                let v = values(argv);
                let fmt = v[0].as_str().unwrap_or("");
                let limit = self.budget.limits.max_output_bytes;
                match crate::fmt::sprintf_limited(fmt, &v[1..], limit) {
                    Some(s) => Ok(Val::new(Value::string(s))),
                    None => Err(FuncError::Abort(self.output_exceeded())),
                }
            }
            Builtin::Call => {
                let callee_name = match node {
                    At::Cmd(c) => c.args.get(1).map(|a| a.to_string()).unwrap_or_default(),
                    _ => String::new(),
                };
                let f = &argv[0];
                if f.v.is_nil() {
                    return Err(FuncError::msg("call of nil"));
                }
                Err(FuncError::Message(format!(
                    "non-function {callee_name} of type {}",
                    f.v.type_name()
                )))
            }
            // Short-circuited in eval_call: never called with evaluated arguments.
            Builtin::And | Builtin::Or => {
                Err(FuncError::msg("internal error: and/or called eagerly"))
            }
        }
    }

    /// [`State::eval_arg`] pushed onto `argv`; fields, variables, dot and strings passed as
    /// `interface {}` (what builtins take) are read in place and cloned once.
    #[inline]
    fn push_arg(&mut self, dot: &Val, typ: Param, n: &'b Operand, argv: &mut Args) -> R<()> {
        if typ == Param::Any {
            match n {
                Operand::Field(_) | Operand::Variable(_) | Operand::Dot(_) => {
                    // Go's validation for `interface {}` keeps every value (the invalid one
                    // becomes nil outside an interface slot: what it was).
                    let pushed = self.operand_ref(dot, n, |v, iface| {
                        argv.push(Val {
                            v: v.clone(),
                            iface,
                        })
                    });
                    if pushed.is_some() {
                        self.at(At::Op(n));
                        return Ok(());
                    }
                }
                Operand::String(s) => {
                    self.at(At::Op(n));
                    argv.push(Val::new(self.str_lit(s)));
                    return Ok(());
                }
                _ => {}
            }
        }
        let v = self.eval_arg(dot, typ, n)?;
        argv.push(v);
        Ok(())
    }

    /// Go's `evalArg` with a nil type (the term of a chain).
    fn eval_arg_untyped(&mut self, dot: &Val, n: &'b Operand) -> R<Val> {
        self.at(At::Op(n));
        match n {
            Operand::Dot(_) => Ok(dot.clone()),
            Operand::Field(f) => self.eval_field_node(dot, f, n, std::slice::from_ref(n), None),
            Operand::Variable(v) => self.eval_variable_node(dot, v, n, &[], None),
            Operand::Pipe(p) => grow(|| self.eval_pipeline(dot, p)),
            Operand::Identifier(id) => self.eval_function(dot, id, n, At::Op(n), &[], None),
            Operand::Chain(c) => self.eval_chain_node(dot, c, n, &[], None),
            _ => self.eval_empty_interface(dot, n),
        }
    }

    fn eval_arg(&mut self, dot: &Val, typ: Param, n: &'b Operand) -> R<Val> {
        self.at(At::Op(n));
        if let Operand::Field(_) | Operand::Variable(_) = n {
            if let Some(v) = self.operand_ref(dot, n, |v, iface| Val {
                v: v.clone(),
                iface,
            }) {
                return self.validate_type(v, typ);
            }
        }
        match n {
            Operand::Dot(_) => self.validate_type(dot.clone(), typ),
            Operand::Nil(_) => {
                if typ.can_be_nil() {
                    Ok(Val::new(typ.zero()))
                } else {
                    Err(self.errorf(format!("cannot assign nil to {}", typ.go_name())))
                }
            }
            Operand::Field(f) => {
                let v = self.eval_field_node(dot, f, n, std::slice::from_ref(n), None)?;
                self.validate_type(v, typ)
            }
            Operand::Variable(var) => {
                let v = self.eval_variable_node(dot, var, n, &[], None)?;
                self.validate_type(v, typ)
            }
            Operand::Pipe(p) => {
                let v = grow(|| self.eval_pipeline(dot, p))?;
                self.validate_type(v, typ)
            }
            Operand::Identifier(id) => {
                let v = self.eval_function(dot, id, n, At::Op(n), &[], None)?;
                self.validate_type(v, typ)
            }
            Operand::Chain(c) => {
                let v = self.eval_chain_node(dot, c, n, &[], None)?;
                self.validate_type(v, typ)
            }
            _ => match typ {
                Param::Any => self.eval_empty_interface(dot, n),
                Param::Bool => match n {
                    Operand::Bool(b) => Ok(Val::new(Value::Bool(b.value))),
                    _ => Err(self.errorf(format!("expected bool; found {n}"))),
                },
                Param::String => match n {
                    Operand::String(s) => Ok(Val::new(self.str_lit(s))),
                    _ => Err(self.errorf(format!("expected string; found {n}"))),
                },
                Param::Int | Param::Int64 => match n {
                    Operand::Number(num) if num.is_int => Ok(Val::new(if typ == Param::Int {
                        Value::Int(num.int64)
                    } else {
                        Value::Int64(num.int64)
                    })),
                    _ => Err(self.errorf(format!("expected integer; found {n}"))),
                },
                Param::Float64 => match n {
                    Operand::Number(num) if num.is_float => Ok(Val::new(Value::Float(num.float64))),
                    _ => Err(self.errorf(format!("expected float; found {n}"))),
                },
                // reflect's SetUint on a uint32 keeps the low 32 bits.
                Param::Uint32 => match n {
                    Operand::Number(num) if num.is_uint => {
                        Ok(Val::new(Value::Uint64(u64::from(num.uint64 as u32))))
                    }
                    _ => Err(self.errorf(format!("expected unsigned integer; found {n}"))),
                },
                Param::List | Param::StringList | Param::Map | Param::Time | Param::Writer => {
                    Err(self.errorf(format!(
                        "can't handle {n} for arg of type {}",
                        typ.go_name()
                    )))
                }
            },
        }
    }

    fn eval_empty_interface(&mut self, dot: &Val, n: &'b Operand) -> R<Val> {
        self.at(At::Op(n));
        match n {
            Operand::Bool(b) => Ok(Val::new(Value::Bool(b.value))),
            Operand::Dot(_) => Ok(dot.clone()),
            Operand::Number(num) => self.ideal_constant(n, num),
            Operand::String(s) => Ok(Val::new(self.str_lit(s))),
            Operand::Nil(_) => Err(self.errorf("evalEmptyInterface: nil (can't happen)")),
            _ => self.eval_arg(dot, Param::Any, n),
        }
    }

    fn validate_type(&self, v: Val, typ: Param) -> R<Val> {
        if v.is_invalid() {
            if typ.can_be_nil() {
                return Ok(Val::new(if typ == Param::Any {
                    Value::Nil
                } else {
                    typ.zero()
                }));
            }
            return Err(self.errorf(format!("invalid value; expected {}", typ.go_name())));
        }
        if typ == Param::Any {
            return Ok(v);
        }
        if v.v.is_nil() {
            // A nil interface {}: not assignable to a concrete type.
            return Err(self.errorf(format!(
                "wrong type for value; expected {}; got interface {{}}",
                typ.go_name()
            )));
        }
        if typ.accepts(&v.v) {
            return Ok(Val::new(v.v));
        }
        Err(self.errorf(format!(
            "wrong type for value; expected {}; got {}",
            typ.go_name(),
            v.v.type_name()
        )))
    }
}

/// Variable names are short: compared inline rather than through `memcmp`.
#[inline(always)]
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && crate::value::bytes_eq(a.as_bytes(), b.as_bytes())
}

/// Go's `printValue`: `<no value>` for the invalid value, pointers to structs printed without
/// their `&`, a value reached through struct fields (`addressable`: not held in an interface
/// slot such as a list element, not a function's result) with its pointer's `String` method
/// ([`crate::Object::pointer_string`]), everything else as `fmt.Fprint`. True when printing
/// stopped at the execution's size limit ([`crate::limit`]).
#[inline]
fn print_value(out: &mut String, v: &Value, addressable: bool) -> bool {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Nil => out.push_str("<no value>"),
        Value::Object(o) => match o.pointer_string().filter(|_| addressable) {
            Some(s) => out.push_str(&s),
            None => {
                print_object(out, v, o.as_ref());
                return crate::limit::take_exceeded();
            }
        },
        other => {
            crate::fmt::write_value(out, other);
            return crate::limit::take_exceeded();
        }
    }
    false
}

/// A struct pointer printed without its `&`, anything else as `fmt.Fprint`.
fn print_object(out: &mut String, v: &Value, o: &dyn crate::value::Object) {
    match o.repr() {
        Repr::Struct {
            pointer: true,
            fields,
        } => {
            let s = Value::object(Deref {
                name: o.type_name(),
                fields,
            });
            crate::fmt::write_value(out, &s);
        }
        _ => crate::fmt::write_value(out, v),
    }
}

/// A struct printed without its pointer.
struct Deref {
    name: String,
    fields: Vec<(String, Value)>,
}

impl crate::value::Object for Deref {
    fn type_name(&self) -> String {
        self.name.trim_start_matches('*').to_string()
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn repr(&self) -> Repr {
        Repr::Struct {
            pointer: false,
            fields: self.fields.clone(),
        }
    }
}
