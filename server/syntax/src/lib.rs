//! Go text/template syntax: lexer, error-recovering parser, syntax tree with byte spans.
//!
//! [`parse`] reproduces Go's `text/template/parse` grammar and error messages, and never gives
//! up: it returns every tree it could build plus every error it found. The first error is the
//! one Go would report (Go stops there), see [`Parse::first_error`].
//!
//! This crate knows nothing of Helm: the caller says which function names exist.
//!
//! # Using the tree
//!
//! ```
//! use cw_syntax::{parse, Node, Operand, ParseOptions};
//!
//! let funcs = |name: &str| name == "quote";
//! let p = parse("a: {{ .Values.a | quote }}", &ParseOptions::new("t.yaml", &funcs));
//! assert!(p.errors.is_empty());
//! let Node::Action(action) = &p.main().root.nodes[1] else { unreachable!() };
//! let Operand::Field(field) = &action.pipe.cmds[0].args[0] else { unreachable!() };
//! assert_eq!(field.idents[1].name, "a");
//! assert_eq!(&"a: {{ .Values.a | quote }}"[field.idents[1].range.to_usize()], "a");
//! ```
//!
//! - [`Parse::trees`] holds every tree (main, `define`, `block`); [`Parse::tree`] answers as
//!   Go's tree set does. A `{{block}}` is a [`TemplateCall`] with `is_block` plus its own tree.
//! - Every node has `range` (full source extent) and, where Go's differs, `pos` (Go's `Pos`,
//!   which execution errors print as `NAME:LINE:COL` via [`go_line_col`]).
//! - Nodes print as Go's `String()` does (`Display`), as execution errors quote them.
//! - [`ParseError::go_text`] is Go's `template: NAME:LINE: MESSAGE`.
//! - Depth is bounded ([`MAX_PAREN_DEPTH`] as Go, [`MAX_NESTING`] for blocks); the tree's
//!   `Drop`, `Clone`, `PartialEq` and `Debug` are safe on the deepest trees the parser builds.
//!   Walkers over the tree should use `stacker::maybe_grow` (or their own limit) when recursing.

pub mod ast;
mod display;
mod dump;
mod lexer;
mod parser;
mod resolve;
mod strconv;
mod tokens;

use std::collections::HashMap;
use std::fmt;

pub use cw_base::TextRange;

pub use ast::*;
pub use dump::dump;
pub use parser::{MAX_NESTING, MAX_PAREN_DEPTH, MAX_PIPELINE_CMDS};
pub use resolve::{node_at_offset, Hit, HitKind};
pub use tokens::{tokens, Token, TokenKind};

/// How to parse: the template's name (used in error messages, and as the main tree's name),
/// the delimiters (empty means `{{` / `}}`), and which function names exist.
pub struct ParseOptions<'a> {
    pub name: &'a str,
    pub left_delim: &'a str,
    pub right_delim: &'a str,
    /// True for the names of functions that exist (Go: the template's `FuncMap` plus builtins).
    pub funcs: &'a dyn Fn(&str) -> bool,
    /// Go's `parse.SkipFuncCheck` mode: do not check function names.
    pub skip_func_check: bool,
}

impl<'a> ParseOptions<'a> {
    /// Default delimiters, function names checked with `funcs`.
    pub fn new(name: &'a str, funcs: &'a dyn Fn(&str) -> bool) -> ParseOptions<'a> {
        ParseOptions {
            name,
            left_delim: "",
            right_delim: "",
            funcs,
            skip_func_check: false,
        }
    }

    /// Custom delimiters (Go's `Template.Delims`).
    pub fn with_delims(mut self, left: &'a str, right: &'a str) -> ParseOptions<'a> {
        self.left_delim = left;
        self.right_delim = right;
        self
    }

    pub fn skip_func_check(mut self, skip: bool) -> ParseOptions<'a> {
        self.skip_func_check = skip;
        self
    }
}

/// The names Go's `text/template` defines itself (`builtins()`), for callers that want Go's
/// default function set: `and`, `call`, `html`, `index`, `slice`, `js`, `len`, `not`, `or`,
/// `print`, `printf`, `println`, `urlquery`, `eq`, `ge`, `gt`, `le`, `lt`, `ne`.
pub const GO_BUILTINS: &[&str] = &[
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
];

/// One parse error: Go's message (without the `template: NAME:LINE: ` prefix), where it is,
/// and the line Go reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// The offending token or node; for `unexpected EOF`, the opening of the innermost unclosed
    /// block (`{{if`, `{{define "x"`, ...).
    pub range: TextRange,
    /// The 1-based line Go prints (Go's parser reports the line of the last token it read,
    /// which is not always the line of `range`).
    pub line: u32,
    /// The template name Go prints (the name given to [`parse`]).
    pub template: String,
}

impl ParseError {
    /// Go's full error text: `template: NAME:LINE: MESSAGE`.
    pub fn go_text(&self) -> String {
        format!(
            "template: {}:{}: {}",
            self.template, self.line, self.message
        )
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.go_text())
    }
}

/// The result of parsing one text: every tree (main, defines, blocks) and every error.
#[derive(Clone, Debug)]
pub struct Parse {
    /// The name given to [`parse`].
    pub name: String,
    /// Every tree, in the order Go adds them to its tree set: each define/block when its
    /// `{{end}}` is reached, the main tree last. Trees Go would reject (a second non-empty
    /// definition of a name, a define with a broken header) are kept for the IDE; see
    /// [`Parse::tree`] for Go's view. Shared, so that template sets take them without copying.
    pub trees: Vec<std::sync::Arc<Tree>>,
    main: usize,
    set: HashMap<String, usize>,
    /// Every error, in the order found. The first is Go's.
    pub errors: Vec<ParseError>,
}

impl Parse {
    /// The top-level tree of the text.
    pub fn main(&self) -> &Tree {
        &self.trees[self.main]
    }

    /// The tree Go's tree set holds for `name` (an empty main tree does not replace a define of
    /// the same name, as in Go).
    pub fn tree(&self, name: &str) -> Option<&Tree> {
        self.set.get(name).map(|&i| &*self.trees[i])
    }

    /// Go's tree set (name → tree), in the order the trees were parsed.
    pub fn tree_set(&self) -> Vec<&Tree> {
        self.shared_tree_set().into_iter().map(|t| &**t).collect()
    }

    /// [`Parse::tree_set`] as shared trees, for template sets to hold without copying them.
    pub fn shared_tree_set(&self) -> Vec<&std::sync::Arc<Tree>> {
        let mut idx: Vec<usize> = self.set.values().copied().collect();
        idx.sort_unstable();
        idx.into_iter().map(|i| &self.trees[i]).collect()
    }

    /// The error Go reports for this text (Go stops at its first error).
    pub fn first_error(&self) -> Option<&ParseError> {
        self.errors.first()
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

impl Tree {
    /// Go's `parse.IsEmptyTree` on the root: nothing but whitespace text and comments. An empty
    /// tree never replaces a non-empty one of the same name.
    pub fn is_empty(&self) -> bool {
        parser::is_empty_tree(&self.root)
    }
}

/// Parses `text` as Go's `parse.Parse(name, text, left, right, funcs)` does, in
/// `ParseComments` mode (comments are kept as nodes, which changes nothing else), without ever
/// failing: errors are collected and a best-effort tree is built around them.
pub fn parse(text: &str, opts: &ParseOptions<'_>) -> Parse {
    parser::Parser::new(text, opts).run()
}

/// Go's `ErrorContext` location for byte offset `pos` of `text`: the 1-based line and the
/// 0-based byte column (Go prints `NAME:LINE:COL`).
pub fn go_line_col(text: &str, pos: u32) -> (u32, u32) {
    let pos = (pos as usize).min(text.len());
    let before = &text.as_bytes()[..pos];
    let line = 1 + memchr::memchr_iter(b'\n', before).count() as u32;
    let col = match memchr::memrchr(b'\n', before) {
        Some(nl) => pos - (nl + 1),
        None => pos,
    };
    (line, col as u32)
}
