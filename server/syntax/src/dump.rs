//! A stable, indented text dump of a parse (trees and errors), for snapshot tests and debugging.

use std::fmt::Write;

use crate::ast::*;
use crate::Parse;

/// Renders every tree and error of `parse`, one node per line with its range.
pub fn dump(parse: &Parse) -> String {
    let mut out = String::new();
    for t in &parse.trees {
        let kind = match t.kind {
            TreeKind::Main => "main",
            TreeKind::Define => "define",
            TreeKind::Block => "block",
        };
        let _ = writeln!(out, "tree {} {:?} {:?}", kind, t.name, t.range);
        list(&mut out, &t.root, 1);
    }
    for e in &parse.errors {
        let _ = writeln!(out, "error {:?} {}", e.range, e.go_text());
    }
    out
}

/// Nodes deeper than this are not indented further: their lines start with the depth instead
/// (`|41 `), so a dump stays linear in the size of the tree (10,000 nested parentheses would
/// otherwise indent to a 400 MB text).
const MAX_INDENT: usize = 40;

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth.min(MAX_INDENT) {
        out.push_str("  ");
    }
    if depth > MAX_INDENT {
        let _ = write!(out, "|{depth} ");
    }
}

fn list(out: &mut String, l: &List, depth: usize) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        for n in &l.nodes {
            node(out, n, depth);
        }
    })
}

fn node(out: &mut String, n: &Node, depth: usize) {
    indent(out, depth);
    match n {
        Node::Text(t) => {
            let _ = writeln!(
                out,
                "text {:?} {:?} full={:?}",
                t.range, t.text, t.full_range
            );
        }
        Node::Comment(c) => {
            let _ = writeln!(out, "comment {:?} {:?}", c.range, c.text);
        }
        Node::Action(a) => {
            let _ = writeln!(out, "action {:?} pos={} line={}", a.range, a.pos, a.line);
            pipeline(out, &a.pipe, depth + 1);
        }
        Node::If(b) | Node::Range(b) | Node::With(b) => {
            let kw = match n {
                Node::If(_) => "if",
                Node::Range(_) => "range",
                _ => "with",
            };
            let _ = writeln!(
                out,
                "{kw} {:?} pos={} line={} end={:?}",
                b.range, b.pos, b.line, b.end_range
            );
            pipeline(out, &b.pipe, depth + 1);
            indent(out, depth + 1);
            out.push_str("then\n");
            list(out, &b.list, depth + 2);
            if let Some(e) = &b.else_list {
                indent(out, depth + 1);
                let _ = writeln!(
                    out,
                    "else {:?}{}",
                    b.else_range,
                    if b.else_chain { " chain" } else { "" }
                );
                list(out, e, depth + 2);
            }
        }
        Node::Template(t) => {
            let _ = writeln!(
                out,
                "{} {:?} {:?}@{:?} pos={} line={}",
                if t.is_block { "block" } else { "template" },
                t.range,
                t.name,
                t.name_range,
                t.pos,
                t.line
            );
            if let Some(p) = &t.pipe {
                pipeline(out, p, depth + 1);
            }
        }
        Node::Break(k) => {
            let _ = writeln!(out, "break {:?} pos={}", k.range, k.pos);
        }
        Node::Continue(k) => {
            let _ = writeln!(out, "continue {:?} pos={}", k.range, k.pos);
        }
    }
}

fn pipeline(out: &mut String, p: &Pipeline, depth: usize) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || pipeline_inner(out, p, depth))
}

fn pipeline_inner(out: &mut String, p: &Pipeline, depth: usize) {
    indent(out, depth);
    let _ = write!(out, "pipe {:?} pos={}", p.range, p.pos);
    if !p.decl.is_empty() {
        let names: Vec<String> = p
            .decl
            .iter()
            .map(|v| format!("{}@{:?}", v.name.name, v.name.range))
            .collect();
        let op = if p.is_assign { "=" } else { ":=" };
        let _ = write!(out, " decl[{}] {op}", names.join(", "));
    }
    if let Some(r) = p.parens {
        let _ = write!(out, " parens={r:?}");
    }
    out.push('\n');
    for c in &p.cmds {
        indent(out, depth + 1);
        let _ = writeln!(out, "cmd {:?}", c.range);
        for a in &c.args {
            operand(out, a, depth + 2);
        }
    }
}

fn idents(ids: &[Ident]) -> String {
    ids.iter()
        .map(|i| format!("{}@{:?}", i.name, i.range))
        .collect::<Vec<_>>()
        .join(" ")
}

fn operand(out: &mut String, a: &Operand, depth: usize) {
    if let Operand::Pipe(p) = a {
        return pipeline(out, p, depth);
    }
    indent(out, depth);
    match a {
        Operand::Field(f) => {
            let _ = writeln!(
                out,
                "field {:?} pos={} [{}]",
                f.range,
                f.pos,
                idents(&f.idents)
            );
        }
        Operand::Variable(v) => {
            let _ = writeln!(
                out,
                "var {:?} pos={} {}@{:?} [{}]",
                v.range,
                v.pos,
                v.name.name,
                v.name.range,
                idents(&v.fields)
            );
        }
        Operand::Chain(c) => {
            let _ = writeln!(
                out,
                "chain {:?} pos={} [{}]",
                c.range,
                c.pos,
                idents(&c.fields)
            );
            operand(out, &c.node, depth + 1);
        }
        Operand::Identifier(i) => {
            let _ = writeln!(out, "ident {:?} {}", i.range, i.name);
        }
        Operand::Dot(d) => {
            let _ = writeln!(out, "dot {:?}", d.range);
        }
        Operand::Nil(d) => {
            let _ = writeln!(out, "nil {:?}", d.range);
        }
        Operand::Bool(b) => {
            let _ = writeln!(out, "bool {:?} {}", b.range, b.value);
        }
        Operand::Number(n) => {
            let mut kinds = String::new();
            if n.is_int {
                let _ = write!(kinds, " int={}", n.int64);
            }
            if n.is_uint {
                let _ = write!(kinds, " uint={}", n.uint64);
            }
            if n.is_float {
                let _ = write!(kinds, " float={:?}", n.float64);
            }
            if n.is_complex {
                let _ = write!(kinds, " complex={:?}", n.complex128);
            }
            let _ = writeln!(out, "number {:?} {}{kinds}", n.range, n.text);
        }
        Operand::String(s) => {
            let _ = writeln!(out, "string {:?} {} = {:?}", s.range, s.quoted, s.value);
        }
        Operand::Pipe(_) => {}
    }
}
