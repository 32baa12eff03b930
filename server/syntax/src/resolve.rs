//! Finding what is under a cursor: the innermost node, operand or field segment at a byte
//! offset, with the statement nodes around it (for hover and completion).

use cw_base::TextRange;

use crate::ast::*;
use crate::Parse;

/// What the cursor is on.
#[derive(Clone, Copy, Debug)]
pub enum HitKind<'a> {
    /// Segment `index` of a field path: in `.Values.a.b` with the cursor on `a`, index 1.
    Field {
        field: &'a Field,
        index: usize,
    },
    /// A variable: `index` is `None` on the name (`$x`), `Some(i)` on field `i` after it.
    Variable {
        var: &'a Variable,
        index: Option<usize>,
    },
    /// Field `index` after a term: `(x).A.B`.
    ChainField {
        chain: &'a Chain,
        index: usize,
    },
    /// A function name.
    Function(&'a Identifier),
    /// A literal, `.` or `nil`.
    Literal(&'a Operand),
    /// The name of `{{template "x"}}` / `{{block "x"}}`.
    TemplateName(&'a TemplateCall),
    /// The name of `{{define "x"}}` (the tree is [`Hit::tree`]).
    DefineName,
    /// Inside an action but on none of the above (a keyword, a space, a delimiter).
    Action(&'a Node),
    Text(&'a Text),
    Comment(&'a Comment),
}

/// The result of [`node_at_offset`].
#[derive(Clone, Debug)]
pub struct Hit<'a> {
    /// The tree (main, define or block body) the offset lies in.
    pub tree: &'a Tree,
    /// The statement nodes containing the offset, outermost first (the `with`/`range` around a
    /// field decide what dot is).
    pub ancestors: Vec<&'a Node>,
    /// The innermost command containing the offset, if any.
    pub command: Option<&'a Command>,
    pub kind: HitKind<'a>,
    /// The range of what was hit.
    pub range: TextRange,
}

/// Finds the innermost thing at byte `offset` (a cursor touching the end of a token is on it).
pub fn node_at_offset(parse: &Parse, offset: u32) -> Option<Hit<'_>> {
    // The smallest tree containing the offset: a define or block body beats the main text.
    let tree = parse
        .trees
        .iter()
        .map(|t| &**t)
        .filter(|t| t.kind != TreeKind::Main && t.range.contains_inclusive(offset))
        .min_by_key(|t| t.range.len())
        .unwrap_or_else(|| parse.main());
    if let Some(r) = tree.name_range {
        if tree.kind == TreeKind::Define && r.contains_inclusive(offset) {
            return Some(Hit {
                tree,
                ancestors: Vec::new(),
                command: None,
                kind: HitKind::DefineName,
                range: r,
            });
        }
    }
    let mut ancestors = Vec::new();
    let (kind, range, command) = in_list(&tree.root, offset, &mut ancestors)?;
    Some(Hit {
        tree,
        ancestors,
        command,
        kind,
        range,
    })
}

type Found<'a> = (HitKind<'a>, TextRange, Option<&'a Command>);

fn in_list<'a>(l: &'a List, offset: u32, anc: &mut Vec<&'a Node>) -> Option<Found<'a>> {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || in_list_inner(l, offset, anc))
}

fn in_list_inner<'a>(l: &'a List, offset: u32, anc: &mut Vec<&'a Node>) -> Option<Found<'a>> {
    let mut text_hit = None;
    for n in &l.nodes {
        if !n.range().contains_inclusive(offset) {
            continue;
        }
        match n {
            Node::Text(t) => text_hit = Some((HitKind::Text(t), t.range, None)),
            Node::Comment(c) => return Some((HitKind::Comment(c), c.range, None)),
            _ => return in_node(n, offset, anc),
        }
    }
    text_hit
}

fn in_node<'a>(n: &'a Node, offset: u32, anc: &mut Vec<&'a Node>) -> Option<Found<'a>> {
    match n {
        Node::Action(a) => {
            if let Some(f) = in_pipeline(&a.pipe, offset) {
                return Some(f);
            }
        }
        Node::If(b) | Node::Range(b) | Node::With(b) => {
            if let Some(f) = in_pipeline(&b.pipe, offset) {
                return Some(f);
            }
            anc.push(n);
            if let Some(f) = in_list(&b.list, offset, anc) {
                return Some(f);
            }
            if let Some(e) = &b.else_list {
                if let Some(f) = in_list(e, offset, anc) {
                    return Some(f);
                }
            }
            anc.pop();
        }
        Node::Template(t) => {
            if t.name_range.contains_inclusive(offset) && !t.name_range.is_empty() {
                return Some((HitKind::TemplateName(t), t.name_range, None));
            }
            if let Some(p) = &t.pipe {
                if let Some(f) = in_pipeline(p, offset) {
                    return Some(f);
                }
            }
        }
        _ => {}
    }
    Some((HitKind::Action(n), n.range(), None))
}

fn in_pipeline(p: &Pipeline, offset: u32) -> Option<Found<'_>> {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || in_pipeline_inner(p, offset))
}

fn in_pipeline_inner(p: &Pipeline, offset: u32) -> Option<Found<'_>> {
    for v in &p.decl {
        if v.range.contains_inclusive(offset) {
            return Some((
                HitKind::Variable {
                    var: v,
                    index: None,
                },
                v.range,
                None,
            ));
        }
    }
    for c in &p.cmds {
        if !c.range.contains_inclusive(offset) {
            continue;
        }
        for a in &c.args {
            if let Some((k, r, cmd)) = in_operand(a, offset) {
                return Some((k, r, cmd.or(Some(c))));
            }
        }
    }
    None
}

fn segment(ids: &[Ident], offset: u32) -> Option<usize> {
    // The dot before a segment belongs to it.
    ids.iter().position(|i| {
        TextRange::new(i.range.start().saturating_sub(1), i.range.end()).contains_inclusive(offset)
    })
}

fn in_operand(a: &Operand, offset: u32) -> Option<Found<'_>> {
    if !a.range().contains_inclusive(offset) {
        return None;
    }
    match a {
        Operand::Field(f) => {
            let i = segment(&f.idents, offset)?;
            Some((
                HitKind::Field { field: f, index: i },
                f.idents[i].range,
                None,
            ))
        }
        Operand::Variable(v) => {
            if v.name.range.contains_inclusive(offset) {
                return Some((
                    HitKind::Variable {
                        var: v,
                        index: None,
                    },
                    v.name.range,
                    None,
                ));
            }
            let i = segment(&v.fields, offset)?;
            Some((
                HitKind::Variable {
                    var: v,
                    index: Some(i),
                },
                v.fields[i].range,
                None,
            ))
        }
        Operand::Chain(c) => {
            if let Some(f) = in_operand(&c.node, offset) {
                return Some(f);
            }
            let i = segment(&c.fields, offset)?;
            Some((
                HitKind::ChainField { chain: c, index: i },
                c.fields[i].range,
                None,
            ))
        }
        Operand::Identifier(i) => Some((HitKind::Function(i), i.range, None)),
        Operand::Pipe(p) => in_pipeline(p, offset),
        other => Some((HitKind::Literal(other), other.range(), None)),
    }
}
