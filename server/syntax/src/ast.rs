//! The syntax tree of a Go text/template, shaped like Go's `text/template/parse` nodes, with a
//! byte range on every node and on every field segment.
//!
//! Two positions are kept on most nodes:
//! - `range`: the full source extent of the node (what an editor highlights);
//! - `pos`: the byte offset Go's parser records as the node's `Pos`. Go's execution errors print
//!   `NAME:LINE:COL` computed from that offset (`Tree.ErrorContext`), and it is not always the
//!   start of `range` (an `{{if .x}}` node sits at `.x`; a chained field `.a.b` sits at `.b`).
//!   See [`crate::go_line_col`].
//!
//! Lines (`line`) are 1-based, counted as Go counts them, for the nodes where Go keeps a `Line`.

pub use compact_str::CompactString;
pub use smallvec::SmallVec;
use std::fmt;

use cw_base::TextRange;

/// One named template: the top-level text of a file, a `{{define}}` body or a `{{block}}` body.
/// Go's `parse.Parse` returns one tree per name; so does [`crate::Parse`].
#[derive(Clone, Debug, PartialEq)]
pub struct Tree {
    /// The template's name: the file name for the main tree, the quoted name for define/block.
    pub name: String,
    pub kind: TreeKind,
    /// The quoted name token of `{{define "x"}}` / `{{block "x" .}}`; `None` for the main tree.
    pub name_range: Option<TextRange>,
    /// The whole file for the main tree; from `{{define` to the end of its `{{end}}` otherwise.
    pub range: TextRange,
    pub root: List,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeKind {
    /// The top-level text of the parsed input.
    Main,
    /// A `{{define "name"}}...{{end}}` body.
    Define,
    /// A `{{block "name" pipeline}}...{{end}}` body (the call site is a [`TemplateCall`]).
    Block,
}

/// A sequence of nodes (Go's `ListNode`).
#[derive(Default)]
pub struct List {
    /// From the first to the end of the last node (empty at `pos` when there are none).
    pub range: TextRange,
    pub pos: u32,
    pub nodes: Vec<Node>,
}

/// A statement-level node.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(Text),
    Comment(Comment),
    /// `{{pipeline}}`: evaluate and print.
    Action(Action),
    If(Box<Branch>),
    Range(Box<Branch>),
    With(Box<Branch>),
    /// `{{template "name" pipeline}}`, also the call site of a `{{block}}`.
    Template(TemplateCall),
    Break(Keyword),
    Continue(Keyword),
}

/// Plain text. `text` has the trim markers already applied (Go's `TextNode.Text`).
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// The bytes of `text` in the source (after trimming).
    pub range: TextRange,
    /// Including the whitespace removed by `{{-` / `-}}` around it.
    pub full_range: TextRange,
    pub text: CompactString,
}

/// `{{/* comment */}}`; Go keeps these only in `ParseComments` mode, which changes nothing else.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    /// From the left delimiter to the end of the right delimiter.
    pub range: TextRange,
    /// Go's position: the `/*`.
    pub pos: u32,
    /// `/* comment */`, with the comment markers, as Go's `CommentNode.Text`.
    pub text: CompactString,
}

/// `{{pipeline}}` (Go's `ActionNode`).
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    /// From the left delimiter to the end of the right delimiter.
    pub range: TextRange,
    /// Go's position: the first token of the pipeline.
    pub pos: u32,
    pub line: u32,
    pub pipe: Pipeline,
}

/// `{{if}}`, `{{range}}` and `{{with}}` (Go's `BranchNode`).
///
/// `{{else if x}}` / `{{else with x}}` are represented as Go does: `else_list` holds a single
/// nested `If`/`With` node (and `else_chain` is set), whose `{{end}}` closes the whole chain.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    /// From the `{{` of the opening action to the end of the closing `{{end}}` (or as far as
    /// the parser got).
    pub range: TextRange,
    /// Go's position: the first token of the pipeline.
    pub pos: u32,
    pub line: u32,
    /// The keyword (`if`, `range`, `with`).
    pub keyword_range: TextRange,
    pub pipe: Pipeline,
    pub list: List,
    pub else_list: Option<List>,
    /// The `{{else}}` (or `{{else if ...` up to the `else` keyword) action.
    pub else_range: Option<TextRange>,
    /// True when the else list was written `{{else if}}` / `{{else with}}`.
    pub else_chain: bool,
    /// The closing `{{end}}`; `None` when missing (a parse error was reported).
    pub end_range: Option<TextRange>,
}

/// `{{template "name" pipeline}}` (Go's `TemplateNode`).
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateCall {
    pub range: TextRange,
    /// Go's position: the name token.
    pub pos: u32,
    pub line: u32,
    /// The unquoted name.
    pub name: String,
    pub name_range: TextRange,
    pub pipe: Option<Pipeline>,
    /// True when this is the call site of `{{block "name" pipeline}}...{{end}}`; `range` then
    /// covers the whole block up to its `{{end}}`.
    pub is_block: bool,
}

/// `{{break}}` or `{{continue}}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    /// The whole action.
    pub range: TextRange,
    /// Go's position: the keyword.
    pub pos: u32,
    pub line: u32,
}

/// A pipeline with optional declarations (Go's `PipeNode`): `$x := a | b c`.
#[derive(Default)]
pub struct Pipeline {
    /// From the first to the end of the last token (parentheses excluded).
    pub range: TextRange,
    /// Go's position: the first token.
    pub pos: u32,
    pub line: u32,
    /// `=` rather than `:=`.
    pub is_assign: bool,
    /// Declared or assigned variables, in order (each has no fields).
    pub decl: Vec<Variable>,
    pub cmds: Commands,
    /// For a parenthesised pipeline, the range including its parentheses.
    pub parens: Option<TextRange>,
}

/// The stages of a pipeline: one is kept inline (no allocation); derefs to `[Command]`.
pub type Commands = SmallVec<[Command; 1]>;

/// The operands of a command: a single one (`.Values.x`, `quote`) is kept inline; derefs to
/// `[Operand]`.
pub type Args = SmallVec<[Operand; 1]>;

/// One stage of a pipeline: operands separated by spaces (Go's `CommandNode`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Command {
    pub range: TextRange,
    pub pos: u32,
    pub args: Args,
}

/// An argument of a command.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// `.A.B`
    Field(Field),
    /// `$`, `$x`, `$x.A.B`
    Variable(Variable),
    /// `(pipeline).A`, `fn.A`: a term followed by fields.
    Chain(Chain),
    /// A function name.
    Identifier(Identifier),
    /// `.`
    Dot(Atom),
    /// `nil`
    Nil(Atom),
    Bool(BoolLit),
    Number(Number),
    String(StringLit),
    /// `(pipeline)`
    Pipe(Box<Pipeline>),
}

/// A name with its source range: one segment of a field chain (`Values` in `.Values.a`, the range
/// excludes the dot), or a variable name (`$x`, the range includes the `$`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: CompactString,
    pub range: TextRange,
}

/// The segments of a field path: most are `.Values.x`, kept inline (no allocation); longer
/// paths spill to the heap. Derefs to `[Ident]`.
pub type FieldPath = SmallVec<[Ident; 2]>;

/// The fields after a variable or a term (`$x.a`, `(f).a`); derefs to `[Ident]`.
pub type ChainFields = SmallVec<[Ident; 1]>;

/// `.A.B` (Go's `FieldNode`).
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub range: TextRange,
    /// Go's position: the first field token, or the first chained one (`.b` in `.a.b`).
    pub pos: u32,
    /// The segments, without dots.
    pub idents: FieldPath,
}

/// `$x.A.B` (Go's `VariableNode`: `Ident[0]` is `name`, the rest are `fields`).
#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    pub range: TextRange,
    /// Go's position: the variable token, or the first chained field.
    pub pos: u32,
    /// The variable, `$` included.
    pub name: Ident,
    pub fields: ChainFields,
}

/// A term followed by field accesses (Go's `ChainNode`).
#[derive(Clone, Debug, PartialEq)]
pub struct Chain {
    pub range: TextRange,
    /// Go's position: the first field after the term.
    pub pos: u32,
    pub node: Box<Operand>,
    pub fields: ChainFields,
}

/// A function name (Go's `IdentifierNode`).
#[derive(Clone, Debug, PartialEq)]
pub struct Identifier {
    pub range: TextRange,
    pub name: CompactString,
}

/// A node with no content: `.` or `nil`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Atom {
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoolLit {
    pub range: TextRange,
    pub value: bool,
}

/// A number or character constant, with every representation Go's `NumberNode` computes.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    pub range: TextRange,
    /// The source text (`0x1F`, `'a'`, `1e3`, `1+2i`).
    pub text: CompactString,
    pub is_int: bool,
    pub is_uint: bool,
    pub is_float: bool,
    pub is_complex: bool,
    pub int64: i64,
    pub uint64: u64,
    pub float64: f64,
    /// Real and imaginary parts.
    pub complex128: (f64, f64),
}

/// A string constant (Go's `StringNode`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringLit {
    pub range: TextRange,
    /// The source text with its quotes.
    pub quoted: CompactString,
    /// The unquoted value. Bytes of `\x` or octal escapes that are not UTF-8 are carried as
    /// `cw_base::gostr` says (U+10FF00 + byte).
    pub value: CompactString,
}

// Deeply nested input (thousands of parentheses or blocks) builds deep trees; dropping,
// cloning, comparing or printing them recursively could overflow a small thread stack, so the
// two recursive containers grow the stack on the heap when needed.
fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, f)
}

impl Clone for List {
    fn clone(&self) -> List {
        grow(|| List {
            range: self.range,
            pos: self.pos,
            nodes: self.nodes.clone(),
        })
    }
}

impl PartialEq for List {
    fn eq(&self, other: &List) -> bool {
        grow(|| self.range == other.range && self.pos == other.pos && self.nodes == other.nodes)
    }
}

impl fmt::Debug for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        grow(|| {
            f.debug_struct("List")
                .field("range", &self.range)
                .field("pos", &self.pos)
                .field("nodes", &self.nodes)
                .finish()
        })
    }
}

impl Clone for Pipeline {
    fn clone(&self) -> Pipeline {
        grow(|| Pipeline {
            range: self.range,
            pos: self.pos,
            line: self.line,
            is_assign: self.is_assign,
            decl: self.decl.clone(),
            cmds: self.cmds.clone(),
            parens: self.parens,
        })
    }
}

impl PartialEq for Pipeline {
    fn eq(&self, o: &Pipeline) -> bool {
        grow(|| {
            self.range == o.range
                && self.pos == o.pos
                && self.line == o.line
                && self.is_assign == o.is_assign
                && self.decl == o.decl
                && self.cmds == o.cmds
                && self.parens == o.parens
        })
    }
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        grow(|| {
            f.debug_struct("Pipeline")
                .field("range", &self.range)
                .field("pos", &self.pos)
                .field("line", &self.line)
                .field("is_assign", &self.is_assign)
                .field("decl", &self.decl)
                .field("cmds", &self.cmds)
                .field("parens", &self.parens)
                .finish()
        })
    }
}

// Only the nodes through which the tree nests need the stack check (the check is not free
// and most lists and pipelines are leaves).
impl Drop for List {
    fn drop(&mut self) {
        if self
            .nodes
            .iter()
            .any(|n| matches!(n, Node::If(_) | Node::Range(_) | Node::With(_)))
        {
            let nodes = std::mem::take(&mut self.nodes);
            grow(move || drop(nodes));
        }
    }
}

impl Drop for Pipeline {
    fn drop(&mut self) {
        if self.cmds.iter().any(|c| {
            c.args
                .iter()
                .any(|a| matches!(a, Operand::Pipe(_) | Operand::Chain(_)))
        }) {
            let cmds = std::mem::take(&mut self.cmds);
            grow(move || drop(cmds));
        }
    }
}

impl Node {
    /// The full source range of the node.
    pub fn range(&self) -> TextRange {
        match self {
            Node::Text(n) => n.range,
            Node::Comment(n) => n.range,
            Node::Action(n) => n.range,
            Node::If(n) | Node::Range(n) | Node::With(n) => n.range,
            Node::Template(n) => n.range,
            Node::Break(n) | Node::Continue(n) => n.range,
        }
    }

    /// Go's `Pos` for the node.
    pub fn pos(&self) -> u32 {
        match self {
            Node::Text(n) => n.range.start(),
            Node::Comment(n) => n.pos,
            Node::Action(n) => n.pos,
            Node::If(n) | Node::Range(n) | Node::With(n) => n.pos,
            Node::Template(n) => n.pos,
            Node::Break(n) | Node::Continue(n) => n.pos,
        }
    }
}

impl Operand {
    /// The full source range (for a parenthesised pipeline, including the parentheses).
    pub fn range(&self) -> TextRange {
        match self {
            Operand::Field(n) => n.range,
            Operand::Variable(n) => n.range,
            Operand::Chain(n) => n.range,
            Operand::Identifier(n) => n.range,
            Operand::Dot(n) | Operand::Nil(n) => n.range,
            Operand::Bool(n) => n.range,
            Operand::Number(n) => n.range,
            Operand::String(n) => n.range,
            Operand::Pipe(n) => n.outer_range(),
        }
    }

    /// Go's `Pos` for the node.
    pub fn pos(&self) -> u32 {
        match self {
            Operand::Field(n) => n.pos,
            Operand::Variable(n) => n.pos,
            Operand::Chain(n) => n.pos,
            Operand::Pipe(n) => n.pos,
            other => other.range().start(),
        }
    }
}

impl Pipeline {
    /// The range including the parentheses of a parenthesised pipeline; `range` otherwise.
    pub fn outer_range(&self) -> TextRange {
        self.parens.unwrap_or(self.range)
    }
}

impl Field {
    /// The dotted path, `.A.B`.
    pub fn path(&self) -> String {
        let mut s = String::with_capacity(self.range.len() as usize);
        for id in &self.idents {
            s.push('.');
            s.push_str(&id.name);
        }
        s
    }
}
