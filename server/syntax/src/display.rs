//! Go's `String()` forms of the nodes (`Display`), which Go's error messages embed: `at <.a.b>`,
//! `unexpected . after term "true"`, `{{template "x" .}}`.

use std::fmt::{self, Display, Formatter, Write};

use crate::ast::*;
use crate::strconv::quote;

fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, f)
}

impl Display for Pipeline {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        grow(|| {
            if !self.decl.is_empty() {
                for (i, v) in self.decl.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                // Go prints ":=" for assignments too.
                f.write_str(" := ")?;
            }
            for (i, c) in self.cmds.iter().enumerate() {
                if i > 0 {
                    f.write_str(" | ")?;
                }
                write!(f, "{c}")?;
            }
            Ok(())
        })
    }
}

impl Display for Command {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            match a {
                Operand::Pipe(p) => write!(f, "({p})")?,
                _ => write!(f, "{a}")?,
            }
        }
        Ok(())
    }
}

impl Display for Variable {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name.name)?;
        for id in &self.fields {
            write!(f, ".{}", id.name)?;
        }
        Ok(())
    }
}

impl Display for Field {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for id in &self.idents {
            write!(f, ".{}", id.name)?;
        }
        Ok(())
    }
}

impl Display for Chain {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &*self.node {
            Operand::Pipe(p) => write!(f, "({p})")?,
            n => write!(f, "{n}")?,
        }
        for id in &self.fields {
            write!(f, ".{}", id.name)?;
        }
        Ok(())
    }
}

impl Display for Operand {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Field(n) => write!(f, "{n}"),
            Operand::Variable(n) => write!(f, "{n}"),
            Operand::Chain(n) => write!(f, "{n}"),
            Operand::Identifier(n) => f.write_str(&n.name),
            Operand::Dot(_) => f.write_str("."),
            Operand::Nil(_) => f.write_str("nil"),
            Operand::Bool(b) => f.write_str(if b.value { "true" } else { "false" }),
            Operand::Number(n) => f.write_str(&n.text),
            Operand::String(s) => f.write_str(&s.quoted),
            Operand::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl Display for List {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        grow(|| {
            for n in &self.nodes {
                write!(f, "{n}")?;
            }
            Ok(())
        })
    }
}

fn branch(f: &mut Formatter<'_>, name: &str, b: &Branch) -> fmt::Result {
    write!(f, "{{{{{name} {}}}}}{}", b.pipe, b.list)?;
    if let Some(e) = &b.else_list {
        write!(f, "{{{{else}}}}{e}")?;
    }
    f.write_str("{{end}}")
}

impl Display for Node {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Node::Text(t) => f.write_str(&t.text),
            Node::Comment(c) => write!(f, "{{{{{}}}}}", c.text),
            Node::Action(a) => write!(f, "{{{{{}}}}}", a.pipe),
            Node::If(b) => branch(f, "if", b),
            Node::Range(b) => branch(f, "range", b),
            Node::With(b) => branch(f, "with", b),
            Node::Template(t) => {
                write!(f, "{{{{template {}", quote(&t.name))?;
                if let Some(p) = &t.pipe {
                    write!(f, " {p}")?;
                }
                f.write_str("}}")
            }
            Node::Break(_) => f.write_str("{{break}}"),
            Node::Continue(_) => f.write_str("{{continue}}"),
        }
    }
}
