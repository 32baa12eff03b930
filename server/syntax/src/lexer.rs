//! The template lexer: a port of Go's `text/template/parse/lex.go` (same items, same positions,
//! same line numbers, same error texts), plus resynchronisation after an error so the parser
//! can keep going.

use crate::strconv::{fmt_unicode, quote};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub(crate) enum T {
    Error,
    Bool,
    Char,
    CharConstant,
    Comment,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords appear after all the rest.
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl T {
    pub(crate) fn is_keyword(self) -> bool {
        self >= T::Block
    }
}

/// Every item type, in declaration order (`ALL[t as usize] == t`).
const ALL: [T; 34] = [
    T::Error,
    T::Bool,
    T::Char,
    T::CharConstant,
    T::Comment,
    T::Complex,
    T::Assign,
    T::Declare,
    T::Eof,
    T::Field,
    T::Identifier,
    T::LeftDelim,
    T::LeftParen,
    T::Number,
    T::Pipe,
    T::RawString,
    T::RightDelim,
    T::RightParen,
    T::Space,
    T::String,
    T::Text,
    T::Variable,
    T::Block,
    T::Break,
    T::Continue,
    T::Dot,
    T::Define,
    T::Else,
    T::End,
    T::If,
    T::Nil,
    T::Range,
    T::Template,
    T::With,
];

/// Item types by discriminant, for [`Item::typ`].
static TYPES: [T; 256] = {
    let mut t = [T::Error; 256];
    let mut i = 0;
    while i < ALL.len() {
        t[ALL[i] as usize] = ALL[i];
        i += 1;
    }
    t
};

/// One lexed item: its type, `pos..end` (the item's value in the input; for an error, where it
/// happened) and `aux`: for text and comments, the slot of [`Lexer::full_range`] that holds
/// the full range (trimmed whitespace or delimiters included); for errors, the index of the
/// lexer's message; for interpreted strings, 1 when they hold an escape.
///
/// Packed in two words so that it is passed and returned in registers: the parser reads every
/// item right after the lexer made it, and an item written to memory field by field then read
/// whole stalls the processor on every token.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Item {
    /// `pos` in the low half, `end` in the high half.
    span: u64,
    /// The type's discriminant in the low byte, `aux` in the high half.
    meta: u64,
}

impl Item {
    /// The empty token a new Go tree starts with (line 0).
    pub(crate) const NONE: Item = Item::new(T::Eof, u32::MAX, u32::MAX, 0);

    #[inline(always)]
    pub(crate) const fn new(typ: T, pos: u32, end: u32, aux: u32) -> Item {
        Item {
            span: pos as u64 | (end as u64) << 32,
            meta: typ as u64 | (aux as u64) << 32,
        }
    }

    #[inline(always)]
    pub(crate) fn typ(self) -> T {
        TYPES[(self.meta & 0xff) as usize]
    }

    /// `self.typ() == typ`, without the table.
    #[inline(always)]
    pub(crate) fn is(self, typ: T) -> bool {
        self.meta as u8 == typ as u8
    }

    #[inline(always)]
    pub(crate) fn pos(self) -> u32 {
        self.span as u32
    }

    #[inline(always)]
    pub(crate) fn end(self) -> u32 {
        (self.span >> 32) as u32
    }

    #[inline(always)]
    pub(crate) fn aux(self) -> u32 {
        (self.meta >> 32) as u32
    }

    #[inline(always)]
    pub(crate) fn with_aux(self, aux: u32) -> Item {
        Item {
            span: self.span,
            meta: (self.meta & 0xffff_ffff) | (aux as u64) << 32,
        }
    }

    /// The same item at another place.
    pub(crate) fn at(self, pos: u32, end: u32) -> Item {
        Item::new(self.typ(), pos, end, self.aux())
    }
}

impl std::fmt::Debug for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Item")
            .field("typ", &self.typ())
            .field("pos", &self.pos())
            .field("end", &self.end())
            .field("aux", &self.aux())
            .finish()
    }
}

/// Slots of the ring of full ranges: more than the items lexed ahead of the parser (three)
/// plus the one it is reading.
const FULL_SLOTS: usize = 8;

const EOF: i32 = -1;

/// Lexer error messages kept (the parser reports at most 1000 errors).
const MAX_MESSAGES: usize = 4096;

fn is_space(r: i32) -> bool {
    r == b' ' as i32 || r == b'\t' as i32 || r == b'\r' as i32 || r == b'\n' as i32
}

fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Go's `isAlphaNumeric`: `_`, `unicode.IsLetter`, `unicode.IsDigit`.
#[inline]
pub(crate) fn is_alnum(r: i32) -> bool {
    if r < 0 {
        return false;
    }
    if r < 0x80 {
        return WORD[r as usize];
    }
    is_alnum_unicode(r)
}

#[cold]
fn is_alnum_unicode(r: i32) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    match char::from_u32(r as u32) {
        Some(c) => matches!(
            get_general_category(c),
            G::UppercaseLetter
                | G::LowercaseLetter
                | G::TitlecaseLetter
                | G::ModifierLetter
                | G::OtherLetter
                | G::DecimalNumber
        ),
        None => false,
    }
}

/// ASCII letters, digits and `_`.
static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || c == b'_';
        i += 1;
    }
    t
};

/// `s.starts_with(p)` with a cheap first-byte test (delimiters are checked at every token).
#[inline]
fn starts_with(s: &[u8], p: &[u8]) -> bool {
    match (s.first(), p.first()) {
        (Some(a), Some(b)) if a == b => s.starts_with(p),
        (_, None) => true,
        _ => false,
    }
}

fn has_left_trim_marker(s: &[u8]) -> bool {
    s.len() >= 2 && s[0] == b'-' && is_space_byte(s[1])
}

fn has_right_trim_marker(s: &[u8]) -> bool {
    s.len() >= 2 && is_space_byte(s[0]) && s[1] == b'-'
}

fn left_trim_len(s: &[u8]) -> usize {
    s.iter().take_while(|b| is_space_byte(**b)).count()
}

fn right_trim_len(s: &[u8]) -> usize {
    s.iter().rev().take_while(|b| is_space_byte(**b)).count()
}

pub(crate) struct Lexer<'a> {
    input: &'a str,
    bytes: &'a [u8],
    left: &'a [u8],
    right: &'a [u8],
    /// The right delimiter when it is two bytes long (the usual `}}`).
    right2: Option<[u8; 2]>,
    left_finder: memchr::memmem::Finder<'a>,
    pos: usize,
    start: usize,
    at_eof: bool,
    paren_depth: i32,
    /// Where the `(`s not closed yet are (for the range of `unclosed left paren`).
    open_parens: Vec<u32>,
    inside_action: bool,
    pub break_ok: bool,
    pub continue_ok: bool,
    /// Where the text after the last action (or comment) starts, before trimming.
    text_full_start: usize,
    /// End of the last right delimiter lexed (the parser never lexes past one it has not read
    /// when it asks: actions end on theirs, and recovery reads through it).
    pub last_rdelim_end: u32,
    /// Full ranges of recent text and comment items (`Item::aux` is the slot).
    full: [(u32, u32, u32); FULL_SLOTS],
    full_next: u32,
    /// Messages of the error items emitted so far.
    pub messages: Vec<String>,
    /// Set after an error: the next item is produced by resynchronisation.
    recovering: bool,
    /// No `*/` exists at or after this offset.
    no_comment_end_after: usize,
    // Line counting cache: the line of `line_pos`.
    line_pos: usize,
    line: u32,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(input: &'a str, left: &'a str, right: &'a str) -> Lexer<'a> {
        let left = if left.is_empty() { "{{" } else { left };
        let right = if right.is_empty() { "}}" } else { right };
        Lexer {
            input,
            bytes: input.as_bytes(),
            left: left.as_bytes(),
            right: right.as_bytes(),
            right2: <[u8; 2]>::try_from(right.as_bytes()).ok(),
            left_finder: memchr::memmem::Finder::new(left.as_bytes()),
            pos: 0,
            start: 0,
            at_eof: false,
            paren_depth: 0,
            open_parens: Vec::new(),
            inside_action: false,
            break_ok: true,
            continue_ok: true,
            text_full_start: 0,
            last_rdelim_end: 0,
            full: [(0, 0, 0); FULL_SLOTS],
            full_next: 0,
            messages: Vec::new(),
            recovering: false,
            no_comment_end_after: usize::MAX,
            line_pos: 0,
            line: 1,
        }
    }

    /// The 1-based line of byte offset `pos`, as Go counts (newlines before `pos`). Positions
    /// asked for are mostly increasing, so this counts incrementally.
    pub(crate) fn line_at(&mut self, pos: usize) -> u32 {
        let pos = pos.min(self.bytes.len());
        if pos == self.line_pos {
            return self.line;
        }
        if pos >= self.line_pos {
            self.line += bytecount::count(&self.bytes[self.line_pos..pos], b'\n') as u32;
        } else {
            self.line -= bytecount::count(&self.bytes[pos..self.line_pos], b'\n') as u32;
        }
        self.line_pos = pos;
        self.line
    }

    /// Records the full range of the item at `item_pos`; returns its slot.
    #[inline]
    fn set_full_range(&mut self, item_pos: usize, start: usize, end: usize) -> u32 {
        let slot = self.full_next;
        self.full_next = (slot + 1) % FULL_SLOTS as u32;
        self.full[slot as usize] = (start as u32, end as u32, item_pos as u32);
        slot
    }

    /// The full range of a text item (with the whitespace trimmed around it) or of a comment
    /// item (with its delimiters and trim markers), as `(start, end)`. Valid while the item is
    /// among the last few lexed.
    #[inline]
    pub(crate) fn full_range(&self, it: Item) -> (u32, u32) {
        let (s, e, pos) = self.full[it.aux() as usize % FULL_SLOTS];
        debug_assert_eq!(pos, it.pos(), "full range of {it:?} overwritten");
        (s.min(it.pos()), e.max(it.end()))
    }

    #[inline]
    fn next(&mut self) -> i32 {
        if self.pos >= self.bytes.len() {
            self.at_eof = true;
            return EOF;
        }
        let b = self.bytes[self.pos];
        if b < 0x80 {
            self.pos += 1;
            return b as i32;
        }
        let c = self.input[self.pos..].chars().next().unwrap_or('\u{FFFD}');
        self.pos += c.len_utf8();
        c as i32
    }

    #[inline]
    fn peek(&mut self) -> i32 {
        let r = self.next();
        self.backup();
        r
    }

    #[inline(always)]
    fn backup(&mut self) {
        if !self.at_eof && self.pos > 0 {
            // Step back one UTF-8 sequence.
            let mut p = self.pos - 1;
            if self.bytes[p] < 0x80 {
                self.pos = p;
                return;
            }
            while p > 0 && (self.bytes[p] & 0xC0) == 0x80 {
                p -= 1;
            }
            self.pos = p;
        }
    }

    fn accept(&mut self, valid: &[u8]) -> bool {
        let r = self.next();
        if (0..0x80).contains(&r) && valid.contains(&(r as u8)) {
            return true;
        }
        self.backup();
        false
    }

    fn accept_run(&mut self, valid: &[u8]) {
        loop {
            let r = self.next();
            if !((0..0x80).contains(&r) && valid.contains(&(r as u8))) {
                break;
            }
        }
        self.backup();
    }

    fn this_item(&mut self, typ: T) -> Item {
        let it = Item::new(typ, self.start as u32, self.pos as u32, 0);
        self.start = self.pos;
        it
    }

    /// An error item with a fixed message (kept out of the hot lexing code).
    #[cold]
    #[inline(never)]
    fn error(&mut self, msg: &'static str) -> Item {
        self.errorf(msg.to_string())
    }

    #[cold]
    #[inline(never)]
    fn errorf(&mut self, msg: String) -> Item {
        // Only the first errors are ever reported; bound the memory of hostile input.
        if self.messages.len() >= MAX_MESSAGES {
            self.messages.pop();
        }
        self.messages.push(msg);
        self.recovering = true;
        Item::new(
            T::Error,
            self.start as u32,
            (self.pos.max(self.start)) as u32,
            (self.messages.len() - 1) as u32,
        )
    }

    /// The offset of the next left delimiter at or after `from`, relative to `from`.
    #[inline]
    fn find_left(&self, from: usize) -> Option<usize> {
        let hay = &self.bytes[from..];
        if self.left.len() > 4 {
            return self.left_finder.find(hay);
        }
        // Short delimiters: memchr on the first byte beats memmem's setup on short texts.
        let first = self.left[0];
        let mut i = 0;
        if self.left.len() == 2 {
            let second = self.left[1];
            while let Some(j) = memchr::memchr(first, &hay[i..]) {
                if hay.get(i + j + 1) == Some(&second) {
                    return Some(i + j);
                }
                i += j + 1;
            }
            return None;
        }
        while let Some(j) = memchr::memchr(first, &hay[i..]) {
            if hay[i + j..].starts_with(self.left) {
                return Some(i + j);
            }
            i += j + 1;
        }
        None
    }

    /// Returns the next item.
    pub(crate) fn next_item(&mut self) -> Item {
        if self.recovering {
            self.recovering = false;
            return self.resync();
        }
        if self.inside_action {
            self.lex_inside_action()
        } else {
            self.lex_text()
        }
    }

    /// After an error: skip to the right delimiter that most plausibly closes the broken action
    /// (the first one before any left delimiter), or stop just before the next left delimiter
    /// (or at EOF) with an empty right-delimiter item.
    fn resync(&mut self) -> Item {
        let from = self.start.min(self.bytes.len());
        // Look for a right delimiter only up to the next left delimiter, so that many errors
        // cost time linear in the input.
        let l = self.find_left(from);
        let upto = l.map_or(self.bytes.len(), |l| from + l);
        let r = memchr::memmem::find(&self.bytes[from..upto], self.right);
        match (r, l) {
            (Some(r), l) if l.is_none_or(|l| r < l) => {
                let mut p = from + r;
                if p >= from + 2 && has_right_trim_marker(&self.bytes[p - 2..]) {
                    p -= 2;
                }
                self.pos = p;
                self.start = p;
                self.at_eof = false;
                self.paren_depth = 0;
                self.open_parens.clear();
                self.lex_right_delim()
            }
            (_, l) => {
                let p = l.map_or(self.bytes.len(), |l| from + l);
                self.pos = p;
                self.start = p;
                self.at_eof = false;
                self.inside_action = false;
                self.text_full_start = p;
                self.last_rdelim_end = p as u32;
                Item::new(T::RightDelim, p as u32, p as u32, 0)
            }
        }
    }

    fn lex_text(&mut self) -> Item {
        loop {
            match self.find_left(self.pos) {
                Some(x) => {
                    if x > 0 {
                        self.pos += x;
                        let delim_end = self.pos + self.left.len();
                        let trim = if has_left_trim_marker(&self.bytes[delim_end..]) {
                            right_trim_len(&self.bytes[self.start..self.pos])
                        } else {
                            0
                        };
                        let delim_pos = self.pos;
                        self.pos -= trim;
                        let slot = self.set_full_range(self.start, self.text_full_start, delim_pos);
                        let it = self.this_item(T::Text).with_aux(slot);
                        self.pos = delim_pos;
                        self.start = self.pos;
                        if it.end() > it.pos() {
                            return it;
                        }
                    }
                    // lexLeftDelim
                    let delim_pos = self.pos;
                    self.pos += self.left.len();
                    let trim = has_left_trim_marker(&self.bytes[self.pos..]);
                    let after = if trim { 2 } else { 0 };
                    if self.bytes[self.pos + after..].starts_with(b"/*") {
                        self.pos += after;
                        self.start = self.pos;
                        match self.lex_comment(delim_pos) {
                            Some(it) => return it,
                            None => continue,
                        }
                    }
                    self.start = delim_pos;
                    let it = self.this_item(T::LeftDelim);
                    self.inside_action = true;
                    self.pos += after;
                    self.start = self.pos;
                    self.paren_depth = 0;
                    self.open_parens.clear();
                    return it;
                }
                None => {
                    self.pos = self.bytes.len();
                    if self.pos > self.start {
                        let slot = self.set_full_range(self.start, self.text_full_start, self.pos);
                        let it = self.this_item(T::Text).with_aux(slot);
                        return it;
                    }
                    return self.this_item(T::Eof);
                }
            }
        }
    }

    /// Scans a comment; `self.pos` is at `/*`. Always returns an item (comments are kept).
    fn lex_comment(&mut self, delim_pos: usize) -> Option<Item> {
        self.pos += 2;
        // Once a search found no `*/` after some point, none exists after any later point
        // (keeps many unclosed comments linear).
        let found = if self.pos >= self.no_comment_end_after {
            None
        } else {
            memchr::memmem::find(&self.bytes[self.pos..], b"*/")
        };
        let Some(x) = found else {
            self.no_comment_end_after = self.no_comment_end_after.min(self.pos);
            return Some(self.error("unclosed comment"));
        };
        self.pos += x + 2;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return Some(self.error("comment ends before closing delimiter"));
        }
        let it = self.this_item(T::Comment);
        if trim {
            self.pos += 2;
        }
        self.pos += self.right.len();
        let it = it.with_aux(self.set_full_range(it.pos() as usize, delim_pos, self.pos));
        self.text_full_start = self.pos;
        if trim {
            self.pos += left_trim_len(&self.bytes[self.pos..]);
        }
        self.start = self.pos;
        Some(it)
    }

    /// `s.starts_with(self.right)`, with the two-byte delimiters compared directly.
    #[inline(always)]
    fn starts_with_right(&self, s: &[u8]) -> bool {
        if let Some(r) = self.right2 {
            s.len() >= 2 && s[0] == r[0] && s[1] == r[1]
        } else {
            starts_with(s, self.right)
        }
    }

    #[inline(always)]
    fn at_right_delim(&self) -> (bool, bool) {
        let s = &self.bytes[self.pos..];
        let Some(&b0) = s.first() else {
            return (false, false);
        };
        if is_space_byte(b0) && s.get(1) == Some(&b'-') && self.starts_with_right(&s[2..]) {
            return (true, true);
        }
        (b0 == self.right[0] && self.starts_with_right(s), false)
    }

    #[inline(always)]
    fn lex_right_delim(&mut self) -> Item {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += 2;
            self.start = self.pos;
        }
        self.pos += self.right.len();
        let it = self.this_item(T::RightDelim);
        self.last_rdelim_end = it.end();
        self.text_full_start = self.pos;
        if trim {
            self.pos += left_trim_len(&self.bytes[self.pos..]);
            self.start = self.pos;
        }
        self.inside_action = false;
        it
    }

    fn lex_inside_action(&mut self) -> Item {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return self.lex_right_delim();
            }
            // At the innermost `(` not closed (Go reports no position of its own).
            let it = self.error("unclosed left paren");
            return match self.open_parens.last() {
                Some(&p) => Item::new(T::Error, p, p + 1, it.aux()),
                None => it,
            };
        }
        // ASCII dispatch on the byte itself (no decoding, no backing up).
        let Some(&b) = self.bytes.get(self.pos) else {
            self.at_eof = true;
            return self.error("unclosed action");
        };
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => return self.lex_space(),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => return self.lex_identifier(),
            b'0'..=b'9' => {
                // A plain decimal integer (`4`, `80`) ends at a byte no number form continues
                // with; anything else takes Go's full scan.
                let digits = self.bytes[self.pos..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                if let Some(&c) = self.bytes.get(self.pos + digits) {
                    if !(WORD[c as usize] || matches!(c, b'.' | b'+' | b'-') || c >= 0x80) {
                        self.pos += digits;
                        return self.this_item(T::Number);
                    }
                }
                return self.lex_number();
            }
            b'+' | b'-' => return self.lex_number(),
            b'.' => {
                if self
                    .bytes
                    .get(self.pos + 1)
                    .is_some_and(|c| !c.is_ascii_digit())
                {
                    self.pos += 1;
                    return self.lex_field_or_variable(T::Field);
                }
                return self.lex_number();
            }
            b'|' => {
                self.pos += 1;
                return self.this_item(T::Pipe);
            }
            b'$' => {
                self.pos += 1;
                return self.lex_variable();
            }
            b'"' => {
                self.pos += 1;
                return self.lex_quote();
            }
            _ => {}
        }
        let r = self.next();
        match r {
            EOF => self.error("unclosed action"),
            _ if is_space(r) => {
                self.backup();
                self.lex_space()
            }
            0x3D => self.this_item(T::Assign), // '='
            0x3A => {
                // ':'
                if self.next() != b'=' as i32 {
                    return self.error("expected :=");
                }
                self.this_item(T::Declare)
            }
            0x7C => self.this_item(T::Pipe),
            0x22 => self.lex_quote(),
            0x60 => self.lex_raw_quote(),
            0x24 => self.lex_variable(),
            0x27 => self.lex_char(),
            0x2E if self.pos < self.bytes.len() && !self.bytes[self.pos].is_ascii_digit() => {
                self.lex_field_or_variable(T::Field)
            }
            0x2E | 0x2B | 0x2D | 0x30..=0x39 => {
                self.backup();
                self.lex_number()
            }
            _ if is_alnum(r) => {
                self.backup();
                self.lex_identifier()
            }
            0x28 => {
                self.paren_depth += 1;
                self.open_parens.push(self.start as u32);
                self.this_item(T::LeftParen)
            }
            0x29 => {
                self.paren_depth -= 1;
                self.open_parens.pop();
                if self.paren_depth < 0 {
                    return self.error("unexpected right paren");
                }
                self.this_item(T::RightParen)
            }
            _ if r < 0x80 && (0x20..0x7f).contains(&r) => self.this_item(T::Char),
            _ => self.unrecognized(r),
        }
    }

    #[cold]
    #[inline(never)]
    fn unrecognized(&mut self, r: i32) -> Item {
        let c = char::from_u32(r as u32).unwrap_or('\u{FFFD}');
        self.errorf(format!(
            "unrecognized character in action: {}",
            fmt_unicode(c)
        ))
    }

    /// Spaces inside an action; `self.pos` is at a space.
    #[inline(always)]
    fn lex_space(&mut self) -> Item {
        // Go peeks rune by rune; spaces are ASCII, so scan bytes.
        let first = self.pos;
        self.pos += 1;
        while let Some(&b) = self.bytes.get(self.pos) {
            if !is_space_byte(b) {
                break;
            }
            self.pos += 1;
        }
        // A trim marker: the last space and `-` before the right delimiter.
        if self.bytes.get(self.pos) == Some(&b'-')
            && self.starts_with_right(&self.bytes[self.pos + 1..])
        {
            self.pos -= 1;
            if self.pos == first {
                return self.lex_right_delim();
            }
        }
        self.this_item(T::Space)
    }

    /// Skips a run of ASCII letters, digits and underscores.
    #[inline]
    fn skip_ascii_word(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if WORD[b as usize] {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Consumes a run of alphanumerics (Go's `isAlphaNumeric`) and returns the rune after it
    /// (not consumed), or EOF.
    #[inline(always)]
    fn scan_word(&mut self) -> i32 {
        loop {
            self.skip_ascii_word();
            match self.bytes.get(self.pos) {
                None => {
                    self.at_eof = true;
                    return EOF;
                }
                Some(&b) if b < 0x80 => return b as i32,
                Some(_) => {
                    let c = self.input[self.pos..].chars().next().unwrap_or('\u{FFFD}');
                    if is_alnum(c as i32) {
                        self.pos += c.len_utf8();
                    } else {
                        return c as i32;
                    }
                }
            }
        }
    }

    #[inline(always)]
    fn lex_identifier(&mut self) -> Item {
        let r = self.scan_word();
        if !self.at_terminator() {
            return self.bad_character(r);
        }
        let word = &self.bytes[self.start..self.pos];
        let typ = match (word.len(), word[0]) {
            (5, b'b') if word == b"block" => T::Block,
            (5, b'b') if word == b"break" && self.break_ok => T::Break,
            (8, b'c') if word == b"continue" && self.continue_ok => T::Continue,
            (6, b'd') if word == b"define" => T::Define,
            (4, b'e') if word == b"else" => T::Else,
            (3, b'e') if word == b"end" => T::End,
            (2, b'i') if word == b"if" => T::If,
            (5, b'r') if word == b"range" => T::Range,
            (3, b'n') if word == b"nil" => T::Nil,
            (8, b't') if word == b"template" => T::Template,
            (4, b'w') if word == b"with" => T::With,
            (4, b't') if word == b"true" => T::Bool,
            (5, b'f') if word == b"false" => T::Bool,
            _ => T::Identifier,
        };
        self.this_item(typ)
    }

    #[cold]
    #[inline(never)]
    fn bad_character(&mut self, r: i32) -> Item {
        let c = char::from_u32(r.max(0) as u32).unwrap_or('\u{FFFD}');
        self.errorf(format!("bad character {}", fmt_unicode(c)))
    }

    fn lex_variable(&mut self) -> Item {
        self.lex_field_or_variable(T::Variable)
    }

    /// `self.pos` is after the `.` or `$`. A lone one is `.` (Dot) or `$`.
    #[inline(always)]
    fn lex_field_or_variable(&mut self, typ: T) -> Item {
        let after_sigil = self.pos;
        let r = self.scan_word();
        if !self.at_terminator() {
            return self.bad_character(r);
        }
        if self.pos == after_sigil && typ == T::Field {
            return self.this_item(T::Dot);
        }
        self.this_item(typ)
    }

    #[inline]
    fn at_terminator(&mut self) -> bool {
        match self.bytes.get(self.pos) {
            None => {
                self.at_eof = true;
                true
            }
            Some(&b) => {
                is_space_byte(b)
                    || matches!(b, b'.' | b',' | b'|' | b':' | b')' | b'(')
                    || self.starts_with_right(&self.bytes[self.pos..])
            }
        }
    }

    fn lex_char(&mut self) -> Item {
        loop {
            let r = self.next();
            if r == b'\\' as i32 {
                let r2 = self.next();
                if r2 != EOF && r2 != b'\n' as i32 {
                    continue;
                }
                return self.error("unterminated character constant");
            }
            if r == EOF || r == b'\n' as i32 {
                return self.error("unterminated character constant");
            }
            if r == b'\'' as i32 {
                break;
            }
        }
        self.this_item(T::CharConstant)
    }

    fn lex_number(&mut self) -> Item {
        if !self.scan_number() {
            return self.bad_number();
        }
        let sign = self.peek();
        if sign == b'+' as i32 || sign == b'-' as i32 {
            if !self.scan_number() || self.bytes[self.pos - 1] != b'i' {
                return self.bad_number();
            }
            return self.this_item(T::Complex);
        }
        self.this_item(T::Number)
    }

    #[cold]
    #[inline(never)]
    fn bad_number(&mut self) -> Item {
        let s = quote(&self.input[self.start..self.pos]);
        self.errorf(format!("bad number syntax: {s}"))
    }

    fn scan_number(&mut self) -> bool {
        self.accept(b"+-");
        let mut digits: &[u8] = b"0123456789_";
        if self.accept(b"0") {
            if self.accept(b"xX") {
                digits = b"0123456789abcdefABCDEF_";
            } else if self.accept(b"oO") {
                digits = b"01234567_";
            } else if self.accept(b"bB") {
                digits = b"01_";
            }
        }
        self.accept_run(digits);
        if self.accept(b".") {
            self.accept_run(digits);
        }
        if digits.len() == 10 + 1 && self.accept(b"eE") {
            self.accept(b"+-");
            self.accept_run(b"0123456789_");
        }
        if digits.len() == 16 + 6 + 1 && self.accept(b"pP") {
            self.accept(b"+-");
            self.accept_run(b"0123456789_");
        }
        self.accept(b"i");
        if is_alnum(self.peek()) {
            self.next();
            return false;
        }
        true
    }

    /// An interpreted string; the item's `aux` is 1 when it holds an escape (0: its value is the
    /// text between the quotes).
    #[inline(always)]
    fn lex_quote(&mut self) -> Item {
        // Byte scan equivalent to Go's rune loop: only '"', '\\' and '\n' matter.
        let mut escaped = 0;
        loop {
            match memchr::memchr3(b'"', b'\\', b'\n', &self.bytes[self.pos..]) {
                None => {
                    self.pos = self.bytes.len();
                    self.at_eof = true;
                    return self.error("unterminated quoted string");
                }
                Some(i) => {
                    let b = self.bytes[self.pos + i];
                    self.pos += i + 1;
                    match b {
                        b'"' => break,
                        b'\\' => {
                            escaped = 1;
                            // The escaped character: EOF or a newline ends the string badly.
                            let r = self.next();
                            if r == EOF || r == b'\n' as i32 {
                                return self.error("unterminated quoted string");
                            }
                        }
                        _ => return self.error("unterminated quoted string"),
                    }
                }
            }
        }
        self.this_item(T::String).with_aux(escaped)
    }

    fn lex_raw_quote(&mut self) -> Item {
        match memchr::memchr(b'`', &self.bytes[self.pos..]) {
            None => {
                self.pos = self.bytes.len();
                self.at_eof = true;
                self.error("unterminated raw quoted string")
            }
            Some(i) => {
                self.pos += i + 1;
                self.this_item(T::RawString)
            }
        }
    }
}
