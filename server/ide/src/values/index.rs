//! The index of `.Values` references in one template: every path a template reads
//! (`.Values.a.b`, `$.Values.a`, relative fields under `with .Values.a`, `index .Values "a" "b"`,
//! `$v := .Values.a` then `$v.b`, `hasKey`, `dig`), with the byte range of each written segment,
//! how it is read (its whole subtree or only its existence) and whether it is guarded (`default`,
//! `if`, `with`, `hasKey`); plus what dot and each variable are at any offset (for completion
//! while the text does not parse).

use cw_base::TextRange;
use cw_syntax::ast::{Branch, Command, List, Node, Operand, Pipeline};

/// The methods of Helm's values type (`common.Values`), which Go looks up before keys.
pub(crate) const VALUES_METHODS: &[&str] = &["YAML", "AsMap", "Table", "PathValue", "Encode"];

/// The path segment that stands for every element of a collection: `range .Values.items` sets
/// dot to `items.[]` (each item of a list, each value of a map).
pub(crate) const ELEM: &str = "[]";

/// True when a path goes through the elements of a collection.
pub(crate) fn has_elem(path: &[String]) -> bool {
    path.iter().any(|s| s == ELEM)
}

/// `a.b.c` for a path, with `items[].name` for an element.
pub(crate) fn dotted(path: &[String]) -> String {
    let mut out = String::new();
    for (i, s) in path.iter().enumerate() {
        if i > 0 && s != ELEM {
            out.push('.');
        }
        out.push_str(s);
    }
    out
}

/// True when two paths agree on their common length, an element segment on either side
/// matching any key.
pub(crate) fn agree(a: &[String], b: &[String]) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| x == y || x == ELEM || y == ELEM)
}

/// What dot (or a variable) holds, as far as the index can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Ctx {
    /// The root context (`.Values`, `.Release`, ...).
    Root,
    /// A value under `.Values` (`[]` is `.Values` itself).
    Values(Vec<String>),
    Unknown,
}

/// How a reference reads its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RefKind {
    /// The value and everything under it (printed, passed to a function, `toYaml`, `range`).
    Read,
    /// Only its existence or truth (`if .Values.a`, `with .Values.a`, `$v := .Values.a`,
    /// `hasKey`): what is under it counts only through the references made below it.
    Probe,
}

/// One `.Values` path read by a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ref {
    /// The path under the template's `.Values`.
    pub path: Vec<String>,
    /// For each segment of `path`, where it is written (inside the quotes for `index` string
    /// keys); `None` for segments inherited from `with` or a variable.
    pub segs: Vec<Option<TextRange>>,
    pub kind: RefKind,
    /// Guarded by `default`, `coalesce`, `hasKey`, `dig`, or tested itself (`if .Values.a`):
    /// a missing value is expected.
    pub guarded: bool,
    /// How many leading segments an enclosing `if`/`with` tests (`with .Values.image` then
    /// `.tag`: 1): those may be missing; what is read below them must exist when they do.
    pub guard_depth: usize,
    /// Keys below `path` are chosen at render time (`index .Values.a $k`).
    pub dynamic: bool,
    /// A segment is written in a way a rename cannot edit (a string key with escapes).
    pub opaque: bool,
}

impl Ref {
    /// The range of the last written segment.
    pub fn end(&self) -> Option<TextRange> {
        self.segs.iter().rev().flatten().next().copied()
    }

    /// The segment written at `offset`, if any.
    pub fn seg_at(&self, offset: u32) -> Option<usize> {
        self.segs
            .iter()
            .position(|s| s.is_some_and(|r| r.contains_inclusive(offset)))
    }
}

/// A variable declaration: its name, from where it is visible, and what it holds.
#[derive(Clone, Debug)]
pub(crate) struct VarDecl {
    pub name: String,
    pub visible: TextRange,
    pub ctx: Ctx,
}

/// Everything the index knows about one template file.
#[derive(Clone, Debug, Default)]
pub(crate) struct TemplateIndex {
    pub refs: Vec<Ref>,
    /// Uses of `.Values` as a whole (`toYaml .Values`, `include "x" .Values`) or of `tpl`:
    /// any key may be read.
    pub whole: Vec<TextRange>,
    /// Blocks where dot is not the root: their body range and what dot is.
    pub dots: Vec<(TextRange, Ctx)>,
    pub vars: Vec<VarDecl>,
}

impl TemplateIndex {
    /// What dot is at `offset` (the innermost `with`/`range` body around it).
    pub fn dot_at(&self, offset: u32) -> Ctx {
        self.dots
            .iter()
            .filter(|(r, _)| r.start() <= offset && offset <= r.end())
            .min_by_key(|(r, _)| r.len())
            .map(|(_, c)| c.clone())
            .unwrap_or(Ctx::Root)
    }

    /// What variable `name` holds at `offset` (`$` is the root).
    pub fn var_at(&self, name: &str, offset: u32) -> Ctx {
        if name == "$" {
            return Ctx::Root;
        }
        self.vars
            .iter()
            .filter(|v| v.name == name && v.visible.start() <= offset && offset <= v.visible.end())
            .max_by_key(|v| v.visible.start())
            .map(|v| v.ctx.clone())
            .unwrap_or(Ctx::Unknown)
    }
}

/// Functions whose arguments are expected to be missing sometimes.
const GUARD_FUNCS: &[&str] = &["default", "coalesce", "empty", "hasKey", "ternary", "dig"];

/// Builds the index of a parsed template.
pub(crate) fn index_template(parse: &cw_syntax::Parse) -> TemplateIndex {
    let mut w = Walker {
        out: TemplateIndex::default(),
        vars: Vec::new(),
        guards: Vec::new(),
        range_conds: Vec::new(),
        depth: 0,
    };
    for tree in &parse.trees {
        w.vars.clear();
        w.guards.clear();
        w.range_conds.clear();
        w.list(&tree.root, &Ctx::Root, tree.range.end());
    }
    w.out
}

struct Walker {
    out: TemplateIndex,
    /// Variables in scope: name, what it holds, where its declaration is.
    vars: Vec<(String, Ctx, usize)>,
    /// Paths of the enclosing `if`/`with` conditions.
    guards: Vec<Vec<String>>,
    /// For each enclosing `range` body, how many `if`/`with` blocks inside it enclose the
    /// walk: a field of an element read under a condition may be one only some elements
    /// have (`if eq $key "prometheus"` then `$value.listen`).
    range_conds: Vec<usize>,
    /// Nesting of blocks and parenthesised pipelines walked so far.
    depth: usize,
}

/// Blocks and parentheses nested deeper than this are not indexed (hostile input must not
/// exhaust the stack).
const MAX_DEPTH: usize = 256;

/// How an operand is used by its command.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Read,
    Probe,
}

impl Walker {
    fn list(&mut self, l: &List, dot: &Ctx, scope_end: u32) {
        if self.depth > MAX_DEPTH {
            return;
        }
        self.depth += 1;
        for n in &l.nodes {
            self.node(n, dot, scope_end);
        }
        self.depth -= 1;
    }

    fn node(&mut self, n: &Node, dot: &Ctx, scope_end: u32) {
        match n {
            Node::Action(a) => {
                let role = if a.pipe.decl.is_empty() {
                    Role::Read
                } else {
                    Role::Probe
                };
                let ctx = self.pipe(&a.pipe, dot, role, false);
                self.declare(&a.pipe, ctx, scope_end);
            }
            Node::If(b) => self.branch(b, dot, BranchKind::If),
            Node::With(b) => self.branch(b, dot, BranchKind::With),
            Node::Range(b) => self.branch(b, dot, BranchKind::Range),
            Node::Template(t) => {
                if let Some(p) = &t.pipe {
                    self.pipe(p, dot, Role::Read, false);
                }
            }
            _ => {}
        }
    }

    fn branch(&mut self, b: &Branch, dot: &Ctx, kind: BranchKind) {
        let vars_len = self.vars.len();
        let guards_len = self.guards.len();
        let end = b.range.end();
        let (body_dot, pipe_ctx) = match kind {
            BranchKind::If => {
                let refs_before = self.out.refs.len();
                let ctx = self.pipe(&b.pipe, dot, Role::Probe, true);
                let paths: Vec<Vec<String>> = self.out.refs[refs_before..]
                    .iter()
                    .map(|r| r.path.clone())
                    .collect();
                self.guards.extend(paths);
                (dot.clone(), ctx)
            }
            BranchKind::With => {
                let ctx = self
                    .pipe(&b.pipe, dot, Role::Probe, true)
                    .unwrap_or(Ctx::Unknown);
                if let Ctx::Values(p) = &ctx {
                    self.guards.push(p.clone());
                }
                (ctx.clone(), Some(ctx))
            }
            BranchKind::Range => {
                // Over a plain `.Values` path, dot is each element: the range only probes the
                // collection (and each of its keys); what the body reads of an element counts.
                let refs_before = self.out.refs.len();
                let plain = b.pipe.cmds.len() == 1 && b.pipe.cmds[0].args.len() == 1;
                let role = if plain { Role::Probe } else { Role::Read };
                match self.pipe(&b.pipe, dot, role, false) {
                    Some(Ctx::Values(mut p)) if plain && !p.is_empty() => {
                        if let Some(r) = self.out.refs.get(refs_before).cloned() {
                            let mut each = r;
                            each.path.push(ELEM.to_string());
                            each.segs.push(None);
                            self.out.refs.push(each);
                        }
                        p.push(ELEM.to_string());
                        let elem = Ctx::Values(p);
                        (elem.clone(), Some(elem))
                    }
                    other => {
                        if plain {
                            // Not an element of a values path: whatever it is, it is read.
                            for r in &mut self.out.refs[refs_before..] {
                                r.kind = RefKind::Read;
                            }
                            if matches!(&other, Some(Ctx::Values(p)) if p.is_empty()) {
                                self.out.whole.push(b.pipe.range);
                            }
                        }
                        (Ctx::Unknown, None)
                    }
                }
            }
        };
        match kind {
            BranchKind::Range => {
                // `range $e := x` binds the element; `range $k, $e := x` the key (or index)
                // and the element.
                let n = b.pipe.decl.len();
                for (i, v) in b.pipe.decl.iter().enumerate() {
                    let ctx = if i + 1 == n {
                        pipe_ctx.clone().unwrap_or(Ctx::Unknown)
                    } else {
                        Ctx::Unknown
                    };
                    self.push_var(&v.name.name, ctx, v.range.end(), end);
                }
            }
            _ => self.declare(&b.pipe, pipe_ctx, end),
        }
        if kind != BranchKind::If || *dot != Ctx::Root {
            self.out
                .dots
                .push((b.list.range.cover(b.pipe.range), body_dot.clone()));
        }
        let cond = kind != BranchKind::Range;
        if cond {
            if let Some(c) = self.range_conds.last_mut() {
                *c += 1;
            }
        } else {
            self.range_conds.push(0);
        }
        self.list(&b.list, &body_dot, end);
        if !cond {
            self.range_conds.pop();
        }
        self.guards.truncate(guards_len);
        if let Some(e) = &b.else_list {
            if *dot != Ctx::Root {
                self.out.dots.push((e.range, dot.clone()));
            }
            self.list(e, dot, end);
        }
        if cond {
            if let Some(c) = self.range_conds.last_mut() {
                *c -= 1;
            }
        }
        self.vars.truncate(vars_len);
    }

    fn push_var(&mut self, name: &str, ctx: Ctx, from: u32, to: u32) {
        self.out.vars.push(VarDecl {
            name: name.to_string(),
            visible: TextRange::new(from, to.max(from)),
            ctx: ctx.clone(),
        });
        self.vars
            .push((name.to_string(), ctx, self.out.vars.len() - 1));
    }

    /// Binds the variables a pipeline declares (`$x := ...`) or assigns (`$x = ...`).
    fn declare(&mut self, p: &Pipeline, ctx: Option<Ctx>, scope_end: u32) {
        let ctx = ctx.unwrap_or(Ctx::Unknown);
        for (i, v) in p.decl.iter().enumerate() {
            let c = if i == 0 && p.decl.len() == 1 {
                ctx.clone()
            } else {
                Ctx::Unknown
            };
            if p.is_assign {
                // `$x = ...` rebinds the nearest declaration from here on.
                if let Some(pos) = self.vars.iter().rposition(|(n, _, _)| *n == v.name.name) {
                    let decl = self.vars[pos].2;
                    let end = self.out.vars[decl].visible.end();
                    self.out.vars[decl].visible =
                        TextRange::new(self.out.vars[decl].visible.start(), p.range.start());
                    self.out.vars.push(VarDecl {
                        name: v.name.name.to_string(),
                        visible: TextRange::new(p.range.end(), end.max(p.range.end())),
                        ctx: c.clone(),
                    });
                    self.vars[pos] = (v.name.name.to_string(), c, self.out.vars.len() - 1);
                }
            } else {
                self.push_var(&v.name.name, c, p.range.end(), scope_end);
            }
        }
    }

    fn lookup(&self, name: &str) -> Ctx {
        if name == "$" {
            return Ctx::Root;
        }
        self.vars
            .iter()
            .rev()
            .find(|(n, _, _)| n == name)
            .map(|(_, c, _)| c.clone())
            .unwrap_or(Ctx::Unknown)
    }

    /// Walks a pipeline; returns what it evaluates to when it is a plain path (one command,
    /// one operand).
    fn pipe(&mut self, p: &Pipeline, dot: &Ctx, role: Role, cond: bool) -> Option<Ctx> {
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let ctx = {
            let n = p.cmds.len();
            for (i, c) in p.cmds.iter().enumerate() {
                let piped_default = p.cmds.get(i + 1).is_some_and(|next| {
                    matches!(next.args.first(), Some(Operand::Identifier(id)) if GUARD_FUNCS.contains(&id.name.as_str()))
                });
                self.command(c, dot, role, cond || piped_default, n == 1);
            }
            if n == 1 && p.cmds[0].args.len() == 1 {
                Some(
                    self.resolve(&p.cmds[0].args[0], dot)
                        .map_or(Ctx::Unknown, |r| r.0),
                )
            } else {
                None
            }
        };
        self.depth -= 1;
        ctx
    }

    fn command(&mut self, c: &Command, dot: &Ctx, role: Role, guarded: bool, alone: bool) {
        let func = match c.args.first() {
            Some(Operand::Identifier(id)) => Some(id.name.as_str()),
            _ => None,
        };
        let guarded = guarded || func.is_some_and(|f| GUARD_FUNCS.contains(&f));
        match func {
            Some("index") | Some("get") | Some("hasKey") if c.args.len() >= 2 => {
                let kind = if func == Some("hasKey") || (role == Role::Probe && alone) {
                    RefKind::Probe
                } else {
                    RefKind::Read
                };
                if self.keyed(&c.args[1], &c.args[2..], dot, kind, guarded) {
                    return;
                }
            }
            Some("dig") if c.args.len() >= 3 => {
                let keys = &c.args[1..c.args.len() - 2];
                if self.keyed(&c.args[c.args.len() - 1], keys, dot, RefKind::Read, true) {
                    self.operand(&c.args[c.args.len() - 2], dot, Role::Read, guarded);
                    return;
                }
            }
            Some("tpl") => {
                self.out.whole.push(c.range);
            }
            _ => {}
        }
        let arg_role = match func {
            None if alone => role,
            Some("not") | Some("and") | Some("or") if role == Role::Probe => Role::Probe,
            _ => Role::Read,
        };
        for a in c.args.iter() {
            self.operand(a, dot, arg_role, guarded);
        }
    }

    /// `index BASE "k1" "k2"`, `hasKey BASE "k"`, `dig "k1" "k2" DEFAULT BASE`: one reference
    /// for the whole path. Returns false when BASE is not a `.Values` path.
    fn keyed(
        &mut self,
        base: &Operand,
        keys: &[Operand],
        dot: &Ctx,
        kind: RefKind,
        guarded: bool,
    ) -> bool {
        let Some((Ctx::Values(mut path), mut segs)) = self.resolve(base, dot) else {
            return false;
        };
        let mut dynamic = false;
        let mut opaque = false;
        for k in keys {
            match k {
                Operand::String(s) => {
                    path.push(s.value.to_string());
                    let inner = s.quoted.len() >= 2
                        && s.quoted.get(1..s.quoted.len() - 1) == Some(s.value.as_str());
                    if inner {
                        segs.push(Some(TextRange::new(s.range.start() + 1, s.range.end() - 1)));
                    } else {
                        opaque = true;
                        segs.push(None);
                    }
                }
                other => {
                    dynamic = true;
                    self.operand(other, dot, Role::Read, false);
                    break;
                }
            }
        }
        let guard_depth = self.guard_depth(&path);
        let guarded = guarded || self.elem_under_cond(&path);
        self.out.refs.push(Ref {
            path,
            segs,
            kind: if dynamic { RefKind::Read } else { kind },
            guarded,
            guard_depth,
            dynamic,
            opaque,
        });
        true
    }

    /// True for a field of a range's element read under a condition inside the range.
    fn elem_under_cond(&self, path: &[String]) -> bool {
        has_elem(path) && self.range_conds.iter().any(|c| *c > 0)
    }

    /// The length of the longest enclosing `if`/`with` test the path is under.
    fn guard_depth(&self, path: &[String]) -> usize {
        self.guards
            .iter()
            .filter(|g| path.starts_with(g))
            .map(Vec::len)
            .max()
            .unwrap_or(0)
    }

    fn operand(&mut self, a: &Operand, dot: &Ctx, role: Role, guarded: bool) {
        match a {
            Operand::Pipe(p) => {
                self.pipe(p, dot, Role::Read, guarded);
            }
            Operand::Chain(ch) => {
                if let Operand::Pipe(p) = &*ch.node {
                    self.pipe(p, dot, Role::Read, guarded);
                }
            }
            _ => {
                let Some((ctx, segs)) = self.resolve(a, dot) else {
                    return;
                };
                let Ctx::Values(path) = ctx else {
                    return;
                };
                if path.is_empty() {
                    // `.Values` itself: read whole unless only tested.
                    if role == Role::Read {
                        self.out.whole.push(a.range());
                    }
                    return;
                }
                if VALUES_METHODS.contains(&path[0].as_str()) {
                    // Helm's `common.Values` methods come before keys (`.Values.Table "a"`,
                    // `.Values.YAML`): a call reads the values, it names no key.
                    self.out.whole.push(a.range());
                    return;
                }
                let guard_depth = self.guard_depth(&path);
                let guarded = guarded || self.elem_under_cond(&path);
                self.out.refs.push(Ref {
                    path,
                    segs,
                    kind: if role == Role::Probe {
                        RefKind::Probe
                    } else {
                        RefKind::Read
                    },
                    guarded,
                    guard_depth,
                    dynamic: false,
                    opaque: false,
                });
            }
        }
    }

    /// What an operand denotes: a context and, for `.Values` paths, where each segment is.
    fn resolve(&self, a: &Operand, dot: &Ctx) -> Option<(Ctx, Vec<Option<TextRange>>)> {
        let (base, fields): (Ctx, Vec<(&str, TextRange)>) = match a {
            Operand::Field(f) => (
                dot.clone(),
                f.idents
                    .iter()
                    .map(|i| (i.name.as_str(), i.range))
                    .collect(),
            ),
            Operand::Variable(v) => (
                self.lookup(&v.name.name),
                v.fields
                    .iter()
                    .map(|i| (i.name.as_str(), i.range))
                    .collect(),
            ),
            Operand::Dot(_) => (dot.clone(), Vec::new()),
            _ => return None,
        };
        Some(extend(base, &fields))
    }
}

/// Follows fields from a context.
pub(crate) fn extend(base: Ctx, fields: &[(&str, TextRange)]) -> (Ctx, Vec<Option<TextRange>>) {
    match base {
        Ctx::Root => match fields {
            [] => (Ctx::Root, Vec::new()),
            [(first, _), rest @ ..] if *first == "Values" => (
                Ctx::Values(rest.iter().map(|(n, _)| n.to_string()).collect()),
                rest.iter().map(|(_, r)| Some(*r)).collect(),
            ),
            // `.context.Values.x`, `.root.Values.x`: the root context passed in a dict to a
            // define (`include "x" (dict "context" $)`).
            [(_, _), (second, _), rest @ ..] if *second == "Values" => (
                Ctx::Values(rest.iter().map(|(n, _)| n.to_string()).collect()),
                rest.iter().map(|(_, r)| Some(*r)).collect(),
            ),
            _ => (Ctx::Unknown, Vec::new()),
        },
        Ctx::Values(mut p) => {
            let mut segs = vec![None; p.len()];
            for (n, r) in fields {
                p.push(n.to_string());
                segs.push(Some(*r));
            }
            (Ctx::Values(p), segs)
        }
        Ctx::Unknown => (Ctx::Unknown, Vec::new()),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BranchKind {
    If,
    With,
    Range,
}
