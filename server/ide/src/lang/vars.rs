//! Template variables: where each `$x` is declared, where it is visible (from its declaration to
//! the end of the enclosing `if`/`with`/`range`/`define` or file), and which declaration each use
//! refers to.

use cw_base::TextRange;
use cw_syntax::{Branch, List, Node, Operand, Parse, Pipeline, Tree, TreeKind};

/// One `$x := ...` (or `range $i, $v := ...`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VarDecl {
    pub name: String,
    /// The name, `$` included.
    pub range: TextRange,
    /// The declaring text: the pipeline, or `range $i, $v := pipeline`.
    pub source: TextRange,
    /// Where the variable can be used.
    pub scope: TextRange,
}

/// One occurrence of a variable name (a use, an assignment `$x = ...`, or a declaration).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VarRef {
    pub name: String,
    pub range: TextRange,
}

/// The variables of one tree (main text, define or block body).
#[derive(Default, Debug)]
pub(crate) struct Vars {
    pub decls: Vec<VarDecl>,
    pub refs: Vec<VarRef>,
}

/// The tree of `parse` the offset is in: the smallest define/block body containing it, else the
/// main tree.
pub(crate) fn tree_at(parse: &Parse, offset: u32) -> &Tree {
    parse
        .trees
        .iter()
        .map(|t| &**t)
        .filter(|t| t.kind != TreeKind::Main && t.range.contains_inclusive(offset))
        .min_by_key(|t| t.range.len())
        .unwrap_or_else(|| parse.main())
}

impl Vars {
    pub fn of(tree: &Tree) -> Vars {
        let mut v = Vars::default();
        v.list(&tree.root, tree.range.end(), 0);
        v
    }

    /// The declarations visible at `offset`, the innermost (latest) last; shadowed ones removed.
    pub fn visible_at(&self, offset: u32) -> Vec<&VarDecl> {
        let mut out: Vec<&VarDecl> = self
            .decls
            .iter()
            .filter(|d| d.scope.start() <= offset && offset <= d.scope.end())
            .collect();
        out.sort_by_key(|d| d.scope.start());
        let mut seen = std::collections::HashSet::new();
        let mut dedup: Vec<&VarDecl> = out
            .into_iter()
            .rev()
            .filter(|d| seen.insert(d.name.clone()))
            .collect();
        dedup.reverse();
        dedup
    }

    /// The declaration a use of `name` at `offset` refers to.
    pub fn resolve(&self, name: &str, offset: u32) -> Option<&VarDecl> {
        self.decls
            .iter()
            .filter(|d| d.name == name && d.scope.start() <= offset && offset <= d.scope.end())
            .max_by_key(|d| d.scope.start())
    }

    /// Every occurrence that refers to `decl` (its declaration included).
    pub fn refs_of(&self, decl: &VarDecl) -> Vec<TextRange> {
        let same: Vec<&VarDecl> = self.decls.iter().filter(|d| d.name == decl.name).collect();
        let mut out: Vec<TextRange> = self
            .refs
            .iter()
            .filter(|r| r.name == decl.name)
            .filter(|r| {
                if r.range == decl.range {
                    return true;
                }
                // Another declaration of the same name starts a new variable.
                if same.iter().any(|d| d.range == r.range) {
                    return false;
                }
                let at = r.range.start();
                same.iter()
                    .filter(|d| d.scope.start() <= at && at <= d.scope.end())
                    .max_by_key(|d| d.scope.start())
                    .is_some_and(|d| *d == decl)
            })
            .map(|r| r.range)
            .collect();
        out.sort_by_key(|r| r.start());
        out.dedup();
        out
    }

    fn list(&mut self, l: &List, scope_end: u32, depth: usize) {
        if depth > super::MAX_WALK_DEPTH {
            return;
        }
        for n in &l.nodes {
            match n {
                Node::Action(a) => self.pipeline(&a.pipe, a.pipe.range, scope_end, depth),
                Node::If(b) | Node::Range(b) | Node::With(b) => self.branch(b, depth),
                Node::Template(t) => {
                    if let Some(p) = &t.pipe {
                        self.uses(p, depth);
                    }
                }
                _ => {}
            }
        }
    }

    fn branch(&mut self, b: &Branch, depth: usize) {
        let end = b.end_range.map_or(b.range.end(), |r| r.start());
        let source = TextRange::new(b.keyword_range.start(), b.pipe.range.end());
        self.pipeline(&b.pipe, source, end, depth);
        let list_end = b.else_range.map_or(end, |r| r.start());
        self.list(&b.list, list_end, depth + 1);
        if let Some(e) = &b.else_list {
            self.list(e, end, depth + 1);
        }
    }

    fn pipeline(&mut self, p: &Pipeline, source: TextRange, scope_end: u32, depth: usize) {
        for v in &p.decl {
            self.refs.push(VarRef {
                name: v.name.name.to_string(),
                range: v.name.range,
            });
            if !p.is_assign {
                self.decls.push(VarDecl {
                    name: v.name.name.to_string(),
                    range: v.name.range,
                    source,
                    scope: TextRange::new(v.name.range.end(), scope_end.max(v.name.range.end())),
                });
            }
        }
        self.uses(p, depth);
    }

    fn uses(&mut self, p: &Pipeline, depth: usize) {
        if depth > super::MAX_WALK_DEPTH {
            return;
        }
        for c in &p.cmds {
            for a in &c.args {
                self.operand(a, depth + 1);
            }
        }
    }

    fn operand(&mut self, a: &Operand, depth: usize) {
        match a {
            Operand::Variable(v) => self.refs.push(VarRef {
                name: v.name.name.to_string(),
                range: v.name.range,
            }),
            Operand::Chain(c) => self.operand(&c.node, depth),
            Operand::Pipe(p) => self.uses(p, depth),
            _ => {}
        }
    }
}
