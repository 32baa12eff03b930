//! The TOML lexer of BurntSushi/toml v1.6.0 (lex.go) as a state machine, so that every syntax
//! error has its text and line: `expected '.' or ']' to end table name, but got '\x00' instead`.
//!
//! Go runs the states lazily, handing the parser one item at a time; so does [`Lexer::next_item`].
//! Only the first error item ever reaches the parser, so once one is queued the lexer stops
//! reading (Go's states may go on with a mangled position after some errors; nothing of that is
//! observable).

use std::collections::VecDeque;

use cw_template::Value;

/// Go's `eof` rune (0); a NUL in the input is a control-character error, never this.
pub(super) const EOF: char = '\0';

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum ItemType {
    Error,
    Eof,
    Text,
    String,
    StringEsc,
    RawString,
    MultilineString,
    RawMultilineString,
    Bool,
    Integer,
    Float,
    Datetime,
    Array,
    ArrayEnd,
    TableStart,
    TableEnd,
    ArrayTableStart,
    ArrayTableEnd,
    KeyStart,
    KeyEnd,
    CommentStart,
    InlineTableStart,
    InlineTableEnd,
}

/// One lexed item: its text, and the line the lexer was on when it was emitted (Go's
/// `Position.Line`, which is what error messages print).
#[derive(Clone, Debug)]
pub(super) struct Item {
    pub typ: ItemType,
    pub val: String,
    pub line: isize,
    /// For `ItemType::Error`: the message, and whether it is one of Go's `BUG` panics.
    pub err: Option<String>,
    pub bug: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Top,
    TopEnd,
    TableStart,
    TableEnd,
    ArrayTableEnd,
    TableNameStart,
    TableNameEnd,
    BareName,
    QuotedName,
    KeyStart,
    KeyNameStart,
    KeyEnd,
    Value,
    ArrayValue,
    ArrayValueEnd,
    ArrayEnd,
    InlineTableValue,
    InlineTableValueEnd,
    InlineTableEnd,
    String,
    MultilineString,
    RawString,
    MultilineRawString,
    MultilineStringEscape,
    StringEscape,
    ShortUnicodeEscape,
    LongUnicodeEscape,
    NumberOrDateStart,
    NumberOrDate,
    Datetime,
    HexInteger,
    OctalInteger,
    BinaryInteger,
    DecimalNumber,
    DecimalNumberStart,
    BaseNumberOrDate,
    Float,
    Bool,
    CommentStart,
    Comment,
}

type Next = Option<State>;

pub(super) struct Lexer<'a> {
    input: &'a str,
    start: usize,
    pos: usize,
    line: isize,
    state: Option<State>,
    items: VecDeque<Item>,
    esc: bool,
    prev_widths: [usize; 4],
    nprev: usize,
    at_eof: bool,
    stack: Vec<State>,
    /// An error item has been queued: reading stops.
    failed: bool,
    steps: usize,
}

/// Go's `%q` of a rune (`'x'`, `'\x00'`, `'\n'`).
pub(super) fn quote_rune(r: char) -> String {
    cw_template::fmt::sprintf("%q", &[Value::Int(r as i64)])
}

/// Go's `%q` of a string (`strconv.Quote`).
pub(super) fn quote_str(s: &str) -> String {
    cw_template::fmt::quote(s.as_bytes(), false)
}

fn is_whitespace(r: char) -> bool {
    r == '\t' || r == ' '
}
fn is_nl(r: char) -> bool {
    r == '\n' || r == '\r'
}
fn is_control(r: char) -> bool {
    match r {
        '\t' | '\r' | '\n' => false,
        _ => (r as u32) <= 0x1f || r as u32 == 0x7f,
    }
}
pub(super) fn is_digit(r: char) -> bool {
    r.is_ascii_digit()
}
fn is_binary(r: char) -> bool {
    r == '0' || r == '1'
}
fn is_octal(r: char) -> bool {
    ('0'..='7').contains(&r)
}
pub(super) fn is_hex(r: char) -> bool {
    r.is_ascii_hexdigit()
}
pub(super) fn is_bare_key_char(r: char) -> bool {
    r.is_ascii_alphanumeric() || r == '_' || r == '-'
}

/// Go's `unicode.IsLetter` (general category L).
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
    )
}

/// `runeOrEOF`: how some messages name the character they got.
fn rune_or_eof(r: char) -> String {
    if r == EOF {
        "end of file".into()
    } else {
        format!("'{r}'")
    }
}

const INLINE_TABLE_NL: &str = "newlines not allowed within inline tables";
const STRING_NL: &str = "strings cannot contain newlines";

impl<'a> Lexer<'a> {
    pub(super) fn new(input: &'a str) -> Lexer<'a> {
        Lexer {
            input,
            start: 0,
            pos: 0,
            line: 1,
            state: Some(State::Top),
            items: VecDeque::new(),
            esc: false,
            prev_widths: [0; 4],
            nprev: 0,
            at_eof: false,
            stack: Vec::new(),
            failed: false,
            steps: 0,
        }
    }

    /// The next item, running states until one is queued (Go's `nextItem`).
    pub(super) fn next_item(&mut self) -> Item {
        // Every state consumes input or hands over to one that does; this only guards against
        // a mistake turning into a hang.
        let budget = self.input.len().saturating_mul(64).saturating_add(4096);
        loop {
            if let Some(it) = self.items.pop_front() {
                return it;
            }
            let Some(st) = self.state.take() else {
                return self.bug_item("BUG in lexer: no state to run");
            };
            self.steps += 1;
            if self.steps > budget {
                return self.bug_item("BUG in lexer: no progress");
            }
            self.state = self.step(st);
        }
    }

    fn bug_item(&mut self, msg: &str) -> Item {
        self.failed = true;
        Item {
            typ: ItemType::Error,
            val: String::new(),
            line: self.line,
            err: Some(msg.to_string()),
            bug: true,
        }
    }

    fn bug(&mut self, msg: &str) -> Next {
        if !self.failed {
            let it = self.bug_item(msg);
            self.items.push_back(it);
        }
        None
    }

    fn push(&mut self, s: State) {
        self.stack.push(s);
    }

    fn pop(&mut self) -> Next {
        match self.stack.pop() {
            Some(s) => Some(s),
            None => self.bug("BUG in lexer: no states to pop"),
        }
    }

    fn current(&self) -> &'a str {
        self.input.get(self.start..self.pos).unwrap_or("")
    }

    fn emit(&mut self, typ: ItemType) {
        if self.failed {
            return;
        }
        if self.start > self.pos {
            let b = self.input.as_bytes().get(self.pos).copied().unwrap_or(0);
            self.error(format!("invalid UTF-8 byte: 0x{b:02x}"));
            return;
        }
        let val = self.current().to_string();
        self.items.push_back(Item {
            typ,
            val,
            line: self.line,
            err: None,
            bug: false,
        });
        self.start = self.pos;
    }

    fn emit_trim(&mut self, typ: ItemType) {
        if self.failed {
            return;
        }
        let val = self.current().trim().to_string();
        self.items.push_back(Item {
            typ,
            val,
            line: self.line,
            err: None,
            bug: false,
        });
        self.start = self.pos;
    }

    fn next(&mut self) -> char {
        if self.failed {
            return EOF;
        }
        if self.at_eof {
            self.bug("BUG in lexer: next called after EOF");
            return EOF;
        }
        let bytes = self.input.as_bytes();
        if self.pos >= bytes.len() {
            self.at_eof = true;
            return EOF;
        }
        if bytes[self.pos] == b'\n' {
            self.line += 1;
        }
        self.prev_widths[3] = self.prev_widths[2];
        self.prev_widths[2] = self.prev_widths[1];
        self.prev_widths[1] = self.prev_widths[0];
        if self.nprev < 4 {
            self.nprev += 1;
        }
        let Some(r) = self.input.get(self.pos..).and_then(|s| s.chars().next()) else {
            self.bug("BUG in lexer: position inside a character");
            return EOF;
        };
        let w = r.len_utf8();
        if is_control(r)
            || (r == '\r' && (bytes.len() - 1 == self.pos || bytes[self.pos + 1] != b'\n'))
        {
            self.error_control_char(r);
            return '\u{FFFD}';
        }
        self.prev_widths[0] = w;
        self.pos += w;
        r
    }

    fn ignore(&mut self) {
        self.start = self.pos;
    }

    fn backup(&mut self) {
        if self.failed {
            return;
        }
        if self.at_eof {
            self.at_eof = false;
            return;
        }
        if self.nprev < 1 {
            self.bug("BUG in lexer: backed up too far");
            return;
        }
        let w = self.prev_widths[0];
        self.prev_widths[0] = self.prev_widths[1];
        self.prev_widths[1] = self.prev_widths[2];
        self.prev_widths[2] = self.prev_widths[3];
        self.nprev -= 1;
        self.pos -= w.min(self.pos);
        if self.input.as_bytes().get(self.pos) == Some(&b'\n') {
            self.line -= 1;
        }
    }

    fn accept(&mut self, valid: char) -> bool {
        if self.next() == valid {
            return true;
        }
        self.backup();
        false
    }

    fn peek(&mut self) -> char {
        let r = self.next();
        self.backup();
        r
    }

    fn skip(&mut self, pred: fn(char) -> bool) {
        loop {
            let r = self.next();
            if pred(r) && !self.failed {
                continue;
            }
            self.backup();
            self.ignore();
            return;
        }
    }

    fn push_error(&mut self, line: isize, msg: String) -> Next {
        if !self.failed {
            self.failed = true;
            self.items.push_back(Item {
                typ: ItemType::Error,
                val: String::new(),
                line,
                err: Some(msg),
                bug: false,
            });
        }
        None
    }

    /// Go's `error`: at EOF the error is put on the previous line.
    fn error(&mut self, msg: String) -> Next {
        if self.at_eof {
            return self.error_prev_line(msg);
        }
        self.push_error(self.line, msg)
    }

    fn error_prev_line(&mut self, msg: String) -> Next {
        self.push_error(self.line - 1, msg)
    }

    fn errorf(&mut self, msg: String) -> Next {
        let mut line = self.line;
        if self.at_eof && self.pos >= 1 && self.input.as_bytes()[self.pos - 1] == b'\n' {
            line -= 1;
        }
        self.push_error(line, msg)
    }

    fn error_control_char(&mut self, cc: char) -> Next {
        self.push_error(
            self.line,
            format!(
                "TOML files cannot contain control characters: '0x{:02x}'",
                cc as u32
            ),
        )
    }

    /// `lexSkip`.
    fn skip_to(&mut self, next: State) -> Next {
        self.ignore();
        Some(next)
    }

    fn step(&mut self, st: State) -> Next {
        match st {
            State::Top => self.lex_top(),
            State::TopEnd => self.lex_top_end(),
            State::TableStart => self.lex_table_start(),
            State::TableEnd => {
                self.emit(ItemType::TableEnd);
                Some(State::TopEnd)
            }
            State::ArrayTableEnd => {
                let r = self.next();
                if r != ']' {
                    return self.errorf(format!(
                        "expected end of table array name delimiter ']', but got {} instead",
                        quote_rune(r)
                    ));
                }
                self.emit(ItemType::ArrayTableEnd);
                Some(State::TopEnd)
            }
            State::TableNameStart => self.lex_table_name_start(),
            State::TableNameEnd => self.lex_table_name_end(),
            State::BareName => {
                let r = self.next();
                if is_bare_key_char(r) {
                    return Some(State::BareName);
                }
                self.backup();
                self.emit(ItemType::Text);
                self.pop()
            }
            State::QuotedName => self.lex_quoted_name(),
            State::KeyStart => self.lex_key_start(),
            State::KeyNameStart => self.lex_key_name_start(),
            State::KeyEnd => self.lex_key_end(),
            State::Value => self.lex_value(),
            State::ArrayValue => self.lex_array_value(),
            State::ArrayValueEnd => self.lex_array_value_end(),
            State::ArrayEnd => {
                self.ignore();
                self.emit(ItemType::ArrayEnd);
                self.pop()
            }
            State::InlineTableValue => self.lex_inline_table_value(),
            State::InlineTableValueEnd => self.lex_inline_table_value_end(),
            State::InlineTableEnd => {
                self.ignore();
                self.emit(ItemType::InlineTableEnd);
                self.pop()
            }
            State::String => self.lex_string(),
            State::MultilineString => self.lex_multiline_string(),
            State::RawString => self.lex_raw_string(),
            State::MultilineRawString => self.lex_multiline_raw_string(),
            State::MultilineStringEscape => {
                let r = self.next();
                if is_nl(r) {
                    return Some(State::MultilineString);
                }
                self.backup();
                self.push(State::MultilineString);
                self.lex_string_escape()
            }
            State::StringEscape => self.lex_string_escape(),
            State::ShortUnicodeEscape => self.lex_unicode_escape(4, "four", 'u'),
            State::LongUnicodeEscape => self.lex_unicode_escape(8, "eight", 'U'),
            State::NumberOrDateStart => {
                if self.next() == '0' {
                    return Some(State::BaseNumberOrDate);
                }
                Some(State::NumberOrDate)
            }
            State::NumberOrDate => {
                let r = self.next();
                if is_digit(r) {
                    return Some(State::NumberOrDate);
                }
                match r {
                    '-' | ':' => return Some(State::Datetime),
                    '_' => return Some(State::DecimalNumber),
                    '.' | 'e' | 'E' => return Some(State::Float),
                    _ => {}
                }
                self.backup();
                self.emit(ItemType::Integer);
                self.pop()
            }
            State::Datetime => {
                let r = self.next();
                if is_digit(r) || matches!(r, '-' | ':' | 'T' | 't' | ' ' | '.' | 'Z' | 'z' | '+') {
                    return Some(State::Datetime);
                }
                self.backup();
                self.emit_trim(ItemType::Datetime);
                self.pop()
            }
            State::HexInteger => self.lex_based_integer(is_hex, State::HexInteger),
            State::OctalInteger => self.lex_based_integer(is_octal, State::OctalInteger),
            State::BinaryInteger => self.lex_based_integer(is_binary, State::BinaryInteger),
            State::DecimalNumber => {
                let r = self.next();
                if is_digit(r) {
                    return Some(State::DecimalNumber);
                }
                match r {
                    '.' | 'e' | 'E' => return Some(State::Float),
                    '_' => return Some(State::DecimalNumber),
                    _ => {}
                }
                self.backup();
                self.emit(ItemType::Integer);
                self.pop()
            }
            State::DecimalNumberStart => self.lex_decimal_number_start(),
            State::BaseNumberOrDate => self.lex_base_number_or_date(),
            State::Float => {
                let r = self.next();
                if is_digit(r) || matches!(r, '_' | '.' | '-' | '+' | 'e' | 'E') {
                    return Some(State::Float);
                }
                self.backup();
                self.emit(ItemType::Float);
                self.pop()
            }
            State::Bool => self.lex_bool(),
            State::CommentStart => {
                self.ignore();
                self.emit(ItemType::CommentStart);
                Some(State::Comment)
            }
            State::Comment => {
                let r = self.next();
                if is_nl(r) || r == EOF {
                    self.backup();
                    self.emit(ItemType::Text);
                    return self.pop();
                }
                Some(State::Comment)
            }
        }
    }

    fn lex_top(&mut self) -> Next {
        let r = self.next();
        if is_whitespace(r) || is_nl(r) {
            return self.skip_to(State::Top);
        }
        match r {
            '#' => {
                self.push(State::Top);
                return Some(State::CommentStart);
            }
            '[' => return Some(State::TableStart),
            EOF => {
                if self.pos > self.start {
                    return self.errorf("unexpected EOF".into());
                }
                self.emit(ItemType::Eof);
                return None;
            }
            _ => {}
        }
        self.backup();
        self.push(State::TopEnd);
        Some(State::KeyStart)
    }

    fn lex_top_end(&mut self) -> Next {
        let r = self.next();
        if r == '#' {
            self.push(State::Top);
            return Some(State::CommentStart);
        }
        if is_whitespace(r) {
            return Some(State::TopEnd);
        }
        if is_nl(r) {
            self.ignore();
            return Some(State::Top);
        }
        if r == EOF {
            self.emit(ItemType::Eof);
            return None;
        }
        self.errorf(format!(
            "expected a top-level item to end with a newline, comment, or EOF, but got {} instead",
            quote_rune(r)
        ))
    }

    fn lex_table_start(&mut self) -> Next {
        if self.peek() == '[' {
            self.next();
            self.emit(ItemType::ArrayTableStart);
            self.push(State::ArrayTableEnd);
        } else {
            self.emit(ItemType::TableStart);
            self.push(State::TableEnd);
        }
        Some(State::TableNameStart)
    }

    fn lex_table_name_start(&mut self) -> Next {
        self.skip(is_whitespace);
        match self.peek() {
            ']' | EOF => {
                self.errorf("unexpected end of table name (table names cannot be empty)".into())
            }
            '.' => self.errorf("unexpected table separator (table names cannot be empty)".into()),
            '"' | '\'' => {
                self.ignore();
                self.push(State::TableNameEnd);
                Some(State::QuotedName)
            }
            _ => {
                self.push(State::TableNameEnd);
                Some(State::BareName)
            }
        }
    }

    fn lex_table_name_end(&mut self) -> Next {
        self.skip(is_whitespace);
        match self.next() {
            '.' => {
                self.ignore();
                Some(State::TableNameStart)
            }
            ']' => self.pop(),
            r => self.errorf(format!(
                "expected '.' or ']' to end table name, but got {} instead",
                quote_rune(r)
            )),
        }
    }

    fn lex_quoted_name(&mut self) -> Next {
        let r = self.next();
        match r {
            '"' => {
                self.ignore();
                Some(State::String)
            }
            '\'' => {
                self.ignore();
                Some(State::RawString)
            }
            _ if is_whitespace(r) => self.skip_to(State::Value),
            EOF => self.errorf("unexpected EOF; expected value".into()),
            _ => self.errorf(format!(
                "expected value but found {} instead",
                quote_rune(r)
            )),
        }
    }

    fn lex_key_start(&mut self) -> Next {
        self.skip(is_whitespace);
        match self.peek() {
            '=' | EOF => self.errorf("unexpected '=': key name appears blank".into()),
            '.' => self.errorf("unexpected '.': keys cannot start with a '.'".into()),
            r => {
                if r == '"' || r == '\'' {
                    self.ignore();
                }
                self.emit(ItemType::KeyStart);
                Some(State::KeyNameStart)
            }
        }
    }

    fn lex_key_name_start(&mut self) -> Next {
        self.skip(is_whitespace);
        match self.peek() {
            '"' | '\'' => {
                self.ignore();
                self.push(State::KeyEnd);
                Some(State::QuotedName)
            }
            '=' | EOF => self.errorf("unexpected '='".into()),
            '.' => self.errorf("unexpected '.'".into()),
            _ => {
                self.push(State::KeyEnd);
                Some(State::BareName)
            }
        }
    }

    fn lex_key_end(&mut self) -> Next {
        self.skip(is_whitespace);
        let r = self.next();
        match r {
            _ if is_whitespace(r) => self.skip_to(State::KeyEnd),
            EOF => self.errorf("unexpected EOF; expected key separator '='".into()),
            '.' => {
                self.ignore();
                Some(State::KeyNameStart)
            }
            '=' => {
                self.emit(ItemType::KeyEnd);
                self.skip_to(State::Value)
            }
            _ => {
                let msg = format!("expected '.' or '=', but got {} instead", quote_rune(r));
                if r == '\n' {
                    return self.error_prev_line(msg);
                }
                self.errorf(msg)
            }
        }
    }

    fn lex_value(&mut self) -> Next {
        let r = self.next();
        if is_whitespace(r) {
            return self.skip_to(State::Value);
        }
        if is_digit(r) {
            self.backup();
            return Some(State::NumberOrDateStart);
        }
        match r {
            '[' => {
                self.ignore();
                self.emit(ItemType::Array);
                return Some(State::ArrayValue);
            }
            '{' => {
                self.ignore();
                self.emit(ItemType::InlineTableStart);
                return Some(State::InlineTableValue);
            }
            '"' => {
                if self.accept('"') {
                    if self.accept('"') {
                        self.ignore();
                        return Some(State::MultilineString);
                    }
                    self.backup();
                }
                self.ignore();
                return Some(State::String);
            }
            '\'' => {
                if self.accept('\'') {
                    if self.accept('\'') {
                        self.ignore();
                        return Some(State::MultilineRawString);
                    }
                    self.backup();
                }
                self.ignore();
                return Some(State::RawString);
            }
            '.' => return self.errorf("floats must start with a digit, not '.'".into()),
            // `inf` / `nan`; a failed guard has consumed what it matched, as Go's `accept`s do.
            'i' | 'n'
                if (self.accept('n') && self.accept('f'))
                    || (self.accept('a') && self.accept('n')) =>
            {
                self.emit(ItemType::Float);
                return self.pop();
            }
            '-' | '+' => return Some(State::DecimalNumberStart),
            _ => {}
        }
        if is_letter(r) {
            self.backup();
            return Some(State::Bool);
        }
        if r == EOF {
            return self.errorf("unexpected EOF; expected value".into());
        }
        let msg = format!("expected value but found {} instead", quote_rune(r));
        if r == '\n' {
            return self.error_prev_line(msg);
        }
        self.errorf(msg)
    }

    fn lex_array_value(&mut self) -> Next {
        let r = self.next();
        if is_whitespace(r) || is_nl(r) {
            return self.skip_to(State::ArrayValue);
        }
        match r {
            '#' => {
                self.push(State::ArrayValue);
                return Some(State::CommentStart);
            }
            ',' => return self.errorf("unexpected comma".into()),
            ']' => return Some(State::ArrayEnd),
            _ => {}
        }
        self.backup();
        self.push(State::ArrayValueEnd);
        Some(State::Value)
    }

    fn lex_array_value_end(&mut self) -> Next {
        let r = self.next();
        if is_whitespace(r) || is_nl(r) {
            return self.skip_to(State::ArrayValueEnd);
        }
        match r {
            '#' => {
                self.push(State::ArrayValueEnd);
                Some(State::CommentStart)
            }
            ',' => {
                self.ignore();
                Some(State::ArrayValue)
            }
            ']' => Some(State::ArrayEnd),
            _ => self.errorf(format!(
                "expected a comma (',') or array terminator (']'), but got {}",
                rune_or_eof(r)
            )),
        }
    }

    fn lex_inline_table_value(&mut self) -> Next {
        let r = self.next();
        if is_whitespace(r) {
            return self.skip_to(State::InlineTableValue);
        }
        if is_nl(r) {
            return self.error_prev_line(INLINE_TABLE_NL.into());
        }
        match r {
            '#' => {
                self.push(State::InlineTableValue);
                return Some(State::CommentStart);
            }
            ',' => return self.errorf("unexpected comma".into()),
            '}' => return Some(State::InlineTableEnd),
            _ => {}
        }
        self.backup();
        self.push(State::InlineTableValueEnd);
        Some(State::KeyStart)
    }

    fn lex_inline_table_value_end(&mut self) -> Next {
        let r = self.next();
        if is_whitespace(r) {
            return self.skip_to(State::InlineTableValueEnd);
        }
        if is_nl(r) {
            return self.error_prev_line(INLINE_TABLE_NL.into());
        }
        match r {
            '#' => {
                self.push(State::InlineTableValueEnd);
                Some(State::CommentStart)
            }
            ',' => {
                self.ignore();
                self.skip(is_whitespace);
                if self.peek() == '}' {
                    return self.errorf("trailing comma not allowed in inline tables".into());
                }
                Some(State::InlineTableValue)
            }
            '}' => Some(State::InlineTableEnd),
            _ => self.errorf(format!(
                "expected a comma or an inline table terminator '}}', but got {} instead",
                rune_or_eof(r)
            )),
        }
    }

    fn lex_string(&mut self) -> Next {
        let r = self.next();
        if r == EOF {
            return self.errorf("unexpected EOF; expected '\"'".into());
        }
        if is_nl(r) {
            return self.error_prev_line(STRING_NL.into());
        }
        match r {
            '\\' => {
                self.push(State::String);
                Some(State::StringEscape)
            }
            '"' => {
                self.backup();
                if self.esc {
                    self.esc = false;
                    self.emit(ItemType::StringEsc);
                } else {
                    self.emit(ItemType::String);
                }
                self.next();
                self.ignore();
                self.pop()
            }
            _ => Some(State::String),
        }
    }

    fn lex_multiline_string(&mut self) -> Next {
        match self.next() {
            EOF => self.errorf("unexpected EOF; expected '\"\"\"'".into()),
            '\\' => Some(State::MultilineStringEscape),
            '"' => {
                if self.accept('"') {
                    if self.accept('"') {
                        if self.peek() == '"' {
                            let cur = self.current();
                            if cur.ends_with("\"\"\"\"\"") && !cur.ends_with("\\\"\"\"\"\"") {
                                return self.errorf("unexpected '\"\"\"\"\"\"'".into());
                            }
                            self.backup();
                            self.backup();
                            return Some(State::MultilineString);
                        }
                        self.backup();
                        self.backup();
                        self.backup();
                        self.esc = false;
                        self.emit(ItemType::MultilineString);
                        self.next();
                        self.next();
                        self.next();
                        self.ignore();
                        return self.pop();
                    }
                    self.backup();
                }
                Some(State::MultilineString)
            }
            _ => Some(State::MultilineString),
        }
    }

    fn lex_raw_string(&mut self) -> Next {
        let r = self.next();
        if r == EOF {
            return self.errorf("unexpected EOF; expected \"'\"".into());
        }
        if is_nl(r) {
            return self.error_prev_line(STRING_NL.into());
        }
        if r == '\'' {
            self.backup();
            self.emit(ItemType::RawString);
            self.next();
            self.ignore();
            return self.pop();
        }
        Some(State::RawString)
    }

    fn lex_multiline_raw_string(&mut self) -> Next {
        match self.next() {
            EOF => self.errorf("unexpected EOF; expected \"'''\"".into()),
            '\'' => {
                if self.accept('\'') {
                    if self.accept('\'') {
                        if self.peek() == '\'' {
                            if self.current().ends_with("'''''") {
                                return self.errorf("unexpected \"''''''\"".into());
                            }
                            self.backup();
                            self.backup();
                            return Some(State::MultilineRawString);
                        }
                        self.backup();
                        self.backup();
                        self.backup();
                        self.emit(ItemType::RawMultilineString);
                        self.next();
                        self.next();
                        self.next();
                        self.ignore();
                        return self.pop();
                    }
                    self.backup();
                }
                Some(State::MultilineRawString)
            }
            _ => Some(State::MultilineRawString),
        }
    }

    fn lex_string_escape(&mut self) -> Next {
        self.esc = true;
        let r = self.next();
        match r {
            'b' | 't' | 'n' | 'f' | 'r' | '"' | ' ' | '\t' | '\\' => self.pop(),
            'u' => Some(State::ShortUnicodeEscape),
            'U' => Some(State::LongUnicodeEscape),
            // `\e` and `\x` are TOML 1.1 (off unless BURNTSUSHI_TOML_110 is set).
            _ => self.error(format!("invalid escape in string '\\{r}'")),
        }
    }

    fn lex_unicode_escape(&mut self, n: usize, words: &str, letter: char) -> Next {
        for _ in 0..n {
            let r = self.next();
            if !is_hex(r) {
                let cur = quote_str(self.current());
                return self.errorf(format!(
                    "expected {words} hexadecimal digits after '\\{letter}', but got {cur} instead"
                ));
            }
        }
        self.pop()
    }

    fn lex_based_integer(&mut self, valid: fn(char) -> bool, me: State) -> Next {
        let r = self.next();
        if valid(r) || r == '_' {
            return Some(me);
        }
        self.backup();
        self.emit(ItemType::Integer);
        self.pop()
    }

    fn lex_decimal_number_start(&mut self) -> Next {
        let r = self.next();
        match r {
            'i' => {
                if !self.accept('n') || !self.accept('f') {
                    return self.errorf(format!("invalid float: '{}'", self.current()));
                }
                self.emit(ItemType::Float);
                return self.pop();
            }
            'n' => {
                if !self.accept('a') || !self.accept('n') {
                    return self.errorf(format!("invalid float: '{}'", self.current()));
                }
                self.emit(ItemType::Float);
                return self.pop();
            }
            '0' => {
                let p = self.peek();
                if matches!(p, 'b' | 'o' | 'x') {
                    return self.errorf(format!(
                        "cannot use sign with non-decimal numbers: '{}{p}'",
                        self.current()
                    ));
                }
            }
            '.' => return self.errorf("floats must start with a digit, not '.'".into()),
            _ => {}
        }
        if is_digit(r) {
            return Some(State::DecimalNumber);
        }
        self.errorf(format!("expected a digit but got {}", quote_rune(r)))
    }

    fn lex_base_number_or_date(&mut self) -> Next {
        let r = self.next();
        if is_digit(r) {
            return Some(State::NumberOrDate);
        }
        // Go reports a bad digit after the prefix but goes on lexing; the error is what the
        // parser sees first.
        let based = |lx: &mut Self, ok: fn(char) -> bool, what: &str, next: State| {
            let p = lx.peek();
            if !ok(p) {
                lx.errorf(format!("not a {what} number: '{}{p}'", lx.current()));
            }
            Some(next)
        };
        match r {
            '_' => Some(State::DecimalNumber),
            '.' | 'e' | 'E' => Some(State::Float),
            'b' => based(self, is_binary, "binary", State::BinaryInteger),
            'o' => based(self, is_octal, "octal", State::OctalInteger),
            'x' => based(self, is_hex, "hexadecimal", State::HexInteger),
            _ => {
                self.backup();
                self.emit(ItemType::Integer);
                self.pop()
            }
        }
    }

    fn lex_bool(&mut self) -> Next {
        let mut rs = String::new();
        loop {
            let r = self.next();
            if !is_letter(r) {
                self.backup();
                break;
            }
            rs.push(r);
        }
        if rs == "true" || rs == "false" {
            self.emit(ItemType::Bool);
            return self.pop();
        }
        self.errorf(format!(
            "expected value but found {} instead",
            quote_str(&rs)
        ))
    }
}
