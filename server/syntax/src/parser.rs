//! The template parser: a port of Go's `text/template/parse/parse.go` that keeps going after an
//! error. It reads the same tokens in the same order with the same three-token look-ahead as Go,
//! so the first error it records (text and line) is the one Go reports; after an error it skips
//! to the end of the broken action and carries on, building a best-effort tree.

use std::collections::HashMap;

use cw_base::TextRange;

use crate::ast::*;
use crate::lexer::{Item, Lexer, T};
use crate::strconv::{self, quote, quote_prefix};
use crate::{Parse, ParseError, ParseOptions};

/// Go's `maxStackDepth`: nested parenthesised pipelines.
pub const MAX_PAREN_DEPTH: u32 = 10_000;
/// Go's `maxPipelineCmds`.
pub const MAX_PIPELINE_CMDS: usize = 100_000;
/// Nesting of `if`/`range`/`with`/`block`. Go has no limit (its stacks grow); this bounds the
/// depth of the tree every consumer walks. Past it: `max nesting depth exceeded`.
pub const MAX_NESTING: u32 = 10_000;
/// Errors recorded past this many are dropped (the first one is what Go reports).
const MAX_ERRORS: usize = 1000;

/// Marks that an error was recorded and the current action must be abandoned.
pub(crate) struct Bail;
type PResult<T> = Result<T, Bail>;

/// What `textOrAction` produced.
#[allow(clippy::large_enum_variant)] // short-lived; boxing would cost an allocation per node
enum Parsed {
    Node(Node),
    /// `{{end}}`, with its range.
    End(TextRange),
    /// `{{else}}` (or `{{else` of `{{else if`): the range of the action so far, and the
    /// position Go gives the node.
    Else(TextRange),
    /// Nothing usable (an error was recorded).
    Nothing,
}

/// How an item list ended.
enum ListEnd {
    End(TextRange),
    Else(TextRange),
    Eof,
}

/// Per-tree state that Go keeps on each `Tree` (a define or block body starts afresh).
struct TreeState<'a> {
    vars: Vec<&'a str>,
    range_depth: u32,
    stack_depth: u32,
    action_delim: Item,
    token0: Item,
}

pub(crate) struct Parser<'a> {
    lex: Lexer<'a>,
    src: &'a str,
    name: &'a str,
    funcs: &'a dyn Fn(&str) -> bool,
    skip_func_check: bool,
    /// Go's three-token look-ahead (a fourth slot lets indices be masked, not bounds-checked).
    token: [Item; 4],
    peek_count: usize,
    vars: Vec<&'a str>,
    /// The left delimiter of the action being parsed (`Item::NONE` outside actions): Go's
    /// `actionLine`, counted only when an error needs it.
    action_delim: Item,
    range_depth: u32,
    stack_depth: u32,
    nesting: u32,
    /// The last end token (`}}` or `)`) that completed a pipeline.
    last_pipe_end: Item,
    eof_reported: bool,
    /// The opening `{{if ...` (etc.) of each block being parsed, innermost last.
    open_blocks: Vec<TextRange>,
    errors: Vec<ParseError>,
    trees: Vec<Tree>,
    set: HashMap<String, usize>,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(src: &'a str, opts: &'a ParseOptions<'a>) -> Parser<'a> {
        let mut lex = Lexer::new(src, opts.left_delim, opts.right_delim);
        let has = |n: &str| (opts.funcs)(n);
        lex.break_ok = !has("break");
        lex.continue_ok = !has("continue");
        Parser {
            lex,
            src,
            name: opts.name,
            funcs: opts.funcs,
            skip_func_check: opts.skip_func_check,
            token: [Item::NONE; 4],
            peek_count: 0,
            vars: vec!["$"],
            action_delim: Item::NONE,
            range_depth: 0,
            stack_depth: 0,
            nesting: 0,
            last_pipe_end: Item::NONE,
            eof_reported: false,
            open_blocks: Vec::new(),
            errors: Vec::new(),
            trees: Vec::new(),
            set: HashMap::new(),
        }
    }

    pub(crate) fn run(mut self) -> Parse {
        let root = self.parse_top();
        let main = Tree {
            name: self.name.to_string(),
            kind: TreeKind::Main,
            name_range: None,
            range: TextRange::from_usize(0, self.src.len()),
            root,
        };
        let main_index = self.add_tree(main);
        Parse {
            name: self.name.to_string(),
            trees: self.trees.into_iter().map(std::sync::Arc::new).collect(),
            main: main_index,
            set: self.set,
            errors: self.errors,
        }
    }

    // ---- token stream (Go's next/backup/peek) ----

    #[inline]
    fn next(&mut self) -> Item {
        if self.peek_count > 0 {
            self.peek_count -= 1;
            self.token[self.peek_count & 3]
        } else {
            let t = self.lex.next_item();
            self.token[0] = t;
            t
        }
    }

    #[inline]
    fn backup(&mut self) {
        self.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item, t1: Item) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peek_count = 3;
    }

    #[inline]
    fn peek(&mut self) -> Item {
        if self.peek_count > 0 {
            return self.token[(self.peek_count - 1) & 3];
        }
        self.peek_count = 1;
        let t = self.lex.next_item();
        self.token[0] = t;
        t
    }

    #[inline]
    fn next_non_space(&mut self) -> Item {
        loop {
            let t = self.next();
            if !t.is(T::Space) {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item {
        let t = self.next_non_space();
        self.backup();
        t
    }

    /// The 1-based line of a token, as Go's lexer counts it (0 for a new tree's empty token).
    fn line(&mut self, t: Item) -> u32 {
        if t.pos() == u32::MAX {
            return 0;
        }
        self.lex.line_at(t.pos() as usize)
    }

    fn val(&self, t: Item) -> &'a str {
        &self.src[t.pos() as usize..t.end() as usize]
    }

    fn range(t: Item) -> TextRange {
        TextRange::new(t.pos(), t.end())
    }

    // ---- errors ----

    #[cold]
    #[inline(never)]
    fn errorf(&mut self, message: String, range: TextRange) -> Bail {
        if self.errors.len() < MAX_ERRORS {
            let line = self.line(self.token[0]);
            self.errors.push(ParseError {
                message,
                range,
                line,
                template: self.name.to_string(),
            });
        }
        Bail
    }

    #[cold]
    #[inline(never)]
    fn errorf_at_line(&mut self, message: String, range: TextRange, line: u32) -> Bail {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(ParseError {
                message,
                range,
                line,
                template: self.name.to_string(),
            });
        }
        Bail
    }

    /// Go's `item.String()`.
    #[cold]
    #[inline(never)]
    fn item_string(&self, t: Item) -> String {
        match t.typ() {
            T::Eof => "EOF".to_string(),
            T::Error => self.lex.messages[t.aux() as usize].clone(),
            k if k.is_keyword() => format!("<{}>", self.val(t)),
            _ => {
                let v = self.val(t);
                if v.len() > 10 {
                    format!("{}...", quote_prefix(v, 10))
                } else {
                    quote(v)
                }
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn unexpected(&mut self, t: Item, context: &str) -> Bail {
        if t.is(T::Error) {
            let msg = self.item_string(t);
            let mut extra = String::new();
            let action_line = self.line(self.action_delim);
            if action_line != 0 && action_line != self.line(t) {
                extra = format!(" in action started at {}:{}", self.name, action_line);
                if msg.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            // `unclosed action` is found at the end of the text: point at the action's `{{`.
            let range = if t.pos() == t.end()
                && msg == "unclosed action"
                && !self.action_delim.is(T::Eof)
            {
                Self::range(self.action_delim)
            } else {
                Self::range(t)
            };
            return self.errorf(format!("{msg}{extra}"), range);
        }
        let msg = format!("unexpected {} in {}", self.item_string(t), context);
        self.errorf(msg, Self::range(t))
    }

    fn expect(&mut self, expected: T, context: &str) -> PResult<Item> {
        let t = self.next_non_space();
        if !t.is(expected) {
            return Err(self.unexpected(t, context));
        }
        Ok(t)
    }

    /// Skips the rest of the current action, its right delimiter included (if not consumed yet).
    fn recover_action(&mut self) {
        loop {
            let t = self.peek();
            match t.typ() {
                T::Eof | T::Text | T::LeftDelim | T::Comment => break,
                T::RightDelim => {
                    self.next();
                    break;
                }
                _ => {
                    self.next();
                }
            }
        }
    }

    /// Go's `unexpected EOF`, reported once, at the innermost unclosed block's opening action
    /// (or at the end of the text).
    fn report_eof(&mut self) {
        if !self.eof_reported {
            self.eof_reported = true;
            let p = self.src.len() as u32;
            let range = self
                .open_blocks
                .last()
                .copied()
                .unwrap_or(TextRange::empty(p));
            self.errorf("unexpected EOF".into(), range);
        }
    }

    // ---- trees ----

    fn enter_tree(&mut self) -> TreeState<'a> {
        let saved = TreeState {
            vars: std::mem::replace(&mut self.vars, vec!["$"]),
            range_depth: std::mem::take(&mut self.range_depth),
            stack_depth: std::mem::take(&mut self.stack_depth),
            action_delim: std::mem::replace(&mut self.action_delim, Item::NONE),
            token0: self.token[0],
        };
        // A new Go tree starts with an empty token buffer (after a well-formed header nothing is
        // pending; after a broken one the pending token must survive).
        if self.peek_count == 0 {
            self.token[0] = Item::NONE;
        }
        saved
    }

    fn leave_tree(&mut self, s: TreeState<'a>) {
        self.vars = s.vars;
        self.range_depth = s.range_depth;
        self.stack_depth = s.stack_depth;
        self.action_delim = s.action_delim;
        if self.peek_count == 0 {
            self.token[0] = s.token0;
        }
    }

    /// Go's `Tree.add`: installs the tree in the set (an empty tree never replaces a non-empty
    /// one; two non-empty trees of one name are an error). Every tree is kept for the IDE.
    fn add_tree(&mut self, tree: Tree) -> usize {
        let idx = self.trees.len();
        let name = tree.name.clone();
        let range = tree
            .name_range
            .unwrap_or(TextRange::empty(tree.range.start()));
        let empty = is_empty_tree(&tree.root);
        self.trees.push(tree);
        match self.set.get(&name) {
            None => {
                self.set.insert(name, idx);
            }
            Some(&old) if is_empty_tree(&self.trees[old].root) => {
                self.set.insert(name, idx);
            }
            Some(_) => {
                if !empty {
                    let msg = format!("template: multiple definition of template {}", quote(&name));
                    self.errorf(msg, range);
                }
            }
        }
        idx
    }

    fn new_list(pos: u32) -> List {
        List {
            range: TextRange::empty(pos),
            pos,
            nodes: Vec::new(),
        }
    }

    #[inline(always)]
    fn push_node(list: &mut List, n: Node) {
        let r = n.range();
        if list.nodes.is_empty() {
            list.range = r;
        } else {
            list.range = list.range.cover(r);
        }
        list.nodes.push(n);
    }

    // ---- grammar ----

    fn parse_top(&mut self) -> List {
        let mut root = Self::new_list(self.peek().pos());
        // A text has roughly one top-level node per 100 bytes; reserving avoids regrowing
        // the largest vector of the tree.
        root.nodes.reserve((self.src.len() / 100).min(1 << 16));
        while !self.peek().is(T::Eof) {
            if self.peek().is(T::LeftDelim) {
                let delim = self.next();
                let kw = self.next_non_space();
                if kw.is(T::Define) {
                    self.parse_definition(delim);
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action(&mut root) {
                Parsed::Node(n) => Self::push_node(&mut root, n),
                Parsed::End(r) => {
                    self.errorf("unexpected {{end}}".into(), r);
                }
                Parsed::Else(r) => {
                    self.errorf("unexpected {{else}}".into(), r);
                    // Go's elseControl leaves a following `if`/`with` pending.
                    self.recover_action();
                }
                Parsed::Nothing => {}
            }
        }
        root
    }

    fn parse_definition(&mut self, delim: Item) {
        const CONTEXT: &str = "define clause";
        let saved = self.enter_tree();
        let mut name = String::new();
        let mut name_range = None;
        let header = (|| -> PResult<()> {
            let t = self.next_non_space();
            if !t.is(T::String) && !t.is(T::RawString) {
                return Err(self.unexpected(t, CONTEXT));
            }
            name_range = Some(Self::range(t));
            match strconv::unquote(self.val(t)) {
                Ok(s) => name = s.into(),
                Err(()) => return Err(self.errorf(strconv::INVALID_SYNTAX.into(), Self::range(t))),
            }
            self.expect(T::RightDelim, CONTEXT)?;
            Ok(())
        })();
        let header_ok = header.is_ok();
        if !header_ok {
            self.recover_action();
        }
        let header_end = name_range.map_or(delim.end(), |r: TextRange| r.end());
        self.open_blocks
            .push(TextRange::new(delim.pos(), header_end));
        let (root, end) = self.item_list_nested();
        self.open_blocks.pop();
        let (root, end_range) = self.finish_stray_else(end, CONTEXT, root, None);
        let tree_end = end_range.map_or(self.src.len() as u32, |r| r.end());
        let tree = Tree {
            name,
            kind: TreeKind::Define,
            name_range,
            range: TextRange::new(delim.pos(), tree_end.max(delim.pos())),
            root,
        };
        if header_ok {
            self.add_tree(tree);
        } else {
            self.trees.push(tree);
        }
        self.leave_tree(saved);
    }

    /// After an item list ended: `{{else}}` where only `{{end}}` may come is an error
    /// (`unexpected {{else}} in CONTEXT`); recovery keeps collecting nodes up to `{{end}}`.
    fn finish_stray_else(
        &mut self,
        end: ListEnd,
        context: &str,
        mut list: List,
        outer_token: Option<Item>,
    ) -> (List, Option<TextRange>) {
        let mut end = end;
        let mut outer_token = outer_token;
        loop {
            match end {
                ListEnd::End(r) => return (list, Some(r)),
                ListEnd::Eof => return (list, None),
                ListEnd::Else(r) => {
                    let msg = format!("unexpected {{{{else}}}} in {context}");
                    match outer_token.take() {
                        Some(t) => {
                            let l = self.line(t);
                            self.errorf_at_line(msg, r, l)
                        }
                        None => self.errorf(msg, r),
                    };
                    self.recover_action();
                    let (more, e) = self.item_list_nested();
                    for n in more_nodes(more) {
                        Self::push_node(&mut list, n);
                    }
                    end = e;
                }
            }
        }
    }

    /// `itemList` with a nesting check and stack growth.
    fn item_list_nested(&mut self) -> (List, ListEnd) {
        stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || self.item_list())
    }

    fn item_list(&mut self) -> (List, ListEnd) {
        let mut list = List::default();
        let end = self.item_list_into(&mut list);
        (list, end)
    }

    /// `itemList` into an empty list (a branch's, already in place).
    fn item_list_into(&mut self, list: &mut List) -> ListEnd {
        let pos = self.peek_non_space().pos();
        list.pos = pos;
        list.range = TextRange::empty(pos);
        while !self.peek_non_space().is(T::Eof) {
            match self.text_or_action(list) {
                Parsed::Node(n) => Self::push_node(list, n),
                Parsed::End(r) => return ListEnd::End(r),
                Parsed::Else(r) => return ListEnd::Else(r),
                Parsed::Nothing => {}
            }
        }
        self.report_eof();
        ListEnd::Eof
    }

    /// Parses the next text, comment or action; text and plain actions are appended to `list`
    /// in place (nodes are large), other nodes are returned.
    fn text_or_action(&mut self, list: &mut List) -> Parsed {
        let t = self.next_non_space();
        match t.typ() {
            T::Text => {
                let (s, e) = self.lex.full_range(t);
                Self::push_node(
                    list,
                    Node::Text(Text {
                        range: Self::range(t),
                        full_range: TextRange::new(s, e),
                        text: CompactString::new(self.val(t)),
                    }),
                );
                Parsed::Nothing
            }
            T::LeftDelim => {
                self.action_delim = t;
                let r = self.action(t, list);
                self.action_delim = Item::NONE;
                r
            }
            T::Comment => Parsed::Node(Node::Comment(Comment {
                range: {
                    let (s, e) = self.lex.full_range(t);
                    TextRange::new(s, e)
                },
                pos: t.pos(),
                text: CompactString::new(self.val(t)),
            })),
            _ => {
                self.unexpected(t, "input");
                self.recover_action();
                Parsed::Nothing
            }
        }
    }

    fn action_range(&self, delim: Item) -> TextRange {
        let end = if self.lex.last_rdelim_end >= delim.end() {
            self.lex.last_rdelim_end
        } else {
            self.token[0].end().max(delim.end())
        };
        TextRange::new(delim.pos(), end)
    }

    fn action(&mut self, delim: Item, list: &mut List) -> Parsed {
        let t = self.next_non_space();
        match t.typ() {
            T::Block => return self.block_control(delim),
            T::Break | T::Continue => return self.break_control(delim, t),
            T::Else => return self.else_control(delim),
            T::End => return self.end_control(delim),
            T::If | T::Range | T::With => return self.branch_control(delim, t),
            T::Template => return self.template_control(delim),
            _ => {}
        }
        self.backup();
        let t = self.peek();
        list.nodes.push(Node::Action(Action {
            range: TextRange::empty(delim.pos()),
            pos: t.pos(),
            line: 0,
            pipe: Pipeline::default(),
        }));
        let first = list.nodes.len() == 1;
        if let Some(Node::Action(a)) = list.nodes.last_mut() {
            if self
                .pipeline("command", T::RightDelim, &mut a.pipe)
                .is_err()
            {
                self.recover_action();
            }
            a.range = self.action_range(delim);
            a.line = self.line(t);
            list.range = if first {
                a.range
            } else {
                list.range.cover(a.range)
            };
        }
        Parsed::Nothing
    }

    fn break_control(&mut self, delim: Item, kw: Item) -> Parsed {
        let is_break = kw.is(T::Break);
        let word = if is_break {
            "{{break}}"
        } else {
            "{{continue}}"
        };
        let t = self.next_non_space();
        if !t.is(T::RightDelim) {
            self.unexpected(t, word);
            self.recover_action();
        } else if self.range_depth == 0 {
            let msg = format!("{word} outside {{{{range}}}}");
            self.errorf(msg, TextRange::new(delim.pos(), t.end()));
        }
        let k = Keyword {
            range: self.action_range(delim),
            pos: kw.pos(),
            line: self.line(kw),
        };
        Parsed::Node(if is_break {
            Node::Break(k)
        } else {
            Node::Continue(k)
        })
    }

    fn end_control(&mut self, delim: Item) -> Parsed {
        if self.expect(T::RightDelim, "end").is_err() {
            self.recover_action();
        }
        Parsed::End(self.action_range(delim))
    }

    fn else_control(&mut self, delim: Item) -> Parsed {
        let p = self.peek_non_space();
        if p.is(T::If) || p.is(T::With) {
            return Parsed::Else(TextRange::new(delim.pos(), p.pos()));
        }
        if self.expect(T::RightDelim, "else").is_err() {
            self.recover_action();
        }
        Parsed::Else(self.action_range(delim))
    }

    fn branch_control(&mut self, delim: Item, kw: Item) -> Parsed {
        let context = match kw.typ() {
            T::If => "if",
            T::Range => "range",
            _ => "with",
        };
        if self.nesting >= MAX_NESTING {
            self.errorf(
                "max nesting depth exceeded".into(),
                TextRange::new(delim.pos(), kw.end()),
            );
            self.recover_action();
            return Parsed::Nothing;
        }
        self.nesting += 1;
        self.open_blocks.push(TextRange::new(delim.pos(), kw.end()));
        // Built in place (a branch is large).
        let mut b = Box::new(Branch {
            range: TextRange::new(delim.pos(), delim.end()),
            pos: 0,
            line: 0,
            keyword_range: Self::range(kw),
            pipe: Pipeline::default(),
            list: List::default(),
            else_list: None,
            else_range: None,
            else_chain: false,
            end_range: None,
        });
        stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || {
            self.parse_control(context, delim, &mut b)
        });
        self.open_blocks.pop();
        self.nesting -= 1;
        Parsed::Node(match kw.typ() {
            T::If => Node::If(b),
            T::Range => Node::Range(b),
            _ => Node::With(b),
        })
    }

    fn parse_control(&mut self, context: &str, delim: Item, b: &mut Branch) {
        let vars_len = self.vars.len();
        if self.pipeline(context, T::RightDelim, &mut b.pipe).is_err() {
            self.recover_action();
        }
        b.pos = b.pipe.pos;
        b.line = b.pipe.line;
        if context == "range" {
            self.range_depth += 1;
        }
        let next = stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || {
            self.item_list_into(&mut b.list)
        });
        if context == "range" {
            self.range_depth -= 1;
        }
        match next {
            ListEnd::End(r) => b.end_range = Some(r),
            ListEnd::Eof => {}
            ListEnd::Else(er) => {
                b.else_range = Some(er);
                let p = self.peek();
                if (context == "if" && p.is(T::If)) || (context == "with" && p.is(T::With)) {
                    let kw2 = self.next();
                    let mut else_list = Self::new_list(er.start());
                    let nested_delim = kw2.at(er.start(), er.start());
                    if let Parsed::Node(n) = self.branch_control(nested_delim, kw2) {
                        if let Node::If(nb) | Node::With(nb) = &n {
                            b.end_range = nb.end_range;
                        }
                        Self::push_node(&mut else_list, n);
                    }
                    b.else_list = Some(else_list);
                    b.else_chain = true;
                } else {
                    let (mut else_list, mut next) = self.item_list_nested();
                    loop {
                        match next {
                            ListEnd::End(r) => {
                                b.end_range = Some(r);
                                break;
                            }
                            ListEnd::Eof => break,
                            ListEnd::Else(r) => {
                                self.errorf("expected end; found {{else}}".into(), r);
                                self.recover_action();
                                let (more, n) = self.item_list_nested();
                                for node in more_nodes(more) {
                                    Self::push_node(&mut else_list, node);
                                }
                                next = n;
                            }
                        }
                    }
                    b.else_list = Some(else_list);
                }
            }
        }
        let end = match (&b.end_range, &b.else_list) {
            (Some(r), _) => r.end(),
            (None, Some(l)) if !l.nodes.is_empty() => l.range.end(),
            _ if !b.list.nodes.is_empty() => b.list.range.end(),
            _ => self.lex.last_rdelim_end.max(delim.end()),
        };
        b.range = TextRange::new(delim.pos(), end.max(delim.end()));
        self.vars.truncate(vars_len);
    }

    fn parse_template_name(&mut self, t: Item, context: &str) -> PResult<String> {
        match t.typ() {
            T::String | T::RawString => match strconv::unquote(self.val(t)) {
                Ok(s) => Ok(s.into()),
                Err(()) => Err(self.errorf(strconv::INVALID_SYNTAX.into(), Self::range(t))),
            },
            _ => Err(self.unexpected(t, context)),
        }
    }

    fn template_control(&mut self, delim: Item) -> Parsed {
        const CONTEXT: &str = "template clause";
        let t = self.next_non_space();
        let name = match self.parse_template_name(t, CONTEXT) {
            Ok(n) => n,
            Err(Bail) => {
                self.recover_action();
                return Parsed::Node(Node::Template(TemplateCall {
                    range: self.action_range(delim),
                    pos: t.pos(),
                    line: self.line(t),
                    name: String::new(),
                    name_range: TextRange::empty(t.pos()),
                    pipe: None,
                    is_block: false,
                }));
            }
        };
        let mut pipe = None;
        if !self.next_non_space().is(T::RightDelim) {
            self.backup();
            let mut p = Pipeline::default();
            if self.pipeline(CONTEXT, T::RightDelim, &mut p).is_err() {
                self.recover_action();
            }
            pipe = Some(p);
        }
        Parsed::Node(Node::Template(TemplateCall {
            range: self.action_range(delim),
            pos: t.pos(),
            line: self.line(t),
            name,
            name_range: Self::range(t),
            pipe,
            is_block: false,
        }))
    }

    fn block_control(&mut self, delim: Item) -> Parsed {
        const CONTEXT: &str = "block clause";
        let t = self.next_non_space();
        let (name, name_ok) = match self.parse_template_name(t, CONTEXT) {
            Ok(n) => (n, true),
            Err(Bail) => {
                self.recover_action();
                (String::new(), false)
            }
        };
        let mut pipe = Pipeline::default();
        if name_ok && self.pipeline(CONTEXT, T::RightDelim, &mut pipe).is_err() {
            self.recover_action();
        }
        if self.nesting >= MAX_NESTING {
            self.errorf(
                "max nesting depth exceeded".into(),
                TextRange::new(delim.pos(), t.end()),
            );
            return Parsed::Nothing;
        }
        self.nesting += 1;
        let saved = self.enter_tree();
        self.open_blocks
            .push(TextRange::new(delim.pos(), t.end().max(delim.end())));
        let (root, end) = self.item_list_nested();
        self.open_blocks.pop();
        self.nesting -= 1;
        // Errors about the block's end are the outer tree's (Go's `t.errorf`), while the
        // multiple-definition check runs on the block's own tree.
        // `unexpected {{else}} in block clause` is reported by the outer tree (Go's `t.errorf`),
        // with the outer tree's last token line.
        let (root, end_range) = self.finish_stray_else(end, CONTEXT, root, Some(saved.token0));
        let end = end_range.map_or(self.src.len() as u32, |r| r.end());
        let tree = Tree {
            name: name.clone(),
            kind: TreeKind::Block,
            name_range: Some(Self::range(t)),
            range: TextRange::new(delim.pos(), end.max(delim.pos())),
            root,
        };
        if name_ok {
            self.add_tree(tree);
        } else {
            self.trees.push(tree);
        }
        self.leave_tree(saved);
        Parsed::Node(Node::Template(TemplateCall {
            range: TextRange::new(delim.pos(), end.max(delim.end())),
            pos: t.pos(),
            line: self.line(t),
            name,
            name_range: Self::range(t),
            pipe: Some(pipe),
            is_block: true,
        }))
    }

    // ---- pipelines ----

    fn pipeline(&mut self, context: &str, end: T, pipe: &mut Pipeline) -> PResult<()> {
        let t = self.peek_non_space();
        pipe.pos = t.pos();
        pipe.line = self.line(t);
        pipe.range = TextRange::empty(t.pos());
        if self.peek_non_space().is(T::Variable) {
            self.declarations(context, pipe)?;
        }
        loop {
            let t = self.next_non_space();
            if t.is(end) {
                self.last_pipe_end = t;
                return self.check_pipeline(pipe, context, t);
            }
            match t.typ() {
                T::Bool
                | T::CharConstant
                | T::Complex
                | T::Dot
                | T::Field
                | T::Identifier
                | T::Number
                | T::Nil
                | T::RawString
                | T::String
                | T::Variable
                | T::LeftParen => {
                    self.backup();
                    let mut cmd = Command {
                        range: TextRange::empty(t.pos()),
                        pos: t.pos(),
                        args: Args::new(),
                    };
                    let r = self.command(&mut cmd);
                    if !cmd.args.is_empty() {
                        pipe.range = pipe.range.cover(cmd.range);
                        pipe.cmds.push(cmd);
                    }
                    r?;
                    if pipe.cmds.len() > MAX_PIPELINE_CMDS {
                        return Err(self.errorf("pipeline too long".into(), pipe.range));
                    }
                }
                _ => return Err(self.unexpected(t, context)),
            }
        }
    }

    /// The variables a pipeline declares or assigns (`$x :=`, `$i, $v :=`, `$x =`), if any
    /// (the first token is a variable). Out of line: pipelines nest, and this keeps their
    /// frames small.
    #[inline(never)]
    fn declarations(&mut self, context: &str, pipe: &mut Pipeline) -> PResult<()> {
        loop {
            let v = self.peek_non_space();
            if !v.is(T::Variable) {
                break;
            }
            self.next();
            let after = self.peek();
            let next = self.peek_non_space();
            if next.is(T::Assign) || next.is(T::Declare) {
                pipe.is_assign = next.is(T::Assign);
                let op = self.next_non_space();
                pipe.decl.push(self.new_variable(v));
                pipe.range = pipe.range.cover(Self::range(op));
                self.vars.push(self.val(v));
            } else if next.is(T::Char) && self.val(next) == "," {
                let comma = self.next_non_space();
                pipe.decl.push(self.new_variable(v));
                pipe.range = pipe.range.cover(Self::range(comma));
                self.vars.push(self.val(v));
                if context == "range" && pipe.decl.len() < 2 {
                    let p = self.peek_non_space();
                    match p.typ() {
                        T::Variable | T::RightDelim | T::RightParen => continue,
                        _ => {
                            return Err(self.errorf(
                                "range can only initialize variables".into(),
                                Self::range(p),
                            ))
                        }
                    }
                }
                return Err(self.errorf(
                    format!("too many declarations in {context}"),
                    Self::range(comma),
                ));
            } else if after.is(T::Space) {
                self.backup3(v, after);
            } else {
                self.backup2(v);
            }
            break;
        }
        Ok(())
    }

    fn check_pipeline(&mut self, pipe: &Pipeline, context: &str, end: Item) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return Err(self.errorf(format!("missing value for {context}"), Self::range(end)));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if let Some(
                a @ (Operand::Bool(_)
                | Operand::Dot(_)
                | Operand::Nil(_)
                | Operand::Number(_)
                | Operand::String(_)),
            ) = c.args.first()
            {
                let r = a.range();
                return Err(self.errorf(
                    format!("non executable command in pipeline stage {}", i + 1),
                    r,
                ));
            }
        }
        Ok(())
    }

    fn command(&mut self, cmd: &mut Command) -> PResult<()> {
        let first = self.peek_non_space();
        cmd.pos = first.pos();
        cmd.range = TextRange::empty(first.pos());
        loop {
            self.peek_non_space();
            self.operand(cmd)?;
            let t = self.next();
            match t.typ() {
                T::Space => continue,
                T::RightDelim | T::RightParen => self.backup(),
                T::Pipe => {}
                _ => {
                    if let (T::Dot, Some(last)) = (t.typ(), cmd.args.last_mut()) {
                        Self::trailing_dot(last, t);
                        cmd.range = cmd.range.cover(last.range());
                    }
                    return Err(self.unexpected(t, "operand"));
                }
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err(self.errorf("empty command".into(), cmd.range));
        }
        Ok(())
    }

    /// Appends an operand to a command's arguments (built in place: an operand is large).
    #[inline(always)]
    fn push_arg(args: &mut Args, op: Operand) {
        if args.len() == 1 && !args.spilled() {
            // Straight to six places: most calls with arguments have two to six (`include
            // "x" .`, `dict "k" v "k2" v2`); growing later costs a reallocation and a copy.
            args.reserve_exact(5);
        }
        args.push(op);
    }

    /// Parses an operand into `cmd.args` (on error, what was parsed is appended too).
    #[inline(always)]
    fn operand(&mut self, cmd: &mut Command) -> PResult<()> {
        let n = cmd.args.len();
        let mut r = self.term(&mut cmd.args);
        if cmd.args.len() == n {
            return r;
        }
        if r.is_ok() && self.peek().is(T::Field) {
            r = self.chain(&mut cmd.args);
        }
        if let Some(last) = cmd.args.last() {
            let range = last.range();
            cmd.range = if n == 0 {
                range
            } else {
                cmd.range.cover(range)
            };
        }
        r
    }

    /// `.Values.` (a dot right after a field path) is Go's `unexpected <.> in operand`; for the
    /// editor, the path gets an empty last segment after that dot, which is where completion
    /// happens. The errors are unchanged.
    #[cold]
    fn trailing_dot(node: &mut Operand, dot: Item) {
        if node.range().end() != dot.pos() || dot.end() != dot.pos() + 1 {
            return;
        }
        let seg = Ident {
            name: CompactString::default(),
            range: TextRange::empty(dot.end()),
        };
        let range = match node {
            Operand::Field(f) => {
                f.idents.push(seg);
                &mut f.range
            }
            Operand::Variable(v) => {
                v.fields.push(seg);
                &mut v.range
            }
            Operand::Chain(c) => {
                c.fields.push(seg);
                &mut c.range
            }
            _ => return,
        };
        *range = TextRange::new(range.start(), dot.end());
    }

    /// The field tokens after the last operand of `args` (the next token is a field).
    fn chain(&mut self, args: &mut Args) -> PResult<()> {
        let chain_pos = self.peek().pos();
        // Fields and variables take the segments in place (no temporary vector).
        match args.last_mut() {
            Some(Operand::Field(f)) => {
                let end = self.field_segments(&mut f.idents);
                f.range = TextRange::new(f.range.start(), end);
                f.pos = chain_pos;
                return Ok(());
            }
            Some(Operand::Variable(v)) => {
                let end = self.field_segments(&mut v.fields);
                v.range = TextRange::new(v.range.start(), end);
                v.pos = chain_pos;
                return Ok(());
            }
            _ => {}
        }
        let mut fields = ChainFields::new();
        let end = self.field_segments(&mut fields);
        let Some(node) = args.pop() else {
            return Ok(());
        };
        let range = TextRange::new(node.range().start(), end);
        match node {
            Operand::Bool(_)
            | Operand::String(_)
            | Operand::Number(_)
            | Operand::Nil(_)
            | Operand::Dot(_) => {
                let msg = format!("unexpected . after term {}", quote(&node.to_string()));
                let r = node.range();
                args.push(node);
                Err(self.errorf(msg, r))
            }
            other => {
                args.push(Operand::Chain(Chain {
                    range,
                    pos: chain_pos,
                    node: Box::new(other),
                    fields,
                }));
                Ok(())
            }
        }
    }

    /// Appends the field tokens that follow a term; returns the end of the last.
    #[inline]
    fn field_segments<A: smallvec::Array<Item = Ident>>(&mut self, segs: &mut SmallVec<A>) -> u32 {
        let mut end = 0;
        while self.peek().is(T::Field) {
            let f = self.next();
            segs.push(Ident {
                name: CompactString::new(&self.val(f)[1..]),
                range: TextRange::new(f.pos() + 1, f.end()),
            });
            end = f.end();
        }
        end
    }

    /// Parses a term and appends it to `args` (on error, what was parsed, if anything); appends
    /// nothing when the next token starts no term. Fields (most terms) are parsed here, the
    /// others out of line, so that the frames on the path of nested parentheses stay small.
    #[inline(always)]
    fn term(&mut self, args: &mut Args) -> PResult<()> {
        let t = self.next_non_space();
        let range = Self::range(t);
        match t.typ() {
            T::Field => {
                let mut idents = FieldPath::new();
                idents.push(Ident {
                    name: CompactString::new(&self.val(t)[1..]),
                    range: TextRange::new(t.pos() + 1, t.end()),
                });
                Self::push_arg(
                    args,
                    Operand::Field(Field {
                        range,
                        pos: t.pos(),
                        idents,
                    }),
                );
            }
            T::LeftParen => return self.paren_term(t, args),
            _ => return self.other_term(t, args),
        }
        Ok(())
    }

    /// `(pipeline)`: the only term that recurses, kept apart from the others so that each
    /// nesting level costs a small stack frame (deep nesting runs on stack segments that
    /// stacker maps afresh: every page touched there is a page fault).
    #[inline(never)]
    fn paren_term(&mut self, t: Item, args: &mut Args) -> PResult<()> {
        let range = Self::range(t);
        if self.stack_depth >= MAX_PAREN_DEPTH {
            return Err(self.errorf("max expression depth exceeded".into(), range));
        }
        self.stack_depth += 1;
        let mut p = Box::<Pipeline>::default();
        let r = stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || {
            self.pipeline("parenthesized pipeline", T::RightParen, &mut p)
        });
        self.stack_depth -= 1;
        let close = if r.is_ok() {
            self.last_pipe_end.end()
        } else {
            p.range.end()
        };
        p.parens = Some(TextRange::new(t.pos(), close.max(t.end())));
        Self::push_arg(args, Operand::Pipe(p));
        r
    }

    /// Every term but fields and `(pipeline)`, and the absence of a term.
    #[inline(never)]
    fn other_term(&mut self, t: Item, args: &mut Args) -> PResult<()> {
        let range = Self::range(t);
        match t.typ() {
            T::Identifier => {
                let name = self.val(t);
                Self::push_arg(
                    args,
                    Operand::Identifier(Identifier {
                        range,
                        name: CompactString::new(name),
                    }),
                );
                if !self.skip_func_check && !(self.funcs)(name) {
                    let msg = format!("function {} not defined", quote(name));
                    return Err(self.errorf(msg, range));
                }
            }
            T::Dot => Self::push_arg(args, Operand::Dot(Atom { range })),
            T::Variable => {
                Self::push_arg(args, Operand::Variable(self.new_variable(t)));
                let name = self.val(t);
                if !self.vars.contains(&name) {
                    return Err(self.errorf(format!("undefined variable {}", quote(name)), range));
                }
            }
            T::String if t.aux() == 0 => {
                // No escape: the value is the text between the quotes.
                let quoted = self.val(t);
                Self::push_arg(
                    args,
                    Operand::String(StringLit {
                        range,
                        quoted: CompactString::new(quoted),
                        value: CompactString::new(&quoted[1..quoted.len() - 1]),
                    }),
                );
            }
            T::Nil => Self::push_arg(args, Operand::Nil(Atom { range })),
            T::Bool => Self::push_arg(
                args,
                Operand::Bool(BoolLit {
                    range,
                    value: self.val(t) == "true",
                }),
            ),
            T::CharConstant | T::Complex | T::Number => match new_number(self.val(t), t.typ()) {
                Ok(mut n) => {
                    n.range = range;
                    Self::push_arg(args, Operand::Number(n));
                }
                Err(msg) => return Err(self.errorf(msg, range)),
            },
            T::String | T::RawString => {
                let quoted = self.val(t);
                match strconv::unquote(quoted) {
                    Ok(value) => Self::push_arg(
                        args,
                        Operand::String(StringLit {
                            range,
                            quoted: CompactString::new(quoted),
                            value,
                        }),
                    ),
                    Err(()) => return Err(self.errorf(strconv::INVALID_SYNTAX.into(), range)),
                }
            }
            _ => self.backup(),
        }
        Ok(())
    }

    fn new_variable(&self, t: Item) -> Variable {
        let range = Self::range(t);
        Variable {
            range,
            pos: t.pos(),
            name: Ident {
                name: CompactString::new(self.val(t)),
                range,
            },
            fields: ChainFields::new(),
        }
    }
}

fn more_nodes(mut l: List) -> Vec<Node> {
    std::mem::take(&mut l.nodes)
}

/// Go's `IsEmptyTree` for a tree's root list.
pub(crate) fn is_empty_tree(l: &List) -> bool {
    l.nodes.iter().all(|n| match n {
        Node::Text(t) => t.text.trim().is_empty(),
        Node::Comment(_) => true,
        _ => false,
    })
}

/// Go's `newNumber`: every representation of a number or character constant, or Go's error.
pub(crate) fn new_number(text: &str, typ: T) -> Result<Number, String> {
    // The usual small decimal integer (no sign, base prefix, underscore or leading zero): every
    // representation at once.
    let b = text.as_bytes();
    if typ == T::Number
        && (1..=18).contains(&b.len())
        && (b[0] != b'0' || b.len() == 1)
        && b.iter().all(u8::is_ascii_digit)
    {
        let v = b.iter().fold(0u64, |v, d| v * 10 + u64::from(d - b'0'));
        return Ok(Number {
            range: TextRange::default(),
            text: CompactString::new(text),
            is_int: true,
            is_uint: true,
            is_float: true,
            is_complex: false,
            int64: v as i64,
            uint64: v,
            float64: v as f64,
            complex128: (0.0, 0.0),
        });
    }
    new_number_general(text, typ)
}

/// `new_number` without the fast path for small decimal integers.
fn new_number_general(text: &str, typ: T) -> Result<Number, String> {
    let mut n = Number {
        range: TextRange::default(),
        text: CompactString::new(text),
        is_int: false,
        is_uint: false,
        is_float: false,
        is_complex: false,
        int64: 0,
        uint64: 0,
        float64: 0.0,
        complex128: (0.0, 0.0),
    };
    match typ {
        T::CharConstant => {
            let (v, _, tail) = strconv::unquote_char(&text[1..], b'\'')
                .map_err(|()| strconv::INVALID_SYNTAX.to_string())?;
            if tail != "'" {
                return Err(format!("malformed character constant: {text}"));
            }
            n.int64 = v as i64;
            n.is_int = true;
            n.uint64 = v as u64;
            n.is_uint = true;
            n.float64 = v as f64;
            n.is_float = true;
            return Ok(n);
        }
        T::Complex => {
            // Go lets fmt.Sscan parse the pair; this is its error text.
            let (re, im) = strconv::parse_complex(text)
                .ok_or_else(|| "syntax error scanning complex number".to_string())?;
            n.complex128 = (re, im);
            n.is_complex = true;
            simplify_complex(&mut n);
            return Ok(n);
        }
        _ => {}
    }
    if let Some(body) = text.strip_suffix('i') {
        if let Some(f) = strconv::parse_float(body) {
            n.is_complex = true;
            n.complex128 = (0.0, f);
            simplify_complex(&mut n);
            return Ok(n);
        }
    }
    let u = strconv::parse_uint_base0(text);
    if let Some(u) = u {
        n.is_uint = true;
        n.uint64 = u;
    }
    if let Some(i) = strconv::parse_int_base0(text) {
        n.is_int = true;
        n.int64 = i;
        if i == 0 {
            n.is_uint = true;
            n.uint64 = u.unwrap_or(0);
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float64 = n.int64 as f64;
    } else if n.is_uint {
        n.is_float = true;
        n.float64 = n.uint64 as f64;
    } else if let Some(f) = strconv::parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", quote(text)));
        }
        n.is_float = true;
        n.float64 = f;
        if let Some(i) = float_to_int(f) {
            n.is_int = true;
            n.int64 = i;
        }
        if let Some(u) = float_to_uint(f) {
            n.is_uint = true;
            n.uint64 = u;
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!("illegal number syntax: {}", quote(text)));
    }
    Ok(n)
}

/// `float64(int64(f)) == f`, without relying on out-of-range conversions.
fn float_to_int(f: f64) -> Option<i64> {
    if f.trunc() == f && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        Some(f as i64)
    } else {
        None
    }
}

fn float_to_uint(f: f64) -> Option<u64> {
    if f.trunc() == f && (0.0..18_446_744_073_709_551_616.0).contains(&f) {
        Some(f as u64)
    } else {
        None
    }
}

fn simplify_complex(n: &mut Number) {
    n.is_float = n.complex128.1 == 0.0;
    if n.is_float {
        n.float64 = n.complex128.0;
        if let Some(i) = float_to_int(n.float64) {
            n.is_int = true;
            n.int64 = i;
        }
        if let Some(u) = float_to_uint(n.float64) {
            n.is_uint = true;
            n.uint64 = u;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_integers_take_the_fast_path_with_the_same_result() {
        for text in [
            "0",
            "7",
            "10",
            "42",
            "8080",
            "100000000000000000",
            "123456789012345678",
            "999999999999999999",
        ] {
            assert_eq!(
                new_number(text, T::Number),
                new_number_general(text, T::Number),
                "{text}"
            );
        }
    }
}
